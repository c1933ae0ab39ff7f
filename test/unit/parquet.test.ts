// Parquet input: the same events as a CSV, as one Parquet file (text or typed columns) and as a folder partitioned
// by day give byte-identical Arrow output and the same accounting; rejects name the Parquet file and its row.
import {test} from "node:test";
import assert from "node:assert/strict";
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {tmpdir} from "node:os";
import {execFileSync} from "node:child_process";
import {DuckDBInstance} from "@duckdb/node-api";
import {loadIncident} from "../../loaders/incident.ts";
import {ingestSources, prepareSources, type Source} from "../../loaders/sources.ts";
import {aggregateArrow} from "../../loaders/outputs.ts";
import {listParquet, parquetFiles} from "../../loaders/parquet.ts";
import {InputError} from "../../loaders/errors.ts";
import type {Summary} from "../../loaders/types.ts";

const incident = loadIncident("wannacry-2017");
const COUNTRIES = ["GB", "DE", "FR", "RU", "CN", "US", "IN", "ZZ"];

/** Normalised-events rows over three days, with one row of each kind of reject at known rows. */
function eventsCsv(): string {
  const lines = ["timestamp,src_ip,country,naics,sector,family,hits"];
  for (let i = 0; i < 600; i++) {
    const day = 12 + (i % 3);
    const time = `2017-05-${day} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`;
    lines.push(`${time},10.${i % 7}.${i % 11}.${i % 13},${COUNTRIES[i % COUNTRIES.length]},${i % 5 === 0 ? "622110" : ""},${i % 5 === 1 ? "education" : ""},wannacry,${1 + (i % 4)}`);
  }
  lines[10] = "2017-05-12 25:00:00,10.0.0.1,GB,,,wannacry,1"; // row 10: bad timestamp
  lines[20] = "2017-05-13 01:00:00,10.0.0.999,GB,,,wannacry,1"; // row 20: bad IP
  lines[30] = "2017-05-14 01:00:00,10.0.0.2,GB,,,notpetya,1"; // row 30: other family
  lines[40] = "2017-06-14 01:00:00,10.0.0.3,GB,,,wannacry,1"; // row 40: outside the window
  return lines.join("\n") + "\n";
}

async function withDuckDb<T>(work: (run: (sql: string) => Promise<void>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return await work(async (sql) => { await connection.run(sql); });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const arrows = (s: {aggregates: Parameters<typeof aggregateArrow>[0]}): Record<string, Uint8Array> => aggregateArrow(s.aggregates, incident, "same");
const run = (sources: Source[]) => ingestSources({incident, sources, inputHash: "same"});

function reconciles(s: Summary): void {
  for (const f of s.files) assert.equal(f.rows_read, f.accepted + f.rejected, f.file);
  assert.equal(s.totals.rows_read, s.totals.accepted + s.totals.rejected);
}

test("parquet: the same events as CSV, Parquet (text and typed) and a day-partitioned folder give byte-identical Arrow", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-parquet-"));
  try {
    const csv = join(dir, "events.csv");
    writeFileSync(csv, eventsCsv());
    const text = join(dir, "events.parquet");
    const typed = join(dir, "typed.parquet");
    const parts = join(dir, "parts");
    await withDuckDb(async (sql) => {
      const all = `read_csv('${csv}', header=true, all_varchar=true)`;
      await sql(`COPY (SELECT * FROM ${all}) TO '${text}' (FORMAT parquet)`);
      // Typed columns: only the valid rows (a typed column cannot hold "25:00:00").
      await sql(`COPY (SELECT timestamp::TIMESTAMP AS timestamp, src_ip, country, naics::INTEGER AS naics, sector, family, hits::INTEGER AS hits
        FROM ${all} WHERE try_cast(timestamp AS TIMESTAMP) IS NOT NULL) TO '${typed}' (FORMAT parquet)`);
      for (const day of ["2017-05-12", "2017-05-13", "2017-05-14", "2017-06-14"]) {
        mkdirSync(join(parts, `day=${day}`), {recursive: true});
        await sql(`COPY (SELECT * FROM ${all} WHERE left(timestamp, 10) = '${day}')
          TO '${join(parts, `day=${day}`, "part-0.parquet")}' (FORMAT parquet)`);
      }
      await sql(`COPY (SELECT * FROM ${all} WHERE try_cast(timestamp AS TIMESTAMP) IS NOT NULL) TO '${join(dir, "valid.csv")}' (FORMAT csv, HEADER true)`);
    });
    writeFileSync(join(parts, "_SUCCESS"), "");
    assert.deepEqual(parquetFiles({path: parts, name: "parts"}).map((f) => f.name).slice(0, 2), ["parts/day=2017-05-12/part-0.parquet", "parts/day=2017-05-13/part-0.parquet"]);
    assert.deepEqual(parquetFiles({path: csv}), [], "a CSV is not a Parquet input");
    assert.deepEqual(listParquet(parts).files, ["day=2017-05-12/part-0.parquet", "day=2017-05-13/part-0.parquet", "day=2017-05-14/part-0.parquet", "day=2017-06-14/part-0.parquet"]);

    const fromCsv = await run([{path: csv, name: "events.csv"}]);
    const fromParquet = await run([{path: text, name: "events.parquet"}]);
    const fromParts = await run([{path: parts, name: "parts"}]);
    for (const r of [fromCsv, fromParquet, fromParts]) reconciles(r.summary);
    assert.equal(fromCsv.summary.totals.rows_read, 600);
    assert.deepEqual(fromParquet.summary.totals, fromCsv.summary.totals);
    assert.deepEqual(fromParts.summary.totals, fromCsv.summary.totals);
    assert.deepEqual(fromParquet.summary.by_reason.bad_timestamp?.count, 1);
    assert.deepEqual(arrows(fromParquet), arrows(fromCsv));
    assert.deepEqual(arrows(fromParts), arrows(fromCsv));
    // Rejects name the Parquet file and the row (1-based, file order), not a line of a CSV the reader never saw.
    assert.match(fromParquet.summary.by_reason.bad_timestamp?.examples[0] ?? "", /^events\.parquet row 10 timestamp: bad_timestamp .*"2017-05-12 25:00:00"$/);
    assert.match(fromParquet.summary.by_reason.bad_ip?.examples[0] ?? "", /^events\.parquet row 20 src_ip: bad_ip/);
    assert.match(fromParquet.summary.by_reason.outside_window?.examples[0] ?? "", /^events\.parquet row 40 /);
    assert.match(fromParts.summary.by_reason.outside_window?.examples[0] ?? "", /^parts\/day=2017-06-14\/part-0\.parquet row 1 /);
    assert.deepEqual(fromParts.summary.files.map((f) => f.file), listParquet(parts).files.map((f) => `parts/${f}`));
    assert.ok(fromParts.summary.skipped.includes("parts/_SUCCESS (not a .parquet file)"), fromParts.summary.skipped.join("; "));

    // Typed columns (TIMESTAMP, INTEGER) read as the text a CSV would hold: the same output as the CSV of those rows.
    const fromTyped = await run([{path: typed, name: "typed.parquet"}]);
    const fromValid = await run([{path: join(dir, "valid.csv"), name: "valid.csv"}]);
    assert.deepEqual(fromTyped.summary.totals, fromValid.summary.totals);
    assert.deepEqual(arrows(fromTyped), arrows(fromValid));

    // `npm run ingest -- <folder>` reads a partitioned Parquet folder as the library does.
    const cli = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--quiet", "--incident", "wannacry-2017", parts], {encoding: "utf-8", maxBuffer: 1 << 26})) as Summary;
    assert.deepEqual(cli.totals, fromParts.summary.totals);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test("parquet: a file of another report type fails naming the file and the missing column, before reading rows", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-parquet-"));
  try {
    const bad = join(dir, "bad.parquet");
    await withDuckDb((sql) => sql(`COPY (SELECT '2017-05-12 00:00:00' AS timestamp, '10.0.0.1' AS src_ip, 'GB' AS country, 'wannacry' AS family) TO '${bad}' (FORMAT parquet)`));
    await assert.rejects(run([{path: bad, name: "bad.parquet"}]), (e: unknown) =>
      e instanceof InputError && e.file === "bad.parquet" && e.line === null && /hits/.test(e.message) && /Parquet columns: timestamp, src_ip, country, family/.test(e.message));
    writeFileSync(join(dir, "broken.parquet"), "not parquet");
    await assert.rejects(run([{path: join(dir, "broken.parquet"), name: "broken.parquet"}]), /broken\.parquet: could not be read as Parquet/);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test("parquet: read in place (no copy of its rows is written), and the same file given twice is refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-parquet-"));
  try {
    const csv = join(dir, "events.csv");
    writeFileSync(csv, eventsCsv());
    const parquet = join(dir, "events.parquet");
    await withDuckDb((sql) => sql(`COPY (SELECT * FROM read_csv('${csv}', all_varchar=true)) TO '${parquet}' (FORMAT parquet)`));
    const temp = join(dir, "temp");
    const prepared = await prepareSources([{path: parquet, name: "events.parquet"}], {tempDirectory: temp});
    try {
      assert.deepEqual(prepared.files, [], "no CSV stands in for the Parquet file");
      assert.equal(prepared.relations.length, 1);
      assert.match(prepared.relations[0]!.relation, /read_parquet\(/);
      assert.deepEqual(readdirSync(temp).flatMap((d) => readdirSync(join(temp, d))), [], "nothing written to the temporary folder");
    } finally {
      prepared.cleanup();
    }
    const copy = join(dir, "copy.parquet");
    copyFileSync(parquet, copy);
    await assert.rejects(run([{path: parquet, name: "events.parquet"}, {path: copy, name: "copy.parquet"}]),
      (e: unknown) => e instanceof InputError && e.file === "copy.parquet" && /same bytes as events\.parquet/.test(e.message));
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});
