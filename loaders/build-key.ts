// Content-based build keys: what the data outputs depend on, hashed by the bytes of the files (never their mtimes).
//   - pipelineFiles(): the files the pipeline reads for one incident (loaders/ code, the shared tables under data/,
//     every file of the incident's folder, its input files wherever they are). loaders/pipeline.ts keys its cache
//     (.cache/pipeline/<id>-<hash>/) by their hash.
//   - buildInputs(): those plus the Framework data loaders (src/data/) and everything else under data/ except the
//     other incidents' folders, and package-lock.json (world-atlas, …). scripts/build-key.ts hashes them with the
//     active INCIDENT into the build key stored beside Framework's loader cache; a different key clears that cache
//     before `observable build` / `observable preview`, because Framework reuses a cached loader output as long as
//     the loader file itself is older than it (and `observable build` reuses even a stale one).
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {join, relative, resolve, sep} from "node:path";
import type {Incident} from "./incident.ts";
import {DATA_DIR, ROOT} from "./paths.ts";

/** One file of a key: its name (relative to the project root, for stable keys across checkouts) and its bytes. */
export interface KeyFile {
  name: string;
  bytes: Uint8Array;
}

/** Environment variables that change what the loaders produce. */
export const KEY_ENV = ["INCIDENT", "ATLAS_MODEL_ROWS"] as const;

/**
 * The key of a set of files plus named values (pure): sha256 over the values, then each file's name and bytes in
 * name order, each part length-prefixed so that no two different inputs give the same byte stream.
 */
export function contentKey(values: Record<string, string>, files: readonly KeyFile[]): string {
  const h = createHash("sha256");
  const part = (text: string | Uint8Array): void => {
    const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    h.update(`${bytes.length}:`).update(bytes).update("\n");
  };
  for (const name of Object.keys(values).sort()) {
    part(name);
    part(values[name]!);
  }
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`build key: ${sorted[i]!.name} listed twice`);
  }
  for (const file of sorted) {
    part(file.name);
    part(file.bytes);
  }
  return h.digest("hex");
}

/** Every file under dir (recursively), absolute, sorted; [] if dir does not exist. */
export function filesUnder(dir: string, keep: (path: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter(keep)
    .sort();
}

/**
 * The input files an incident.json names (data.inputs, data.model.params), resolved against its folder. Read
 * leniently, without validation: the key of an invalid incident must still be computable (its build then fails
 * in the loader, with the validation message).
 */
export function declaredInputs(incidentDir: string): string[] {
  const file = join(incidentDir, "incident.json");
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf-8"));
  } catch {
    return [];
  }
  const data = (json as {data?: {inputs?: unknown; model?: {params?: unknown} | null}} | null)?.data;
  const names = [...(Array.isArray(data?.inputs) ? data.inputs : []), data?.model?.params];
  // A folder input stands for the report files in it (loaders/inputs.ts): key each of them, so a changed daily file is seen.
  return names.filter((n): n is string => typeof n === "string" && n !== "").map((n) => resolve(incidentDir, n))
    .flatMap((path) => (existsSync(path) && statSync(path).isDirectory() ? filesUnder(path) : [path]));
}

const isSource = (path: string): boolean => /\.(ts|mts|js|mjs|json)$/.test(path);

/** The files the pipeline's outputs for one incident depend on (absolute paths, sorted, no duplicates). */
export function pipelineFiles(root: string, incidentId: string): string[] {
  const data = join(root, "data");
  const incidentDir = join(data, "incidents", incidentId);
  const shared = readdirSync(data, {withFileTypes: true}).filter((e) => e.isFile() && e.name.endsWith(".csv")).map((e) => join(data, e.name));
  return unique([
    ...filesUnder(join(root, "loaders"), isSource),
    ...shared,
    ...filesUnder(join(data, "reference")),
    ...filesUnder(join(data, "published")),
    ...filesUnder(incidentDir),
    ...declaredInputs(incidentDir)
  ]);
}

/** Everything the site's data files depend on for the active incident (a superset of pipelineFiles). */
export function buildInputs(root: string, incidentId: string): string[] {
  const incidents = join(root, "data", "incidents") + sep;
  const otherIncident = (path: string): boolean => path.startsWith(incidents) && !path.startsWith(join(incidents, incidentId) + sep);
  return unique([
    ...pipelineFiles(root, incidentId),
    ...filesUnder(join(root, "data"), (path) => !otherIncident(path)),
    ...filesUnder(join(root, "src", "data")),
    ...[join(root, "package-lock.json")].filter((path) => existsSync(path))
  ]);
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)].sort();
}

/** Reads the files for a key; a listed file that does not exist (a missing input) is keyed as missing. */
export function readKeyFiles(root: string, paths: readonly string[]): KeyFile[] {
  return paths.map((path) => {
    const name = relative(root, path).split(sep).join("/");
    return existsSync(path) && statSync(path).isFile() ? {name, bytes: readFileSync(path)} : {name: `${name} (missing)`, bytes: new Uint8Array()};
  });
}

/** The key values taken from the environment: the active incident and the variables in KEY_ENV. */
export function keyValues(incidentId: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const values: Record<string, string> = {incident: incidentId};
  for (const name of KEY_ENV) if (name !== "INCIDENT" && env[name] !== undefined) values[name] = env[name]!;
  return values;
}

/** The build key of a project checkout for one incident. */
export function buildKey(root: string, incidentId: string, env: NodeJS.ProcessEnv = process.env): string {
  return contentKey(keyValues(incidentId, env), readKeyFiles(root, buildInputs(root, incidentId)));
}

/**
 * The pipeline's key (loaders/pipeline.ts keys its cache by it): everything the outputs depend on, by content: the pipeline code, the shared tables,
 * every file of the incident's folder and its input files, the model spec (rows may come from ATLAS_MODEL_ROWS) and
 * Node's major version. Names are relative to the project root, so two checkouts of the same content agree.
 */
export function inputHash(incident: Incident): string {
  const id = relative(join(DATA_DIR, "incidents"), incident.dir);
  const values = {model: JSON.stringify(incident.data.model), node: process.versions.node.split(".")[0]!};
  return contentKey(values, readKeyFiles(ROOT, pipelineFiles(ROOT, id))).slice(0, 20);
}
