// npm run bench:pipeline -- [--rows N] [--full] [--reps R] [--threads T] [--memory-limit 700MB]
// Aggregates a modelled drone-layout CSV with the full pipeline (validation, rejection accounting,
// normalisation, aggregates, Arrow encoding) and with a plain DuckDB GROUP BY over the same CSV.
// Each run is a fresh child process of this script (same DuckDB build and settings), so peak RSS is per run.
import {parseArgs} from "node:util";
import {existsSync} from "node:fs";
import {execFileSync} from "node:child_process";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {loadIncident} from "../loaders/incident.ts";
import {generateModel} from "../loaders/model/generate.ts";
import {ingest} from "../loaders/ingest.ts";
import {aggregateArrow} from "../loaders/outputs.ts";
import {CACHE_DIR} from "../loaders/paths.ts";

const {values} = parseArgs({options: {
  rows: {type: "string"}, full: {type: "boolean"}, reps: {type: "string"}, threads: {type: "string"},
  "memory-limit": {type: "string"}, child: {type: "string"}, file: {type: "string"}
}});
const threads = Number(values.threads ?? 2);
const memoryLimit = values["memory-limit"] ?? "700MB";
const incident = loadIncident("wannacry-2017");
const SEED = 20170512;

interface RunResult {ms: number; peakMb: number; rows: number; groups: number}

async function baseline(file: string): Promise<RunResult> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  await c.run(`SET threads=${threads}`);
  await c.run(`SET memory_limit='${memoryLimit}'`);
  const r = await c.runAndReadAll(`SELECT count(*)::DOUBLE AS groups, sum(hits)::DOUBLE AS rows FROM (
    SELECT date_trunc('hour', "timestamp"::TIMESTAMP) AS hour, geo, left(naics::VARCHAR, 2) AS naics2,
      count(*) AS hits, count(DISTINCT ip) AS unique_ips
    FROM read_csv('${file.replaceAll("'", "''")}') GROUP BY ALL)`);
  const row = r.getRowObjectsJS()[0] ?? {};
  c.closeSync();
  instance.closeSync();
  return {ms: performance.now() - started, peakMb: 0, rows: Number(row.rows), groups: Number(row.groups)};
}

async function pipeline(file: string): Promise<RunResult> {
  const started = performance.now();
  const result = await ingest({incident, files: [{path: file}], inputHash: "bench", threads, memoryLimit,
    tempDirectory: join(CACHE_DIR, "duckdb-tmp")});
  const arrow = aggregateArrow(result.aggregates, incident, "bench");
  const bytes = Object.values(arrow).reduce((s, b) => s + b.length, 0);
  if (bytes === 0) throw new Error("no output");
  return {ms: performance.now() - started, peakMb: 0, rows: result.summary.totals.rows_read, groups: result.aggregates.hourly.length};
}

if (values.child !== undefined) {
  const file = values.file ?? "";
  const r = values.child === "baseline" ? await baseline(file) : await pipeline(file);
  r.peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(r) + "\n");
} else {
  const sizes = values.rows !== undefined ? [Number(values.rows)] : values.full === true ? [1_000_000, 10_000_000] : [1_000_000];
  const reps = Number(values.reps ?? 3);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  for (const rows of sizes) {
    const file = join(CACHE_DIR, "bench", `modelled-${rows}-${SEED}.csv`);
    if (!existsSync(file)) {
      process.stderr.write(`bench: generating ${rows} rows → ${file}\n`);
      await generateModel(incident, "model.json", {rows, seed: SEED, out: file});
    }
    const runs: Record<"baseline" | "pipeline", RunResult[]> = {baseline: [], pipeline: []};
    for (let i = 0; i < reps; i++) {
      for (const kind of ["baseline", "pipeline"] as const) {
        const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/bench-pipeline.ts", "--child", kind, "--file", file,
          "--threads", String(threads), "--memory-limit", memoryLimit], {encoding: "utf-8", stdio: ["ignore", "pipe", "inherit"]});
        const r = JSON.parse(out.trim().split("\n").pop() ?? "{}") as RunResult;
        runs[kind].push(r);
        process.stderr.write(`bench: ${rows} rows, ${kind} run ${i + 1}: ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.peakMb.toFixed(0)} MB\n`);
      }
    }
    const b = median(runs.baseline.map((r) => r.ms)), p = median(runs.pipeline.map((r) => r.ms));
    const result = {
      bench: "pipeline", rows, reps, threads, memory_limit: memoryLimit,
      baseline_ms: Math.round(b), pipeline_ms: Math.round(p), ratio: Number((p / b).toFixed(2)),
      baseline_rows_per_s: Math.round(rows / (b / 1000)), pipeline_rows_per_s: Math.round(rows / (p / 1000)),
      baseline_peak_rss_mb: Math.round(Math.max(...runs.baseline.map((r) => r.peakMb))),
      pipeline_peak_rss_mb: Math.round(Math.max(...runs.pipeline.map((r) => r.peakMb))),
      load_average: (await import("node:os")).loadavg()[0]?.toFixed(2)
    };
    process.stdout.write(`rows ${rows}: baseline ${(b / 1000).toFixed(2)} s (${result.baseline_rows_per_s} rows/s, peak ${result.baseline_peak_rss_mb} MB); ` +
      `pipeline ${(p / 1000).toFixed(2)} s (${result.pipeline_rows_per_s} rows/s, peak ${result.pipeline_peak_rss_mb} MB); ratio ${result.ratio}\n`);
    process.stdout.write(JSON.stringify(result) + "\n");
  }
}
