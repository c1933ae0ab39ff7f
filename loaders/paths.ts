// Project paths, resolved from this file so loaders, scripts and tests agree.
import {fileURLToPath} from "node:url";
import {join} from "node:path";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DATA_DIR = join(ROOT, "data");
export const CACHE_DIR = join(ROOT, ".cache");

export function dataPath(...parts: string[]): string {
  return join(DATA_DIR, ...parts);
}
