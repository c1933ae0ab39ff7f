// Bulk ingestion with DuckDB: inputs → pre-flight → the single scan (loaders/scan.ts) on a fresh in-memory DuckDB
// with the memory, thread and spill settings. There is one path; the staged implementation in test/oracle/ is an
// independent oracle that the tests compare this one against.
import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {preflight} from "./preflight.ts";
import {detectLayout} from "./layouts.ts";
import {expandInputs, type InputFile} from "./inputs.ts";
import {nameInputs, sameName} from "./names.ts";
import {InputError} from "./errors.ts";
import {REASONS} from "./reasons.ts";
import {recordLine} from "./lines.ts";
import {checkFamiliesMatched} from "./summary.ts";
import {exec, sqlString} from "./read.ts";
import {MAX_EXAMPLES, OTHER_FAMILIES, scanIngest, WideReadFailed, type ScanSource} from "./scan.ts";
import {RULE_TYPES} from "./rules-sql.ts";
import type {EventColumns, IngestOptions, IngestResult} from "./types.ts";

export type {EventColumns, IngestOptions, IngestResult, InputFile};
export {MAX_EXAMPLES, OTHER_FAMILIES};

/** DuckDB's memory limit (it spills beyond it): with Node's and DuckDB's own overhead a 10M-row run stays under 1 GiB (docs/pipeline.md). */
export const DEFAULT_MEMORY_LIMIT = "400MB";

/** The inputs as scan sources: files (folders expanded) through pre-flight, then relations already in DuckDB. */
export function scanSources(options: IngestOptions): {sources: ScanSource[]; skipped: string[]} {
  const inputs = expandInputs(options.files);
  const sources: ScanSource[] = nameInputs(inputs.files).map((f) => preflight(f.path, f.name));
  for (const r of options.relations ?? []) {
    // A relation's key is its file's path (a Parquet file), else its name.
    sources.push({path: r.path ?? r.name, name: r.name, bytes: 0, gzip: false, bom: false, crlf: false, headers: r.headers,
      layout: detectLayout(r.headers, r.name), notes: [], relation: r.relation});
  }
  const same = sameName(sources);
  if (same !== null) {
    throw new InputError(same[1].name, null, null, `two different inputs have this name (${same[0].path} and ${same[1].path}): name each input apart`);
  }
  return {sources, skipped: inputs.skipped};
}

/** Runs the whole pipeline over the inputs; throws InputError for an input that cannot be read at all. */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const started = Date.now();
  const logger = options.log ?? (() => {});
  const log = (m: string): void => logger(`${m} [${((Date.now() - started) / 1000).toFixed(2)} s]`);
  const {sources, skipped} = scanSources(options);
  for (const s of skipped) log(`ingest: skipped ${s}`);
  const result = await withDuckDb(options, (connection, instance) => scanIngest(connection, instance, sources, options, log))
    .catch(async (error: unknown) => {
      if (!(error instanceof WideReadFailed)) throw error;
      log(`ingest: ${error.message.split("\n")[0]}: reading every input alone and whole in a fresh database`);
      return withDuckDb(options, (connection, instance) => scanIngest(connection, instance, sources, options, log, true));
    });
  result.summary.skipped = skipped;
  // An incident whose families match no row is misconfigured (or given the wrong files): fail, naming what was seen.
  checkFamiliesMatched(result.summary, options.incident);
  return result;
}

/** Runs `work` on a fresh in-memory DuckDB with the memory, thread and spill settings and the rule types. */
export async function withDuckDb<T>(options: IngestOptions, work: (connection: DuckDBConnection, instance: DuckDBInstance) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  // A folder of this run's own under tempDirectory: DuckDB removes the spill files it finds in its temp directory,
  // so two runs sharing one (an ingest beside a build) would delete each other's.
  let spill: string | null = null;
  try {
    if (options.tempDirectory !== undefined) {
      mkdirSync(options.tempDirectory, {recursive: true});
      spill = mkdtempSync(join(options.tempDirectory, "run-"));
      await exec(connection, `SET temp_directory=${sqlString(spill)}`);
    }
    await exec(connection, `SET memory_limit=${sqlString(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT)}`);
    if (options.threads !== undefined) await exec(connection, `SET threads=${options.threads}`);
    await exec(connection, "SET TimeZone='UTC'"); // a zoned time read as text (a Parquet column) is its UTC time
    for (const statement of RULE_TYPES) await exec(connection, statement);
    const unwatch = await options.watch?.(connection);
    try {
      return await work(connection, instance);
    } finally {
      unwatch?.();
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    if (spill !== null) rmSync(spill, {recursive: true, force: true});
  }
}

export {REASONS, recordLine};
