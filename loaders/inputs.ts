// Input paths → input files: a folder stands for its report files (daily Shadowserver reports), each then read and
// accounted for as a file of its own. Not recursive: sub-folders are listed as skipped, as is anything that is not a
// report file, so nothing is left out silently.
import {closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync} from "node:fs";
import {gunzipSync} from "node:zlib";
import {createHash} from "node:crypto";
import {basename, join} from "node:path";
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
      if (!isDir && !statSync(f.path).isFile()) throw new InputError(f.name ?? f.path, null, null, "is not a regular file (a device, pipe or socket): give a CSV file or a folder of them");
    } catch (error) {
      if (error instanceof InputError) throw error;
      out.push(f); // preflight reports the missing file with its name
      continue;
    }
    if (!isDir) {
      out.push(f);
      continue;
    }
    const name = f.name ?? f.path;
    const entries = readdirSync(f.path, {withFileTypes: true}).sort((a, b) => byText(a.name, b.name));
    // A symbolic link counts as what it points to.
    const kind = (e: (typeof entries)[number]): "file" | "folder" | "other" => {
      if (!e.isSymbolicLink()) return e.isFile() ? "file" : e.isDirectory() ? "folder" : "other";
      try {
        const target = statSync(join(f.path, e.name));
        return target.isFile() ? "file" : target.isDirectory() ? "folder" : "other";
      } catch {
        return "other";
      }
    };
    const reports = entries.filter((e) => kind(e) === "file" && isReportFileName(e.name));
    for (const e of entries) {
      if (kind(e) === "folder") skipped.push(`${name}/${e.name}/ (sub-folder: folders are read one level deep)`);
      else if (!reports.includes(e)) skipped.push(`${name}/${e.name} (not a .csv, .csv.gz or .gz file)`);
    }
    if (reports.length === 0) throw new InputError(name, null, null, "folder holds no report files (.csv, .csv.gz or .gz)");
    for (const e of reports) out.push({path: join(f.path, e.name), name: `${name}/${e.name}`});
  }
  checkDistinct(out);
  return {files: out, skipped};
}

const digests = new Map<string, string>();

/** sha256 of a file's bytes (hex), read in chunks; cached per path, size and modification time for this process. */
export function fileDigest(path: string): string {
  const stat = statSync(path);
  const key = `${path}\0${stat.size}\0${stat.mtimeMs}`;
  const cached = digests.get(key);
  if (cached !== undefined) return cached;
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  // No bigger than the file: thousands of small daily files must not each allocate the full 4 MiB.
  const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(1 << 22, stat.size + 1)));
  try {
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const digest = hash.digest("hex");
  digests.set(key, digest);
  return digest;
}

/** A small text file with a header and no data line (plain or gzip): nothing in it can be counted twice. */
function headerOnly(path: string): boolean {
  if (statSync(path).size > 64 * 1024) return false;
  let bytes = readFileSync(path);
  if (bytes.subarray(0, 4).toString("latin1") === "PAR1") return false; // a Parquet file is not text
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try { bytes = gunzipSync(bytes); } catch { return false; }
  }
  return bytes.toString("utf-8").split(/\r?\n/).filter((line) => line.trim() !== "").length <= 1;
}

/**
 * One input, counted once: refuses (InputError) a file given twice, by the same resolved path (also through a
 * folder or a symbolic link) or with the same bytes under another name. Files of different sizes cannot be equal,
 * so only files of equal size are hashed.
 */
export function checkDistinct(files: InputFile[]): void {
  const seen = new Map<string, InputFile>();
  const bySize = new Map<number, InputFile[]>();
  const label = (f: InputFile): string => f.name ?? f.path;
  for (const f of files) {
    let real: string;
    let size: number;
    try {
      real = realpathSync(f.path);
      size = statSync(real).size;
    } catch {
      continue; // preflight reports a missing file with its name
    }
    const earlier = seen.get(real);
    if (earlier !== undefined) {
      throw new InputError(label(f), null, null, `is the same file as ${label(earlier)}, given twice: each input is read once (remove one of them)`);
    }
    seen.set(real, f);
    bySize.set(size, [...(bySize.get(size) ?? []), {...f, path: real}]);
  }
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    const byDigest = new Map<string, InputFile>();
    for (const f of group) {
      if (headerOnly(f.path)) continue; // two empty daily reports (a header, no rows) add nothing twice
      const digest = fileDigest(f.path);
      const earlier = byDigest.get(digest);
      if (earlier !== undefined) {
        throw new InputError(label(f), null, null, `has exactly the same bytes as ${label(earlier)} (sha256 ${digest.slice(0, 12)}…): the same data given twice would be counted twice; remove one of them`);
      }
      byDigest.set(digest, f);
    }
  }
}

/**
 * The content hash of a run (20 hex digits): `base` (the hash of the code and configuration), the run's settings,
 * and each input file's name (as reported) and sha256, in order. Never a modification time or an absolute path, so
 * two checkouts of the same commit given the same inputs agree.
 */
export function runHash(base: string, settings: Record<string, string>, files: InputFile[]): string {
  const hash = createHash("sha256");
  const part = (text: string): void => { hash.update(`${Buffer.byteLength(text)}:${text}\n`); };
  part(base);
  for (const key of Object.keys(settings).sort()) { part(key); part(settings[key] ?? ""); }
  // A missing file is reported by the ingest with its name ("file not found"), not here.
  for (const f of files) { part(f.name ?? basename(f.path)); part(existsSync(f.path) ? fileDigest(f.path) : "missing"); }
  return hash.digest("hex").slice(0, 20);
}
