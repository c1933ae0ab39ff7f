// How the project runs Observable Framework's command line (scripts/build.ts, scripts/dev.ts): always under the
// offline guard (scripts/offline-guard.mjs: no request leaves this machine, Framework's telemetry off); for a build
// also with the source date (scripts/source-date.ts), which every data loader stamps on its output.
import {join} from "node:path";
import {STAMP_ENV} from "./source-date.ts";

export const OFFLINE_GUARD = "--import=./scripts/offline-guard.mjs";
export const SOURCE_DATE_STAMP = "--import=./scripts/source-date-stamp.mjs";

/** Framework's CLI, relative to the project root (the working directory of every npm script). */
export const OBSERVABLE = join("node_modules", ".bin", "observable");

/** The environment Framework runs in: the given one with the offline guard preloaded, and the source date if given. */
export function frameworkEnv(env: NodeJS.ProcessEnv = process.env, sourceDate?: number): NodeJS.ProcessEnv {
  const preloads = [env.NODE_OPTIONS, OFFLINE_GUARD, sourceDate === undefined ? "" : SOURCE_DATE_STAMP].filter(Boolean);
  return {...env, NODE_OPTIONS: preloads.join(" "), ...(sourceDate === undefined ? {} : {[STAMP_ENV]: String(sourceDate)})};
}
