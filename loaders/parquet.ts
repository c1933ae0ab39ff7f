// Parquet input: a `.parquet` file, or a folder of them (plain daily files, or partitioned by day such as
// `day=2017-05-12/part-0.parquet`). Each Parquet file is one input of its own, like each CSV of a folder. Its columns
// are matched by name with the same layout detection as a CSV header (layouts.ts), then the scan reads it in place
// (read_parquet, no copy) as a relation whose every value is the text a CSV field would hold, in file order, so that
// its rows go through exactly the same validation and accounting as a CSV's (scan.ts, sources.ts). Typed columns
// become the text the CSV rules read: a TIMESTAMP (taken as UTC, like a CSV time without a zone) as
// "YYYY-MM-DD HH:MM:SS" (or ISO 8601 with its fraction and Z), a TIMESTAMP WITH TIME ZONE converted to UTC first,
// anything else as DuckDB's text of it; NULL as an empty field.
import {readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {InputError} from "./errors.ts";
import {detectLayout, type Layout} from "./layouts.ts";
import {ident, rows, sqlString, str} from "./read.ts";

/** A Parquet file name (any case); hidden and `_`-prefixed files (`_SUCCESS`, `_metadata`) are not data. */
export const isParquetName = (name: string): boolean => !/^[._]/.test(name) && /\.parquet$/i.test(name);

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The Parquet files under a folder, at any depth (partition folders such as `day=2017-05-12/`), sorted by their
 * path inside it (so daily partitions run in date order and the result is deterministic), and what else it holds.
 */
export function listParquet(dir: string): {files: string[]; skipped: string[]} {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), {withFileTypes: true}).sort((a, b) => byText(a.name, b.name))) {
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory() && !/^[._]/.test(e.name)) walk(path);
      else if (e.isFile() && isParquetName(e.name)) files.push(path);
      else skipped.push(`${path}${e.isDirectory() ? "/" : ""} (not a .parquet file)`);
    }
  };
  walk("");
  return {files: files.sort(byText), skipped};
}

/**
 * The Parquet files of an input, each with the name it is reported by: the input itself when it is a Parquet file,
 * the files of a folder that holds any (at any depth, listParquet); [] for any other input.
 */
export function parquetFiles(input: {path: string; name?: string}): Array<{path: string; name: string}> {
  const name = input.name ?? input.path;
  let folder = false;
  try {
    folder = statSync(input.path).isDirectory();
  } catch {
    return [];
  }
  if (!folder) return isParquetName(input.path.split("/").pop() ?? "") ? [{path: input.path, name}] : [];
  return listParquet(input.path).files.map((rel) => ({path: join(input.path, rel), name: `${name}/${rel}`}));
}

export interface ParquetColumn {name: string; type: string}

/** The columns of one Parquet file (partition folders are not read as columns: the rows carry their own time). */
export async function parquetColumns(connection: DuckDBConnection, path: string, name: string): Promise<ParquetColumn[]> {
  try {
    return (await rows(connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(path)}, hive_partitioning=false)`))
      .map((r) => ({name: str(r.column_name), type: str(r.column_type)}));
  } catch (error) {
    throw new InputError(name, null, null, `could not be read as Parquet: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The layout of a Parquet file from its column names; errors name the file and the missing column, not a line. */
export function parquetLayout(columns: ParquetColumn[], name: string): Layout {
  try {
    return detectLayout(columns.map((c) => c.name), name);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(name, null, error.field, `${error.reason} (Parquet columns: ${columns.map((c) => c.name).join(", ")})`);
    throw error;
  }
}

/** One column as the text a CSV field would hold (see the header comment). */
export function columnText(c: ParquetColumn): string {
  const col = ident(c.name);
  const time = (t: string): string => `CASE WHEN microsecond(${t}) % 1000000 = 0 THEN strftime(${t}, '%Y-%m-%d %H:%M:%S')
    ELSE strftime(${t}, '%Y-%m-%dT%H:%M:%S.%fZ') END`;
  if (c.type === "VARCHAR") return col;
  if (/^TIMESTAMP( WITH TIME ZONE)?$|^TIMESTAMP_(S|MS|NS)$/.test(c.type)) {
    // A zoned time as UTC: the scan's connection has TimeZone UTC (ingest.ts), so the cast gives the UTC wall time.
    return time(c.type === "TIMESTAMP" ? col : `${col}::TIMESTAMP`);
  }
  return `CAST(${col} AS VARCHAR)`;
}

/** One Parquet file as a relation of text columns (see the header comment), in file order, for the scan. */
export function parquetRelation(path: string, columns: ParquetColumn[]): string {
  // An empty text is NULL, as read_csv reads an empty field.
  const select = columns.map((c) => `nullif(${columnText(c)}, '') AS ${ident(c.name)}`).join(", ");
  return `(SELECT ${select} FROM read_parquet(${sqlString(path)}, hive_partitioning=false))`;
}
