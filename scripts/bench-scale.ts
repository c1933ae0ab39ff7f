// npm run bench:scale -- [--rows 100000,1000000,10000000,100000000] [--prepare (write the files, measure nothing)]
// The pipeline's curve on one machine (docs/scale.md): for each size, a synthetic drone-layout CSV (the 34 columns of
// the modelled log, written by DuckDB, so that 10^8 rows take minutes, not hours; the WannaCry model itself stops at
// about 17M rows, never more rows than its 15M hits) is ingested by the compiled ingest command in a fresh process
// under /usr/bin/time, with the pipeline's own settings (2 threads, memory_limit 400MB, spilling to .cache/duckdb-tmp),
// which reports wall time, CPU time (user + sys) and peak RSS. One JSON line per size on stdout,
// and a Markdown table at the end. Files are kept in .cache/bench/ (≈ 180 bytes a row: 18 GB at 10^8).
// Synthetic rows: times spread over the incident's window, one IP per 20 rows (hash-derived dotted quads), ten
// countries, five NAICS codes, `count` 1–40, every row of the incident's first family.
import {parseArgs} from "node:util";
import {spawnSync} from "node:child_process";
import {existsSync, renameSync, statSync} from "node:fs";
import {join} from "node:path";
import {loadIncident, activeIncidentId} from "../loaders/incident.ts";
import {CACHE_DIR} from "../loaders/paths.ts";
import {withDuckDb} from "../loaders/ingest.ts";
import {exec, sqlString} from "../loaders/read.ts";

const {values} = parseArgs({options: {rows: {type: "string"}, prepare: {type: "boolean"}}});
const sizes = (values.rows ?? "100000,1000000,10000000").split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--rows: a comma-separated list of positive integers");
const incident = loadIncident(activeIncidentId());
const HEADER = ["timestamp", "ip", "port", "asn", "geo", "region", "city", "hostname", "type", "infection", "url", "agent", "cc", "cc_port",
  "cc_asn", "cc_geo", "cc_dns", "count", "proxy", "application", "p0f_genre", "p0f_detail", "machine_name", "id", "naics", "sic", "sector",
  "cc_naics", "cc_sic", "cc_sector", "ssl_cipher", "family", "tag", "public_source"];

/** Writes `rows` synthetic rows (see the header comment) to `out`, atomically. */
async function synthesise(rows: number, out: string): Promise<void> {
  const start = Date.parse(incident.window.start) / 1000, seconds = Math.floor((Date.parse(incident.window.end) - Date.parse(incident.window.start)) / 1000);
  const family = incident.family_specs[0]?.name ?? "wannacry";
  const values: Record<string, string> = {
    timestamp: `strftime(to_timestamp(${start} + (i * 7919) % ${seconds})::TIMESTAMP, '%Y-%m-%d %H:%M:%S')`,
    ip: "concat_ws('.', 1 + h % 223, (h >> 8) % 256, (h >> 16) % 256, (h >> 24) % 256)",
    port: "(1024 + i % 60000)::VARCHAR",
    geo: "(['GB', 'ES', 'RU', 'UA', 'IN', 'CN', 'US', 'DE', 'FR', 'TW'])[1 + ((h >> 32) % 10)::INTEGER]",
    type: "'tcp'", infection: sqlString(family), count: "(1 + i % 40)::VARCHAR", id: "(i + 1)::VARCHAR",
    naics: "(['622110', '517311', '611310', '921110', '522110'])[1 + ((h >> 40) % 5)::INTEGER]",
    family: sqlString(family), public_source: "'synthetic'"
  };
  const select = HEADER.map((c) => `${values[c] ?? "NULL"} AS ${c}`).join(", ");
  const temp = `${out}.tmp-${process.pid}`;
  await withDuckDb({incident, files: [], inputHash: "bench", threads: 2, memoryLimit: "1GB"}, async (connection) => {
    await exec(connection, `COPY (SELECT ${select} FROM (SELECT i, hash(i // 20) AS h FROM range(${rows}) t(i))) TO ${sqlString(temp)} (HEADER, DELIMITER ',')`);
  });
  renameSync(temp, out);
}

interface Point {rows: number; bytes: number; wall_s: number; cpu_s: number; peak_rss_mb: number; accepted: number; load_average: string}

const points: Point[] = [];
for (const rows of sizes) {
  const file = join(CACHE_DIR, "bench", `synthetic-${rows}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`bench:scale: writing ${rows} synthetic rows → ${file}\n`);
    await synthesise(rows, file);
  }
  if (values.prepare === true) continue;
  const run = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, "scripts/compiled.mjs", "scripts/ingest.ts", "--quiet", file],
    {encoding: "utf-8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28});
  // Exit 2 (rejection threshold exceeded) still prints the summary; anything else is a failed run.
  if (run.status !== 0 && run.status !== 2) throw new Error(`bench:scale: ingest of ${file} failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const timeLine = (run.stderr.trim().split("\n").pop() ?? "").trim();
  const summary = JSON.parse(run.stdout) as {totals: {accepted: number}};
  const [wall, user, sys, rss] = timeLine.split(" ").map(Number);
  const point: Point = {rows, bytes: statSync(file).size, wall_s: wall ?? NaN, cpu_s: Number(((user ?? 0) + (sys ?? 0)).toFixed(2)),
    peak_rss_mb: Math.round((rss ?? 0) / 1024), accepted: summary.totals.accepted, load_average: (await import("node:os")).loadavg()[0]?.toFixed(2) ?? ""};
  points.push(point);
  process.stdout.write(JSON.stringify(point) + "\n");
}
process.stdout.write("\n| rows | CSV | wall | CPU (user + sys) | peak RSS | load |\n| --- | --- | --- | --- | --- | --- |\n");
for (const p of points) {
  process.stdout.write(`| ${p.rows.toLocaleString("en-GB")} | ${p.bytes >= 1e9 ? `${(p.bytes / 1e9).toFixed(2)} GB` : `${Math.round(p.bytes / 1e6)} MB`} | ${p.wall_s.toFixed(1)} s | ${p.cpu_s.toFixed(1)} s | ${p.peak_rss_mb} MB | ${p.load_average} |\n`);
}
