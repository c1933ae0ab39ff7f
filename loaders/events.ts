// The per-event table (one row per accepted event) for the browser DuckDB-WASM benchmark (issue #5).
// Not part of the default build: it is produced on request at a given size.
import {join} from "node:path";
import {existsSync} from "node:fs";
import {buildTable, toIpc} from "./arrow.ts";
import {loadIncident, activeIncidentId, incidentInputs} from "./incident.ts";
import {generateModel} from "./model/generate.ts";
import {loadModelParams} from "./model/params.ts";
import {ingest} from "./ingest.ts";
import {inputHash} from "./build-key.ts";
import {outputMetadata} from "./outputs.ts";
import {CACHE_DIR} from "./paths.ts";

export interface EventsOptions {incidentId?: string; rows: number; log?: (m: string) => void}

/**
 * Arrow IPC stream: timestamp (ms, UTC), country, sector, family (dictionaries), hits (Int32), modelled (Bool),
 * the first `rows` accepted events in time order. For a modelled incident, enough rows are generated first.
 */
export async function eventsArrow(options: EventsOptions): Promise<Uint8Array> {
  const incident = loadIncident(options.incidentId ?? activeIncidentId());
  const hash = inputHash(incident);
  const files = incidentInputs(incident).map((path) => ({path}));
  const model = incident.data.model;
  if (model !== null) {
    const noise = loadModelParams(incident.dir, model.params).other_families.share;
    const rows = Math.min(10_000_000, Math.ceil(options.rows / (1 - noise)) + 1000);
    const out = join(CACHE_DIR, "model", `${incident.id}-events-${rows}-${model.seed}.csv`);
    if (!existsSync(out)) await generateModel(incident, model.params, {rows, seed: model.seed, out});
    files.unshift({path: out});
  }
  const result = await ingest({incident, files, inputHash: hash, eventsLimit: options.rows,
    tempDirectory: join(CACHE_DIR, "duckdb-tmp"), log: options.log});
  const e = result.events;
  if (e === null) throw new Error("events were not collected");
  return toIpc(buildTable([
    {name: "timestamp", type: "timestamp", values: e.timestamp},
    {name: "country", type: "dict", values: e.country},
    {name: "sector", type: "dict", values: e.sector},
    {name: "family", type: "dict", values: e.family},
    {name: "hits", type: "count", values: e.hits},
    {name: "modelled", type: "bool", values: new Array<boolean>(e.hits.length).fill(incident.data.modelled)}
  ], outputMetadata(incident, hash)));
}
