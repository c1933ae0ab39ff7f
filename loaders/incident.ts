// Incident configuration: data/incidents/<id>/incident.json, validated into a typed Incident.
import {readFileSync, existsSync} from "node:fs";
import {join, resolve} from "node:path";
import {ConfigError} from "./errors.ts";
import {dataPath} from "./paths.ts";
import {familyNames, matchFamily, parseFamilies, type FamilySpec} from "./families.ts";

export interface KeyEvent {
  /** Row id in data/published/timeline.csv, if the event is a published fact. */
  event_id: string | null;
  /** When to draw it (ISO 8601 with Z). */
  at: string;
  label: string;
}

export interface ModelSpec {
  rows: number;
  seed: number;
  /** Path of the model parameters file, relative to the incident folder. */
  params: string;
}

export interface Incident {
  id: string;
  title: string;
  description: string;
  /** The canonical (lower-case) names of the incident's families. */
  families: string[];
  /** The families with their aliases and prefixes (families.ts): what rows are matched against. */
  family_specs: FamilySpec[];
  window: {start: string; end: string};
  kill_switch: {start: string; end: string; event_ids: string[]; note: string} | null;
  key_events: KeyEvent[];
  /** scale: multiply the outputs' hits by this to get real units (default 1: already in real units). */
  data: {modelled: boolean; label: string; scale: number; model: ModelSpec | null; inputs: string[]};
  validation: {rejection_threshold: number; dedupe: boolean};
  /** Absolute path of the incident folder (not in the JSON). */
  dir: string;
}

export const DEFAULT_INCIDENT = "wannacry-2017";

/** The incident chosen by the INCIDENT environment variable (default wannacry-2017). */
export function activeIncidentId(): string {
  return process.env.INCIDENT?.trim() || DEFAULT_INCIDENT;
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;

function need<T>(ok: boolean, file: string, reason: string, value: T): T {
  if (!ok) throw new ConfigError(file, reason);
  return value;
}

function str(obj: Record<string, unknown>, key: string, file: string): string {
  const v = obj[key];
  return need(typeof v === "string" && v !== "", file, `"${key}" must be a non-empty string`, v as string);
}

function time(obj: Record<string, unknown>, key: string, file: string): string {
  const v = str(obj, key, file);
  return need(ISO_Z.test(v) && !Number.isNaN(Date.parse(v)), file, `"${key}" must be ISO 8601 UTC with Z, got ${JSON.stringify(v)}`, v);
}

function record(v: unknown, file: string, what: string): Record<string, unknown> {
  return need(typeof v === "object" && v !== null && !Array.isArray(v), file, `${what} must be an object`, v as Record<string, unknown>);
}

/** Validates parsed JSON as an Incident. */
export function parseIncident(json: unknown, file: string, dir: string): Incident {
  const o = record(json, file, "incident.json");
  const family_specs = parseFamilies(o.families, file);
  const w = record(o.window, file, `"window"`);
  const window = {start: time(w, "start", file), end: time(w, "end", file)};
  need(Date.parse(window.start) < Date.parse(window.end), file, `"window.start" must be before "window.end"`, 0);
  let kill: Incident["kill_switch"] = null;
  if (o.kill_switch !== undefined && o.kill_switch !== null) {
    const k = record(o.kill_switch, file, `"kill_switch"`);
    kill = {
      start: time(k, "start", file), end: time(k, "end", file),
      event_ids: Array.isArray(k.event_ids) ? k.event_ids.map(String) : [],
      note: typeof k.note === "string" ? k.note : ""
    };
  }
  const events = Array.isArray(o.key_events) ? o.key_events : [];
  const key_events = events.map((e, i) => {
    const r = record(e, file, `"key_events[${i}]"`);
    return {event_id: typeof r.event_id === "string" ? r.event_id : null, at: time(r, "at", file), label: str(r, "label", file)};
  });
  const d = record(o.data, file, `"data"`);
  need(typeof d.modelled === "boolean", file, `"data.modelled" must be true or false`, 0);
  let model: ModelSpec | null = null;
  if (d.model !== undefined && d.model !== null) {
    const m = record(d.model, file, `"data.model"`);
    const rows = Number(process.env.ATLAS_MODEL_ROWS ?? m.rows);
    need(Number.isInteger(rows) && rows > 0 && rows <= 10_000_000, file, `"data.model.rows" must be an integer from 1 to 10000000`, 0);
    need(Number.isInteger(m.seed), file, `"data.model.seed" must be an integer`, 0);
    model = {rows, seed: Number(m.seed), params: str(m, "params", file)};
  }
  const inputs = Array.isArray(d.inputs) ? d.inputs.map(String) : [];
  const scale = d.scale === undefined ? 1 : Number(d.scale);
  need(typeof d.scale !== "string" && Number.isFinite(scale) && scale > 0, file, `"data.scale" must be a positive number`, 0);
  need(model !== null || inputs.length > 0, file, `"data" needs "model" or a non-empty "inputs" list`, 0);
  const v = record(o.validation ?? {}, file, `"validation"`);
  const threshold = v.rejection_threshold === undefined ? 0.01 : Number(v.rejection_threshold);
  need(threshold >= 0 && threshold <= 1, file, `"validation.rejection_threshold" must be between 0 and 1`, 0);
  return {
    id: str(o, "id", file), title: str(o, "title", file), description: typeof o.description === "string" ? o.description : "",
    families: familyNames(family_specs), family_specs, window, kill_switch: kill, key_events,
    data: {modelled: d.modelled as boolean, label: typeof d.label === "string" ? d.label : "", scale, model, inputs},
    validation: {rejection_threshold: threshold, dedupe: v.dedupe === true},
    dir
  };
}

/** Loads data/incidents/<id>/incident.json. */
export function loadIncident(id: string = activeIncidentId()): Incident {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new ConfigError(id, "incident id must be lower-case letters, digits and dashes");
  const dir = dataPath("incidents", id);
  const file = join(dir, "incident.json");
  if (!existsSync(file)) throw new ConfigError(file, `no such incident "${id}"`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf-8"));
  } catch (error) {
    throw new ConfigError(file, `not valid JSON (${(error as Error).message})`);
  }
  const incident = parseIncident(json, file, dir);
  if (incident.id !== id) throw new ConfigError(file, `"id" is "${incident.id}" but the folder is "${id}"`);
  return incident;
}

/** Absolute paths of the incident's listed input files. */
export function incidentInputs(incident: Incident): string[] {
  return incident.data.inputs.map((p) => resolve(incident.dir, p));
}

/** True if a row's family value belongs to the incident (the rule is families.ts matchFamily). */
export function isIncidentFamily(incident: Incident, family: string): boolean {
  return matchFamily(incident.family_specs, family) !== null;
}
