// Input paths → input files: a folder stands for its report files (daily Shadowserver reports), each then read and
// accounted for as a file of its own. Not recursive: sub-folders are listed as skipped, as is anything that is not a
// report file, so nothing is left out silently.
import {readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {InputError} from "./errors.ts";

export interface InputFile {path: string; name?: string}

/**
 * A path as a DuckDB file pattern that matches only that file: DuckDB's read_csv treats `*`, `?` and `[` in a
 * name as a glob, so each becomes a one-character class (`[*]`, `[?]`, `[[]`), which matches the character itself.
 * A file named `*.csv` then reads only itself, and `data[1].csv` never reads `data1.csv`.
 */
export function literalPath(path: string): string {
  return path.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** Report file names in a folder: `.csv`, `.csv.gz` or `.gz` (any case). Hidden files are not reports. */
export const isReportFileName = (name: string): boolean => !name.startsWith(".") && /\.(csv|csv\.gz|gz)$/i.test(name);

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Expands folders into their report files, sorted by name (so daily files run in date order and the result is
 * deterministic); files pass through. `skipped` lists what a folder held that is not read (with why).
 */
export function expandInputs(files: InputFile[]): {files: InputFile[]; skipped: string[]} {
  const out: InputFile[] = [];
  const skipped: string[] = [];
  for (const f of files) {
    let isDir = false;
    try {
      isDir = statSync(f.path).isDirectory();
    } catch {
      out.push(f); // preflight reports the missing file with its name
      continue;
    }
    if (!isDir) {
      out.push(f);
      continue;
    }
    const name = f.name ?? f.path;
    const entries = readdirSync(f.path, {withFileTypes: true}).sort((a, b) => byText(a.name, b.name));
    const reports = entries.filter((e) => e.isFile() && isReportFileName(e.name));
    for (const e of entries) {
      if (e.isDirectory()) skipped.push(`${name}/${e.name}/ (sub-folder: folders are read one level deep)`);
      else if (!reports.includes(e)) skipped.push(`${name}/${e.name} (not a .csv, .csv.gz or .gz file)`);
    }
    if (reports.length === 0) throw new InputError(name, null, null, "folder holds no report files (.csv, .csv.gz or .gz)");
    for (const e of reports) out.push({path: join(f.path, e.name), name: `${name}/${e.name}`});
  }
  return {files: out, skipped};
}
