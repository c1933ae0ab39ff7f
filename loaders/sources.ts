// Inputs that are not CSV files, brought to the one ingest path: each file of a Parquet file or folder (parquet.ts)
// becomes a relation the scan reads in place, and an IntelMQ EventDB table (eventdb.ts) is written out as a temporary
// CSV under the input's own name, so that every row meets the same validation, accounting and aggregation as a CSV
// row (ingest.ts); nothing is decided here about a row. Afterwards the summary's examples, which the pipeline names "name:line", are renamed
// to what the reader can find: "name row N" for Parquet (the Nth row of the file) and "name id N" for an EventDB
// event. CSV inputs and folders of CSVs pass through untouched.
import {createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync} from "node:fs";
import {createInterface} from "node:readline";
import {join} from "node:path";
import {tmpdir} from "node:os";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {FamilyMatchError, InputError, ThresholdError} from "./errors.ts";
import {ingest, type IngestOptions, type IngestResult, type InputFile} from "./ingest.ts";
import {isParquetName, listParquet, parquetColumns, parquetLayout, parquetRelation} from "./parquet.ts";
import {EVENTDB_FIELDS, eventDbFingerprint, eventDbName, eventDbToCsv, type EventDbSource} from "./eventdb.ts";
import {incidentInputs, type Incident} from "./incident.ts";
import {checkDistinct} from "./inputs.ts";
import {inputNames} from "./names.ts";
import {NO_PROGRESS, watchDuckDb, type Progress} from "./progress.ts";
import type {Summary} from "./types.ts";

/** One input: a file or folder path (CSV or Parquet), or an EventDB table. */
export type Source = InputFile | {db: EventDbSource};

/** The incident's inputs (data.inputs): its files and folders, named relative to `root`, then its EventDB tables. */
export function incidentSources(incident: Incident, root: string): Source[] {
  const paths = incidentInputs(incident);
  const names = inputNames(paths, root);
  return [
    ...paths.map((path, i) => ({path, name: names[i] ?? path})),
    ...incident.data.databases.map((d) => ({db: {connection: d.db, ...(d.where === undefined ? {} : {where: d.where}), ...(d.table === undefined ? {} : {table: d.table})}}))
  ];
}

/**
 * What the outputs of these inputs depend on beyond file contents: each EventDB table's fingerprint (its row count,
 * last id and last time under the where condition), so that a build re-reads the table when its rows change. "" when
 * there is no EventDB input.
 */
export async function sourcesFingerprint(sources: Source[]): Promise<string> {
  const parts: string[] = [];
  for (const s of sources) if (isDb(s)) parts.push(await eventDbFingerprint(s.db));
  return parts.join("\n");
}

/** How an input that is not a CSV file numbers its rows in messages (an EventDB table by the ids file beside its CSV). */
interface View {kind: "parquet" | "eventdb"; ids?: string}

export interface PreparedSources {
  files: InputFile[];
  /** Parquet files, read in place by the scan. */
  relations: NonNullable<IngestOptions["relations"]>;
  /** Bytes of every input (for progress). */
  bytes: number;
  /** Input name → how its rows are named (only inputs that are not CSV files). */
  views: Map<string, View>;
  skipped: string[];
  notes: Map<string, string[]>;
  cleanup: () => void;
}

const isDb = (s: Source): s is {db: EventDbSource} => "db" in s;

/** A file's size, or a folder's files' total (one level, as inputs.ts reads it); 0 when missing. */
function sizeOf(path: string): number {
  try {
    const s = statSync(path);
    if (!s.isDirectory()) return s.size;
    return readdirSync(path, {withFileTypes: true}).filter((e) => e.isFile()).reduce((sum, e) => sum + statSync(join(path, e.name)).size, 0);
  } catch {
    return 0;
  }
}

function isDirectory(path: string): boolean {
  try { return statSync(path).isDirectory(); } catch { return false; }
}

/** Brings the non-CSV inputs to the scan: Parquet files as relations, EventDB tables as CSVs in a temporary folder; CSV inputs pass through. */
export async function prepareSources(sources: Source[], options: {tempDirectory?: string; progress?: Progress; log?: (m: string) => void} = {}): Promise<PreparedSources> {
  const log = options.log ?? (() => {});
  const progress = options.progress ?? NO_PROGRESS;
  const parent = options.tempDirectory ?? tmpdir();
  mkdirSync(parent, {recursive: true});
  const temp = mkdtempSync(join(parent, "atlas-sources-"));
  const prepared: PreparedSources = {files: [], relations: [], bytes: 0, views: new Map(), skipped: [], notes: new Map(),
    cleanup: () => rmSync(temp, {recursive: true, force: true})};
  let instance: DuckDBInstance | null = null;
  const parquetFiles: InputFile[] = [];
  const parquet = async (path: string, name: string): Promise<void> => {
    instance ??= await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const columns = await parquetColumns(connection, path, name);
      parquetLayout(columns, name); // fails early, naming the missing column, before any row is read
      parquetFiles.push({path, name});
      prepared.relations.push({name, path, relation: parquetRelation(path, columns), headers: columns.map((c) => c.name)});
      prepared.bytes += sizeOf(path);
      prepared.views.set(name, {kind: "parquet"});
      prepared.notes.set(name, ["Parquet: rows numbered from 1 in file order; values read as text with the CSV rules"]);
    } finally {
      connection.closeSync();
    }
  };
  try {
    for (const source of sources) {
      if (isDb(source)) {
        const name = eventDbName(source.db);
        if (prepared.views.has(name)) throw new InputError(name, null, null, "listed twice");
        const csv = join(temp, `${prepared.files.length}.csv`);
        const ids = join(temp, `${prepared.files.length}.ids`);
        const n = await eventDbToCsv(source.db, csv, ids, progress);
        log(`ingest: read ${n} events from ${name}`);
        prepared.files.push({path: csv, name});
        prepared.views.set(name, {kind: "eventdb", ids});
        const where = source.db.where === undefined || source.db.where.trim() === "" ? [] : [`where ${source.db.where}`];
        prepared.notes.set(name, ["IntelMQ EventDB: rejects named by event id", ...where]);
        continue;
      }
      const name = source.name ?? source.path;
      if (isDirectory(source.path)) {
        const listed = listParquet(source.path);
        if (listed.files.length === 0) { prepared.files.push(source); continue; } // a folder of CSVs: inputs.ts reads it
        prepared.skipped.push(...listed.skipped.map((s) => `${name}/${s}`));
        for (const rel of listed.files) await parquet(join(source.path, rel), `${name}/${rel}`);
      } else if (isParquetName(source.path.split("/").pop() ?? "")) {
        await parquet(source.path, name);
      } else {
        prepared.files.push(source);
      }
    }
    checkDistinct(parquetFiles); // the same Parquet file twice (or under two names) would be counted twice
    prepared.bytes += prepared.files.reduce((sum, f) => sum + sizeOf(f.path), 0);
  } catch (error) {
    prepared.cleanup();
    throw error;
  } finally {
    (instance as DuckDBInstance | null)?.closeSync();
  }
  return prepared;
}

/** The lines (1-based) `wanted` of a text file, read until the last one is found. */
async function linesOf(path: string, wanted: Set<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (wanted.size === 0) return found;
  const last = Math.max(...wanted);
  const reader = createInterface({input: createReadStream(path, "utf-8"), crlfDelay: Infinity});
  let n = 0;
  for await (const line of reader) {
    n++;
    if (wanted.has(n)) found.set(n, line);
    if (n >= last) break;
  }
  reader.close();
  return found;
}

/**
 * A data row's number in its input from the line the pipeline names (its record number + 1: a relation's rows are
 * records 1, 2, … and the CSV written here has a header and no unparseable records), as "row N" (Parquet) or "id N" (EventDB).
 */
async function rowNames(view: View, lines: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (view.kind === "parquet") {
    for (const line of lines) out.set(line, `row ${line - 1}`);
    return out;
  }
  const ids = await linesOf(view.ids ?? "", new Set(lines.map((l) => l - 1)));
  for (const line of lines) out.set(line, `id ${ids.get(line - 1) ?? `? (row ${line - 1})`}`);
  return out;
}

/** Renames "name:line" in the summary's examples to "name row N" / "name id N" for the inputs that are not CSV files. */
export async function renameRows(summary: Summary, prepared: PreparedSources): Promise<void> {
  if (prepared.views.size === 0) return;
  const names = [...prepared.views.keys()].sort((a, b) => b.length - a.length); // the longest name that fits wins
  const parse = (example: string): {name: string; line: number; rest: string} | null => {
    for (const name of names) {
      if (!example.startsWith(`${name}:`)) continue;
      const m = /^(\d+)(.*)$/s.exec(example.slice(name.length + 1));
      if (m !== null) return {name, line: Number(m[1]), rest: m[2] ?? ""};
    }
    return null;
  };
  const wanted = new Map<string, number[]>();
  for (const reason of Object.values(summary.by_reason)) {
    for (const e of reason?.examples ?? []) {
      const p = parse(e);
      if (p !== null) wanted.set(p.name, [...(wanted.get(p.name) ?? []), p.line]);
    }
  }
  const named = new Map<string, Map<number, string>>();
  for (const [name, lines] of wanted) {
    const view = prepared.views.get(name);
    if (view !== undefined) named.set(name, await rowNames(view, lines));
  }
  for (const reason of Object.values(summary.by_reason)) {
    if (reason === undefined) continue;
    reason.examples = reason.examples.map((e) => {
      const p = parse(e);
      if (p === null) return e;
      // An EventDB row's field is named by the table's column (" src_ip: …" → " source.ip: …").
      const rest = prepared.views.get(p.name)?.kind === "eventdb" ? p.rest.replace(/^ ([^\s:]+):/, (all, field: string) => ` ${EVENTDB_FIELDS[field] ?? field}:`) : p.rest;
      return `${p.name} ${named.get(p.name)?.get(p.line) ?? `line ${p.line}`}${rest}`;
    });
  }
  for (const f of summary.files) f.notes = [...f.notes, ...(prepared.notes.get(f.file) ?? [])];
  summary.skipped = [...summary.skipped, ...prepared.skipped];
}

/** An InputError about an input that is not a CSV file, renamed to its rows (a header line is the input's columns). */
async function renameError(error: unknown, prepared: PreparedSources): Promise<unknown> {
  // A failed run's summary (rejection threshold, no family matched) names its rows like a finished one's.
  if (error instanceof ThresholdError || error instanceof FamilyMatchError) await renameRows(error.summary as Summary, prepared);
  if (!(error instanceof InputError)) return error;
  const view = prepared.views.get(error.file);
  if (view === undefined || error.line === null) return error;
  if (error.line === 1) return new InputError(error.file, null, error.field, error.reason);
  const row = (await rowNames(view, [error.line])).get(error.line) ?? `line ${error.line}`;
  return new InputError(`${error.file} ${row}`, null, error.field, error.reason);
}

export interface SourceIngestOptions extends Omit<IngestOptions, "files"> {
  sources: Source[];
  progress?: Progress;
}

/** ingest() over any mix of inputs: CSV files and folders, Parquet files and folders, EventDB tables. */
export async function ingestSources(options: SourceIngestOptions): Promise<IngestResult> {
  const {sources, progress, ...rest} = options;
  const prepared = await prepareSources(sources, {tempDirectory: options.tempDirectory, progress, log: options.log});
  try {
    const watch = progress === undefined || progress === NO_PROGRESS ? undefined
      : (connection: DuckDBConnection) => watchDuckDb(connection, progress, "ingest", prepared.bytes);
    const result = await ingest({...rest, files: prepared.files, relations: [...(rest.relations ?? []), ...prepared.relations],
      ...(watch === undefined ? {} : {watch})});
    await renameRows(result.summary, prepared);
    return result;
  } catch (error) {
    throw await renameError(error, prepared);
  } finally {
    prepared.cleanup();
  }
}
