// npm run bench:explore -- [--rows 1000000] [--runs 20] [--incident ID]
// The Explore page's speed target (issue #5): on a 1-million-row event table, `GROUP BY country, sector`
// answers in under 300 ms (median) in headless Chromium with DuckDB-WASM.
//
// Builds the per-event Arrow table at the requested size into a temp folder (loaders/events.ts; never part of
// the site build), serves a generated page with the same DuckDB-WASM 1.29.0 bundle the site ships (from
// Framework's npm cache, filled by `npm run prepare:offline`), loads the table as the Explore page does
// (Arrow IPC → insertArrowFromIPCStream) and times the query N times in the browser after two warm-up runs.
// Prints a table and one JSON line; exits 1 if the median is over the target.
import {existsSync} from "node:fs";
import {mkdtemp, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {eventsArrow} from "../loaders/events.ts";
import {activeIncidentId} from "../loaders/incident.ts";
import {launchChromium} from "../test/e2e/browser.ts";
import {serveStatic} from "../test/e2e/server.ts";

const TARGET_MS = 300;
const QUERY = "SELECT country, sector, count(*) AS events, sum(hits) AS hits FROM events GROUP BY country, sector";
const NPM_CACHE = resolve("src/.observablehq/cache/_npm");
const DUCKDB = "@duckdb/duckdb-wasm@1.29.0";
const ARROW = "apache-arrow@17.0.0";

const {values} = parseArgs({options: {rows: {type: "string", default: "1000000"}, runs: {type: "string", default: "20"}, incident: {type: "string"}}});
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows < 1) throw new Error("--rows must be a positive integer");
if (!Number.isInteger(runs) || runs < 3) throw new Error("--runs must be an integer of at least 3");
if (!existsSync(join(NPM_CACHE, DUCKDB, "_esm.js")) || !existsSync(join(NPM_CACHE, ARROW, "_esm.js"))) {
  throw new Error(`${NPM_CACHE} has no ${DUCKDB} or ${ARROW}: run \`npm run prepare:offline\` (or \`npm run build\`) first`);
}

const PAGE = `<!doctype html>
<meta charset="utf-8"><title>bench:explore</title><link rel="icon" href="data:,">
<script type="module">
import * as duckdb from "./npm/${DUCKDB}/_esm.js";
window.bench = (async () => {
  const base = new URL("./npm/${DUCKDB}/dist/", location.href).href;
  const worker = new Worker(base + "duckdb-browser-eh.worker.js");
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(base + "duckdb-eh.wasm");
  // The Explore page's settings (Framework's DuckDBClient defaults + castDecimalToDouble).
  await db.open({query: {castBigIntToDouble: true, castTimestampToDate: true, castDecimalToDouble: true}});
  const connection = await db.connect();
  const t0 = performance.now();
  const bytes = new Uint8Array(await (await fetch("events.arrow")).arrayBuffer());
  const size = bytes.length; // (the buffer is handed over to the worker)
  await connection.insertArrowFromIPCStream(bytes, {name: "events"});
  const loadMs = performance.now() - t0;
  const count = (await connection.query("SELECT count(*)::INTEGER AS n FROM events")).get(0).n;
  const query = ${JSON.stringify(QUERY)};
  for (let i = 0; i < 2; ++i) await connection.query(query); // warm-up
  const times = [];
  let groups = 0;
  for (let i = 0; i < ${runs}; ++i) {
    const start = performance.now();
    const result = await connection.query(query);
    times.push(performance.now() - start);
    groups = result.numRows;
  }
  return {count, loadMs, times, groups, bytes: size};
})();
</script>`;

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i), hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

const dir = await mkdtemp(join(tmpdir(), "bench-explore-"));
try {
  const started = Date.now();
  process.stderr.write(`bench:explore: building ${rows.toLocaleString("en-GB")} events (loaders/events.ts)…\n`);
  await writeFile(join(dir, "events.arrow"), await eventsArrow({incidentId: values.incident ?? activeIncidentId(), rows, log: () => {}}));
  process.stderr.write(`bench:explore: events ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await writeFile(join(dir, "index.html"), PAGE);
  await symlink(NPM_CACHE, join(dir, "npm"));
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => (window as unknown as {bench?: unknown}).bench !== undefined);
    const result = await page.evaluate(() => (window as unknown as {bench: Promise<{count: number; loadMs: number; times: number[]; groups: number; bytes: number}>}).bench);
    if (errors.length) throw new Error(errors.join("\n"));
    if (result.count !== rows) throw new Error(`the table has ${result.count} rows, not ${rows}`);
    const sorted = [...result.times].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5), p95 = quantile(sorted, 0.95);
    const pass = median < TARGET_MS;
    console.log("bench:explore — DuckDB-WASM in headless Chromium");
    console.table({
      "events (rows)": result.count.toLocaleString("en-GB"),
      "Arrow size (MB)": (result.bytes / 1e6).toFixed(1),
      "load into DuckDB (ms)": result.loadMs.toFixed(0),
      "GROUP BY country, sector: groups": result.groups,
      runs: result.times.length,
      "median (ms)": median.toFixed(1),
      "p95 (ms)": p95.toFixed(1),
      "min (ms)": sorted[0]!.toFixed(1),
      "max (ms)": sorted.at(-1)!.toFixed(1),
      [`target: median < ${TARGET_MS} ms`]: pass ? "met" : "MISSED"
    });
    console.log(JSON.stringify({
      bench: "explore", query: QUERY, rows: result.count, runs: result.times.length, median_ms: +median.toFixed(2), p95_ms: +p95.toFixed(2),
      min_ms: +sorted[0]!.toFixed(2), max_ms: +sorted.at(-1)!.toFixed(2), load_ms: +result.loadMs.toFixed(1), groups: result.groups,
      target_ms: TARGET_MS, pass
    }));
    if (!pass) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await rm(dir, {recursive: true, force: true});
}
