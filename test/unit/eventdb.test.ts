// IntelMQ EventDB input against a real PostgreSQL (a throwaway cluster, pg-cluster.ts): the same events as a file
// and as rows of IntelMQ's events table give byte-identical Arrow output and the same accounting, rejects are named
// by event id, and a bad connection string, an unset variable, no server, a missing table and a missing column each
// end in an error naming which.
import {after, before, test} from "node:test";
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {tmpdir} from "node:os";
import {execFileSync} from "node:child_process";
import {loadIncident, parseIncident} from "../../loaders/incident.ts";
import {incidentSources, ingestSources} from "../../loaders/sources.ts";
import {aggregateArrow} from "../../loaders/outputs.ts";
import {EVENTDB_COLUMNS, EVENTDB_FIELDS, eventDbName, eventDbToCsv, eventSelectSql, type EventDbSource} from "../../loaders/eventdb.ts";
import {InputError} from "../../loaders/errors.ts";
import {startCluster, type Cluster} from "./pg-cluster.ts";

const incident = loadIncident("wannacry-2017");

interface Ev {time: string | null; ip: string | null; cc: string; malware: string | null; identifier: string; naics: string | null; count: number | null; feed: string}

/** Events over three days, and one of each reject a database row can hold. */
function events(): Ev[] {
  const out: Ev[] = [];
  const cc = ["GB", "DE", "FR", "RU", "CN", "US", "IN"];
  for (let i = 0; i < 300; i++) {
    const sec = `${String(i % 60).padStart(2, "0")}`;
    out.push({
      time: i % 50 === 7 ? `2017-05-${12 + (i % 3)}T${String(i % 24).padStart(2, "0")}:10:${sec}.250000Z` : `2017-05-${12 + (i % 3)} ${String(i % 24).padStart(2, "0")}:10:${sec}`,
      ip: i % 2 === 0 ? `10.${i % 5}.${i % 7}.${i % 11}` : `2001:db8::${(i % 17).toString(16)}`,
      cc: cc[i % cc.length] ?? "GB",
      // The family from malware.name, or from classification.identifier when malware.name is empty.
      malware: i % 4 === 0 ? null : "wannacry", identifier: i % 4 === 0 ? "wannacry" : "malware",
      naics: i % 3 === 0 ? "622110" : null, count: i % 5 === 0 ? 3 : null, feed: i % 10 === 9 ? "Other Feed" : "Sinkhole"
    });
  }
  Object.assign(out[20] ?? {}, {time: null}); // id 21: no time.source → missing_field
  Object.assign(out[40] ?? {}, {ip: "10.0.0.0/8"}); // id 41: a network, not an address → bad_ip
  Object.assign(out[60] ?? {}, {malware: "notpetya"}); // id 61: other family
  Object.assign(out[80] ?? {}, {time: "2017-06-20 00:00:00"}); // id 81: outside the window
  Object.assign(out[100] ?? {}, {naics: "12x"}); // id 101: bad NAICS
  return out;
}

const lit = (v: string | number | null): string => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${v.replaceAll("'", "''")}'`);

function insertSql(evs: Ev[]): string {
  const values = evs.map((e) => {
    const extra = JSON.stringify({...(e.naics === null ? {} : {"source.naics": /^\d+$/.test(e.naics) ? Number(e.naics) : e.naics}), ...(e.count === null ? {} : {count: e.count}), "source.sector": ""});
    const time = e.time === null ? "NULL" : `${lit(e.time.replace("T", " ").replace("Z", ""))}::timestamp AT TIME ZONE 'UTC'`;
    return `(${time}, ${lit(e.ip)}, ${lit(e.cc)}, ${lit(e.malware)}, ${lit(e.identifier)}, ${lit(extra)}, ${lit(e.feed)}, 'infected-system', 445, 'tcp')`;
  });
  return `INSERT INTO events ("time.source", "source.ip", "source.geolocation.cc", "malware.name", "classification.identifier", "extra", "feed.name",
    "classification.type", "destination.port", "protocol.transport") VALUES ${values.join(",\n")}`;
}

/** The same events as a normalised-events CSV (what an analyst would export). */
function eventsCsv(evs: Ev[]): string {
  const rows = evs.map((e) => [e.time ?? "", e.ip ?? "", e.cc, e.naics ?? "", "", e.malware ?? e.identifier, e.count === null ? "" : String(e.count)].join(","));
  return ["timestamp,src_ip,country,naics,sector,family,hits", ...rows].join("\n") + "\n";
}

let cluster: Cluster;
let dir: string;
before(() => {
  cluster = startCluster();
  cluster.psql("postgres", "CREATE DATABASE eventdb");
  cluster.psql("eventdb", readFileSync("test/fixtures/intelmq/events.sql", "utf-8"));
  cluster.psql("eventdb", insertSql(events()));
  // A table that lacks a column the pipeline reads.
  cluster.psql("eventdb", `CREATE TABLE partial AS SELECT "id", "time.source", "source.ip", "malware.name", "classification.identifier", "extra" FROM events`);
  dir = mkdtempSync(join(tmpdir(), "atlas-eventdb-"));
});
after(() => {
  cluster?.stop();
  if (dir !== undefined) rmSync(dir, {recursive: true, force: true});
});

const arrows = (r: {aggregates: Parameters<typeof aggregateArrow>[0]}): Record<string, Uint8Array> => aggregateArrow(r.aggregates, incident, "same");
const fromDb = (db: EventDbSource) => ingestSources({incident, sources: [{db}], inputHash: "same"});

test("eventdb: the same events as a file and as EventDB rows give byte-identical Arrow output and accounting", async () => {
  const evs = events();
  const csv = join(dir, "events.csv");
  writeFileSync(csv, eventsCsv(evs));
  const file = await ingestSources({incident, sources: [{path: csv, name: "events.csv"}], inputHash: "same"});
  const db = await fromDb({connection: cluster.url("eventdb")});
  assert.equal(db.summary.totals.rows_read, 300);
  assert.deepEqual(db.summary.totals, file.summary.totals);
  assert.deepEqual(db.summary.files[0]?.by_reason, file.summary.files[0]?.by_reason);
  assert.deepEqual(db.summary.files[0]?.by_reason, {bad_ip: 1, bad_naics: 1, missing_field: 1, other_family: 1, outside_window: 1});
  assert.deepEqual(arrows(db), arrows(file));
  // Rejects are named by the event's id.
  const name = `eventdb:${cluster.socket}/eventdb/events`;
  assert.equal(db.summary.files[0]?.file, name);
  assert.match(db.summary.by_reason.bad_ip?.examples[0] ?? "", new RegExp(`^${name.replaceAll(".", "\\.")} id 41 source\\.ip: bad_ip .*"10\\.0\\.0\\.0/8"$`));
  assert.match(db.summary.by_reason.missing_field?.examples[0] ?? "", / id 21 time\.source: missing_field/);
  assert.match(db.summary.by_reason.bad_naics?.examples[0] ?? "", / id 101 extra\.source\.naics\/extra\.naics: bad_naics .*"12x"/);
});

test("eventdb: one mapping: the query reads exactly the columns and extra keys that rejects name, and the columns checked", () => {
  const sql = eventSelectSql('"events"', undefined);
  // IntelMQ's columns are dotted names ("source.ip"); extra's keys are read with ->>.
  const read = new Set([...[...sql.matchAll(/"([a-z_]+\.[a-z_.]+)"/g)].map((m) => m[1]), ...[...sql.matchAll(/->> '([^']+)'/g)].map((m) => `extra.${m[1]}`)]);
  const named = new Set(Object.values(EVENTDB_FIELDS).flatMap((label) => label.split("/")));
  assert.deepEqual([...read].sort(), [...named].sort());
  assert.deepEqual(Object.keys(EVENTDB_FIELDS), ["timestamp", "src_ip", "country", "naics", "sector", "family", "hits"]);
  assert.deepEqual(EVENTDB_COLUMNS, ["id", "time.source", "source.ip", "source.geolocation.cc", "malware.name", "classification.identifier", "extra"]);
});

test("eventdb: an empty value falls through to the next origin (legacy naics and sector keys, classification.identifier)", async () => {
  cluster.psql("eventdb", `CREATE TABLE legacy (LIKE events INCLUDING ALL);
    INSERT INTO legacy ("time.source", "source.ip", "source.geolocation.cc", "malware.name", "classification.identifier", "extra") VALUES
      ('2017-05-12 10:00:00+00', '10.0.0.1', 'GB', '', 'wannacry', '{"source.naics": "", "naics": 622110, "source.sector": "", "sector": "Health"}'),
      ('2017-05-12 11:00:00+00', '10.0.0.2', 'DE', 'wannacry', 'malware', '{"source.naics": 611310, "naics": 622110}')`);
  const csv = join(dir, "legacy.csv");
  await eventDbToCsv({connection: cluster.url("eventdb"), table: "legacy"}, csv, join(dir, "legacy.ids"));
  assert.deepEqual(readFileSync(csv, "utf-8").trim().split("\n"), [
    "timestamp,src_ip,country,naics,sector,family,hits",
    "2017-05-12 10:00:00,10.0.0.1,GB,622110,Health,wannacry,",
    "2017-05-12 11:00:00,10.0.0.2,DE,611310,,wannacry,"
  ]);
});

test("eventdb: --where selects rows (here one feed), credentials and URL from an environment variable", async () => {
  const evs = events().filter((e) => e.feed === "Sinkhole");
  const csv = join(dir, "sinkhole.csv");
  writeFileSync(csv, eventsCsv(evs));
  const file = await ingestSources({incident, sources: [{path: csv, name: "sinkhole.csv"}], inputHash: "same"});
  process.env.ATLAS_TEST_EVENTDB_URL = cluster.url("eventdb");
  try {
    const db = await fromDb({connection: "env:ATLAS_TEST_EVENTDB_URL", where: `"feed.name" = 'Sinkhole'`});
    assert.equal(db.summary.totals.rows_read, evs.length);
    assert.deepEqual(db.summary.totals, file.summary.totals);
    assert.deepEqual(arrows(db), arrows(file));
    assert.ok(db.summary.files[0]?.notes.includes(`where "feed.name" = 'Sinkhole'`));
  } finally {
    delete process.env.ATLAS_TEST_EVENTDB_URL;
  }
});

test("eventdb: bad connection string, unset variable, no server, missing table, missing column, bad where: clear errors", async () => {
  const fails = async (db: EventDbSource, pattern: RegExp, field: string | null = null): Promise<void> => {
    await assert.rejects(fromDb(db), (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.message, pattern);
      assert.equal(e.field, field);
      return true;
    });
  };
  await fails({connection: "mysql://localhost/eventdb"}, /^eventdb: bad connection string: the scheme is "mysql:"/);
  await fails({connection: "not a connection string"}, /^eventdb: bad connection string/);
  await fails({connection: "env:ATLAS_NO_SUCH_VARIABLE"}, /the environment variable ATLAS_NO_SUCH_VARIABLE is not set/);
  await fails({connection: `postgresql://atlas@localhost/eventdb?host=${dir}`}, /^eventdb:.*\/eventdb\/events: cannot connect to the database/);
  await fails({connection: cluster.url("no_such_db")}, /cannot connect to the database: .*no_such_db/);
  await fails({connection: cluster.url("eventdb"), table: "nosuch"}, /eventdb\/nosuch: no table nosuch in the database/);
  await fails({connection: cluster.url("eventdb"), table: "partial"}, /table partial has no column\(s\) "source.geolocation.cc"/, "source.geolocation.cc");
  await fails({connection: cluster.url("eventdb"), where: "no_such_column = 1"}, /query failed \(where "no_such_column = 1"\): column "no_such_column" does not exist/);
  // The name never carries credentials.
  assert.equal(eventDbName({connection: "postgresql://user:secret@db.example:5433/intelmq"}), "eventdb:db.example:5433/intelmq/events");
});

test("eventdb: npm run ingest -- --from-db reads the table (summary on stdout only)", () => {
  const out = execFileSync("node", ["--import", "tsx", "scripts/ingest.ts", "--incident", "wannacry-2017", "--from-db", "env:ATLAS_TEST_EVENTDB_URL",
    "--where", `"feed.name" = 'Sinkhole'`, "--threshold", "1", "--progress"], {encoding: "utf-8", env: {...process.env, ATLAS_TEST_EVENTDB_URL: cluster.url("eventdb")}, stdio: ["ignore", "pipe", "pipe"]});
  const summary = JSON.parse(out) as {totals: {rows_read: number}; files: Array<{file: string}>};
  assert.equal(summary.totals.rows_read, events().filter((e) => e.feed === "Sinkhole").length);
  assert.equal(summary.files[0]?.file, `eventdb:${cluster.socket}/eventdb/events`);
});

test("eventdb: incident.json lists a table as {db: env:NAME, where, table}; a connection string or password in the file is refused", () => {
  const base = {id: "x", name: "X", title: "X", families: ["x"], window: {start: "2020-01-01T00:00:00Z", end: "2020-01-02T00:00:00Z"}};
  const parse = (inputs: unknown[]) => parseIncident({...base, data: {modelled: false, inputs}}, "data/incidents/x/incident.json", "/data/x");
  const i = parse(["a.csv", {db: "env:ATLAS_EVENTDB_URL", where: `"feed.name" = 'Sinkhole'`}, {db: "env:OTHER", table: "intelmq.events"}]);
  assert.deepEqual(i.data.inputs, ["a.csv"]);
  assert.deepEqual(i.data.databases, [{db: "env:ATLAS_EVENTDB_URL", where: `"feed.name" = 'Sinkhole'`}, {db: "env:OTHER", table: "intelmq.events"}]);
  assert.deepEqual(incidentSources(i, "/data"), [
    {path: "/data/x/a.csv", name: "x/a.csv"},
    {db: {connection: "env:ATLAS_EVENTDB_URL", where: `"feed.name" = 'Sinkhole'`}},
    {db: {connection: "env:OTHER", table: "intelmq.events"}}
  ]);
  // A database alone is enough input.
  assert.equal(parse([{db: "env:ATLAS_EVENTDB_URL"}]).data.databases.length, 1);
  assert.throws(() => parse([{db: "postgresql://user:secret@db/intelmq"}]), /"data\.inputs\[0\]\.db" must be "env:NAME"/);
  assert.throws(() => parse([{db: "env:X", password: "secret"}]), /"data\.inputs\[0\]\.password" is not a known field/);
  assert.throws(() => parse([{db: "env:X", table: "events; DROP TABLE events"}]), /"data\.inputs\[0\]\.table" must be a table name/);
  assert.throws(() => parse([42]), /"data\.inputs\[0\]" must be a file path or/);
});
