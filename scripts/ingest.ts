// npm run ingest -- [--incident ID] [--out DIR] [--dedupe] [--threshold R] [--progress] FILE...
// npm run ingest -- --from-db <connection string | env:NAME> [--where SQL] (IntelMQ EventDB; FILE... may be added)
// Validates and summarises input files without building the site: one JSON summary on stdout,
// progress on stderr, exit 1 on a fatal input error, 2 when the rejection threshold is exceeded.
import {parseArgs} from "node:util";
import {basename, join, resolve} from "node:path";
import {loadIncident, activeIncidentId, incidentInputs} from "../loaders/incident.ts";
import {incidentSources, ingestSources, type Source} from "../loaders/sources.ts";
import {Progress, progressWanted, NO_PROGRESS} from "../loaders/progress.ts";
import {summaryJson} from "../loaders/summary.ts";
import {inputHash} from "../loaders/build-key.ts";
import {expandInputs, runHash} from "../loaders/inputs.ts";
import {inputNames, suffixNames} from "../loaders/names.ts";
import {parquetFiles} from "../loaders/parquet.ts";
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
  // A plain decimal only: Number("") and Number(" ") are 0, Number("0x1") is 1.
  if (values.threshold !== undefined && !/^(\d+(\.\d*)?|\.\d+)$/.test(values.threshold)) throw new Error(`--threshold must be a number from 0 to 1, got ${JSON.stringify(values.threshold)}`);
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must be a number from 0 to 1, got ${JSON.stringify(values.threshold)}`);
  const log = values.quiet === true ? () => {} : (m: string) => process.stderr.write(m + "\n");
  // Inputs are reported by the shortest path suffix that tells them apart (an incident's by their path inside the
  // project), never by a whole path outside it (names.ts).
  const names = positionals.length > 0 ? suffixNames(paths) : inputNames(paths, ROOT);
  const files = paths.map((path, i) => ({path, name: names[i] ?? basename(path)}));
  // Provenance is content: the code and configuration, the settings, and every input file's name and bytes.
  // Every file read counts: a Parquet file or folder by its Parquet files, a CSV folder by its reports.
  const read = files.flatMap((f) => { const parquet = parquetFiles(f); return parquet.length > 0 ? parquet : expandInputs([f]).files; });
  const hash = runHash(inputHash(incident), {threshold: String(threshold ?? ""), dedupe: String(values.dedupe ?? "")}, read);
  const sources: Source[] = [...files];
  if (fromDb !== undefined) sources.push({db: {connection: fromDb, where: values.where}});
  sources.push(...databases);
  const progress = progressWanted(values.progress) ? new Progress({label: "ingest"}) : NO_PROGRESS;
  const result = await ingestSources({
    incident, sources, progress,
    inputHash: hash, dedupe: values.dedupe, threshold, tempDirectory: join(CACHE_DIR, "duckdb-tmp"), log
  });
  process.stdout.write(summaryJson(result.summary));
  // A run above the rejection threshold is a failed run: it never replaces the previous outputs.
  // --out publishes the Arrow files and validation.json as one set, in one step (loaders/atomic.ts publishSet).
  if (values.out !== undefined && !result.summary.threshold.exceeded) {
    // Loaded only here: the Arrow writer is most of the command's code, and a run without --out never needs it.
    const [{aggregateArrow}, {publishSet}] = await Promise.all([import("../loaders/outputs.ts"), import("../loaders/atomic.ts")]);
    const out = resolve(values.out);
    const set = await publishSet(out, {...aggregateArrow(result.aggregates, incident, hash), "validation.json": summaryJson(result.summary)});
    log(`ingest: published Arrow files and validation.json to ${out} (→ ${basename(set)})`);
  }
  if (result.summary.threshold.exceeded) {
    process.stderr.write(`ingest: ${(result.summary.threshold.invalid_rate * 100).toFixed(2)}% of rows invalid, above the threshold of ${(result.summary.threshold.max_invalid_rate * 100).toFixed(2)}%\n`);
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`ingest: ${isUserError(error) || error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
