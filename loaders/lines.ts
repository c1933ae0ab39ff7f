// Physical line accounting for one input file, so no line goes uncounted. DuckDB reports each record it cannot
// parse once, at its first line; a record with an unclosed quote runs on over the following lines (up to the end
// of the file), and those lines would otherwise vanish from the summary. ingest.ts compares the file's non-empty
// data lines with the records DuckDB accounted for and counts the difference as rejected lines.
import {closeSync, openSync, readSync} from "node:fs";
import type {Reason} from "./reasons.ts";

export interface StructuralReject {line: number; reason: Reason; message: string}

/** Non-empty lines after the header line (LF or CRLF endings; a last line without a newline counts). */
export function countDataLines(path: string): number {
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  let lineLength = 0; // bytes on the current line, not counting a CR just before LF
  let pendingCr = false;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      let start = 0;
      for (;;) {
        const nl = buffer.indexOf(0x0a, start);
        const end = nl === -1 || nl >= n ? n : nl;
        if (end > start) {
          lineLength += (pendingCr ? 1 : 0) + (end - start);
          pendingCr = buffer[end - 1] === 0x0d;
          if (pendingCr) lineLength--;
        }
        if (end === n) break;
        if (lineLength > 0) lines++;
        lineLength = 0;
        pendingCr = false;
        start = end + 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  if (lineLength > 0 || pendingCr) lines++;
  return Math.max(0, lines - 1);
}

/**
 * Lines that continue a record on the line before: a line that ends inside a quoted field (odd number of
 * quote characters so far in the record) carries its record on to the next line. Physical line numbers (header = 1).
 */
export function continuationLines(path: string): number[] {
  const out: number[] = [];
  let line = 1;
  let inQuotes = false;
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const byte = buffer[i];
        if (byte === 0x22) inQuotes = !inQuotes;
        else if (byte === 0x0a) {
          line++;
          if (inQuotes) out.push(line);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/**
 * Lines of the file that are neither a parsed record nor a reported reject: lines swallowed into another record
 * by an unclosed (or late-closed) quote. They are returned as rejects, at their own line numbers, so that
 * rows read = data lines and nothing disappears from the summary.
 */
export function swallowedLines(path: string, dataLines: number, parsed: number, structural: StructuralReject[]): StructuralReject[] {
  const missing = dataLines - parsed - structural.length;
  if (missing <= 0) return [];
  const reported = new Set(structural.map((s) => s.line));
  const lines = continuationLines(path).filter((l) => !reported.has(l)).slice(0, missing);
  const quoted: StructuralReject[] = lines.map((line) => ({line, reason: "malformed_quoting", message: "line inside a quoted field that runs on from an earlier line (unclosed quote?)"}));
  // The rest are lines the reader skipped after a record it could not read (e.g. one over the line-size limit):
  // counted with that record's reason, after it.
  const last = structural.at(-1);
  let next = Math.max(0, ...lines, ...structural.map((s) => s.line)) + 1;
  while (quoted.length < missing) {
    quoted.push({line: next++, reason: last?.reason ?? "unparseable_line", message: `line skipped by the reader after the unreadable record at line ${last?.line ?? "?"}`});
  }
  return quoted;
}

/** Counts of LF-only and CRLF line endings. */
export function lineEndings(path: string): {lf: number; crlf: number; firstMinorityLine: number | null} {
  let lf = 0;
  let crlf = 0;
  let firstLf: number | null = null;
  let firstCrlf: number | null = null;
  let previous = -1;
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        if (buffer[i] === 0x0a) {
          const line = lf + crlf + 1;
          if (previous === 0x0d) { crlf++; firstCrlf ??= line; } else { lf++; firstLf ??= line; }
        }
        previous = buffer[i]!;
      }
    }
  } finally {
    closeSync(fd);
  }
  return {lf, crlf, firstMinorityLine: lf > 0 && crlf > 0 ? (lf < crlf ? firstLf : firstCrlf) : null};
}
