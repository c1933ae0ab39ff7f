// The pipeline (loaders/scan.ts) against the staged oracle (test/oracle/staged.ts), and the SQL forms of the rules
// against the TS rules.
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {ingest, type IngestResult} from "../../loaders/ingest.ts";
import {staged} from "../oracle/staged.ts";
import {REASONS} from "../../loaders/reasons.ts";
import {RULE_ORDER} from "../../loaders/scan.ts";
import {loadIncident} from "../../loaders/incident.ts";
import {parseTimestamp} from "../../loaders/timestamp.ts";
import {normaliseCountry} from "../../loaders/country.ts";
import {normaliseSector} from "../../loaders/sector.ts";
import {isIncidentFamily} from "../../loaders/incident.ts";
import {familySource, familyText, hitsSql, ipSql, timestampSql, trimSql} from "../../loaders/read.ts";
import {ipVersion} from "../../loaders/ip.ts";
import {detectLayout} from "../../loaders/layouts.ts";
import {readDataTable} from "../../loaders/tables.ts";
import type {Preflight} from "../../loaders/preflight.ts";
import {aggregate, aggregateSql} from "../../loaders/aggregate.ts";
import {countrySql, familyExactSql, familyMatchSql, familyNames, naicsDigitsSql, RULE_TYPES, sectorSql} from "../../loaders/rules-sql.ts";

const incident = loadIncident("wannacry-2017");
const dir = mkdtempSync(join(tmpdir(), "atlas-scan-"));
process.on("exit", () => rmSync(dir, {recursive: true, force: true}));

/** drone-known.csv without its duplicate row (line 8), so the single scan applies. */
function droneKnownWithoutDuplicate(): string {
  const lines = readFileSync("test/fixtures/drone-known.csv", "utf-8").split("\n");
  const path = join(dir, "drone-known-unique.csv");
  writeFileSync(path, lines.filter((_, i) => i !== 7).join("\n"));
  return path;
}

async function both(paths: string[], extra: {dedupe?: boolean; log?: (m: string) => void} = {}): Promise<{scan: IngestResult; staged: IngestResult}> {
  const files = paths.map((path) => ({path}));
  const scan = await ingest({incident, files, inputHash: "t", ...extra});
  const oracle = await staged({incident, files, inputHash: "t", dedupe: extra.dedupe});
  return {scan, staged: oracle};
}

test("scan: gives exactly the staged oracle's summary and aggregates", async () => {
  const unique = droneKnownWithoutDuplicate();
  const bomCrlf = join(dir, "drone-bom-crlf-unique.csv");
  writeFileSync(bomCrlf, "\ufeff" + readFileSync(unique, "utf-8").replaceAll("\n", "\r\n"));
  const sets = [
    [unique],
    [bomCrlf],
    ["test/fixtures/event4-small.csv"],
    ["test/fixtures/hostile/wrong-columns.csv", "test/fixtures/hostile/unclosed-quote.csv"],
    [unique, "test/fixtures/event4-small.csv", bomCrlf]
  ];
  for (const paths of sets) {
    const {scan, staged} = await both(paths);
    assert.deepEqual(scan, staged, paths.join(", "));
  }
  const {scan} = await both([unique]);
  // The file has every row-level reason: the examples come from the streaming pass, with their lines.
  assert.deepEqual(Object.keys(scan.summary.by_reason), ["bad_country", "bad_ip", "bad_naics", "bad_number", "bad_timestamp",
    "missing_field", "other_family", "outside_window", "wrong_column_count"]);
  assert.deepEqual(scan.summary.by_reason.bad_ip?.examples, ['drone-known-unique.csv:12 ip: bad_ip (not a valid IPv4 or IPv6 address) "999.1.2.3"']);
});

test("scan: IPv6 addresses written in several ways count once, as in the staged oracle", async () => {
  const header = "timestamp,protocol,src_ip,src_port,src_geo,src_naics,src_sector,infection,family,tag";
  const ips = ["2001:db8::1", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::2", "::ffff:192.0.2.1", "2001:db8:0:0:1::5", "2001:db8::1:0:0:5"];
  const path = join(dir, "event6-spellings.csv");
  writeFileSync(path, [header, ...ips.map((ip, i) => `2017-05-12 15:0${i}:00,tcp,${ip},445,DE,,,wannacry,,`)].join("\n") + "\n");
  const {scan, staged: oracle} = await both([path]);
  assert.deepEqual(scan, oracle);
  assert.equal(scan.summary.totals.accepted, 7);
  assert.equal(scan.summary.hits, 7);
  assert.equal(scan.summary.unique_ips, 4, "2001:db8::1 (three spellings), 2001:db8::2, ::ffff:192.0.2.1, 2001:db8::1:0:0:5 (two)");
  assert.deepEqual(scan.aggregates.countries.map((c) => [c.country, c.unique_ips]), [["DE", 4]]);
});

test("scan: settles in one path what the wide read cannot: duplicates, de-duplication, bytes that are not UTF-8, values the TS rules decide", async () => {
  // A country code with a tab: SQL trims only spaces, the TS rule trims any white space (and accepts it).
  const tabbed = join(dir, "tabbed.csv");
  writeFileSync(tabbed, "ip,timestamp,geo,naics,sector,infection,count\n192.0.2.1,2017-05-12 08:00:00,\tGB,622110,,wannacry,1\n"
    + "192.0.2.2,2017-05-12 08:00:00,\tGB,622110,,conficker,1\n192.0.2.3,2017-05-12 08:00:00,GB,622110,,wannacry,1\n");
  const cases: Array<[string[], string]> = [
    [["test/fixtures/drone-known.csv"], "reading 1 file(s) whole"],
    [["test/fixtures/hostile/invalid-utf8.csv"], "alone and whole (not UTF-8 throughout"],
    [[tabbed], "reading 1 file(s) whole"],
    [["test/fixtures/drone-known.csv", droneKnownWithoutDuplicate(), tabbed], "alone and whole"]
  ];
  for (const [paths, message] of cases) {
    for (const dedupe of [false, true]) {
      const logs: string[] = [];
      const {scan, staged: oracle} = await both(paths, {dedupe, log: (m) => logs.push(m)});
      assert.deepEqual(scan, oracle, `${paths.join(", ")}, dedupe ${dedupe}`);
      if (!dedupe) assert.ok(logs.some((l) => l.includes(message)), `${paths.join(", ")}: ${logs.join("; ")}`);
    }
  }
  const {scan} = await both([tabbed]);
  assert.equal(scan.summary.totals.accepted, 2);
  assert.deepEqual(scan.summary.by_reason.other_family?.examples, ['tabbed.csv:3 infection: other_family (family is not one of the incident\'s families) "conficker"']);
  // Across files, de-duplication keeps the first copy (file order): the known file's duplicate row and the unique copy's rows.
  const {scan: deduped} = await both(["test/fixtures/drone-known.csv", droneKnownWithoutDuplicate()], {dedupe: true});
  assert.deepEqual(deduped.summary.files.map((f) => f.duplicates), [1, 6]);
});

test("scan: many inputs with one header are read by one read_csv (no limit at 255 files), each accounted for by name", async () => {
  const many = join(dir, "many");
  mkdirSync(many);
  const header = "ip,timestamp,geo,naics,sector,infection,count\n";
  for (let i = 0; i < 300; i++) {
    const ip = `10.0.${i >> 8}.${i & 255}`;
    const bad = i % 50 === 7 ? "999.0.0.1,2017-05-12 09:00:00,GB,622110,,wannacry,1\n" : "";
    writeFileSync(join(many, `day-${String(i).padStart(3, "0")}.csv`), `${header}${ip},2017-05-12 08:00:00,GB,622110,,wannacry,2\n${bad}`);
  }
  const {scan, staged: oracle} = await both([many]);
  assert.deepEqual(scan, oracle);
  assert.equal(scan.summary.files.length, 300);
  assert.deepEqual([scan.summary.totals.accepted, scan.summary.hits, scan.summary.unique_ips, scan.summary.by_reason.bad_ip?.count], [300, 600, 300, 6]);
  assert.equal(scan.summary.by_reason.bad_ip?.examples[0], `${many}/day-007.csv:3 ip: bad_ip (not a valid IPv4 or IPv6 address) "999.0.0.1"`);
});

test("scan: rows already in DuckDB (a relation) go through the same rules and accounting as the same rows in a CSV file", async () => {
  const path = droneKnownWithoutDuplicate();
  const fromFile = await ingest({incident, files: [{path, name: "events"}], inputHash: "t"});
  const headers = readFileSync(path, "utf-8").split("\n")[0]!.split(",");
  const relation = `read_csv(${`'${path}'`}, header=true, all_varchar=true, ignore_errors=true)`;
  const fromRelation = await ingest({incident, files: [], relations: [{name: "events", relation, headers}], inputHash: "t"});
  // The file has one record DuckDB cannot parse (wrong column count): a relation only holds the rows that parsed.
  const wrong = (r: IngestResult) => r.summary.by_reason.wrong_column_count?.count ?? 0;
  assert.equal(wrong(fromFile), 1);
  assert.equal(wrong(fromRelation), 0);
  assert.deepEqual(fromRelation.aggregates, fromFile.aggregates);
  assert.equal(fromRelation.summary.totals.accepted, fromFile.summary.totals.accepted);
});

test("scan: the reasons apply in the order reasons.ts lists them", () => {
  const order = [...new Set(RULE_ORDER)];
  const listed = Object.keys(REASONS).filter((r) => order.includes(r as keyof typeof REASONS));
  assert.deepEqual(order.filter((r) => r !== "missing_field"), listed.filter((r) => r !== "missing_field"));
});

/** Runs SQL expressions over one text column and returns the results in order. */
async function overValues(values: string[][], columns: string[], expressions: Record<string, string>): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const statement of RULE_TYPES) await connection.run(statement);
    await connection.run(`CREATE TABLE v (i INTEGER, ${columns.map((c) => `${c} VARCHAR`).join(", ")})`);
    const appender = await connection.createAppender("v");
    values.forEach((row, i) => {
      appender.appendInteger(i);
      for (const value of row) appender.appendVarchar(value);
      appender.endRow();
    });
    appender.closeSync();
    const select = Object.entries(expressions).map(([name, sql]) => `${sql} AS ${name}`).join(", ");
    const reader = await connection.runAndReadAll(`SELECT ${select} FROM v ORDER BY i`);
    return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

test("rules-sql: the timestamp rule in SQL accepts exactly what parseTimestamp accepts, with the same instant", async () => {
  const seeds = ["2017-05-12 10:20:30", "2017-05-12 19:59:59", "2017-05-12 20:00:00", "2017-05-12 23:59:59", "2017-05-12 24:00:00",
    "2017-05-12 29:00:00", "2017-05-12 09:60:00", "2017-05-12T23:00:00Z", "2017-05-12T24:00:00Z", "2017-05-12T10:20:30Z", "2017-05-12T10:20:30.123456Z", "2016-02-29 23:59:59", "2017-02-29 00:00:00"];
  const chars = [" ", "+", "-", ".", ":", "T", "Z", "a", "\t", "0", "9", "\u00a0", "٣"];
  const values = new Set<string>(seeds);
  for (const s of seeds) {
    for (let i = 0; i <= s.length; i++) {
      values.add(s.slice(0, i) + s.slice(i + 1));
      for (const c of chars) values.add(s.slice(0, i) + c + s.slice(i + 1));
    }
  }
  const list = [...values];
  const out = await overValues(list.map((v) => [v]), ["t"], {ms: `epoch_ms(${timestampSql("t")})::DOUBLE`});
  list.forEach((value, i) => {
    const ts = parseTimestamp(value);
    const ms = out[i]?.ms ?? null;
    assert.equal(ms !== null, ts.ok, JSON.stringify(value));
    // Before 1970 DuckDB's epoch_ms rounds sub-millisecond fractions towards zero, parseTimestamp down.
    if (ts.ok && ts.ms >= 0) assert.equal(Number(ms), ts.ms, JSON.stringify(value));
  });
  assert.ok(list.length > 1000);
});

test("rules-sql: the IP rule in SQL accepts exactly what ipVersion accepts", async () => {
  const seeds = ["1.2.3.4", "255.255.255.255", "10.0.0.1", "0.0.0.0", "192.168.1.10", "2001:db8::1", "::1", "::", "fe80::1:2:3:4",
    "2001:DB8:0:0:0:0:0:1", "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "2001:db8::1.2.3.4"];
  const chars = [" ", ".", ":", "0", "1", "9", "2", "5", "a", "f", "g", "%", "\t", "\u00a0", "٣"];
  const values = new Set<string>(seeds);
  for (const s of seeds) {
    for (let i = 0; i <= s.length; i++) {
      values.add(s.slice(0, i) + s.slice(i + 1));
      for (const c of chars) values.add(s.slice(0, i) + c + s.slice(i + 1));
    }
  }
  for (const v of ["256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "", "1.2.3.4 ", "1:2:3:4:5:6:7:8:9", "1::2::3", "::1.2.3.256"]) values.add(v);
  const list = [...values];
  const out = await overValues(list.map((v) => [v]), ["ip"], {ok: ipSql("ip")});
  list.forEach((value, i) => assert.equal(out[i]?.ok, ipVersion(value) !== null, JSON.stringify(value)));
  assert.ok(list.length > 1000);
});

test("rules-sql: the hits rule over trimSql gives what its definition gives over DuckDB's trim", async () => {
  const values = ["", " ", "  ", "1", " 1 ", "0", "5", " 5", "5 ", "\t5", "5\u00a0", "\u00a05", "٣", "00", "07", "10", "99", "2147483647",
    "2147483648", "99999999999", "-4", "+4", "4.0", "1e3", "a", "\u00a0"];
  const out = await overValues(values.map((v) => [v]), ["h"], {hits: hitsSql(trimSql("h")), trimmed: "trim(h)", fast: trimSql("h")});
  values.forEach((value, i) => {
    const r = out[i] ?? {};
    const trimmed = String(r.trimmed);
    assert.equal(r.fast, trimmed, `trimSql ${JSON.stringify(value)}`);
    const n = Number(trimmed);
    const expected = trimmed === "" ? 1 : /^[0-9]{1,10}$/.test(trimmed) && n >= 1 && n <= 2_147_483_647 ? n : null;
    assert.equal(r.hits, expected, `hits ${JSON.stringify(value)}`);
  });
});

test("read: the family fast path gives the family text and field of the plain form", async () => {
  const headers = ["timestamp", "ip", "geo", "infection", "family", "tag"];
  const pre = {headers, layout: detectLayout(headers, "drone.csv")} as Preflight;
  const texts = ["", " ", "wannacry", " wannacry", "wannacry ", "WannaCry", "wcry", "conficker", "wannacry;conficker", "\u00a0wcry"];
  const rows: string[][] = [];
  for (const a of texts) for (const b of texts) for (const c of texts) rows.push([a, b, c]);
  const names = familyNames(incident.family_specs);
  const out = await overValues(rows, ["infection", "family", "tag"], {
    fast: familyText(pre, names), plain: familyText(pre), fast_src: familySource(pre, names), plain_src: familySource(pre)
  });
  assert.ok(familyText(pre, names).includes("'wannacry'"), "the fast path is in use");
  rows.forEach((row, i) => {
    const r = out[i] ?? {};
    assert.equal(r.fast, r.plain, `text ${JSON.stringify(row)}`);
    assert.equal(r.fast_src, r.plain_src, `field ${JSON.stringify(row)}`);
  });
});

test("rules-sql: country, sector and family in SQL never accept what the TS rules reject, and agree where they accept", async () => {
  const geos = ["GB", "gb", " GB ", "UK", "GBR", "DEU", "XX", "**", "", "ZZ", "EU", "A1", "QQ", "QQQ", "G", "\tGB", "GB\u00a0", "ıT", "12"];
  // Every listed prefix, alone and followed by digits, besides odd values.
  const prefixes = readDataTable("naics-sectors.csv").map((r) => r.prefix ?? "");
  const naics = [...new Set(["", "0", " 0 ", "622110", "517311", "62", "6", "1234567", "12ab", " 62 ", "\t62", "00", "99", "921110", "51", "5179", "51711",
    ...prefixes, ...prefixes.map((p) => `${p}9`.slice(0, 6)), ...prefixes.map((p) => `${p}0000`.slice(0, 6))])];
  const labels = ["", "Healthcare", " healthcare ", "HEALTHCARE", "Government", "Nonsense", "\thealth"];
  const families = ["wannacry", "WannaCry", "wcry", "conficker", "", "\twannacry", "WANNACRYPT0R"];
  const rows: string[][] = [];
  for (const g of geos) for (const n of naics) for (const l of labels) rows.push([g, n, l, families[rows.length % families.length] ?? ""]);
  const out = await overValues(rows, ["geo", "naics", "label", "fam"], {
    iso2: countrySql("geo"),
    sector: sectorSql("naics", "label", naicsDigitsSql("naics")),
    fam_ok: `${familyMatchSql(incident.family_specs, "fam", "0")} IS NOT NULL`
  });
  rows.forEach(([geo = "", n = "", label = "", fam = ""], i) => {
    const r = out[i] ?? {};
    const country = normaliseCountry(geo);
    // SQL accepts → TS accepts with the same code. (SQL may reject values the TS rules accept, such as "\tGB":
    // the scan checks every value it rejected against the TS rules and steps aside if they disagree.)
    if (r.iso2 !== null) assert.equal(r.iso2, country?.iso2, `country ${JSON.stringify(geo)}`);
    if (/^ *[A-Za-z*]{0,3}[0-9]? *$/.test(geo)) assert.equal(r.iso2, country?.iso2 ?? null, `plain country ${JSON.stringify(geo)}`);
    const sector = normaliseSector(n, label);
    // The label lookup is checked against the TS rule for every distinct label at run time (the scan's "loose" values).
    if (r.sector !== null && !/[\t]/.test(label)) assert.deepEqual({ok: true, sector: r.sector}, {ok: sector.ok, sector: sector.ok ? sector.sector : null}, `sector ${JSON.stringify([n, label])}`);
    if (!/\t/.test(n)) assert.equal(r.sector === null, !sector.ok, `naics ${JSON.stringify(n)}`);
    if (r.fam_ok === true) assert.ok(isIncidentFamily(incident, fam), `family ${JSON.stringify(fam)}`);
  });
});

test("aggregate: a key that gives two IPs one value is caught, and the counts come from the IP text", async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const statement of RULE_TYPES) await connection.run(statement);
    // 40 IPs over two hours, countries and sectors; every IP twice in the first hour.
    await connection.run(`CREATE TABLE ev AS SELECT TIMESTAMP '2017-05-12 10:00:00' + INTERVAL (i % 2) HOUR AS hour,
      (CASE WHEN i % 3 = 0 THEN 'GB' ELSE 'ES' END)::atlas_iso2 AS iso2, (CASE WHEN i % 5 = 0 THEN 'health' ELSE 'unknown' END)::atlas_sector AS sector,
      '10.0.0.' || (i % 40) AS ip, 1 AS hits, hour AS first, hour AS last FROM range(120) t(i)`);
    const source = "(SELECT * FROM ev)";
    const exact = await aggregate(connection, source, "ip");
    const colliding = "hash(ip) % 3"; // three values for 40 IPs
    const reader = await connection.runAndReadAll(aggregateSql(source, colliding));
    const totals = reader.getRowObjectsJS().find((r) => r.grouping_set === 15);
    assert.equal(totals?.unique_ips, 40);
    assert.ok(Number(totals?.unique_keys) <= 3, "the colliding key really collides");
    assert.deepEqual(await aggregate(connection, source, colliding), exact);
    assert.deepEqual(await aggregate(connection, source), exact);
    assert.equal(exact.totals.unique_ips, 40);
    assert.equal(exact.aggregates.daily[0]?.unique_ips, 40);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});

test("scan: a reject example shows the value as the file has it (trimmed at most), in every read mode and in the oracle", async () => {
  const mixed = join(dir, "mixed-case-country.csv");
  // Row 3 repeats row 2 (a possible duplicate: the file is then read whole); row 4 has a tab the TS rule decides.
  writeFileSync(mixed, "ip,timestamp,geo,naics,sector,infection,count\n192.0.2.1,2017-05-12 08:00:00,Netherlands,622110,,wannacry,1\n"
    + "192.0.2.2,2017-05-12 08:00:00, Deutschland ,622110,,wannacry,1\n192.0.2.3,2017-05-12 08:00:00,\tGB,622110,,wannacry,1\n");
  const single = join(dir, "mixed-case-wide.csv");
  writeFileSync(single, "ip,timestamp,geo,naics,sector,infection,count\n192.0.2.1,2017-05-12 08:00:00,Netherlands,622110,,wannacry,1\n");
  const text = "not an ISO 3166-1 country code or a known placeholder";
  for (const [path, expected] of [[mixed, ["mixed-case-country.csv:2 geo: bad_country", "mixed-case-country.csv:3 geo: bad_country"]],
    [single, ["mixed-case-wide.csv:2 geo: bad_country"]]] as const) {
    const {scan, staged: oracle} = await both([path]);
    assert.deepEqual(scan, oracle);
    const values = [`"Netherlands"`, `"Deutschland"`];
    assert.deepEqual(scan.summary.by_reason.bad_country?.examples, expected.map((e, i) => `${path.slice(dir.length + 1)}:${e.split(":")[1]}: bad_country (${text}) ${values[i]}`));
  }
});

/**
 * Shadowserver's `sector` values (the US CISA critical-infrastructure sector names, plus its own) → sector key, as
 * data/sector-labels.csv maps them; null = left `unknown` on purpose (docs/data-schema.md "Sector labels").
 */
const SHADOWSERVER_SECTORS: Array<[string, string | null]> = [
  ["Chemical", "manufacturing"], ["Commercial Facilities", null], ["Communications", "telecom"], ["Critical Manufacturing", "manufacturing"],
  ["Dams", "energy"], ["Defense Industrial Base", null], ["Emergency Services", "government"], ["Energy", "energy"],
  ["Financial Services", "finance"], ["Food and Agriculture", null], ["Government Facilities", "government"],
  ["Healthcare and Public Health", "health"], ["Information Technology", null], ["Nuclear Reactors, Materials, and Waste", "energy"],
  ["Transportation Systems", "transport"], ["Water and Wastewater Systems", "energy"],
  ["Communications, Service Provider, and Hosting Service", "telecom"], ["Education", "education"]
];

test("sector labels: Shadowserver's sector names map in the TS rule and its SQL form alike", async () => {
  const labels = SHADOWSERVER_SECTORS.flatMap(([label]) => [label, label.toUpperCase(), ` ${label.toLowerCase()} `]);
  const out = await overValues(labels.map((l) => [l]), ["label"], {sector: sectorSql("''", "label", "false")});
  labels.forEach((label, i) => {
    const expected = SHADOWSERVER_SECTORS.find(([l]) => l.toLowerCase() === label.trim().toLowerCase())?.[1] ?? "unknown";
    assert.deepEqual(normaliseSector("", label), {ok: true, sector: expected, naics2: ""}, label);
    assert.equal(out[i]?.sector, expected, `SQL ${JSON.stringify(label)}`);
  });
});
