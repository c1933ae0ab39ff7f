// The build's one expensive step, run once per input: generate/collect inputs → ingest → write all
// outputs into a content-addressed cache dir (.cache/pipeline/<hash>/). Concurrent loaders wait on a lock.
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {createHash} from "node:crypto";
import {loadIncident, activeIncidentId, type Incident} from "./incident.ts";
import {generateModel} from "./model/generate.ts";
import {incidentSources, ingestSources, sourcesFingerprint} from "./sources.ts";
import {aggregateArrow} from "./outputs.ts";
import {summaryJson} from "./summary.ts";
import {countryReferenceArrow} from "./reference.ts";
import {incidentForPages, publishedFacts} from "./published.ts";
import {CACHE_DIR, ROOT} from "./paths.ts";
import {inputHash} from "./build-key.ts";
import {ThresholdError} from "./errors.ts";
import type {Summary} from "./types.ts";

const LOCK_STALE_MS = 10 * 60_000;

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Runs fn while holding a directory lock; other processes wait until done() is true. */
async function withLock<T>(lock: string, done: () => boolean, fn: () => Promise<T>, log: (m: string) => void): Promise<T | null> {
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "owner"), String(process.pid));
      break;
    } catch {
      if (done()) return null;
      let owner = 0;
      try { owner = Number(readFileSync(join(lock, "owner"), "utf-8")); } catch { /* being created */ }
      const age = (() => { try { return Date.now() - statSync(lock).mtimeMs; } catch { return 0; } })();
      if ((owner > 0 && !pidAlive(owner)) || age > LOCK_STALE_MS) {
        log(`pipeline: removing stale lock ${lock}`);
        rmSync(lock, {recursive: true, force: true});
        continue;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, {recursive: true, force: true});
  }
}

/** Removes this incident's outputs and generated CSVs from earlier hashes (code or config changed since). */
function pruneOlder(id: string, hash: string): void {
  const old = (dir: string, pattern: RegExp): string[] =>
    existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f) && !f.includes(hash)).map((f) => join(dir, f))
      // Leave anything touched in the last 10 minutes: a concurrent build may still be reading it.
      .filter((f) => statSync(f).mtimeMs < Date.now() - LOCK_STALE_MS) : [];
  const escaped = id.replace(/[-]/g, "\\-");
  for (const path of [
    ...old(join(CACHE_DIR, "pipeline"), new RegExp(`^${escaped}-[0-9a-f]{20}$`)),
    ...old(join(CACHE_DIR, "model"), new RegExp(`^${escaped}-[0-9a-f]{20}\\.csv$`))
  ]) rmSync(path, {recursive: true, force: true});
}

export interface PipelineOptions {incidentId?: string; log?: (m: string) => void}

/** Ensures the cache dir for the active incident is complete; returns its path. */
export async function runPipeline(options: PipelineOptions = {}): Promise<string> {
  const log = options.log ?? ((m: string) => process.stderr.write(m + "\n"));
  const incident = loadIncident(options.incidentId ?? activeIncidentId());
  const sources = incidentSources(incident, ROOT);
  // An EventDB input is keyed by its rows' fingerprint (sources.ts): a build re-reads the table when they change.
  const tables = await sourcesFingerprint(sources);
  const hash = tables === "" ? inputHash(incident) : createHash("sha256").update(`${inputHash(incident)}\n${tables}`).digest("hex").slice(0, 20);
  const dir = join(CACHE_DIR, "pipeline", `${incident.id}-${hash}`);
  const complete = (): boolean => existsSync(join(dir, "validation.json"));
  if (complete()) return dir;
  mkdirSync(join(CACHE_DIR, "pipeline"), {recursive: true});
  await withLock(`${dir}.lock`, complete, async () => {
    if (complete()) return;
    const model = incident.data.model;
    if (model !== null) {
      const out = join(CACHE_DIR, "model", `${incident.id}-${hash}.csv`);
      if (!existsSync(out)) {
        log(`pipeline: generating ${model.rows} modelled rows (seed ${model.seed})`);
        await generateModel(incident, model.params, {rows: model.rows, seed: model.seed, out});
      }
      sources.unshift({path: out, name: `modelled/${incident.id}.csv`});
    }
    const result = await ingestSources({incident, sources, inputHash: hash, tempDirectory: join(CACHE_DIR, "duckdb-tmp"), log});
    const temp = `${dir}.tmp-${process.pid}`;
    rmSync(temp, {recursive: true, force: true});
    mkdirSync(temp, {recursive: true});
    writeFileSync(join(temp, "validation.json"), summaryJson(result.summary));
    if (result.summary.threshold.exceeded) {
      // Keep the summary for inspection, but never publish outputs.
      renameSync(join(temp, "validation.json"), join(CACHE_DIR, "pipeline", `${incident.id}-${hash}.failed.json`));
      rmSync(temp, {recursive: true, force: true});
      throw new ThresholdError(result.summary.threshold.invalid_rate, result.summary.threshold.max_invalid_rate, result.summary);
    }
    for (const [name, bytes] of Object.entries(aggregateArrow(result.aggregates, incident, hash))) writeFileSync(join(temp, name), bytes);
    writeFileSync(join(temp, "country-reference.arrow"), countryReferenceArrow());
    writeFileSync(join(temp, "published.json"), JSON.stringify(publishedFacts(incident), null, 2) + "\n");
    writeFileSync(join(temp, "incident.json"), JSON.stringify(incidentForPages(incident), null, 2) + "\n");
    rmSync(dir, {recursive: true, force: true});
    renameSync(temp, dir);
    pruneOlder(incident.id, hash);
    log(`pipeline: ${result.summary.totals.accepted} of ${result.summary.totals.rows_read} rows accepted → ${relative(ROOT, dir)}`);
  }, log);
  if (!complete()) throw new Error(`pipeline: ${dir} was not produced (another process failed?)`);
  return dir;
}

/** The bytes of one pipeline output file. */
export async function pipelineFile(name: string, options: PipelineOptions = {}): Promise<Buffer> {
  return readFileSync(join(await runPipeline(options), name));
}

export type {Summary};
