// Physical line accounting for one input file, so no line goes uncounted. DuckDB reports each record it cannot
// parse once, at its first line; a record with an unclosed quote runs on over the following lines (up to the end
// of the file), and those lines would otherwise vanish from the summary. ingest.ts compares the file's non-empty
// data lines with the records DuckDB accounted for and counts the difference as rejected lines.
// A gzip-compressed file (magic bytes) is decompressed as a stream (node:zlib), so these passes are async.
import {closeSync, createReadStream, fstatSync, openSync, readSync} from "node:fs";
import {createGunzip} from "node:zlib";
import {isUtf8} from "node:buffer";
import type {Reason} from "./reasons.ts";

export interface StructuralReject {line: number; reason: Reason; message: string}

/** The longest record the CSV reader accepts (read.ts max_line_size); longer ones are rejected as line_too_long. */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Bytes read at a time: 256 KiB stays in the CPU's cache for the passes over it (NUL, UTF-8, line breaks); fileFacts
 * over the 1M-row modelled file took 53 ms alone against 69 ms with 8 MiB (4 Dec).
 */
const CHUNK = 1 << 18;

/**
 * Calls `visit` with each successive chunk of the file's text (a view valid only during the call). A plain file is
 * read synchronously (fastest); a gzip file is streamed through node:zlib.
 */
async function forEachChunk(path: string, visit: (chunk: Buffer) => void): Promise<void> {
  const fd = openSync(path, "r");
  // No bigger than the file: thousands of small daily files must not each allocate the full chunk.
  const buffer = Buffer.allocUnsafe(Math.max(2, Math.min(CHUNK, fstatSync(fd).size + 1)));
  let n = 0;
  try {
    n = readSync(fd, buffer, 0, buffer.length, null);
    const gzip = buffer[0] === 0x1f && buffer[1] === 0x8b;
    if (!gzip) {
      for (; n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) visit(buffer.subarray(0, n));
      return;
    }
  } finally {
    closeSync(fd);
  }
  const stream = createReadStream(path, {highWaterMark: CHUNK}).pipe(createGunzip({chunkSize: 1 << 20}));
  try {
    for await (const chunk of stream) visit(chunk as Buffer);
  } catch (error) {
    throw new Error(`gzip stream: ${(error as Error).message}`);
  }
}

/** Counts non-empty lines chunk by chunk (LF or CRLF endings; a last line without a newline counts). */
function lineCounter(): {visit: (chunk: Buffer) => void; dataLines: () => number; blankLines: () => number; nulLine: () => number | null} {
  let lines = 0;
  let blank = 0; // empty lines after the header (outside or inside quoted fields)
  let newlines = 0; // physical line breaks so far
  let nul: number | null = null; // the physical line of the first NUL byte
  let lineLength = 0; // bytes on the current line, not counting a CR just before LF
  let pendingCr = false;
  const visit = (chunk: Buffer): void => {
    const n = chunk.length;
    let start = 0;
    if (nul === null) {
      const z = chunk.indexOf(0);
      if (z !== -1) nul = newlines + chunk.subarray(0, z).filter((b) => b === 0x0a).length + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? n : nl;
      if (end > start) {
        lineLength += (pendingCr ? 1 : 0) + (end - start);
        pendingCr = chunk[end - 1] === 0x0d;
        if (pendingCr) lineLength--;
      }
      if (end === n) break;
      newlines++;
      if (lineLength > 0) lines++;
      else if (lines > 0) blank++;
      lineLength = 0;
      pendingCr = false;
      start = end + 1;
    }
  };
  return {visit, dataLines: () => Math.max(0, lines + (lineLength > 0 || pendingCr ? 1 : 0) - 1), blankLines: () => blank, nulLine: () => nul};
}

/** Checks UTF-8 chunk by chunk; a sequence cut at a chunk end is carried over to the next chunk. */
function utf8Checker(): {visit: (chunk: Buffer) => void; valid: () => boolean} {
  let carry = Buffer.alloc(0);
  let ok = true;
  const visit = (chunk: Buffer): void => {
    if (!ok) return;
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    // Back up over an incomplete sequence at the end: a lead byte followed by fewer continuation bytes than it needs.
    let end = bytes.length;
    for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
      const b = bytes[i] ?? 0;
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (bytes.length - i < need) end = i;
      break;
    }
    ok = isUtf8(bytes.subarray(0, end));
    carry = Buffer.from(bytes.subarray(end));
  };
  return {visit, valid: () => ok && carry.length === 0};
}

/** Non-empty lines after the header line. */
export async function countDataLines(path: string): Promise<number> {
  const counter = lineCounter();
  await forEachChunk(path, counter.visit);
  return counter.dataLines();
}

/**
 * A NUL byte anywhere makes the file a binary, not a CSV: a file-level error (preflight finds one in the first
 * 64 KiB; this finds one later, and the ingest reports it with the file's name: "could not be read as CSV").
 */
function noNul(line: number | null): void {
  if (line !== null) throw new Error(`contains NUL bytes (the first on line ${line}): not a text CSV file`);
}

/** Non-empty data lines and empty lines after the header. */
export interface LineFacts {dataLines: number; blankLines: number}

/** Line facts of a file (the staged path; the single scan gets them from fileFacts). */
export async function lineFacts(path: string): Promise<LineFacts> {
  const counter = lineCounter();
  await forEachChunk(path, counter.visit);
  noNul(counter.nulLine());
  return {dataLines: counter.dataLines(), blankLines: counter.blankLines()};
}

/** Line facts and whether the whole file is valid UTF-8, in one read. */
export async function fileFacts(path: string): Promise<LineFacts & {utf8: boolean}> {
  const counter = lineCounter();
  const utf8 = utf8Checker();
  await forEachChunk(path, (chunk) => { counter.visit(chunk); utf8.visit(chunk); });
  noNul(counter.nulLine());
  return {dataLines: counter.dataLines(), blankLines: counter.blankLines(), utf8: utf8.valid()};
}

/** A physical line after the header that does not start a record: empty, or inside a quoted field that began on `start`. */
interface OtherLine {line: number; start: number | null; content: boolean}

/**
 * The lines after the header that start no record, by one RFC 4180 pass: a quoted field may hold line breaks
 * (LF or CRLF) and `""` stands for a quote inside it, so a line that begins inside a quoted field continues the
 * record that began on `start`. Empty lines outside a record have start null. Physical line numbers (header = 1).
 */
async function otherLines(path: string): Promise<{others: OtherLine[]; long: number[]}> {
  const out: OtherLine[] = [];
  const long: number[] = []; // lines longer than the reader's limit
  let length = 0;
  let line = 1;
  let inQuotes = false;
  let startedInQuotes = false; // the current line began inside a quoted field
  let content = false; // the current line has a byte other than CR
  let start = 1; // the line the current record began on
  const endLine = (): void => {
    if (line === 1) return;
    if (startedInQuotes) out.push({line, start, content});
    else if (!content) out.push({line, start: null, content});
    else start = line;
  };
  await forEachChunk(path, (chunk) => {
    for (const byte of chunk) {
      if (byte === 0x0a) {
        endLine();
        if (length > MAX_LINE_BYTES) long.push(line);
        length = 0;
        line++;
        startedInQuotes = inQuotes;
        content = false;
      } else {
        length++;
        if (byte !== 0x0d) content = true;
        if (byte === 0x22) inQuotes = !inQuotes;
      }
    }
  });
  if (content || startedInQuotes) endLine();
  if (length > MAX_LINE_BYTES) long.push(line);
  return {others: out, long};
}

/**
 * Lines that continue a record on the line before: a line that ends inside a quoted field (odd number of
 * quote characters so far in the record) carries its record on to the next line. Physical line numbers (header = 1).
 */
export async function continuationLines(path: string): Promise<number[]> {
  const out: number[] = [];
  let line = 1;
  let inQuotes = false;
  await forEachChunk(path, (chunk) => {
    for (const byte of chunk) {
      if (byte === 0x22) inQuotes = !inQuotes;
      else if (byte === 0x0a) {
        line++;
        if (inQuotes) out.push(line);
      }
    }
  });
  return out;
}

/**
 * Accounts for every line of a file once DuckDB has read it. DuckDB numbers a record by its line not counting the
 * line breaks inside quoted fields, and does not report the lines a broken record swallowed. Returns the rejects at
 * physical lines (the structural ones moved to their physical line, plus every swallowed line as a reject at its own
 * line, so that rows read = data lines and nothing disappears from the summary) and `skip`: the lines that start no
 * record (empty lines, lines inside a multi-line quoted field), which recordLine() needs to give physical lines.
 * A file whose every non-empty line is a record needs no second pass.
 */
export async function accountLines(path: string, facts: LineFacts, parsed: number, structural: StructuralReject[]): Promise<{rejects: StructuralReject[]; skip: number[]}> {
  const missing = facts.dataLines - parsed - structural.length;
  if (missing <= 0 && facts.blankLines === 0) return {rejects: structural, skip: []};
  const {others, long} = await otherLines(path);
  const continued = others.filter((o) => o.start !== null).map((o) => o.line);
  // A line longer than the reader's buffer can be dropped without a word, and the reader then numbers the lines after
  // it one lower: such lines are skipped like continuation lines when its line numbers are mapped back. A long line
  // the reader did report (line_too_long) is not one of them.
  const skipped = [...continued]; // ascending, as recordLine needs
  for (const line of long) {
    if (structural.some((s) => s.reason === "line_too_long" && recordLine(s.line - 1, skipped) === line)) continue;
    skipped.push(line);
    skipped.sort((a, b) => a - b);
  }
  const rejects = structural.map((s) => ({...s, line: recordLine(s.line - 1, skipped)}));
  const rejected = new Set(rejects.map((r) => r.line));
  const swallowed: StructuralReject[] = others.filter((o) => o.start !== null && o.content && rejected.has(o.start))
    .map((o) => ({line: o.line, reason: "malformed_quoting", message: `line inside the record at line ${o.start} that could not be read (a quoted field runs on: unclosed quote?)`}));
  const inParsed = others.filter((o) => o.start !== null && o.content && !rejected.has(o.start)).length;
  const rest = facts.dataLines - parsed - rejects.length - swallowed.length - inParsed;
  // The reader and the RFC 4180 pass disagree on where a broken record ends: count by the reader's lines instead.
  if (rest < 0) return {rejects: [...structural, ...await legacySwallowed(path, missing, structural)], skip: []};
  const out = [...rejects, ...swallowed];
  // Lines over the size limit that the reader dropped without a word (it may, for a line longer than its buffer): at their own line.
  const dropped = long.filter((l) => !out.some((r) => r.line === l)).slice(0, rest);
  for (const line of dropped) out.push({line, reason: "line_too_long", message: `line longer than ${MAX_LINE_BYTES} bytes`});
  // The rest are lines the reader skipped after a record it could not read: counted with that record's reason, after it.
  const last = rejects.at(-1);
  let next = Math.max(0, ...out.map((s) => s.line)) + 1;
  for (let i = dropped.length; i < rest; i++) {
    out.push({line: next++, reason: last?.reason ?? "unparseable_line", message: `line skipped by the reader after the unreadable record at line ${last?.line ?? "?"}`});
  }
  return {rejects: out.sort((a, b) => a.line - b.line), skip: others.map((o) => o.line)};
}

/** The lines before each parsed row that are not its start: rejected lines and `skip` lines, sorted, once each. */
export function nonRecordLines(f: {structural: Array<{line: number}>; skip?: number[]} | undefined): number[] {
  if (f === undefined) return [];
  return [...new Set([...f.structural.map((s) => s.line), ...(f.skip ?? [])])].sort((a, b) => a - b);
}

/** When the two passes disagree: lines inside a quote (by a plain quote count), as rejects after the reported ones. */
async function legacySwallowed(path: string, missing: number, structural: StructuralReject[]): Promise<StructuralReject[]> {
  const reported = new Set(structural.map((s) => s.line));
  const lines = (await continuationLines(path)).filter((l) => !reported.has(l)).slice(0, missing);
  const quoted: StructuralReject[] = lines.map((line) => ({line, reason: "malformed_quoting", message: "line inside a quoted field that runs on from an earlier line (unclosed quote?)"}));
  const last = structural.at(-1);
  let next = Math.max(0, ...lines, ...structural.map((s) => s.line)) + 1;
  while (quoted.length < missing) {
    quoted.push({line: next++, reason: last?.reason ?? "unparseable_line", message: `line skipped by the reader after the unreadable record at line ${last?.line ?? "?"}`});
  }
  return quoted;
}

/** Counts of LF-only and CRLF line endings. */
export async function lineEndings(path: string): Promise<{lf: number; crlf: number; firstMinorityLine: number | null}> {
  let lf = 0;
  let crlf = 0;
  let firstLf: number | null = null;
  let firstCrlf: number | null = null;
  let lastByte = -1; // the last byte of the previous chunk
  await forEachChunk(path, (chunk) => {
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, nl + 1)) {
      const line = lf + crlf + 1;
      const before = nl > 0 ? chunk[nl - 1] : lastByte;
      if (before === 0x0d) { crlf++; firstCrlf ??= line; } else { lf++; firstLf ??= line; }
    }
    lastByte = chunk[chunk.length - 1]!;
  });
  return {lf, crlf, firstMinorityLine: lf > 0 && crlf > 0 ? (lf < crlf ? firstLf : firstCrlf) : null};
}

/**
 * Maps a record number (1-based, among parsed records) to its physical line, skipping the lines before it that
 * start no parsed record (rejected records and accountLines' `skip`, sorted, each once: nonRecordLines()).
 */
export function recordLine(recordNumber: number, rejectedLines: number[]): number {
  let line = recordNumber + 1;
  for (const rejected of rejectedLines) {
    if (rejected <= line) line++;
    else break;
  }
  return line;
}
