// `npm run build [-- --dist DIR]`: builds the site into dist/ (or DIR) so that a build never lies and never breaks:
//   1. the build key (scripts/build-key.ts) clears Framework's cached loader outputs when INCIDENT or any file the
//      data depends on changed, so dist/ never carries the previous incident's or the previous inputs' data;
//   2. `observable build` (under the offline guard) writes into a fresh folder beside dist/
//      (.dist.next-<pid>; observablehq.config.ts reads it from ATLAS_OUTPUT), then postbuild runs on that folder;
//   3. only when both succeeded is the new folder swapped in by two renames (dist → .dist.old-<pid>,
//      .dist.next-<pid> → dist), and the old one removed. A failed build exits non-zero and leaves dist/ exactly
//      as it was; a reader never sees a mix of two builds.
// Leftovers of an interrupted build (a .dist.next-<pid>/.dist.old-<pid> whose process is gone) are removed first.
import {spawnSync} from "node:child_process";
import {existsSync, readdirSync, renameSync, rmSync} from "node:fs";
import {basename, dirname, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {prepareLoaderCache} from "./build-key.ts";
import {frameworkEnv, OBSERVABLE} from "./framework.ts";

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The two temporary siblings of dist for this process, and any left by dead builds. */
export function siblings(dist: string, pid = process.pid): {next: string; old: string; stale: string[]} {
  const parent = dirname(dist);
  const base = basename(dist);
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(next|old)-(\\d+)$`);
  const stale = existsSync(parent)
    ? readdirSync(parent)
        .map((name) => ({name, match: pattern.exec(name)}))
        .filter(({match}) => match !== null && Number(match[2]) !== pid && !pidAlive(Number(match[2])))
        .map(({name}) => join(parent, name))
    : [];
  return {next: join(parent, `.${base}.next-${pid}`), old: join(parent, `.${base}.old-${pid}`), stale};
}

/** Replaces dist by next with two renames; if the second fails, the old dist is put back. */
export function swapInto(next: string, dist: string, old: string): void {
  const hadDist = existsSync(dist);
  if (hadDist) renameSync(dist, old);
  try {
    renameSync(next, dist);
  } catch (error) {
    if (hadDist) renameSync(old, dist);
    throw error;
  }
  if (hadDist) rmSync(old, {recursive: true, force: true});
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const result = spawnSync(command, args, {stdio: "inherit", env});
  if (result.error) throw result.error;
  return result.status ?? 1;
}

async function main(): Promise<void> {
  const {values} = parseArgs({options: {dist: {type: "string", default: "dist"}}});
  const dist = resolve(values.dist);
  const started = performance.now();
  prepareLoaderCache();
  const {next, old, stale} = siblings(dist);
  for (const path of [...stale, next, old]) rmSync(path, {recursive: true, force: true});
  try {
    const built = run(OBSERVABLE, ["build"], frameworkEnv({...process.env, ATLAS_OUTPUT: next}));
    if (built !== 0) throw new Error(`observable build failed (exit ${built})`);
    const post = run(process.execPath, ["--import", "tsx", join("scripts", "postbuild.ts"), next], process.env);
    if (post !== 0) throw new Error(`postbuild failed (exit ${post})`);
    swapInto(next, dist, old);
  } catch (error) {
    rmSync(next, {recursive: true, force: true});
    throw error;
  }
  console.error(`build: ${dist} replaced by the new build in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}; the previous build, if any, is unchanged`);
    process.exit(1);
  });
}
