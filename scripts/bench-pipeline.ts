// npm run bench:pipeline -- [--rows N] [--full] [--reps R] [--threads T] [--memory-limit 400MB]
// npm run bench:pipeline -- --startup   the compiled ingest command's start-up and its many-files path (below)
// npm run bench:pipeline -- --phases [--rows N] [--reps R]   where the pipeline's time goes, beside the baseline's load (below)
// Aggregates a modelled drone-layout CSV with the full pipeline (validation, rejection accounting,
// normalisation, aggregates, Arrow encoding) and with two plain DuckDB queries over the same CSV:
//   baseline:             hour × country × NAICS-2, hits and distinct IPs (the issue's example);
//   baseline_same_counts: the same counts as the pipeline's five tables (hour × country × NAICS-2, country,
//                         NAICS-2, country × NAICS-2, day and total; hits and distinct IPs): the kept rows loaded
//                         into a table once, then the pipeline's own aggregate query (aggregate.ts) over it, so the
//                         ratio is the cost of validation and accounting.
// Every query's rows are read into JS, as the pipeline's are: a result nobody reads lets DuckDB drop the
// count(DISTINCT) and time a cheaper query. Each repetition is one fresh child process that runs all three, in
// alternating order, and the ratios are medians of the per-process ratios, which machine noise affects least.
// Peak RSS comes from one more child per kind that runs only that kind.
import {parseArgs} from "node:util";
import {closeSync, existsSync, mkdirSync, openSync, readSync, writeFileSync} from "node:fs";
import {execFileSync, spawnSync} from "node:child_process";
import {join} from "node:path";
import {loadIncident} from "../loaders/incident.ts";
import {generateModel} from "../loaders/model/generate.ts";
import {DEFAULT_MEMORY_LIMIT, ingest, withDuckDb} from "../loaders/ingest.ts";
import {aggregateArrow} from "../loaders/outputs.ts";
import {CACHE_DIR} from "../loaders/paths.ts";
import {aggregateSql} from "../loaders/aggregate.ts";
import {columns, timestampLiteral} from "../loaders/read.ts";
import {preflight} from "../loaders/preflight.ts";
import {rawFieldsSql} from "../loaders/scan.ts";

const {values} = parseArgs({options: {
  rows: {type: "string"}, full: {type: "boolean"}, reps: {type: "string"}, threads: {type: "string"},
  "memory-limit": {type: "string"}, child: {type: "string"}, file: {type: "string"}, startup: {type: "boolean"},
  phases: {type: "boolean"}, "phases-child": {type: "string"}
}});
const threads = Number(values.threads ?? 2);
const memoryLimit = values["memory-limit"] ?? DEFAULT_MEMORY_LIMIT;
const incident = loadIncident("wannacry-2017");
const SEED = 20170512;

interface RunResult {ms: number; peakMb: number; rows: number; groups: number; hits: number}

// Both baselines keep what the pipeline accepts from this file (the incident's families, inside its window) and
// count hits as the pipeline does: the drone layout's `count` column (hits per row), so every kind counts the same
// events in the same unit (the run checks the same-counts baseline's total hits against the pipeline's).
const families = incident.family_specs.flatMap((f) => [f.name, ...f.aliases]).map((f) => `'${f.replaceAll("'", "''")}'`).join(", ");
const kept = (csv: string): string => `(SELECT "timestamp"::TIMESTAMP AS ts, geo, naics, ip, "count" AS hits FROM read_csv(${csv})
  WHERE lower(infection) IN (${families}) AND ts >= ${timestampLiteral(incident.window.start)} AND ts < ${timestampLiteral(incident.window.end)})`;
const BASELINES = {
  baseline: (csv: string) => [`SELECT epoch_ms(date_trunc('hour', ts))::DOUBLE AS hour, geo, left(naics::VARCHAR, 2) AS naics2,
      sum(hits)::DOUBLE AS hits, count(DISTINCT ip)::DOUBLE AS unique_ips
    FROM ${kept(csv)} GROUP BY ALL`],
  // The pipeline's own aggregate query (aggregate.ts) over the kept rows, loaded into a table once (the query reads
  // its source more than once): no validation, no normalisation.
  baseline_same_counts: (csv: string) => [`CREATE TEMP TABLE kept AS SELECT ts, geo AS iso2, left(naics::VARCHAR, 2) AS sector, ip, hits FROM ${kept(csv)}`,
    aggregateSql("(SELECT date_trunc('hour', ts) AS hour, iso2, sector, ip, hits, ts AS first, ts AS last FROM kept)")]
};
type Kind = keyof typeof BASELINES | "pipeline";

/** DuckDB settings and spill folder shared by every kind: the pipeline's own (withDuckDb, ingest). */
const duckDbOptions = {incident, files: [], inputHash: "bench", threads, memoryLimit, tempDirectory: join(CACHE_DIR, "duckdb-tmp")};

async function baseline(kind: keyof typeof BASELINES, file: string): Promise<RunResult> {
  const started = performance.now();
  // A fresh in-memory DuckDB with the pipeline's settings, spilling to a folder of its own as a pipeline run does.
  const result = await withDuckDb(duckDbOptions, async (c) => {
    const statements = BASELINES[kind](`'${file.replaceAll("'", "''")}'`);
    for (const statement of statements.slice(0, -1)) await c.run(statement);
    // Read with the pipeline's own reader (read.ts), so both pay the same to bring results into JS.
    return columns(c, statements.at(-1) ?? "");
  });
  const hits = result.hits ?? [];
  // The same-counts query's total row (grouping set 0b1111) holds its total; the one-table query's rows add up to it.
  const total = result.grouping_set?.indexOf(0b1111) ?? -1;
  const sum = total >= 0 ? Number(hits[total]) : hits.reduce((s: number, v) => s + Number(v), 0);
  return {ms: performance.now() - started, peakMb: 0, rows: Number.NaN, groups: hits.length, hits: sum};
}

async function pipeline(file: string): Promise<RunResult> {
  const started = performance.now();
  const result = await ingest({...duckDbOptions, files: [{path: file}]});
  const arrow = aggregateArrow(result.aggregates, incident, "bench");
  const bytes = Object.values(arrow).reduce((s, b) => s + b.length, 0);
  if (bytes === 0) throw new Error("no output");
  return {ms: performance.now() - started, peakMb: 0, rows: result.summary.totals.rows_read, groups: result.aggregates.hourly.hour.length,
    hits: result.summary.hits};
}

const KINDS: Kind[] = ["baseline", "baseline_same_counts", "pipeline"];
const run = (kind: Kind, file: string): Promise<RunResult> => (kind === "pipeline" ? pipeline(file) : baseline(kind, file));
const child = (args: string[]): string => execFileSync(process.execPath, ["--import", "tsx", "scripts/bench-pipeline.ts", ...args,
  "--threads", String(threads), "--memory-limit", memoryLimit], {encoding: "utf-8", stdio: ["ignore", "pipe", "inherit"]});
const lastLine = (out: string): string => out.trim().split("\n").pop() ?? "{}";
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The modelled drone-layout CSV of `rows` rows in the bench cache, generated the first time. */
async function modelledFile(rows: number): Promise<string> {
  const file = join(CACHE_DIR, "bench", `modelled-${rows}-${SEED}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`bench: generating ${rows} rows → ${file}\n`);
    await generateModel(incident, "model.json", {rows, seed: SEED, out: file});
  }
  return file;
}

/** The header and the first `n` data lines of a CSV, read from its start only. */
function firstLines(file: string, n: number): {header: string; lines: string[]} {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(16 << 20);
    const [header = "", ...lines] = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString("utf-8").split("\n", n + 1);
    if (lines.length < n) throw new Error(`bench: fewer than ${n} lines in the first 16 MB of ${file}`);
    return {header, lines};
  } finally {
    closeSync(fd);
  }
}

/**
 * The compiled ingest command (`npm run ingest`) as a user runs it, in fresh processes:
 *   start-up: wall time on a one-row file (median of 7 runs after one that may compile the bundle);
 *   many files: 10,000 files of three rows each (30,000 rows), which must be read in one scan: the run fails if
 *   any input is read again alone or whole (the ingest logs "reading … whole") or if any row is not accounted for.
 */
async function startupBench(): Promise<void> {
  const dir = join(CACHE_DIR, "bench");
  const {header, lines} = firstLines(await modelledFile(1_000_000), 30_000);
  const oneRow = join(dir, "one-row.csv");
  writeFileSync(oneRow, `${header}\n${lines[0]}\n`);
  const many = join(dir, "many-10000");
  mkdirSync(many, {recursive: true});
  for (let i = 0; i < 10_000; i++) writeFileSync(join(many, `f${String(i).padStart(5, "0")}.csv`), `${header}\n${lines.slice(3 * i, 3 * i + 3).join("\n")}\n`);
  const ingestRun = (input: string): {ms: number; stderr: string; rows: number; files: number} => {
    const started = performance.now();
    const r = spawnSync(process.execPath, ["scripts/compiled.mjs", "scripts/ingest.ts", input], {encoding: "utf-8", maxBuffer: 1 << 28});
    const ms = performance.now() - started;
    if (r.status !== 0) throw new Error(`bench: ingest ${input} exited ${r.status}: ${r.stderr.trim().split("\n").slice(-2).join(" ")}`);
    const summary = JSON.parse(r.stdout) as {files: unknown[]; totals: {rows_read: number}};
    return {ms, stderr: r.stderr, rows: summary.totals.rows_read, files: summary.files.length};
  };
  ingestRun(oneRow); // compiles the bundle if the tree changed
  const startup = Array.from({length: 7}, () => ingestRun(oneRow).ms);
  const files = ingestRun(many);
  const fallback = files.stderr.split("\n").filter((l) => /reading .*(alone|whole)/.test(l));
  if (files.files !== 10_000 || files.rows !== 30_000) throw new Error(`bench: 10,000 files gave ${files.files} files and ${files.rows} rows, not 10,000 and 30,000`);
  process.stdout.write(JSON.stringify({bench: "ingest-startup", startup_ms: Math.round(median(startup)),
    startup_range_ms: [Math.round(Math.min(...startup)), Math.round(Math.max(...startup))], many_files: files.files, many_files_rows: files.rows,
    many_files_ms: Math.round(files.ms), many_files_fallback: fallback.length > 0 ? fallback.join("; ") : null,
    load_average: (await import("node:os")).loadavg()[0]?.toFixed(2)}) + "\n");
}

/**
 * Where the pipeline's time goes (`--phases`), in fresh processes, each running in alternating order:
 *   load: the same-counts baseline's first step alone (the kept rows of the CSV into a table, typed by DuckDB);
 *   read: the scan's own read of the same CSV into a table (every field the rules read, as text, with the duplicate
 *         fingerprint and the file's key), with no rule applied (scan.ts rawFieldsSql);
 *   the pipeline's ingest, timed at its log lines: scan (start to "scanned": set-up, the read and every rule),
 *   aggregate_query (to "aggregate computed": DuckDB computing the aggregate query), checks (to "checked": repeated
 *   fingerprints, the loose values the TS rules confirm, IPv6 texts, while this thread reads the aggregate's result),
 *   aggregate_rest (to "aggregated": the rest of that reading into tables, while DuckDB counts rows by reason and
 *   finds the structural rejects and the examples), then the Arrow files. scan − read is what the rules cost.
 */
async function phasesChild(order: string[], file: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const timed = async (name: string, statements: string[]): Promise<void> => {
    const started = performance.now();
    await withDuckDb(duckDbOptions, async (c) => { for (const statement of statements) await c.run(statement); });
    out[name] = performance.now() - started;
  };
  for (const step of order) {
    if (step === "load") {
      await timed("load", BASELINES.baseline_same_counts(`'${file.replaceAll("'", "''")}'`).slice(0, 1));
    } else if (step === "read") {
      // As the scan reads: rows in any order, with the key of their file (as scan.ts keeps it).
      await timed("read", ["SET preserve_insertion_order=false", `CREATE TEMP TABLE raw AS SELECT * FROM (${rawFieldsSql([preflight(file)], duckDbOptions, "read_rejects", "wide")})`]);
    } else {
      const marks: Record<string, number> = {};
      const started = performance.now();
      const result = await ingest({...duckDbOptions, files: [{path: file}], log: (m) => { marks[m.replace(/^ingest: /, "").replace(/ \[[^\]]*\]$/, "")] = performance.now() - started; }});
      const ingested = performance.now() - started;
      aggregateArrow(result.aggregates, incident, "bench");
      const total = performance.now() - started;
      const mark = (name: string): number => {
        const at = marks[name];
        if (at === undefined) throw new Error(`bench: the ingest did not log "ingest: ${name}"`);
        return at;
      };
      Object.assign(out, {scan: mark("scanned"), aggregate_query: mark("aggregate computed") - mark("scanned"),
        checks: mark("checked") - mark("aggregate computed"), aggregate_rest: mark("aggregated") - mark("checked"), arrow: total - ingested, pipeline: total});
    }
  }
  return out;
}

async function phasesBench(): Promise<void> {
  const rows = Number(values.rows ?? 1_000_000);
  const reps = Number(values.reps ?? 5);
  const file = await modelledFile(rows);
  const steps = ["load", "read", "pipeline"];
  const runs: Array<Record<string, number>> = [];
  for (let i = 0; i < reps; i++) {
    const order = i % 2 === 0 ? steps : [...steps].reverse();
    const r = JSON.parse(lastLine(child(["--phases-child", order.join(","), "--file", file]))) as Record<string, number>;
    runs.push(r);
    process.stderr.write(`bench: phases, ${rows} rows, run ${i + 1}: ${Object.entries(r).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(", ")}\n`);
  }
  const names = Object.keys(runs[0] ?? {});
  const summary = Object.fromEntries(names.map((k) => {
    const xs = runs.map((r) => r[k] ?? 0);
    return [k, {median_ms: Math.round(median(xs)), range_ms: [Math.round(Math.min(...xs)), Math.round(Math.max(...xs))]}];
  }));
  // Per-process differences: what the rules add to the read, and what the read adds to the baseline's load.
  const diff = (a: string, b: string): number => Math.round(median(runs.map((r) => (r[a] ?? 0) - (r[b] ?? 0))));
  process.stdout.write(JSON.stringify({bench: "pipeline-phases", rows, reps, threads, memory_limit: memoryLimit, phases: summary,
    rules_ms: diff("scan", "read"), read_minus_load_ms: diff("read", "load"), load_average: (await import("node:os")).loadavg()[0]?.toFixed(2)}) + "\n");
}

if (values.startup === true) {
  await startupBench();
} else if (values["phases-child"] !== undefined) {
  process.stdout.write(JSON.stringify(await phasesChild(values["phases-child"].split(","), values.file ?? "")) + "\n");
} else if (values.phases === true) {
  await phasesBench();
} else if (values.child !== undefined) {
  const file = values.file ?? "";
  const kinds = values.child.split(",") as Kind[];
  // One process runs all kinds in the given order: the ratios compare runs made under the same machine conditions.
  // A single kind alone gives its own peak RSS.
  const out: Partial<Record<Kind, RunResult>> = {};
  for (const kind of kinds) out[kind] = await run(kind, file);
  if (kinds.length === 1 && kinds[0] !== undefined) (out[kinds[0]] as RunResult).peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(out) + "\n");
} else {
  const sizes = values.rows !== undefined ? [Number(values.rows)] : values.full === true ? [1_000_000, 10_000_000] : [1_000_000];
  const reps = Number(values.reps ?? 3);
  for (const rows of sizes) {
    const file = await modelledFile(rows);
    const runs = Object.fromEntries(KINDS.map((k) => [k, [] as RunResult[]])) as Record<Kind, RunResult[]>;
    const paired = {baseline: [] as number[], baseline_same_counts: [] as number[]};
    for (let i = 0; i < reps; i++) {
      // Alternate the order so that neither side always runs first (cold caches) or last.
      const order = i % 2 === 0 ? KINDS : [...KINDS].reverse();
      const r = JSON.parse(lastLine(child(["--child", order.join(","), "--file", file]))) as Record<Kind, RunResult>;
      for (const kind of KINDS) runs[kind].push(r[kind]);
      if (r.pipeline.hits !== r.baseline_same_counts.hits || r.pipeline.hits !== r.baseline.hits) {
        throw new Error(`bench: the kinds count different hits (pipeline ${r.pipeline.hits}, same-counts ${r.baseline_same_counts.hits}, one-table ${r.baseline.hits})`);
      }
      paired.baseline.push(r.pipeline.ms / r.baseline.ms);
      paired.baseline_same_counts.push(r.pipeline.ms / r.baseline_same_counts.ms);
      process.stderr.write(`bench: ${rows} rows, run ${i + 1} (${order.join(", ")}): ${KINDS.map((k) => `${k} ${(r[k].ms / 1000).toFixed(2)} s`).join(", ")}\n`);
    }
    // Peak memory: each kind alone in a fresh process.
    const peaks = Object.fromEntries(KINDS.map((kind) => {
      const r = JSON.parse(lastLine(child(["--child", kind, "--file", file]))) as Record<Kind, RunResult>;
      return [kind, Math.round(r[kind].peakMb)];
    })) as Record<Kind, number>;
    const ms = (k: Kind): number => median(runs[k].map((r) => r.ms));
    const perSecond = (k: Kind): number => Math.round(rows / (ms(k) / 1000));
    const b = ms("baseline"), same = ms("baseline_same_counts"), p = ms("pipeline");
    const result = {
      bench: "pipeline", rows, reps, threads, memory_limit: memoryLimit,
      baseline_ms: Math.round(b), baseline_same_counts_ms: Math.round(same), pipeline_ms: Math.round(p),
      // Median of the per-process ratios (each pipeline run against the baselines run in the same process).
      ratio: Number(median(paired.baseline).toFixed(2)), ratio_same_counts: Number(median(paired.baseline_same_counts).toFixed(2)),
      ratios_same_counts: paired.baseline_same_counts.map((x) => Number(x.toFixed(2))),
      baseline_rows_per_s: perSecond("baseline"), baseline_same_counts_rows_per_s: perSecond("baseline_same_counts"),
      pipeline_rows_per_s: perSecond("pipeline"),
      baseline_peak_rss_mb: peaks.baseline, baseline_same_counts_peak_rss_mb: peaks.baseline_same_counts, pipeline_peak_rss_mb: peaks.pipeline,
      load_average: (await import("node:os")).loadavg()[0]?.toFixed(2)
    };
    process.stdout.write(`rows ${rows}: pipeline ${(p / 1000).toFixed(2)} s (${result.pipeline_rows_per_s} rows/s, peak ${result.pipeline_peak_rss_mb} MB); ` +
      `baseline ${(b / 1000).toFixed(2)} s (${result.baseline_rows_per_s} rows/s, peak ${result.baseline_peak_rss_mb} MB), ratio ${result.ratio}; ` +
      `same-counts baseline ${(same / 1000).toFixed(2)} s (peak ${result.baseline_same_counts_peak_rss_mb} MB), ratio ${result.ratio_same_counts} ` +
      `(per process: ${result.ratios_same_counts.join(", ")})\n`);
    process.stdout.write(JSON.stringify(result) + "\n");
  }
}
