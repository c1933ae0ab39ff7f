// npm run data:model -- [--incident ID] [--rows N] [--seed S] [--out FILE]
//   Writes the seeded modelled event log (legacy Shadowserver drone layout).
// npm run data:model -- --events N --out FILE.arrow
//   Writes the per-event Arrow table (N accepted events) for the browser benchmark; never part of the build.
import {parseArgs} from "node:util";
import {join} from "node:path";
import {loadIncident, activeIncidentId} from "../loaders/incident.ts";
import {generateModel} from "../loaders/model/generate.ts";
import {eventsArrow} from "../loaders/events.ts";
import {writeFileAtomic} from "../loaders/atomic.ts";
import {CACHE_DIR} from "../loaders/paths.ts";
import {isUserError} from "../loaders/errors.ts";

try {
  const {values} = parseArgs({options: {incident: {type: "string"}, rows: {type: "string"}, seed: {type: "string"}, out: {type: "string"}, events: {type: "string"}}});
  const incident = loadIncident(values.incident ?? activeIncidentId());
  if (values.events !== undefined) {
    const n = Number(values.events);
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error("--events must be an integer from 1 to 10000000");
    const out = values.out ?? join(CACHE_DIR, "events", `${incident.id}-${n}.arrow`);
    writeFileAtomic(out, await eventsArrow({incidentId: incident.id, rows: n, log: (m) => process.stderr.write(m + "\n")}));
    process.stderr.write(`data:model: wrote ${n} events to ${out}\n`);
    process.stdout.write(out + "\n");
    process.exit(0);
  }
  const spec = incident.data.model;
  if (spec === null) throw new Error(`incident ${incident.id} has no "data.model"`);
  const rows = values.rows === undefined ? spec.rows : Number(values.rows);
  const seed = values.seed === undefined ? spec.seed : Number(values.seed);
  if (!Number.isInteger(rows) || rows < 1 || rows > 10_000_000) throw new Error("--rows must be an integer from 1 to 10000000");
  if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
  const out = values.out ?? join(CACHE_DIR, "model", `${incident.id}-${rows}-${seed}.csv`);
  const started = Date.now();
  const written = await generateModel(incident, spec.params, {rows, seed, out, onProgress: (n) => {
    if (n % 1_000_000 < 5000) process.stderr.write(`data:model: ${n} rows\n`);
  }});
  process.stderr.write(`data:model: wrote ${written} rows to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(out + "\n");
} catch (error) {
  process.stderr.write(`data:model: ${isUserError(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
