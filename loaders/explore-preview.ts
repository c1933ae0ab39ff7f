// The Explore page's first result, computed at build time (issue 15: a first result under 1.5 s): the default
// example's SQL run by DuckDB (node) over the same pipeline tables the page loads, written as Arrow with the query
// in its schema metadata. The page shows it at once and replaces it with the live result when DuckDB-WASM is ready.
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {DataType, Float64, Int64, Table, TimestampMillisecond, Utf8, tableFromIPC, vectorFromArray, type Vector} from "apache-arrow";
import {csvField} from "../src/components/figure/csv.ts";
import {toIpc} from "./arrow.ts";
import {ident, rows, sqlString} from "./read.ts";

/** A DuckDB column type for an Arrow type (the types the pipeline writes). */
export function duckdbType(type: DataType): string {
  if (DataType.isTimestamp(type)) return "TIMESTAMP";
  if (DataType.isDate(type)) return "DATE";
  if (DataType.isBool(type)) return "BOOLEAN";
  if (DataType.isInt(type)) return "BIGINT";
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return "DOUBLE";
  return "VARCHAR";
}

/**
 * Runs `sql` over the named Arrow tables (IPC bytes by SQL table name) and returns the result as Arrow IPC with
 * `query` in its metadata. Tables go through CSV (DuckDB's core reader; no extension, no network).
 */
export async function queryArrowTables(sql: string, tables: Record<string, Uint8Array>): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), "atlas-preview-"));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const [name, bytes] of Object.entries(tables)) {
      const table = tableFromIPC(bytes);
      const fields = table.schema.fields;
      const lines = [fields.map((f) => csvField(f.name)).join(",")];
      for (const row of table) {
        lines.push(fields.map((f) => {
          const v: unknown = row[f.name];
          if (v == null) return "";
          if (DataType.isTimestamp(f.type) || DataType.isDate(f.type)) return new Date(Number(v)).toISOString().replace("Z", "");
          return JSON.stringify(String(v));
        }).join(","));
      }
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, lines.join("\n") + "\n");
      const columns = `{${fields.map((f) => `${sqlString(f.name)}: ${sqlString(duckdbType(f.type))}`).join(", ")}}`;
      await connection.run(`CREATE TABLE ${ident(name)} AS FROM read_csv(${sqlString(path)}, header = true, columns = ${columns}, quote = '"', escape = '"')`);
    }
    const reader = await connection.runAndReadAll(`DESCRIBE ${sql}`);
    const types = new Map(Object.values(reader.getRowObjectsJS()).map((r) => [String(r.column_name), String(r.column_type)]));
    const result = await rows(connection, sql);
    const vectors: Record<string, Vector> = {};
    for (const [name, type] of types) {
      const values = result.map((r) => r[name]);
      if (/^TIMESTAMP|^DATE/.test(type)) vectors[name] = vectorFromArray(values.map((v) => (v == null ? null : new Date(String(v)).getTime())), new TimestampMillisecond("UTC"));
      else if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER)$/.test(type)) vectors[name] = vectorFromArray(values.map((v) => (v == null ? null : BigInt(v as bigint))), new Int64());
      else if (/^(DOUBLE|FLOAT|DECIMAL)/.test(type)) vectors[name] = vectorFromArray(values.map((v) => (v == null ? null : Number(v))), new Float64());
      else vectors[name] = vectorFromArray(values.map((v) => (v == null ? null : String(v))), new Utf8());
    }
    const table = new Table(vectors);
    table.schema.metadata.set("query", sql);
    table.schema.metadata.set("computed", "at build time, by DuckDB over the pipeline's tables");
    return toIpc(table);
  } finally {
    connection.closeSync();
    rmSync(dir, {recursive: true, force: true});
  }
}
