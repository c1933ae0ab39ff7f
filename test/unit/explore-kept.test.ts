// Explore keeps a cell's result as a table (src/components/explore/kept.ts): DuckDB's errors of that statement name the
// reader's own line numbers, not those of the wrapped statement. Run against DuckDB itself (node API).
import assert from "node:assert/strict";
import {test} from "node:test";
import {DuckDBInstance} from "@duckdb/node-api";
import {keptAs, userLines} from "../../src/components/explore/kept.ts";

/** DuckDB's message for a cell's query run as Explore runs it, as the reader sees it. */
async function cellError(sql: string): Promise<string> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run("CREATE TABLE countries AS SELECT 'GB' AS country, 3 AS hits");
    await connection.run(keptAs("cell1", sql));
    return "";
  } catch (error) {
    const shown = userLines(error);
    return shown instanceof Error ? shown.message : String(shown);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

test("Explore errors: DuckDB's LINE n is the line of the reader's query", async () => {
  assert.match(await cellError("SELEC country FROM countries"), /syntax error at or near "SELEC"[\s\S]*LINE 1: SELEC country FROM countries/);
  assert.match(await cellError("SELECT nope FROM countries"), /Referenced column "nope" not found[\s\S]*LINE 1: SELECT nope FROM countries/);
  assert.match(await cellError("-- a comment\nSELECT country,\n  hits\nFROM countries\nWHERE nope > 1;"), /"nope"[\s\S]*LINE 5: WHERE nope > 1/);
  // Blank lines before the query count as the reader's lines too.
  assert.match(await cellError("\n\nSELECT nope FROM countries"), /LINE 3: SELECT nope/);
  assert.equal(await cellError("SELECT country, hits FROM countries;"), "", "a good query runs");
});

test("userLines leaves messages without a line number, and non-errors, as they are", () => {
  assert.equal((userLines(new Error("Out of memory")) as Error).message, "Out of memory");
  assert.equal(userLines("text"), "text");
  assert.equal(keptAs("cell2", "SELECT 1;  \n"), 'CREATE OR REPLACE TEMP TABLE "cell2" AS\nSELECT 1\n');
});
