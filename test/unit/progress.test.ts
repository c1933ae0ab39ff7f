// Progress lines: rows, bytes, rate and time left; throttled; only when asked or on a terminal.
import {test} from "node:test";
import assert from "node:assert/strict";
import {duration, formatProgress, human, Progress, progressWanted} from "../../loaders/progress.ts";

test("progress: the line gives rows, bytes, rate and time left from the bytes done", () => {
  assert.equal(human(999), "999");
  assert.equal(human(1_234_567), "1.23M");
  assert.equal(human(45_000_000, "B"), "45.0 MB");
  assert.equal(duration(185), "3m05s");
  assert.equal(duration(3725), "1h02m");
  assert.equal(formatProgress("ingest", {rows: 1_200_000, bytes: 40e6, totalRows: null, totalBytes: 120e6, elapsedMs: 10_000}),
    "ingest: 1.20M rows, 40.0 MB of 120 MB, 120k rows/s, 20s left");
  // DuckDB's CSV reader counts bytes, not rows: bytes, their rate and time left only.
  assert.equal(formatProgress("ingest, step 2", {rows: null, bytes: 60e6, totalRows: null, totalBytes: 120e6, elapsedMs: 3000}),
    "ingest, step 2: 60.0 MB of 120 MB, 20.0 MB/s, 3s left");
  // Without a total nothing is guessed: no time left.
  assert.equal(formatProgress("eventdb", {rows: 5000, bytes: null, totalRows: null, totalBytes: null, elapsedMs: 2000}), "eventdb: 5.00k rows, 2.50k rows/s");
  assert.equal(formatProgress("x", {rows: 250, bytes: null, totalRows: 1000, totalBytes: null, elapsedMs: 1000}), "x: 250 of 1.00k rows, 250 rows/s, 3s left");
});

test("progress: at most one line per interval, none in the first interval", () => {
  let now = 0;
  const lines: string[] = [];
  const p = new Progress({label: "t", intervalMs: 2000, now: () => now, write: (l) => lines.push(l)});
  for (let t = 0; t <= 7000; t += 250) {
    now = t;
    p.update(t, null);
  }
  assert.deepEqual(lines, ["t: 2.00k rows, 1.00k rows/s", "t: 4.00k rows, 1.00k rows/s", "t: 6.00k rows, 1.00k rows/s"]);
});

test("progress: shown with --progress, off when set false, else only when stderr is a terminal", () => {
  assert.equal(progressWanted(true, {isTTY: false}), true);
  assert.equal(progressWanted(false, {isTTY: true}), false);
  assert.equal(progressWanted(undefined, {isTTY: true}), true);
  assert.equal(progressWanted(undefined, {isTTY: false}), false);
  assert.equal(progressWanted(undefined, {}), false);
});
