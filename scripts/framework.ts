// How the project runs Observable Framework's command line (scripts/build.ts, scripts/dev.ts): always under the
// offline guard (scripts/offline-guard.mjs: no request leaves this machine, Framework's telemetry off).
import {join} from "node:path";

export const OFFLINE_GUARD = "--import=./scripts/offline-guard.mjs";

/** Framework's CLI, relative to the project root (the working directory of every npm script). */
export const OBSERVABLE = join("node_modules", ".bin", "observable");

/** The environment Framework runs in: the given one with the offline guard preloaded. */
export function frameworkEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {...env, NODE_OPTIONS: [env.NODE_OPTIONS, OFFLINE_GUARD].filter(Boolean).join(" ")};
}
