// Shadowserver infection reports as Shadowserver delivers them (test/fixtures/shadowserver/: our own rows written to
// the published field lists): every supported layout through both ingestion paths, family resolution (infection →
// family → type → tag, names, aliases, prefixes, variants), gzip by magic bytes, folders of daily files, reports of
// the wrong type, and an incident whose families match nothing.
import {test} from "node:test";
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {gzipSync} from "node:zlib";
import {DuckDBInstance} from "@duckdb/node-api";
import {ingest, type IngestResult} from "../../loaders/ingest.ts";
import {staged} from "../oracle/staged.ts";
import {parseIncident} from "../../loaders/incident.ts";
import {FAMILY_FIELDS, matchFamily, parseFamilies, type FamilyField} from "../../loaders/families.ts";
import {familyExactSql, familyMatchSql} from "../../loaders/rules-sql.ts";
import {preflight} from "../../loaders/preflight.ts";
import {FamilyMatchError} from "../../loaders/errors.ts";
import type {Summary} from "../../loaders/types.ts";

const fixture = (name: string): string => `test/fixtures/shadowserver/${name}`;
const dir = mkdtempSync(join(tmpdir(), "atlas-shadowserver-"));
process.on("exit", () => rmSync(dir, {recursive: true, force: true}));

const FAMILIES = ["victorygate", {name: "zeroaccess", prefixes: ["b68-zeroaccess-"]}, {name: "andromeda", aliases: ["avalanche-andromeda"]},
  {name: "conficker", aliases: ["downadup"]}, {name: "wannacry", aliases: ["wcry"]}];
const incidentWith = (families: unknown) => parseIncident({id: "shadowserver-test", name: "T", title: "T", families,
  window: {start: "2010-01-01T00:00:00Z", end: "2030-01-01T00:00:00Z"}, data: {modelled: false, inputs: ["x.csv"]}}, "incident.json", dir);
const incident = incidentWith(FAMILIES);

/** The pipeline and the staged oracle over the files; asserts they agree exactly and returns the result. */
async function both(paths: Array<string | {path: string; name: string}>, inc = incident): Promise<IngestResult> {
  const files = paths.map((p) => (typeof p === "string" ? {path: p} : p));
  const scan = await ingest({incident: inc, files, inputHash: "t"});
  const oracle = await staged({incident: inc, files, inputHash: "t"});
  assert.deepEqual(scan, oracle, `pipeline and staged oracle differ on ${files.map((f) => f.path).join(", ")}`);
  return scan;
}

function reconciles(s: Summary): void {
  for (const f of s.files) assert.equal(f.rows_read, f.accepted + f.rejected, f.file);
  assert.equal(s.totals.rows_read, s.totals.accepted + s.totals.rejected);
}

/** The canonical family of each accepted row, in time order (the staged path's events). */
async function acceptedFamilies(path: string): Promise<string[]> {
  const {events} = await ingest({incident, files: [{path}], inputHash: "t", eventsLimit: 100});
  return events?.family ?? [];
}

// Expected per file: layout, rows read, accepted, reasons, family fields used, families not matched.
const CASES: Array<{file: string; layout: string; read: number; accepted: number; by_reason: Record<string, number>;
  family_fields: Partial<Record<FamilyField, number>>; other: string[]; hits?: number}> = [
  {file: "event4_sinkhole.csv", layout: "shadowserver-event-sinkhole", read: 8, accepted: 6, by_reason: {other_family: 2},
    family_fields: {infection: 5, family: 1, tag: 2}, other: ["necurs", "victorygateway"]},
  {file: "event6_sinkhole.csv", layout: "shadowserver-event-sinkhole", read: 4, accepted: 3, by_reason: {other_family: 1},
    family_fields: {infection: 3, tag: 1}, other: ["mirai"]},
  {file: "event4_sinkhole_http.csv", layout: "shadowserver-event-sinkhole-http", read: 4, accepted: 3, by_reason: {other_family: 1},
    family_fields: {infection: 3, tag: 1}, other: ["kovter"]},
  {file: "event6_sinkhole_http.csv", layout: "shadowserver-event-sinkhole-http", read: 2, accepted: 1, by_reason: {other_family: 1},
    family_fields: {infection: 1, tag: 1}, other: ["ghost-push"]},
  {file: "event4_microsoft_sinkhole.csv", layout: "shadowserver-event-sinkhole", read: 3, accepted: 3, by_reason: {},
    family_fields: {infection: 2, tag: 1}, other: []},
  {file: "event4_microsoft_sinkhole_http.csv", layout: "shadowserver-event-sinkhole-http", read: 2, accepted: 1, by_reason: {other_family: 1},
    family_fields: {infection: 2}, other: ["necurs"]},
  // `type` is the protocol in botnet_drone: the row with only type=tcp has no family (missing_field); count = hits.
  {file: "botnet_drone.csv", layout: "shadowserver-drone-legacy", read: 4, accepted: 2, by_reason: {missing_field: 1, other_family: 1},
    family_fields: {infection: 2, tag: 1}, other: ["spyeye"], hits: 4},
  {file: "sinkhole_http_drone.csv", layout: "shadowserver-sinkhole-http-legacy", read: 3, accepted: 2, by_reason: {other_family: 1},
    family_fields: {type: 3}, other: ["avalanche-goznym"], hits: 2},
  {file: "microsoft_sinkhole.csv", layout: "shadowserver-sinkhole-http-legacy", read: 3, accepted: 2, by_reason: {missing_field: 1},
    family_fields: {type: 2}, other: []}
];

test("shadowserver: every supported layout, through both ingestion paths, with the family field used per file", async () => {
  for (const c of CASES) {
    const {summary} = await both([fixture(c.file)]);
    reconciles(summary);
    const f = summary.files[0];
    assert.deepEqual({layout: f?.layout, read: f?.rows_read, accepted: f?.accepted, by_reason: f?.by_reason, family_fields: f?.family_fields},
      {layout: c.layout, read: c.read, accepted: c.accepted, by_reason: c.by_reason, family_fields: c.family_fields}, c.file);
    assert.deepEqual(summary.families.other.map((o) => o.family), c.other, c.file);
    assert.equal(summary.families.matched_rows, c.accepted, c.file);
    if (c.hits !== undefined) assert.equal(summary.hits, c.hits, c.file);
  }
});

test("shadowserver: accepted rows carry the canonical family (suffixed variants, tag-only rows, tag lists, aliases, type)", async () => {
  // Time order: victorygate.b, tag b68-zeroaccess-2-32bit, wannacry, family avalanche-andromeda, tag "sinkhole;b68-zeroaccess-1-64bit", VictoryGate-B.
  assert.deepEqual(await acceptedFamilies(fixture("event4_sinkhole.csv")), ["victorygate", "zeroaccess", "wannacry", "andromeda", "zeroaccess", "victorygate"]);
  assert.deepEqual(await acceptedFamilies(fixture("sinkhole_http_drone.csv")), ["conficker", "conficker"]);
  assert.deepEqual(await acceptedFamilies(fixture("botnet_drone.csv")), ["wannacry", "wannacry"]);
});

test("shadowserver: a tag-only row is matched by its tag, never rejected as missing its family", async () => {
  // An incident that lists one exact tag value: the tag-only row matches, every other row is another family.
  const narrow = incidentWith(["b68-zeroaccess-2-32bit"]);
  const {summary} = await both([fixture("event4_sinkhole.csv")], narrow);
  assert.equal(summary.files[0]?.accepted, 1);
  assert.equal(summary.files[0]?.by_reason.missing_field, undefined, "a tag-only row is never 'missing family'");
});

test("shadowserver: gzip files are read by magic bytes, whatever their name, with the same results", async () => {
  const plain = await both([fixture("event4_sinkhole.csv"), fixture("botnet_drone.csv")]);
  const bytes = (name: string) => gzipSync(readFileSync(fixture(name)));
  const gz = join(dir, "event4_sinkhole.csv.gz");
  const misnamed = join(dir, "botnet_drone.csv"); // gzip content, .csv name
  writeFileSync(gz, bytes("event4_sinkhole.csv"));
  writeFileSync(misnamed, bytes("botnet_drone.csv"));
  // Named as the plain files in the summary, so that everything but the notes must be equal.
  const zipped = await both([{path: gz, name: "event4_sinkhole.csv"}, {path: misnamed, name: "botnet_drone.csv"}]);
  assert.deepEqual(zipped.summary.files.map((f) => f.notes), [["gzip-compressed"], ["gzip-compressed"]]);
  assert.equal(preflight(gz).gzip, true);
  assert.equal(preflight(fixture("event4_sinkhole.csv")).gzip, false);
  const strip = (r: IngestResult) => ({...r.summary, files: r.summary.files.map(({notes: _n, ...rest}) => rest)});
  assert.deepEqual(strip(zipped), strip(plain));
  assert.deepEqual(zipped.aggregates, plain.aggregates);
  // Line accounting through gzip: an unclosed quote swallows the next line, counted as in the plain file.
  const quote = join(dir, "unclosed.csv.gz");
  writeFileSync(quote, gzipSync(readFileSync("test/fixtures/hostile/unclosed-quote.csv")));
  const hostile = await both(["test/fixtures/hostile/unclosed-quote.csv", {path: quote, name: quote}]);
  assert.deepEqual(hostile.summary.files[1]?.by_reason, hostile.summary.files[0]?.by_reason);
  assert.equal(hostile.summary.files[1]?.rows_read, hostile.summary.files[0]?.rows_read);
  // A file that starts like gzip but is not.
  const broken = join(dir, "broken.csv.gz");
  writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]));
  assert.throws(() => preflight(broken), /broken\.csv\.gz: starts like a gzip file but cannot be decompressed/);
  // A gzip file cut short after its header: an error naming the file, from either path.
  const cut = join(dir, "cut.csv.gz");
  const whole = gzipSync(readFileSync(fixture("event4_sinkhole.csv")));
  writeFileSync(cut, whole.subarray(0, whole.length - 30));
  for (const [path, run] of [["pipeline", ingest], ["oracle", staged]] as const) {
    await assert.rejects(run({incident, files: [{path: cut}], inputHash: "t"}), {name: "InputError", message: /^cut\.csv\.gz: could not be read as CSV: /}, path);
  }
});

test("shadowserver: a folder is its report files, sorted, each accounted for separately; other entries are listed as skipped", async () => {
  const daily = join(dir, "daily");
  mkdirSync(join(daily, "older"), {recursive: true});
  writeFileSync(join(daily, "2021-03-05-event6_sinkhole.csv.gz"), gzipSync(readFileSync(fixture("event6_sinkhole.csv"))));
  writeFileSync(join(daily, "2021-03-04-event4_sinkhole.csv"), readFileSync(fixture("event4_sinkhole.csv")));
  writeFileSync(join(daily, "README.md"), "notes\n");
  writeFileSync(join(daily, "older", "2021-03-01-event4_sinkhole.csv"), readFileSync(fixture("event4_sinkhole.csv")));
  const {summary} = await both([daily]);
  assert.deepEqual(summary.files.map((f) => [f.file, f.rows_read, f.accepted]), [
    [`${daily}/2021-03-04-event4_sinkhole.csv`, 8, 6], [`${daily}/2021-03-05-event6_sinkhole.csv.gz`, 4, 3]]);
  assert.deepEqual(summary.skipped, [`${daily}/README.md (not a .csv, .csv.gz or .gz file)`, `${daily}/older/ (sub-folder: folders are read one level deep)`]);
  // Unique IPs are never summed across files (or days): the same addresses seen again an hour later double the hits,
  // not the IPs.
  const days = join(dir, "two-reports");
  mkdirSync(days);
  const report = readFileSync(fixture("event4_sinkhole.csv"), "utf-8");
  writeFileSync(join(days, "2021-03-04-event4_sinkhole.csv"), report);
  writeFileSync(join(days, "2021-03-04-later-event4_sinkhole.csv"), report.replace(/"2021-03-04 00:/g, '"2021-03-04 01:'));
  const one = await both([fixture("event4_sinkhole.csv")]);
  const two = await both([days]);
  assert.deepEqual([two.summary.hits, two.summary.unique_ips], [2 * one.summary.hits, one.summary.unique_ips]);
  assert.equal(one.summary.unique_ips, 6);
  // The same report delivered twice (same bytes, another name) is refused, not counted twice (loaders/inputs.ts).
  const twice = join(dir, "twice");
  mkdirSync(twice);
  for (const day of ["2021-03-04", "2021-03-05"]) writeFileSync(join(twice, `${day}-event4_sinkhole.csv`), report);
  await assert.rejects(ingest({incident, files: [{path: twice}], inputHash: "t"}), {name: "InputError", message: /has exactly the same bytes as/});
  // Two empty daily reports (the header alone) are the same bytes too, but hold nothing to count twice.
  const quiet = join(dir, "quiet-days");
  mkdirSync(quiet);
  for (const day of ["2021-03-04", "2021-03-05"]) writeFileSync(join(quiet, `${day}-event4_sinkhole.csv`), report.split("\n")[0] + "\n");
  writeFileSync(join(quiet, "2021-03-06-event4_sinkhole.csv"), report);
  assert.deepEqual((await both([quiet])).summary.hits, one.summary.hits);
  const empty = join(dir, "empty-folder");
  mkdirSync(empty);
  await assert.rejects(ingest({incident, files: [{path: empty}], inputHash: "t"}), /empty-folder: folder holds no report files/);
});

test("shadowserver: reports that are not about infected machines are refused by name", () => {
  const cases: Array<[string, string]> = [
    ["event4_sinkhole_http_referer.csv", "looks like a Shadowserver event4_sinkhole_http_referer / event6_sinkhole_http_referer report (has http_referer_ip, http_referer_geo, no src_ip, no ip), which lists web sites that referred visitors to a sinkhole, not infected machines"],
    ["event4_honeypot_darknet.csv", "looks like a Shadowserver event4_honeypot_darknet report (has src_ip, infection, count), which lists traffic to unused (darknet) addresses, not infected machines"],
    ["scan_smb.csv", "looks like a Shadowserver scan_* / population_* / device_id / special report (has ip, port, tag, no infection, no http_host), which lists exposed or vulnerable services and devices found by scanning, not infected machines"]
  ];
  for (const [file, message] of cases) {
    assert.throws(() => preflight(fixture(file)), (error: Error) => {
      assert.equal(error.name, "InputError");
      assert.ok(error.message.startsWith(`${file}:1: wrong report type: ${message}; supported infection reports: event4_sinkhole_http, event6_sinkhole_http, `), error.message);
      return true;
    }, file);
  }
});

test("shadowserver: an incident whose families match no row fails the ingest, naming the families seen", async () => {
  const wrong = incidentWith(["emotet"]);
  const files = [fixture("event4_sinkhole.csv"), fixture("event4_microsoft_sinkhole.csv")];
  for (const [path, run] of [["pipeline", ingest], ["oracle", staged]] as const) {
    await assert.rejects(run({incident: wrong, files: files.map((p) => ({path: p})), inputHash: "t"}), (error: Error) => {
      assert.ok(error instanceof FamilyMatchError);
      assert.equal(error.message, `no row matches the incident's families (emotet): 11 rows had other families; the commonest: "b68-zeroaccess-2-32bit" (3 rows), `
        + `"VictoryGate-B" (1 row), "avalanche-andromeda" (1 row), "b68-zeroaccess-1-64bit" (1 row), "necurs" (1 row). Name the right family, alias or prefix in "families" in shadowserver-test/incident.json`);
      return true;
    }, path);
  }
  // A run already over the rejection threshold fails on that (botnet_drone.csv has a row with no family at all).
  const over = await both([fixture("botnet_drone.csv")], wrong);
  assert.equal(over.summary.threshold.exceeded, true);
  assert.deepEqual([over.summary.families.matched_rows, over.summary.families.other.map((o) => o.family)], [0, ["spyeye", "wannacry", "wcry"]]);
  // The command line exits non-zero (1) with the message.
  const run = promisify(execFile);
  await assert.rejects(run(process.execPath, ["scripts/compiled.mjs", "scripts/ingest.ts", "--incident", "test-synthetic", "--quiet", fixture("event4_sinkhole.csv")]),
    (error: {code?: number; stderr?: string}) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? "", /^ingest: no row matches the incident's families \(testworm-synthetic\)/);
      return true;
    });
});

test("families: incident entries as names or {name, aliases, prefixes}, with clear errors", () => {
  assert.deepEqual(parseFamilies(["WannaCry", {name: "zeroaccess", aliases: ["ZA"], prefixes: ["b68-"]}, {name: "wannacry", aliases: ["wcry"]}], "i.json"), [
    {name: "wannacry", aliases: ["wcry"], prefixes: []}, {name: "zeroaccess", aliases: ["za"], prefixes: ["b68-"]}]);
  assert.throws(() => parseFamilies([{name: "x", alias: ["y"]}], "i.json"), {message: 'i.json: "families[0]" has unknown key(s) alias (allowed: name, aliases, prefixes)'});
  assert.throws(() => parseFamilies([{aliases: ["y"]}], "i.json"), {message: 'i.json: "families[0]".name must be a non-empty string'});
  assert.throws(() => parseFamilies(["x", {name: "y", prefixes: [""]}], "i.json"), {message: 'i.json: "families[1]".prefixes must be an array of non-empty strings'});
  assert.throws(() => parseFamilies([], "i.json"), /must be a non-empty array/);
  const specs = parseFamilies(FAMILIES, "i.json");
  const cases: Array<[string, FamilyField, string | null]> = [
    ["victorygate", "infection", "victorygate"], [" VictoryGate.B ", "infection", "victorygate"], ["victorygate-b", "family", "victorygate"],
    ["victorygate_b", "type", "victorygate"], ["victorygate/b", "infection", "victorygate"], ["victorygate:b", "infection", "victorygate"],
    ["victorygateway", "infection", null], ["victorygate b", "infection", null], ["xvictorygate", "infection", null],
    ["b68-zeroaccess-2-32bit", "tag", "zeroaccess"], ["b68-zeroaccess", "infection", null], ["downadup.b", "type", "conficker"],
    ["sinkhole;b68-zeroaccess-1-64bit", "tag", "zeroaccess"], ["sinkhole, wcry", "tag", "wannacry"], ["sinkhole;wcry", "infection", null],
    ["sinkhole;other", "tag", null], ["", "tag", null], [";;", "tag", null]
  ];
  for (const [value, field, expected] of cases) assert.equal(matchFamily(specs, value, field), expected, `${JSON.stringify(value)} from ${field}`);
});

test("families: the SQL rule gives exactly the TS rule's canonical family for every value and field", async () => {
  const specs = parseFamilies([...FAMILIES, {name: "o'brien", aliases: ["o.b"], prefixes: ["ob%", "ob_"]}], "i.json");
  const stems = ["victorygate", "VictoryGate", "zeroaccess", "b68-zeroaccess-", "b68-zeroaccess", "downadup", "wcry", "andromeda", "avalanche-andromeda",
    "o'brien", "o.b", "ob%", "obx", "ob_", "sinkhole", "", "mirai"];
  const tails = ["", ".b", "-2", "_x", "/y", ":z", "x", " b", "%", " "];
  const values = new Set<string>();
  for (const s of stems) for (const t of tails) { values.add(s + t); values.add(` ${s}${t} `); values.add(`sinkhole;${s}${t}`); values.add(`${s}${t},wcry`); }
  const rows = [...values].flatMap((v) => FAMILY_FIELDS.map((_, code) => [v, code] as const));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run("CREATE TABLE v (i INTEGER, fam VARCHAR, src UTINYINT)");
    const appender = await connection.createAppender("v");
    rows.forEach(([v, code], i) => { appender.appendInteger(i); appender.appendVarchar(v); appender.appendUTinyInt(code); appender.endRow(); });
    appender.closeSync();
    const reader = await connection.runAndReadAll(`SELECT ${familyMatchSql(specs, "fam", "src")} AS family, ${familyExactSql(specs, "fam", "src")} AS exact FROM v ORDER BY i`);
    const out = reader.getRowObjectsJS();
    let matched = 0;
    rows.forEach(([v, code], i) => {
      const ts = matchFamily(specs, v, FAMILY_FIELDS[code] ?? "infection");
      assert.equal(out[i]?.family ?? null, ts, `${JSON.stringify(v)} from ${FAMILY_FIELDS[code]}`);
      if (out[i]?.exact === true) assert.equal(ts, specs.find((s) => [s.name, ...s.aliases].includes(v))?.name, `exact ${JSON.stringify(v)}`);
      if (ts !== null) matched++;
    });
    assert.ok(matched > 100 && matched < rows.length - 100, `a mix of matches and misses (${matched} of ${rows.length})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});
