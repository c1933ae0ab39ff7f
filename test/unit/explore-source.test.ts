// Explore's small pure parts behind the fixes of the Source line, result-table times, the rate example and the
// engine's row count: which tables a cell reads, how a time reads, the examples' SQL, the row-count query.
import assert from "node:assert/strict";
import {test} from "node:test";
import {namesRead, sourceTables, sqlIdentifiers, type CellSql} from "../../src/components/explore/sources.ts";
import {formatCell} from "../../src/components/explore/format.ts";
import {exampleQueries} from "../../src/components/explore/examples.ts";
import {rowCountSql} from "../../src/components/explore/tables.ts";
import {MIN_FOR_RATE} from "../../src/figures/compute.ts";

const catalog = ["hourly", "countries", "sectors", "country_sectors", "country_reference"].map((table) => ({table}));
const examples = exampleQueries({killSwitch: true, factTables: []});
const example = (label: string) => examples.find((e) => e.label === label)!.sql;
const tablesOf = (cells: CellSql[], index = cells.length - 1) => sourceTables(cells, index, catalog).map((d) => d.table);

test("before a run, a query is credited with the tables it names, not words in comments, strings or longer names", () => {
  assert.deepEqual(tablesOf([{sql: example("Hits per hour"), read: null}]), ["hourly"]);
  assert.deepEqual(tablesOf([{sql: example("Top sectors per country"), read: null}]), ["countries", "country_sectors"]);
  assert.deepEqual(tablesOf([{sql: "SELECT 'countries' AS s /* sectors */ FROM hourly -- countries", read: null}]), ["hourly"]);
  assert.deepEqual([...sqlIdentifiers('SELECT "Hourly".x FROM "Hourly"')], ["select", "hourly", "x", "from"]);
});

test("after a run, DuckDB's own list is used for the SQL it ran (a CTE named like a table is not a table)", () => {
  const sql = "WITH hourly AS (SELECT * FROM countries) SELECT * FROM hourly";
  assert.deepEqual(tablesOf([{sql, read: {sql, tables: ["COUNTRIES"]}}]), ["countries"]);
  assert.deepEqual(tablesOf([{sql, read: {sql: "SELECT 1", tables: []}}]), ["hourly", "countries"], "an edited cell falls back to its text");
  assert.ok(namesRead({sql, read: {sql, tables: null}}).has("hourly"), "DuckDB could not tell: the text");
});

test("a cell reading an earlier cell is credited with that cell's tables", () => {
  const cells: CellSql[] = [
    {sql: "SELECT * FROM hourly", read: {sql: "SELECT * FROM hourly", tables: ["hourly"]}},
    {sql: "SELECT * FROM sectors", read: null},
    {sql: "SELECT * FROM cell1 JOIN countries USING (country)", read: {sql: "SELECT * FROM cell1 JOIN countries USING (country)", tables: ["cell1", "countries"]}}
  ];
  assert.deepEqual(tablesOf(cells), ["hourly", "countries"]);
  assert.deepEqual(tablesOf([{sql: "-- not cell1\nSELECT 42", read: null}, {sql: "SELECT * FROM cell1", read: null}]), []);
});

test("a timestamp shows its time on every row, midnight too; a DATE column shows the day", () => {
  const midnight = new Date(Date.UTC(2017, 5, 28));
  assert.equal(formatCell(midnight, "time"), "2017-06-28 00:00 UTC");
  assert.equal(formatCell(new Date(Date.UTC(2017, 5, 28, 1)), "time"), "2017-06-28 01:00 UTC");
  assert.equal(formatCell(+midnight, "time"), "2017-06-28 00:00 UTC");
  assert.equal(formatCell(midnight, "time", true), "2017-06-28");
  assert.equal(formatCell(midnight, "other"), "2017-06-28 00:00 UTC", "a time in the table panel");
  assert.equal(formatCell(1234.56789, "number"), "1,234.5679");
  assert.equal(formatCell(null, "time"), "");
});

test("the rate example is per million internet users, with the map's minimum of unique IPs", () => {
  const sql = example("Hits per million internet users");
  assert.match(sql, /\* 1e6 \/ r\.internet_users_2017/);
  assert.match(sql, new RegExp(`c\\.unique_ips >= ${MIN_FOR_RATE}\\b`));
  assert.doesNotMatch(sql, /1000|, 3\)/);
});

test("the row count query adds up every listed table, names quoted", () => {
  assert.equal(rowCountSql(["a", 'b"c']), 'SELECT sum(n)::DOUBLE AS rows FROM (SELECT count(*) AS n FROM "a" UNION ALL SELECT count(*) AS n FROM "b""c")');
  assert.equal(rowCountSql([]), "SELECT 0::DOUBLE AS rows");
});
