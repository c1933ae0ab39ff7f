// The SQL row rules (loaders/classify.ts) agree with the TS normalisers they are generated from.
import {test} from "node:test";
import assert from "node:assert/strict";
import {DuckDBInstance} from "@duckdb/node-api";
import {countryUniverse, countryValuesSql, familySql, sectorSql, sqlString} from "../../loaders/classify.ts";
import {normaliseCountry} from "../../loaders/country.ts";
import {normaliseSector} from "../../loaders/sector.ts";
import {isIncidentFamily, loadIncident} from "../../loaders/incident.ts";

const incident = loadIncident("wannacry-2017");

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

test("country universe: every entry is what normaliseCountry says, and every ASCII code outside it is rejected", async () => {
  const universe = countryUniverse();
  for (const {code, iso2} of universe) assert.equal(normaliseCountry(code)?.iso2, iso2, code);
  assert.ok(universe.some((c) => c.code === "UK" && c.iso2 === "GB"));
  assert.ok(universe.some((c) => c.code === "**" && c.iso2 === "XX"));
  assert.ok(universe.some((c) => c.code === "DEU" && c.iso2 === "DE"));
  const known = new Set(universe.map((c) => c.code));
  for (const code of ["QQ", "ZZZ", "GBR1", "=1+1", "U K", "G", "", "**", "XX", "A1", "EL"]) {
    assert.equal(known.has(code), normaliseCountry(code) !== null, code);
  }
  // The SQL table is the same list.
  const rows = await query(`SELECT count(*)::INTEGER AS n FROM (VALUES ${countryValuesSql()}) AS t(geo, iso2)`);
  assert.equal(rows[0]?.n, universe.length);
});

test("sector SQL: longest NAICS prefix and labels agree with normaliseSector", async () => {
  const naics: string[] = ["", "0", "12ab", "1", "1234567", "=1", " 62"];
  for (let i = 10; i < 100; i++) naics.push(String(i));
  for (let i = 500; i < 530; i++) naics.push(String(i));
  for (const p of ["5171", "5172", "5173", "5179", "517110", "517111", "517311", "517312", "517919", "518210", "519130", "622110", "336111", "921110", "999999", "611310"]) naics.push(p);
  const labels = ["", "Healthcare", " EDUCATION ", "Communications, Service Provider, and Hosting", "something else", "unknown"];
  const cases = naics.flatMap((n) => labels.map((l) => [n.trim(), l] as const));
  const values = cases.map(([n, l]) => `(${sqlString(n)}, ${sqlString(l)})`).join(", ");
  const rows = await query(`SELECT n, l, ${sectorSql("n", "l")} AS sector FROM (VALUES ${values}) AS t(n, l)`);
  assert.equal(rows.length, cases.length);
  for (const r of rows) {
    const expected = normaliseSector(String(r.n), String(r.l));
    assert.equal(r.sector, expected.ok ? expected.sector : "!bad", `${String(r.n)} / ${String(r.l)}`);
  }
});

test("family SQL: the incident's families, case-insensitive; non-ASCII text is left to the TS rule", async () => {
  const fams = ["wannacry", "WannaCry", "WCRY", "conficker", "wanna cry", "mirai"];
  const rows = await query(`SELECT f, ${familySql(incident, "f")} AS state FROM (VALUES ${fams.map((f) => `(${sqlString(f)})`).join(", ")}) AS t(f)`);
  for (const r of rows) assert.equal(r.state, isIncidentFamily(incident, String(r.f)) ? "ok" : "bad", String(r.f));
  const odd = await query(`SELECT ${familySql(incident, "'wannacry\u00a0'")} AS state`);
  assert.equal(odd[0]?.state, null);
});
