// `npm run bench` — one table of performance figures for the built site (dist/) and the data pipeline.
//   npm run bench                 measure and print
//   npm run bench -- --check      …and exit 1 when a budget in bench/budgets.json is exceeded
//   npm run bench -- --full       …and run the pipeline at 10M rows too (minutes; checks peak memory < 1 GiB)
//   npm run bench -- --skip-pipeline --skip-explore   browser figures only
//   npm run bench -- --pages /,/countries             only these pages
// For every page, in headless Chromium (no cache, served from 127.0.0.1):
//   first chart: ms from navigation start until the first chart (SVG/canvas ≥ 100×50 px) is in #observablehq-main;
//   before chart: gzip-compressed bytes of the responses that finished before then (gzip level 6, as a static host
//     would serve them; computed from the files in dist/);
//   total: gzip bytes of every request started until the network is idle, 3 s later, for a reader who touches nothing (including
//     DuckDB's worker and wasm, if the page starts the engine without an interaction); the report pages' budget
//     ("report" in bench/budgets.json) is under 1 MB;
//   DuckDB start: on pages that use DuckDB-WASM, ms to start a fresh instance with the page's own bundle and
//     answer SELECT 1; filter median: median of 15 runs of a standard filter query (country × sector × hour
//     window) on hourly.arrow in that instance, after one warm-up.
// Then the pipeline (npm run bench:pipeline; with --startup, the ingest command's start-up and 10,000 files) and Explore (npm run bench:explore) figures, parsed from their JSON.
// Time budgets are scaled by this machine's speed relative to the reference machine (a fixed CPU calibration),
// so --check asks "as fast, for this machine, as the budget says", not "as fast as the author's laptop".
import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {promisify} from "node:util";
import {gzipSync} from "node:zlib";
import {launchChromium} from "../test/e2e/browser.ts";
import {serveStatic} from "../test/e2e/server.ts";
import {builtPages} from "../test/e2e/site.ts";
import {GENERIC_PAGES, loadIncident} from "../loaders/incident.ts";

const run = promisify(execFile);
const DIST = process.env.ATLAS_DIST ?? "dist";
const args = new Set(process.argv.slice(2));

export interface Budgets {
  reference_calibration_ms: number;
  /** Per page ("*": every page; "report": the report pages); null: no such budget for this page. */
  pages: Record<string, {first_chart_ms?: number | null; bytes_before_first_chart?: number | null; total_bytes?: number | null}>;
  duckdb_filter_median_ms: number;
  pipeline_ratio_max: number;
  /** Against the one-table plain DuckDB query (hour × country × sector, hits and distinct IPs over the same CSV). */
  pipeline_one_table_ratio_max: number;
  pipeline_peak_mb_max_10m: number;
  /** The compiled ingest command on a one-row file (median wall time of fresh processes). */
  ingest_startup_ms: number;
  explore_groupby_median_ms: number;
}

interface PageFigures {
  page: string;
  firstChartMs: number | null;
  bytesBeforeChart: number | null;
  totalBytes: number;
  requests: number;
  duckdbStartMs: number | null;
  filterMedianMs: number | null;
}

const gzipCache = new Map<string, number>();
function gzipSize(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(file), {level: 6}).length;
    gzipCache.set(file, size);
  }
  return size;
}

/** The dist/ file a same-origin URL was served from (clean URLs as in test/e2e/server.ts). */
function fileOf(url: string, origin: string): string | null {
  if (!url.startsWith(origin)) return null;
  const path = decodeURIComponent(new URL(url).pathname);
  const base = join(DIST, path);
  for (const candidate of [base, `${base}.html`, join(base, "index.html")]) {
    if (existsSync(candidate) && !candidate.endsWith("/") && readdirSafe(candidate) === null) return candidate;
  }
  return null;
}

function readdirSafe(path: string): string[] | null {
  try {
    return readdirSync(path);
  } catch {
    return null;
  }
}

/** A fixed CPU workload (hashing and gzip of 32 MB of seeded bytes): ms on this machine. */
export function calibrate(): number {
  const data = Buffer.alloc(32 << 20);
  let x = 12345;
  for (let i = 0; i < data.length; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    data.writeUInt32LE(x & 0x0f0f0f0f, i);
  }
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    createHash("sha256").update(data).digest();
    gzipSync(data.subarray(0, 8 << 20), {level: 6});
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[1]!;
}

const FIRST_CHART_PROBE = `
  globalThis.__name = (fn) => fn;
  window.__firstChart = null;
  const probe = () => {
    if (window.__firstChart !== null) return;
    for (const el of document.querySelectorAll("#observablehq-main svg, #observablehq-main canvas")) {
      const box = el.getBoundingClientRect();
      if (box.width >= 100 && box.height >= 50) { window.__firstChart = performance.now(); observer.disconnect(); return; }
    }
  };
  const observer = new MutationObserver(probe);
  observer.observe(document, {childList: true, subtree: true});
`;

async function measurePage(browser: Awaited<ReturnType<typeof launchChromium>>, origin: string, path: string, withDuckdb: boolean): Promise<PageFigures> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  await context.addInitScript(FIRST_CHART_PROBE);
  const page = await context.newPage();
  const responses: string[] = [];
  // Every request started, the worker's included: Chromium may cancel the end of DuckDB's wasm once it has compiled
  // the streamed module (ERR_ABORTED after a 200, see test/e2e/browser.ts), so "finished" would leave it out.
  context.on("request", (request) => void responses.push(request.url()));
  try {
    await page.goto(origin + path, {waitUntil: "load"});
    await page.waitForFunction(() => (window as unknown as {__firstChart: number | null}).__firstChart !== null, undefined, {timeout: 30_000}).catch(() => undefined);
    await page.waitForLoadState("networkidle", {timeout: 60_000}).catch(() => undefined);
    // Then a quiet spell and idle again: what a page starts later on its own (e.g. an engine started when the
    // browser is idle, a worker that fetches its wasm after compiling its script) is counted too.
    await page.waitForTimeout(3000);
    await page.waitForLoadState("networkidle", {timeout: 60_000}).catch(() => undefined);
    const timing = (await page.evaluate(() => ({
      firstChart: (window as unknown as {__firstChart: number | null}).__firstChart,
      resources: performance.getEntriesByType("resource").map((e) => ({url: e.name, end: (e as PerformanceResourceTiming).responseEnd})),
      document: location.href
    }))) as {firstChart: number | null; resources: {url: string; end: number}[]; document: string};
    const sized = (url: string) => {
      const file = fileOf(url, origin);
      return file ? gzipSize(file) : 0;
    };
    const unique = [...new Set(responses)];
    const totalBytes = unique.reduce((sum, url) => sum + sized(url), 0);
    const before =
      timing.firstChart === null
        ? null
        : sized(timing.document) + [...new Set(timing.resources.filter((r) => r.end <= timing.firstChart!).map((r) => r.url))].reduce((sum, url) => sum + sized(url), 0);
    // DuckDB: only on pages that ship it.
    const html = readFileSync(fileOf(origin + path, origin)!, "utf8");
    const duckdbModule = /href="\.\/((?:\.\.\/)*_observablehq\/stdlib\/duckdb\.[0-9a-f]+\.js)"/.exec(html)?.[1] ?? /_observablehq\/stdlib\/duckdb\.[0-9a-f]+\.js/.exec(html)?.[0];
    let duckdbStartMs: number | null = null;
    let filterMedianMs: number | null = null;
    if (duckdbModule && withDuckdb) {
      const hourly = readdirSync(join(DIST, "_file", "data")).find((f) => /^hourly\.[0-9a-f]{8}\.arrow$/.test(f));
      const arrowModule = readdirSync(join(DIST, "_npm")).find((d) => d.startsWith("apache-arrow@"));
      const arrowFile = arrowModule ? readdirSync(join(DIST, "_npm", arrowModule)).find((f) => f.endsWith(".js")) : undefined;
      const figures = (await page.evaluate(
        async ({duckdb, hourly, arrow}) => {
          const {DuckDBClient} = await import(duckdb);
          const {tableFromIPC} = await import(arrow);
          const t0 = performance.now();
          const db = await DuckDBClient.of({});
          await db.query("SELECT 1");
          const start = performance.now() - t0;
          if (!hourly) return {start, median: null};
          const table = tableFromIPC(await (await fetch(hourly)).arrayBuffer());
          const loaded = await DuckDBClient.of({hourly: table});
          const sql = `SELECT country, sum(hits)::INTEGER AS hits FROM hourly
            WHERE sector IN ('health', 'government', 'education') AND hour >= TIMESTAMP '2017-05-12 08:00:00' AND hour < TIMESTAMP '2017-05-13 08:00:00'
            GROUP BY country ORDER BY hits DESC LIMIT 20`;
          await loaded.query(sql);
          const times: number[] = [];
          for (let i = 0; i < 15; i++) {
            const t = performance.now();
            await loaded.query(sql);
            times.push(performance.now() - t);
          }
          times.sort((a, b) => a - b);
          return {start, median: times[Math.floor(times.length / 2)]};
        },
        {duckdb: `/${duckdbModule.replace(/^(\.\.\/|\.\/)+/, "")}`, hourly: hourly ? `/_file/data/${hourly}` : null, arrow: `/_npm/${arrowModule}/${arrowFile}`}
      )) as {start: number; median: number | null};
      duckdbStartMs = figures.start;
      filterMedianMs = figures.median;
    }
    return {page: path, firstChartMs: timing.firstChart, bytesBeforeChart: before, totalBytes, requests: unique.length, duckdbStartMs, filterMedianMs};
  } finally {
    await context.close();
  }
}

async function jsonLine(script: string, extra: string[]): Promise<Record<string, unknown> | null> {
  try {
    const {stdout} = await run("npm", ["run", "--silent", script, "--", ...extra], {maxBuffer: 1 << 26, timeout: 30 * 60_000});
    const lines = stdout.split("\n").filter((l) => l.trim().startsWith("{"));
    return lines.length ? (JSON.parse(lines.at(-1)!) as Record<string, unknown>) : null;
  } catch (error) {
    const e = error as {stdout?: string; stderr?: string; code?: number};
    // bench:explore exits 1 over its target but still prints its JSON line.
    const lines = (e.stdout ?? "").split("\n").filter((l) => l.trim().startsWith("{"));
    if (lines.length) return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    console.error(`bench: npm run ${script} failed: ${(e.stderr ?? "").trim().split("\n").slice(-3).join(" ")}`);
    return null;
  }
}

const kb = (bytes: number | null) => (bytes === null ? "–" : `${(bytes / 1024).toFixed(0)} KB`);
const ms = (value: number | null) => (value === null ? "–" : `${value.toFixed(0)} ms`);

async function main(): Promise<void> {
  const budgets = JSON.parse(readFileSync("bench/budgets.json", "utf8")) as Budgets;
  const calibrationMs = calibrate();
  const speed = Math.max(1, calibrationMs / budgets.reference_calibration_ms);
  // --pages /,/countries measures only those pages (their budgets still apply).
  const only = process.argv.find((a, i) => process.argv[i - 1] === "--pages")?.split(",");
  const pages = (await builtPages(DIST)).filter((p) => !only || only.includes(p));
  if (pages.length === 0) throw new Error(`${DIST}/ has no pages: run npm run build first`);
  const server = await serveStatic(DIST);
  const browser = await launchChromium();
  const figures: PageFigures[] = [];
  try {
    for (const path of pages) {
      // Median of three loads per page: first-chart time and bytes are noisy on a shared machine.
      const runs: PageFigures[] = [];
      for (let i = 0; i < 3; i++) runs.push(await measurePage(browser, server.origin, path, i === 0));
      const med = (pick: (f: PageFigures) => number | null) => {
        const xs = runs.map(pick).filter((x): x is number => x !== null).sort((a, b) => a - b);
        return xs.length ? xs[Math.floor(xs.length / 2)]! : null;
      };
      figures.push({page: path, firstChartMs: med((f) => f.firstChartMs), bytesBeforeChart: med((f) => f.bytesBeforeChart), totalBytes: med((f) => f.totalBytes) ?? 0, requests: runs[0]!.requests, duckdbStartMs: med((f) => f.duckdbStartMs), filterMedianMs: med((f) => f.filterMedianMs)});
      process.stderr.write(`bench: ${path} measured\n`);
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const pipeline = args.has("--skip-pipeline") ? null : await jsonLine("bench:pipeline", ["--reps", args.has("--quick") ? "1" : "3"]);
  const pipeline10m = args.has("--full") ? await jsonLine("bench:pipeline", ["--rows", "10000000", "--reps", args.has("--quick") ? "1" : "3"]) : null;
  const startup = args.has("--skip-pipeline") ? null : await jsonLine("bench:pipeline", ["--startup"]);
  const explore = args.has("--skip-explore") ? null : await jsonLine("bench:explore", []);

  // One table: pages, then pipeline and Explore rows.
  const rows: string[][] = [["page", "first chart", "before chart (gzip)", "total (gzip)", "requests", "DuckDB start", "filter median"]];
  for (const f of figures) rows.push([f.page, ms(f.firstChartMs), kb(f.bytesBeforeChart), kb(f.totalBytes), String(f.requests), ms(f.duckdbStartMs), ms(f.filterMedianMs)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const out: string[] = [line(rows[0]!), `|${widths.map((w, i) => (i === 0 ? ":" : "-") + "-".repeat(w) + (i === 0 ? "-" : ":")).join("|")}|`, ...rows.slice(1).map(line)];
  const describePipeline = (p: Record<string, unknown>) =>
    `pipeline ${Number(p.rows).toLocaleString("en-GB")} rows: ${Number(p.pipeline_rows_per_s).toLocaleString("en-GB")} rows/s, ` +
    `${p.ratio}× the one-table DuckDB baseline (${Number(p.baseline_rows_per_s).toLocaleString("en-GB")} rows/s), ` +
    `${p.ratio_same_counts}× the same-counts baseline (${Number(p.baseline_same_counts_rows_per_s).toLocaleString("en-GB")} rows/s), peak memory ${p.pipeline_peak_rss_mb} MB`;
  if (pipeline) out.push("", describePipeline(pipeline));
  if (pipeline10m) out.push(describePipeline(pipeline10m));
  if (startup) {
    out.push(`ingest start-up (one-row file): ${startup.startup_ms} ms; ${Number(startup.many_files).toLocaleString("en-GB")} files ` +
      `(${Number(startup.many_files_rows).toLocaleString("en-GB")} rows) in one scan: ${(Number(startup.many_files_ms) / 1000).toFixed(1)} s` +
      (startup.many_files_fallback === null ? "" : `, with a fallback: ${String(startup.many_files_fallback)}`));
  }
  if (explore) out.push(`explore: GROUP BY country, sector on ${Number(explore.rows ?? 1_000_000).toLocaleString("en-GB")} rows, median ${Number(explore.median_ms ?? explore.medianMs).toFixed(0)} ms`);
  out.push(`machine: calibration ${calibrationMs.toFixed(0)} ms (reference ${budgets.reference_calibration_ms} ms): time budgets × ${speed.toFixed(2)}`);
  console.log(out.join("\n"));

  // Budgets. The report pages: the overview, the report section's generic pages, the incident's case studies.
  const reportPages = new Set(["/", ...GENERIC_PAGES.filter((p) => p.group === "report").map((p) => p.path), ...loadIncident().pages.map((p) => p.path)]);
  const over: string[] = [];
  for (const f of figures) {
    const b = {...(budgets.pages["*"] ?? {}), ...(reportPages.has(f.page) ? budgets.pages["report"] ?? {} : {}), ...(budgets.pages[f.page] ?? {})};
    if (b.first_chart_ms != null && (f.firstChartMs === null || f.firstChartMs > b.first_chart_ms * speed)) over.push(`${f.page}: first chart ${ms(f.firstChartMs)} > ${(b.first_chart_ms * speed).toFixed(0)} ms`);
    if (b.bytes_before_first_chart != null && (f.bytesBeforeChart === null || f.bytesBeforeChart > b.bytes_before_first_chart)) over.push(`${f.page}: ${kb(f.bytesBeforeChart)} before the first chart > ${kb(b.bytes_before_first_chart)}`);
    if (b.total_bytes != null && f.totalBytes > b.total_bytes) over.push(`${f.page}: ${kb(f.totalBytes)} in total > ${kb(b.total_bytes)}`);
    if (f.filterMedianMs !== null && f.filterMedianMs > budgets.duckdb_filter_median_ms * speed) over.push(`${f.page}: DuckDB filter median ${ms(f.filterMedianMs)} > ${(budgets.duckdb_filter_median_ms * speed).toFixed(0)} ms`);
  }
  // The budgets are ratios (median of per-process ratios) to the baseline that produces the same counts and to the one-table query.
  for (const p of [pipeline, pipeline10m]) {
    if (p === null) continue;
    const rows = Number(p.rows).toLocaleString("en-GB");
    if (Number(p.ratio_same_counts) > budgets.pipeline_ratio_max) over.push(`pipeline at ${rows} rows: ${p.ratio_same_counts}× the same-counts DuckDB baseline > ${budgets.pipeline_ratio_max}×`);
    if (Number(p.ratio) > budgets.pipeline_one_table_ratio_max) over.push(`pipeline at ${rows} rows: ${p.ratio}× the one-table DuckDB baseline > ${budgets.pipeline_one_table_ratio_max}×`);
  }
  if (pipeline10m && Number(pipeline10m.pipeline_peak_rss_mb) > budgets.pipeline_peak_mb_max_10m) over.push(`pipeline at 10M rows: peak ${pipeline10m.pipeline_peak_rss_mb} MB > ${budgets.pipeline_peak_mb_max_10m} MB`);
  if (startup) {
    if (Number(startup.startup_ms) > budgets.ingest_startup_ms * speed) over.push(`ingest start-up: ${startup.startup_ms} ms > ${(budgets.ingest_startup_ms * speed).toFixed(0)} ms`);
    if (startup.many_files_fallback !== null) over.push(`ingest of ${String(startup.many_files)} files fell back: ${String(startup.many_files_fallback)}`);
  }
  if (explore) {
    const median = Number(explore.median_ms ?? explore.medianMs);
    if (median > budgets.explore_groupby_median_ms * speed) over.push(`explore: GROUP BY median ${median.toFixed(0)} ms > ${(budgets.explore_groupby_median_ms * speed).toFixed(0)} ms`);
  }
  console.log(over.length ? `\nover budget:\n  ${over.join("\n  ")}` : "\nall budgets met");
  console.log(JSON.stringify({bench: "site", calibration_ms: Math.round(calibrationMs), speed: Number(speed.toFixed(2)), pages: figures, pipeline, pipeline10m, startup, explore, over}));
  if (args.has("--check") && over.length > 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}


