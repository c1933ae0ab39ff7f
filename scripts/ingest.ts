// npm run ingest -- [--incident ID] [--out DIR] [--dedupe] [--threshold R] [--progress] FILE...
// npm run ingest -- --from-db <connection string | env:NAME> [--where SQL] (IntelMQ EventDB; FILE... may be added)
// Validates and summarises input files without building the site: one JSON summary on stdout,
// progress on stderr, exit 1 on a fatal input error, 2 when the rejection threshold is exceeded.
import {parseArgs} from "node:util";
import {join, resolve} from "node:path";
import {loadIncident, activeIncidentId, incidentInputs} from "../loaders/incident.ts";
import {incidentSources, ingestSources, type Source} from "../loaders/sources.ts";
import {Progress, progressWanted, NO_PROGRESS} from "../loaders/progress.ts";
import {aggregateArrow, summaryJson} from "../loaders/outputs.ts";
import {writeFileAtomic} from "../loaders/atomic.ts";
import {inputHash} from "../loaders/pipeline.ts";
import {CACHE_DIR, ROOT} from "../loaders/paths.ts";
import {isUserError} from "../loaders/errors.ts";

try {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {incident: {type: "string"}, out: {type: "string"}, dedupe: {type: "boolean"}, threshold: {type: "string"}, quiet: {type: "boolean"},
      "from-db": {type: "string"}, where: {type: "string"}, progress: {type: "boolean"}}
  });
  const incident = loadIncident(values.incident ?? activeIncidentId());
  const fromDb = values["from-db"];
  if (values.where !== undefined && fromDb === undefined) throw new Error("--where applies to --from-db");
  const paths = positionals.length > 0 || fromDb !== undefined ? positionals.map((p) => resolve(p)) : incidentInputs(incident);
  const useIncident = positionals.length === 0 && fromDb === undefined;
  const databases = useIncident ? incidentSources(incident, ROOT).filter((s) => "db" in s) : [];
  if (paths.length === 0 && fromDb === undefined && databases.length === 0) throw new Error("no input files: pass FILE... (the incident lists none; its data is modelled, see npm run data:model)");
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new Error("--threshold must be a number from 0 to 1");
  const log = values.quiet === true ? () => {} : (m: string) => process.stderr.write(m + "\n");
  const sources: Source[] = paths.map((path) => ({path, name: positionals.length > 0 ? path.split("/").pop() ?? path : path}));
  if (fromDb !== undefined) sources.push({db: {connection: fromDb, where: values.where}});
  sources.push(...databases);
  const progress = progressWanted(values.progress) ? new Progress({label: "ingest"}) : NO_PROGRESS;
  const result = await ingestSources({
    incident, sources, progress,
    inputHash: inputHash(incident), dedupe: values.dedupe, threshold, tempDirectory: join(CACHE_DIR, "duckdb-tmp"), log
  });
  process.stdout.write(summaryJson(result.summary));
  // A run above the rejection threshold is a failed run: it never replaces the previous outputs.
  if (values.out !== undefined && !result.summary.threshold.exceeded) {
    const out = resolve(values.out);
    for (const [name, bytes] of Object.entries(aggregateArrow(result.aggregates, incident, result.summary.generated_at_input_hash))) {
      writeFileAtomic(join(out, name), bytes);
    }
    writeFileAtomic(join(out, "validation.json"), summaryJson(result.summary));
    log(`ingest: wrote Arrow files and validation.json to ${out}`);
  }
  if (result.summary.threshold.exceeded) {
    process.stderr.write(`ingest: ${(result.summary.threshold.invalid_rate * 100).toFixed(2)}% of rows invalid, above the threshold of ${(result.summary.threshold.max_invalid_rate * 100).toFixed(2)}%\n`);
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`ingest: ${isUserError(error) || error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
