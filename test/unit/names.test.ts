// Input names (loaders/names.ts): each input named apart by the shortest path suffix, only the same path named alike,
// and the names the ingest gives in the summary, rejects and errors (CSV files and Parquet files listed one by one).
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {tmpdir} from "node:os";
import {DuckDBInstance} from "@duckdb/node-api";
import {inputNames, nameInputs, sameName, suffixNames} from "../../loaders/names.ts";
import {loadIncident} from "../../loaders/incident.ts";
import {ingestSources} from "../../loaders/sources.ts";
import {ingest} from "../../loaders/ingest.ts";
import {InputError} from "../../loaders/errors.ts";

const incident = loadIncident("wannacry-2017");

test("names: the shortest path suffix that tells inputs apart; the same path keeps one name", () => {
  assert.deepEqual(suffixNames(["/x/a/report.csv", "/x/b/report.csv", "/x/c/other.csv"]), ["a/report.csv", "b/report.csv", "other.csv"]);
  assert.deepEqual(suffixNames(["/p/day=2023-10-12/part-0.parquet", "/p/day=2023-10-11/part-0.parquet"]),
    ["day=2023-10-12/part-0.parquet", "day=2023-10-11/part-0.parquet"]);
  assert.deepEqual(suffixNames(["/m/a/r.csv", "/n/a/r.csv"]), ["m/a/r.csv", "n/a/r.csv"], "as many folders as it takes");
  assert.deepEqual(suffixNames(["/a/r.csv", "/x/a/r.csv"]), ["a/r.csv", "x/a/r.csv"], "one path the tail of another");
  assert.deepEqual(suffixNames(["/x/a.csv", "/x/./a.csv"]), ["a.csv", "a.csv"], "one file given twice: one name (inputs.ts refuses it)");
  assert.deepEqual(suffixNames(["/x/a.csv"]), ["a.csv"]);
});

test("names: an incident's inputs by their path inside the project; outside it by the shortest suffix", () => {
  assert.deepEqual(inputNames(["/repo/data/x/a.csv", "/elsewhere/secret/a.csv", "/other/b.csv"], "/repo"), ["data/x/a.csv", "a.csv", "b.csv"]);
  assert.deepEqual(inputNames(["/repo/a.csv", "/tmp/a.csv"], "/repo"), ["a.csv", "tmp/a.csv"], "outside grows, inside stays");
  assert.deepEqual(inputNames(["/repo/data/a.csv", "/tmp/data/a.csv"], "/repo"), ["data/a.csv", "a.csv"], "already apart");
  assert.deepEqual(inputNames(["/repo-other/a.csv"], "/repo"), ["a.csv"]);
});

test("names: unnamed inputs get a suffix; two different inputs under one name are found", () => {
  assert.deepEqual(nameInputs([{path: "/x/a/r.csv"}, {path: "/x/b/r.csv"}, {path: "/x/c.csv", name: "mine"}]).map((f) => f.name), ["a/r.csv", "b/r.csv", "mine"]);
  assert.deepEqual(nameInputs([{path: "/x/a/r.csv"}, {path: "/y/q.csv", name: "r.csv"}]).map((f) => f.name), ["a/r.csv", "r.csv"], "not another's name");
  assert.equal(sameName([{path: "/a", name: "n"}, {path: "/a", name: "n"}]), null);
  assert.deepEqual(sameName([{path: "/a", name: "n"}, {path: "/b", name: "n"}])?.map((s) => s.path), ["/a", "/b"]);
});

test("ingest: Parquet files of a day-partitioned export listed one by one, and CSVs of one file name in two folders, are named apart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-names-"));
  try {
    const rows = (day: number, bad: string) => `timestamp,src_ip,country,naics,sector,family,hits\n2017-05-${day} 08:00:00,10.0.0.${day},GB,,,wannacry,1\n`
      + `2017-05-${day} 09:00:00,${bad},GB,,,wannacry,1\n`;
    const parquet: string[] = [];
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    for (const day of [12, 13]) {
      mkdirSync(join(dir, `day=2017-05-${day}`));
      const csv = join(dir, `day-${day}.csv`);
      writeFileSync(csv, rows(day, `10.0.0.${day}99`));
      const path = join(dir, `day=2017-05-${day}`, "part-0.parquet");
      await connection.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar=true)) TO '${path}' (FORMAT parquet)`);
      parquet.push(path);
    }
    connection.closeSync();
    instance.closeSync();
    const names = suffixNames(parquet);
    const fromParquet = await ingestSources({incident, sources: parquet.map((path, i) => ({path, name: names[i]!})), inputHash: "t"});
    assert.deepEqual(fromParquet.summary.files.map((f) => [f.file, f.rows_read]), [["day=2017-05-12/part-0.parquet", 2], ["day=2017-05-13/part-0.parquet", 2]]);
    assert.deepEqual(fromParquet.summary.by_reason.bad_ip?.examples.map((e) => e.split(" src_ip")[0]),
      ["day=2017-05-12/part-0.parquet row 2", "day=2017-05-13/part-0.parquet row 2"]);
    // Two report.csv in two folders, given without names (the ingest names them) and by the CLI's names.
    for (const day of [12, 13]) {
      mkdirSync(join(dir, `f${day}`));
      writeFileSync(join(dir, `f${day}`, "report.csv"), rows(day, `10.0.0.${day}99`));
    }
    const csvs = [join(dir, "f12", "report.csv"), join(dir, "f13", "report.csv")];
    for (const files of [csvs.map((path) => ({path})), csvs.map((path, i) => ({path, name: suffixNames(csvs)[i]!}))]) {
      const result = await ingest({incident, files, inputHash: "t"});
      assert.deepEqual(result.summary.files.map((f) => f.file), ["f12/report.csv", "f13/report.csv"]);
      assert.deepEqual(result.summary.by_reason.bad_ip?.examples.map((e) => e.split(" ")[0]), ["f12/report.csv:3", "f13/report.csv:3"]);
    }
    // Only the same path is given twice; two inputs named alike by the caller are refused, naming both.
    await assert.rejects(ingest({incident, files: [{path: csvs[0]!, name: "report.csv"}, {path: csvs[1]!, name: "report.csv"}], inputHash: "t"}),
      (e: unknown) => e instanceof InputError && e.file === "report.csv" && e.message.includes("two different inputs have this name"));
    await assert.rejects(ingest({incident, files: [{path: csvs[0]!}, {path: csvs[0]!}], inputHash: "t"}), /given twice/);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});
