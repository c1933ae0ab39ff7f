// `npm run build [-- --dist DIR]`: builds the site into dist/ (or DIR) so that a build never lies, never breaks and
// is reproducible:
//   1. the build key (scripts/build-key.ts) clears Framework's cached loader outputs when INCIDENT or any file the
//      data depends on changed, so dist/ never carries the previous incident's or the previous inputs' data;
//   2. every file under src/ gets the source date as its mtime, and the loaders stamp their outputs with it
//      (scripts/source-date.ts): Framework embeds mtimes in the pages, so two clones of one commit, built in
//      different folders at different times, give byte-identical dist/;
//   3. the incident's pipeline runs first, here (prepareData), so that data that fail validation (the rejection
//      threshold, an input or incident.json error) stop the build with the project's own message, not as a loader's
//      exit code inside Framework's "Unexpected error"; the loaders then read its cached outputs;
//   4. `observable build` (under the offline guard) writes into a fresh folder beside dist/
//      (.dist.build-<pid>-<id>; observablehq.config.ts reads it from ATLAS_OUTPUT), then postbuild runs on it;
//   5. only when both succeeded is it published in one atomic step: dist is a symbolic link to the live build
//      folder, and a new link (.dist.link-<pid>-<id>) is renamed over it. The previous build folder is then removed.
//      A reader (a server following dist) sees the complete old build or the complete new one, never a mix or
//      nothing; a failed or killed build leaves dist/ exactly as it was.
// Leftovers of an interrupted build (.dist.* siblings of a process that is gone, other than the live folder) are
// removed first. A dist/ that is a plain folder (from an older build) is replaced once by two renames.
// Fault injection (test/unit/publish.test.ts): ATLAS_FAULT_AT=<step> kills this process (SIGKILL) at that step of
// the publish (FAULT_STEPS), so a test can check what a crash at each step leaves behind.
import {spawnSync} from "node:child_process";
import {existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync} from "node:fs";
import {basename, dirname, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {prepareLoaderCache} from "./build-key.ts";
import {isUserError, ThresholdError} from "../loaders/errors.ts";
import {activeIncidentId} from "../loaders/incident.ts";
import type {PipelineOptions} from "../loaders/pipeline.ts";
import type {Summary} from "../loaders/types.ts";
import {frameworkEnv, OBSERVABLE} from "./framework.ts";
import {pinTimes, sourceDate} from "./source-date.ts";

/** The steps of a build's publish at which ATLAS_FAULT_AT can kill the process, in order. */
export const FAULT_STEPS = ["cleaned", "built", "postbuilt", "linked", "swapped", "published"] as const;
export type FaultStep = (typeof FAULT_STEPS)[number];

/** Kills this process without any cleanup when ATLAS_FAULT_AT names this step: a crash, for the tests. */
export function fault(step: FaultStep | "postbuild-write", env: NodeJS.ProcessEnv = process.env): void {
  if (env.ATLAS_FAULT_AT === step) process.kill(process.pid, "SIGKILL");
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The live build folder dist links to (absolute), or null when dist is missing or a plain folder. */
export function liveTarget(dist: string): string | null {
  if (!existsSync(dist) || !lstatSync(dist).isSymbolicLink()) return null;
  return resolve(dirname(dist), readlinkSync(dist));
}

/**
 * The temporary siblings of dist for this build (a unique build folder and link name) and the leftovers of builds
 * whose process is gone: .<dist>.{build,link,next,old}-<pid>[-<id>], except the folder dist links to.
 */
export function siblings(dist: string, pid = process.pid, id = Date.now().toString(36)): {next: string; link: string; stale: string[]} {
  const parent = dirname(dist);
  const base = basename(dist);
  const pattern = new RegExp(`^\\.${escapeRegExp(base)}\\.(build|link|next|old)-(\\d+)(?:-[a-z0-9]+)?$`);
  const live = liveTarget(dist);
  const stale = existsSync(parent)
    ? readdirSync(parent)
        .map((name) => ({path: join(parent, name), match: pattern.exec(name)}))
        .filter(({path, match}) => match !== null && path !== live && Number(match[2]) !== pid && !pidAlive(Number(match[2])))
        .map(({path}) => path)
        .sort()
    : [];
  return {next: join(parent, `.${base}.build-${pid}-${id}`), link: join(parent, `.${base}.link-${pid}-${id}`), stale};
}

/** Removes the leftovers of dead builds; a dist lost between the two renames of a plain-folder swap is put back. */
export function removeStale(dist: string, stale: string[] = siblings(dist).stale): void {
  if (!existsSync(dist)) {
    const old = stale.filter((path) => /\.old-\d+$/.test(path)).at(-1);
    if (old) renameSync(old, dist);
  }
  for (const path of stale) rmSync(path, {recursive: true, force: true});
}

/**
 * Publishes the complete build folder `next` as dist in one step: a link to it, renamed over dist (rename(2)
 * replaces a symbolic link atomically). The previous build folder is removed afterwards. A dist that is a plain
 * folder is moved aside first (the one step that is not atomic; removeStale puts it back after a crash there).
 */
export function publish(next: string, dist: string, link: string, env: NodeJS.ProcessEnv = process.env): void {
  const previous = liveTarget(dist);
  rmSync(link, {force: true});
  symlinkSync(basename(next), link);
  fault("linked", env);
  let plain: string | null = null;
  if (existsSync(dist) && !lstatSync(dist).isSymbolicLink()) {
    plain = join(dirname(dist), `.${basename(dist)}.old-${process.pid}`);
    renameSync(dist, plain);
  }
  renameSync(link, dist);
  fault("swapped", env);
  for (const path of [previous, plain]) if (path && path !== resolve(next)) rmSync(path, {recursive: true, force: true});
  fault("published", env);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, {stdio: "inherit", env});
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${basename(args.find((a) => a.endsWith(".ts")) ?? command)} failed (exit ${result.status ?? result.signal})`);
}

/** The two steps that write a build into its folder: Framework, then the post-build step. */
export interface BuildSteps {
  framework(next: string): void;
  postbuild(next: string): void;
}

/**
 * Builds into a fresh folder beside dist and publishes it (see the header). On an error the new folder is removed
 * and dist is untouched; after a crash, the next build removes what this one left (removeStale, which the caller
 * runs first: main() does so before the data are prepared, so that a build that stops on its data leaves none either).
 */
export function buildAndPublish(dist: string, steps: BuildSteps, env: NodeJS.ProcessEnv = process.env): void {
  const {next, link} = siblings(dist);
  fault("cleaned", env);
  try {
    mkdirSync(next, {recursive: true});
    steps.framework(next);
    fault("built", env);
    steps.postbuild(next);
    fault("postbuilt", env);
    publish(next, dist, link, env);
  } catch (error) {
    rmSync(next, {recursive: true, force: true});
    rmSync(link, {force: true});
    throw error;
  }
}

/** Why a build stops on data that fail the rejection threshold: the rate, where the threshold is set, the top reasons. */
export function thresholdMessage(error: ThresholdError, incidentId: string): string {
  const summary = error.summary as Partial<Summary> | null;
  const reasons = Object.entries(summary?.by_reason ?? {}).filter(([, r]) => r?.kind === "invalid" && r.count > 0)
    .sort(([a, x], [b, y]) => (y?.count ?? 0) - (x?.count ?? 0) || (a < b ? -1 : 1)).map(([reason, r]) => `${reason} ${r?.count ?? 0}`);
  return `the data of incident "${incidentId}" fail validation: ${error.message} (validation.rejection_threshold in `
    + `data/incidents/${incidentId}/incident.json)${reasons.length > 0 ? `; invalid rows by reason: ${reasons.join(", ")}` : ""}. `
    + `See every reject with examples: npm run ingest -- --incident ${incidentId}`;
}

/**
 * Runs the incident's pipeline before Framework's build (the loaders then read its cache). Data that cannot be
 * published end the build here with a message of ours: the threshold (thresholdMessage), an input or config error.
 */
export async function prepareData(incidentId: string, pipeline: (options: PipelineOptions) => Promise<string>, log: (m: string) => void): Promise<void> {
  try {
    await pipeline({incidentId, log});
  } catch (error) {
    if (error instanceof ThresholdError) throw new Error(thresholdMessage(error, incidentId));
    if (isUserError(error)) throw new Error(`the data of incident "${incidentId}" cannot be read: ${error.message}`);
    throw error;
  }
}

async function main(): Promise<void> {
  const {values} = parseArgs({options: {dist: {type: "string", default: "dist"}}});
  const dist = resolve(values.dist);
  const started = performance.now();
  prepareLoaderCache();
  const date = sourceDate();
  const pinned = pinTimes("src", date.epoch);
  console.error(`build: source date ${new Date(date.epoch * 1000).toISOString()} (${date.from}) on ${pinned} files under src/`);
  const {runPipeline} = await import("../loaders/pipeline.ts"); // DuckDB only for a real build, not for the tests of this module
  // An interrupted build's leftovers go first, so that a build that stops on its data leaves none either.
  removeStale(dist);
  await prepareData(activeIncidentId(), runPipeline, (m) => console.error(m));
  buildAndPublish(dist, {
    framework: (next) => run(OBSERVABLE, ["build"], frameworkEnv({...process.env, ATLAS_OUTPUT: next}, date.epoch)),
    postbuild: (next) => run(process.execPath, ["--import", "tsx", join("scripts", "postbuild.ts"), next], process.env)
  });
  console.error(`build: ${dist} replaced by the new build in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}; the previous build, if any, is unchanged`);
    process.exit(1);
  });
}
