// Pre-flight checks on a file's first bytes: empty file, BOM, CRLF, NUL bytes, invalid UTF-8,
// wrong delimiter, malformed or missing header, wrong report type. Errors are InputErrors. A gzip-compressed file
// (told by its magic bytes, whatever its name) is checked on its decompressed start.
import {openSync, readSync, closeSync, statSync} from "node:fs";
import {constants, gunzipSync} from "node:zlib";
import {basename} from "node:path";
import {InputError} from "./errors.ts";
import {detectLayout, type Layout} from "./layouts.ts";

export interface Preflight {
  path: string;
  /** Name used in messages (file:line). */
  name: string;
  /** Size on disk (compressed size for a gzip file). */
  bytes: number;
  /** gzip-compressed (magic bytes 1f 8b): DuckDB and the line pass decompress it as they read. */
  gzip: boolean;
  bom: boolean;
  crlf: boolean;
  /** Header names exactly as written (BOM removed). */
  headers: string[];
  layout: Layout;
  notes: string[];
}

const SNIFF_BYTES = 1 << 16;

/**
 * The most header columns a file may have. Shadowserver reports have under 100; DuckDB sizes its buffers by the
 * column count, and 12,000 columns run it out of memory, so a wider file is refused before it reads any.
 */
export const MAX_COLUMNS = 1000;

/** Splits one CSV line (RFC 4180 quoting), or returns an error reason. */
export function splitCsvLine(line: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= line.length) return "unterminated quoted field";
        if (line[i] === '"') {
          if (line[i + 1] === '"') { value += '"'; i += 2; continue; }
          i++;
          break;
        }
        value += line[i];
        i++;
      }
      if (i < line.length && line[i] !== ",") return "text after a closing quote";
      out.push(value);
      i++;
    } else {
      const end = line.indexOf(",", i);
      const value = end === -1 ? line.slice(i) : line.slice(i, end);
      if (value.includes('"')) return "quote inside an unquoted field";
      out.push(value);
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

/** gzip magic bytes. */
export const isGzip = (start: Uint8Array): boolean => start[0] === 0x1f && start[1] === 0x8b;

/** Checks a file before DuckDB reads it. */
export function preflight(path: string, name: string = basename(path)): Preflight {
  let bytes: number;
  try {
    bytes = statSync(path).size;
  } catch {
    throw new InputError(name, null, null, "file not found or not readable");
  }
  if (bytes === 0) throw new InputError(name, null, null, "empty file (0 bytes): expected a header line and data rows");
  const fd = openSync(path, "r");
  const raw = Buffer.alloc(Math.min(bytes, SNIFF_BYTES));
  try {
    readSync(fd, raw, 0, raw.length, 0);
  } finally {
    closeSync(fd);
  }
  const notes: string[] = [];
  const gzip = isGzip(raw);
  let buffer: Buffer = raw;
  // Whether the file goes on beyond `buffer`.
  let more = bytes > SNIFF_BYTES;
  // ZIP local file header "PK\x03\x04": an archive, not a CSV (a gzip-compressed CSV is read as it is).
  if (raw[0] === 0x50 && raw[1] === 0x4b && raw[2] === 0x03 && raw[3] === 0x04) {
    throw new InputError(name, null, null, "a ZIP archive, not a CSV file: unzip it and give the CSV files inside (a gzip-compressed .csv.gz is read as it is)");
  }
  if (gzip) {
    let head: Buffer;
    try {
      // Z_SYNC_FLUSH: decompress what the first bytes hold without requiring the end of the stream.
      head = gunzipSync(raw, {finishFlush: constants.Z_SYNC_FLUSH});
      // Nothing came out of a whole file: decompress strictly, so a cut or corrupt stream is told from an empty one.
      if (head.length === 0 && !more) head = gunzipSync(raw);
    } catch (error) {
      throw new InputError(name, null, null, `starts like a gzip file but cannot be decompressed (${(error as Error).message})`);
    }
    if (head.length === 0 && !more) throw new InputError(name, null, null, "empty file (gzip with no content): expected a header line and data rows");
    more ||= head.length > SNIFF_BYTES;
    buffer = head.subarray(0, SNIFF_BYTES);
    notes.push("gzip-compressed");
  }
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  if (bom) notes.push("UTF-8 byte-order mark removed");
  if (buffer[0] === 0xff && buffer[1] === 0xfe || buffer[0] === 0xfe && buffer[1] === 0xff) {
    throw new InputError(name, 1, null, "file is UTF-16 encoded; save it as UTF-8");
  }
  const nul = buffer.indexOf(0);
  if (nul !== -1) {
    const line = buffer.subarray(0, nul).toString("latin1").split("\n").length;
    throw new InputError(name, line, null, "contains NUL bytes: not a text CSV file");
  }
  const newline = buffer.indexOf(0x0a);
  if (newline === -1 && more) throw new InputError(name, 1, null, `header line longer than ${SNIFF_BYTES} bytes`);
  const headerBytes = buffer.subarray(bom ? 3 : 0, newline === -1 ? buffer.length : newline);
  let header: string;
  try {
    header = new TextDecoder("utf-8", {fatal: true}).decode(headerBytes);
  } catch {
    throw new InputError(name, 1, null, "header line is not valid UTF-8");
  }
  const crlf = header.endsWith("\r");
  if (crlf) {
    header = header.slice(0, -1);
    notes.push("CRLF line endings");
  }
  if (header.trim() === "") throw new InputError(name, 1, null, "missing header: the first line is empty");
  const cells = splitCsvLine(header);
  // One column, or quoted names with text between them ("a";"b"): another delimiter, when the header has one.
  if (typeof cells === "string" || cells.length === 1) {
    const other = [";", "\t", "|"].find((d) => header.includes(d));
    if (other !== undefined) {
      throw new InputError(name, 1, null, `wrong delimiter: the header is separated by ${JSON.stringify(other)}, expected ","`);
    }
  }
  if (typeof cells === "string") throw new InputError(name, 1, null, `malformed header: ${cells}`);
  if (/^\s*\d{4}-\d{2}-\d{2}[ T]/.test(cells[0] ?? "") || cells.some((c) => /^\d+(\.\d+){3}$/.test(c))) {
    throw new InputError(name, 1, null, "missing header: the first line looks like data (a timestamp or IP address)");
  }
  if (cells.length > MAX_COLUMNS) throw new InputError(name, 1, null, `too many columns: the header has ${cells.length}, at most ${MAX_COLUMNS} are read`);
  const seen = new Set<string>();
  for (const cell of cells) {
    const key = cell.trim().toLowerCase();
    if (key === "") throw new InputError(name, 1, null, "malformed header: an empty column name");
    if (seen.has(key)) throw new InputError(name, 1, cell, "malformed header: duplicate column name");
    seen.add(key);
  }
  const layout = detectLayout(cells, name);
  return {path, name, bytes, gzip, bom, crlf, headers: cells, layout, notes};
}
