// The DuckDB pipeline: reconciliation, row-level rejections with file:line, aggregates vs a direct count.
import {test} from "node:test";
import assert from "node:assert/strict";
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import {dirname, join} from "node:path";
import {tmpdir} from "node:os";
import {csvParse} from "d3-dsv";
import {ingest, recordLine, withDuckDb} from "../../loaders/ingest.ts";
import {loadIncident} from "../../loaders/incident.ts";
import {parseTimestamp} from "../../loaders/timestamp.ts";
import {ipVersion} from "../../loaders/ip.ts";
import {normaliseCountry} from "../../loaders/country.ts";
import {normaliseSector} from "../../loaders/sector.ts";
import type {Summary} from "../../loaders/types.ts";
import {hourlyRows} from "../../loaders/aggregate.ts";

const incident = loadIncident("wannacry-2017");
const run = (files: string[], extra: {dedupe?: boolean} = {}) =>
  ingest({incident, files: files.map((path) => ({path})), inputHash: "test", ...extra});

function reconciles(s: Summary): void {
  for (const f of s.files) {
    assert.equal(f.rows_read, f.accepted + f.rejected, f.file);
    assert.equal(f.rejected, Object.values(f.by_reason).reduce((a, b) => a + (b ?? 0), 0), f.file);
  }
  assert.equal(s.totals.rows_read, s.totals.accepted + s.totals.rejected);
  assert.equal(s.totals.rejected, s.totals.invalid + s.totals.filtered);
  assert.equal(s.totals.rejected, Object.values(s.by_reason).reduce((a, r) => a + (r?.count ?? 0), 0));
}

test("ingest: known file reconciles with counts per reason and exact example messages", async () => {
  const {summary} = await run(["test/fixtures/drone-known.csv"]);
  reconciles(summary);
  const f = summary.files[0];
  assert.deepEqual({read: f?.rows_read, accepted: f?.accepted, rejected: f?.rejected, duplicates: f?.duplicates}, {read: 20, accepted: 7, rejected: 13, duplicates: 1});
  assert.deepEqual(f?.by_reason, {bad_country: 1, bad_ip: 1, bad_naics: 2, bad_number: 1, bad_timestamp: 4, missing_field: 1,
    other_family: 1, outside_window: 1, wrong_column_count: 1});
  assert.deepEqual(summary.by_reason.bad_timestamp?.examples, [
    'drone-known.csv:10 timestamp: bad_timestamp (not YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601 with Z, or not a real date) "12/05/2017 10:00"',
    'drone-known.csv:11 timestamp: bad_timestamp (not YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601 with Z, or not a real date) "2017-05-12 10:00"',
    'drone-known.csv:12 timestamp: bad_timestamp (not YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601 with Z, or not a real date) "2017-05-12 10:00:00+00:00"',
    'drone-known.csv:21 timestamp: bad_timestamp (not YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601 with Z, or not a real date) "2017-02-30 12:00:00"'
  ]);
  assert.deepEqual(summary.by_reason.bad_ip?.examples, ['drone-known.csv:13 ip: bad_ip (not a valid IPv4 or IPv6 address) "999.1.2.3"']);
  assert.deepEqual(summary.by_reason.missing_field?.examples, ["drone-known.csv:14 ip: missing_field (required field is empty)"]);
  assert.deepEqual(summary.by_reason.bad_number?.examples, ['drone-known.csv:15 count: bad_number (not a whole number from 1 to 2147483647) "-4"']);
  assert.deepEqual(summary.by_reason.wrong_column_count?.examples, ["drone-known.csv:19: wrong_column_count (wrong number of columns)"]);
  assert.deepEqual(summary.by_reason.bad_naics?.examples?.[1], 'drone-known.csv:20 naics: bad_naics (not a 2–6 digit NAICS code) "=HYPERLINK(\\"http://x\\")"');
  assert.deepEqual(summary.time_range, {first: "2017-05-12T08:00:00.000Z", last: "2017-05-13T10:00:00.000Z"});
  assert.equal(summary.hits, 12);
  assert.equal(summary.unique_ips, 5);
  assert.equal(summary.countries, 3);
  assert.deepEqual(summary.unknown_country, {hits: 1, unique_ips: 1});
  assert.equal(summary.threshold.exceeded, true);
});

test("ingest: aggregates equal a direct count of the known file", async () => {
  const {aggregates} = await run(["test/fixtures/drone-known.csv"]);
  // Independent path: d3-dsv + the pure TS rules.
  const rows = csvParse(readFileSync("test/fixtures/drone-known.csv", "utf-8"));
  const byCountry = new Map<string, {hits: number; ips: Set<string>}>();
  const byHour = new Map<string, {hits: number; ips: Set<string>}>();
  for (const r of rows) {
    const t = parseTimestamp(r.timestamp ?? "");
    const country = normaliseCountry(r.geo ?? "");
    const sector = normaliseSector(r.naics ?? "", r.sector ?? "");
    const hits = (r.count ?? "") === "" ? 1 : Number(r.count);
    if (!t.ok || ipVersion(r.ip ?? "") === null || country === null || !sector.ok || !(hits >= 1)) continue;
    if (!["wannacry", "wcry"].includes((r.infection ?? "").toLowerCase())) continue;
    if (t.ms >= Date.UTC(2017, 4, 16)) continue;
    if ((r.family ?? "") !== "") continue; // the one row with two extra fields (wrong column count)
    const add = (m: Map<string, {hits: number; ips: Set<string>}>, key: string) => {
      const v = m.get(key) ?? {hits: 0, ips: new Set<string>()};
      v.hits += hits; v.ips.add(r.ip ?? "");
      m.set(key, v);
    };
    add(byCountry, country.iso2);
    add(byHour, `${Math.floor(t.ms / 3_600_000) * 3_600_000}|${country.iso2}|${sector.sector}`);
  }
  const direct = [...byCountry].map(([c, v]) => ({country: c, hits: v.hits, unique_ips: v.ips.size})).sort((a, b) => (a.country < b.country ? -1 : 1));
  const piped = aggregates.countries.map((c) => ({country: c.country, hits: c.hits, unique_ips: c.unique_ips})).sort((a, b) => (a.country < b.country ? -1 : 1));
  assert.deepEqual(piped, direct);
  assert.deepEqual(piped, [{country: "CN", hits: 3, unique_ips: 1}, {country: "GB", hits: 2, unique_ips: 2}, {country: "US", hits: 6, unique_ips: 1}, {country: "XX", hits: 1, unique_ips: 1}]);
  const hourly = hourlyRows(aggregates.hourly).map((h) => [`${h.hour}|${h.country}|${h.sector}`, h.hits, h.unique_ips]);
  assert.deepEqual(hourly, [...byHour].map(([k, v]) => [k, v.hits, v.ips.size]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)));
  assert.deepEqual(aggregates.daily.map((d) => [new Date(d.day).toISOString().slice(0, 10), d.hits, d.unique_ips]), [["2017-05-12", 6, 4], ["2017-05-13", 6, 1]]);
  const sum = (xs: Array<{hits: number}>) => xs.reduce((s, x) => s + x.hits, 0);
  assert.equal(sum(hourlyRows(aggregates.hourly)), 12);
  assert.equal(sum(aggregates.countrySectors), 12);
  assert.equal(sum(aggregates.sectors), 12);
});

test("ingest: BOM + CRLF file gives the same accepted rows as the plain file", async () => {
  const {summary} = await run(["test/fixtures/drone-bom-crlf.csv"]);
  reconciles(summary);
  assert.deepEqual(summary.files[0]?.notes, ["UTF-8 byte-order mark removed", "CRLF line endings"]);
  assert.deepEqual([summary.totals.rows_read, summary.totals.accepted, summary.hits, summary.unique_ips], [8, 7, 12, 5]);
});

test("ingest: structural rejections (column count, quoting, UTF-8) with lines", async () => {
  const {summary} = await run(["test/fixtures/hostile/wrong-columns.csv", "test/fixtures/hostile/unclosed-quote.csv", "test/fixtures/hostile/invalid-utf8.csv"]);
  reconciles(summary);
  assert.deepEqual(summary.by_reason.wrong_column_count?.examples, [
    "wrong-columns.csv:3: wrong_column_count (wrong number of columns)",
    "wrong-columns.csv:4: wrong_column_count (wrong number of columns)"
  ]);
  // The unclosed quote on line 3 swallows line 4; both lines are counted as rejected (loaders/lines.ts).
  assert.deepEqual(summary.by_reason.malformed_quoting?.examples, [
    "unclosed-quote.csv:3: malformed_quoting (malformed quoting)",
    "unclosed-quote.csv:4: malformed_quoting (malformed quoting)"
  ]);
  assert.deepEqual(summary.by_reason.invalid_utf8?.examples, ["invalid-utf8.csv:3: invalid_utf8 (not valid UTF-8)"]);
  assert.deepEqual(summary.files.map((f) => [f.rows_read, f.accepted, f.rejected]), [[4, 2, 2], [3, 1, 2], [2, 1, 1]]);
});

test("ingest: event4 layout with IPv6 and an added column", async () => {
  const {summary, aggregates} = await run(["test/fixtures/event4-small.csv"]);
  reconciles(summary);
  assert.equal(summary.totals.accepted, 2);
  assert.deepEqual(aggregates.countries.map((c) => c.country), ["CN", "FR"]);
});

test("ingest: duplicates are counted and kept, or dropped with dedupe", async () => {
  const kept = await run(["test/fixtures/drone-known.csv"]);
  const dropped = await run(["test/fixtures/drone-known.csv"], {dedupe: true});
  reconciles(dropped.summary);
  assert.equal(kept.summary.hits, 12);
  assert.equal(dropped.summary.hits, 9);
  assert.equal(dropped.summary.by_reason.duplicate?.count, 1);
  assert.equal(dropped.summary.files[0]?.duplicates, 1);
});

test("recordLine: skips rejected records before the row", () => {
  assert.equal(recordLine(1, []), 2);
  assert.equal(recordLine(3, [3]), 5);
  assert.equal(recordLine(3, [2, 3, 9]), 6);
});

test("withDuckDb: concurrent runs spill to folders of their own under the temp directory, removed afterwards", async () => {
  // DuckDB names its spill files alike in every process and removes those it finds when it closes: runs sharing one
  // folder (an ingest beside a build) would delete each other's (a 10^8-row run failed so).
  const temp = mkdtempSync(join(tmpdir(), "atlas-spill-"));
  try {
    const options = {incident: loadIncident("wannacry-2017"), files: [], inputHash: "t", tempDirectory: temp};
    const seen = await Promise.all([1, 2].map(() => withDuckDb(options, async (connection) => {
      const reader = await connection.runAndReadAll("SELECT current_setting('temp_directory') AS d");
      const dir = String(reader.getRowObjects()[0]?.d);
      assert.ok(existsSync(dir), "the run's folder exists while it runs");
      return dir;
    })));
    assert.notEqual(seen[0], seen[1]);
    for (const dir of seen) assert.equal(dirname(dir), temp);
    assert.deepEqual(readdirSync(temp), [], "each run removes its folder");
  } finally {
    rmSync(temp, {recursive: true, force: true});
  }
});
