// Reads the small committed CSV tables in data/ (mapping tables, reference data).
import {readFileSync} from "node:fs";
import {csvParse} from "d3-dsv";
import {dataPath} from "./paths.ts";

export type TableRow = Record<string, string>;

/** Rows of data/<name>; every value is a string (missing cells are ""). */
export function readDataTable(name: string): TableRow[] {
  const text = readFileSync(dataPath(name), "utf-8");
  return csvParse(text).map((row) => {
    const out: TableRow = {};
    for (const [key, value] of Object.entries(row)) out[key] = value ?? "";
    return out;
  });
}
