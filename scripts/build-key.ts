// Keeps Framework's data loader cache (src/.observablehq/cache/) in step with the content the loaders read.
// Framework 1.13 re-runs a loader only when the loader file is newer than its cached output, and `observable build`
// reuses a cached output even then (useStale), so an edited incident.json, a new input file, a switch of INCIDENT or
// a change in loaders/ would otherwise ship the previous data. Before every build and preview this step computes the
// build key (loaders/build-key.ts: a sha256 of INCIDENT and the bytes of every file the data depends on) and, when it
// differs from the key stored beside the cache, removes every cached loader output so each loader runs again.
// Framework's own caches in that folder (_npm/, _observablehq/, _build.json: names starting with "_") and the
// offline npm cache's stamp are kept. The pipeline's cache (.cache/pipeline/) is content-addressed and needs no
// clearing. `tsx scripts/build-key.ts` does this step alone (used by `npm run dev`).
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {buildKey} from "../loaders/build-key.ts";
import {activeIncidentId} from "../loaders/incident.ts";
import {ROOT} from "../loaders/paths.ts";

export const KEY_FILE = "atlas-build-key.txt";
/** Entries of the cache folder that are not loader outputs. */
const KEEP = (name: string): boolean => name.startsWith("_") || name === KEY_FILE || name === "offline-cache.json";

export function loaderCacheDir(root = ROOT): string {
  return join(root, "src", ".observablehq", "cache");
}

export interface Refresh {
  key: string;
  previous: string | null;
  /** Cache entries removed (relative to the cache folder); [] when the key was unchanged. */
  removed: string[];
}

/** Clears the cached loader outputs in cacheDir unless they were made for this key; then records the key. */
export function refreshLoaderCache(cacheDir: string, key: string): Refresh {
  const file = join(cacheDir, KEY_FILE);
  const previous = existsSync(file) ? readFileSync(file, "utf-8").trim() : null;
  if (previous === key) return {key, previous, removed: []};
  const removed = existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => !KEEP(name)).sort() : [];
  for (const name of removed) rmSync(join(cacheDir, name), {recursive: true, force: true});
  mkdirSync(cacheDir, {recursive: true});
  // Recorded before the loaders run: if an input changes during the build, the next build sees a new key again.
  writeFileSync(file, key + "\n");
  return {key, previous, removed};
}

/** Computes the active build key and refreshes the loader cache of the project at root. */
export function prepareLoaderCache(root = ROOT, log: (message: string) => void = (m) => console.error(m)): Refresh {
  const incident = activeIncidentId();
  const refresh = refreshLoaderCache(loaderCacheDir(root), buildKey(root, incident));
  if (refresh.previous === refresh.key) log(`build key ${refresh.key.slice(0, 12)} (${incident}): loader cache up to date`);
  else if (refresh.removed.length > 0) log(`build key ${refresh.key.slice(0, 12)} (${incident}) differs from ${refresh.previous?.slice(0, 12) ?? "none"}: cleared cached loader outputs (${refresh.removed.join(", ")})`);
  else log(`build key ${refresh.key.slice(0, 12)} (${incident}): recorded`);
  return refresh;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    prepareLoaderCache();
  } catch (error) {
    console.error(`build key: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
