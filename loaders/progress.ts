// Progress of a long run on stderr (never stdout): rows and bytes so far, rate and time left, at most once every
// two seconds, and only when asked (`--progress`) or when stderr is a terminal. The line is built by a pure function
// (formatProgress) so it can be tested; DuckDB queries are watched through the connection's own progress counter.
import type {DuckDBConnection} from "@duckdb/node-api";

export const PROGRESS_INTERVAL_MS = 2000;

export interface ProgressState {
  /** Rows so far (null when the source counts only bytes, as DuckDB's CSV reader does). */
  rows: number | null;
  /** Bytes read so far (null when the source does not say). */
  bytes: number | null;
  totalRows: number | null;
  totalBytes: number | null;
  elapsedMs: number;
}

const SI = ["", "k", "M", "G", "T"];

/** 1234567 → "1.23M"; bytes with unit "B" → "1.23 MB". */
export function human(n: number, unit = ""): string {
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1000 && i < SI.length - 1) { v /= 1000; i++; }
  const text = i === 0 ? String(Math.round(v)) : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2);
  return unit === "" ? `${text}${SI[i]}` : `${text} ${SI[i]}${unit}`;
}

/** Seconds as "1h02m", "3m05s" or "42s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/**
 * The fraction done: by bytes when both are known (the input's size is what the reader walks), else by rows,
 * else null (no time left is shown rather than a guess).
 */
export function fractionDone(p: ProgressState): number | null {
  if (p.bytes !== null && p.totalBytes !== null && p.totalBytes > 0) return Math.min(1, p.bytes / p.totalBytes);
  if (p.rows !== null && p.totalRows !== null && p.totalRows > 0) return Math.min(1, p.rows / p.totalRows);
  return null;
}

/** "label: 1.20M rows, 45.0 MB of 120 MB, 410k rows/s, 3m05s left" (bytes/s when rows are not counted). */
export function formatProgress(label: string, p: ProgressState): string {
  const parts: string[] = [];
  if (p.rows !== null) parts.push(`${human(p.rows)}${p.totalRows === null ? "" : ` of ${human(p.totalRows)}`} rows`);
  if (p.bytes !== null) parts.push(`${human(p.bytes, "B")}${p.totalBytes === null ? "" : ` of ${human(p.totalBytes, "B")}`}`);
  const seconds = p.elapsedMs / 1000;
  if (seconds > 0 && p.rows !== null) parts.push(`${human(p.rows / seconds)} rows/s`);
  else if (seconds > 0 && p.bytes !== null) parts.push(`${human(p.bytes / seconds, "B")}/s`);
  const done = fractionDone(p);
  if (done !== null && done > 0 && seconds > 0) parts.push(`${duration(seconds * (1 - done) / done)} left`);
  return `${label}: ${parts.join(", ")}`;
}

/** Whether to show progress: `--progress` forces it on, `--no-progress`/false off, else only on a terminal. */
export function progressWanted(flag: boolean | undefined, stream: {isTTY?: boolean} = process.stderr): boolean {
  return flag ?? stream.isTTY === true;
}

export interface ProgressOptions {
  label: string;
  totalRows?: number | null;
  totalBytes?: number | null;
  /** Where lines go; default stderr. */
  write?: (line: string) => void;
  intervalMs?: number;
  now?: () => number;
}

/** A throttled reporter: update() as often as you like, a line is written at most once per interval. */
export class Progress {
  private readonly started: number;
  private last = -Infinity;
  private readonly write: (line: string) => void;
  private readonly now: () => number;
  private readonly interval: number;
  totalRows: number | null;
  totalBytes: number | null;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => Date.now());
    this.started = this.now();
    this.write = options.write ?? ((line) => process.stderr.write(line + "\n"));
    this.interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
    this.totalRows = options.totalRows ?? null;
    this.totalBytes = options.totalBytes ?? null;
  }

  /** Reports the counts so far; returns the line when one was written. */
  update(rows: number | null, bytes: number | null = null, label = this.options.label, since = this.started): string | null {
    const now = this.now();
    // The first line only after one interval: a short run prints nothing.
    if (now - this.started < this.interval || now - this.last < this.interval) return null;
    this.last = now;
    const line = formatProgress(label, {rows, bytes, totalRows: this.totalRows, totalBytes: this.totalBytes, elapsedMs: now - since});
    this.write(line);
    return line;
  }
}

/** A reporter that writes nothing (progress not wanted). */
export const NO_PROGRESS = new Progress({label: "", write: () => {}, intervalMs: Number.POSITIVE_INFINITY});

/**
 * Watches the DuckDB queries running on `connection` through DuckDB's progress counter, and reports each that runs
 * long: as bytes (its fraction done of `totalBytes`), and as rows only when `rows` says the counter counts rows (a
 * Parquet read does; a CSV read counts buffers). The rate and time left are those of the current query. Turns
 * DuckDB's progress tracking on for the connection without its own printed bar. Returns a function that stops.
 */
export async function watchDuckDb(connection: DuckDBConnection, progress: Progress, label: string, totalBytes: number | null = null, rows = false): Promise<() => void> {
  await connection.run("SET enable_progress_bar=true");
  await connection.run("SET enable_progress_bar_print=false");
  let started = Date.now();
  let query = "";
  let queries = 0;
  const timer = setInterval(() => {
    const q = connection.progress;
    if (q.percentage < 0) return;
    const total = Number(q.total_rows_to_process);
    // A new query (another total): its rate counts from now.
    if (String(total) !== query) { query = String(total); started = Date.now(); queries++; }
    const bytes = totalBytes === null ? null : Math.round(totalBytes * Math.min(100, q.percentage) / 100);
    progress.totalRows = rows && total > 0 ? total : null;
    progress.totalBytes = totalBytes;
    progress.update(rows ? Number(q.rows_processed) : null, bytes, `${label}, step ${queries}`, started);
  }, Math.min(500, PROGRESS_INTERVAL_MS));
  timer.unref();
  return () => clearInterval(timer);
}
