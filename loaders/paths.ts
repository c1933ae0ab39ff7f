// Project paths, resolved from this file so loaders, scripts and tests agree.
import {fileURLToPath} from "node:url";
import {join, resolve} from "node:path";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DATA_DIR = join(ROOT, "data");
/** Pipeline cache; $ATLAS_CACHE_DIR points it elsewhere (scripts/check-determinism.ts builds twice from empty caches). */
export const CACHE_DIR = process.env.ATLAS_CACHE_DIR ? resolve(process.env.ATLAS_CACHE_DIR) : join(ROOT, ".cache");

export function dataPath(...parts: string[]): string {
  return join(DATA_DIR, ...parts);
}
