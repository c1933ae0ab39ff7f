// Reproducible builds: what Framework stamps into a build is pinned to one source date.
// Observable Framework (1.13) puts each file's modification time into the built site: the `lastModified` of every
// FileAttachment registered in a page or module (and so the pages' inline scripts and their CSP hashes), and the
// content hash of every module that imports a loader's output (so the `_import/` file names). Two clones of one
// commit have different mtimes, so their builds differed in every page.
// Rather than patch Framework's output, the build gives Framework inputs that are the same everywhere: before
// `observable build`, every file under src/ (sources, and loader outputs kept in Framework's cache) gets one fixed
// mtime, the source date; each data loader that Framework runs during the build stamps its own output with it too
// (scripts/source-date-stamp.mjs, preloaded into the loader's process). Whatever Framework reads from a file's stat
// is then the source date, in this version and in a later one that reads mtimes elsewhere.
// The source date: SOURCE_DATE_EPOCH (seconds; https://reproducible-builds.org/specs/source-date-epoch/) if set,
// else the commit time of HEAD when the project is a git checkout, else 1980-01-01T00:00:00Z (a copy without git).
// scripts/check-stamps.ts fails the build's tests when any other time reaches dist/.
import {spawnSync} from "node:child_process";
import {readdirSync, utimesSync} from "node:fs";
import {join, resolve} from "node:path";

/** Seconds since the epoch used when neither SOURCE_DATE_EPOCH nor a git commit gives one. */
export const FALLBACK_EPOCH = 315_532_800; // 1980-01-01T00:00:00Z

/** The environment variable the stamping preload reads (seconds); build.ts sets it for Framework's processes. */
export const STAMP_ENV = "ATLAS_SOURCE_DATE_EPOCH";

export interface SourceDate {
  epoch: number;
  from: "SOURCE_DATE_EPOCH" | "git" | "fallback";
}

/** Parses SOURCE_DATE_EPOCH: a non-negative integer number of seconds, or a clear error. */
export function parseEpoch(text: string, name = "SOURCE_DATE_EPOCH"): number {
  if (!/^\d{1,12}$/.test(text.trim())) throw new Error(`${name}="${text}": expected whole seconds since 1970-01-01T00:00:00Z (e.g. 1494547200)`);
  return Number(text.trim());
}

/** The commit time of HEAD if `root` is the top of a git checkout, else null. */
export function commitEpoch(root: string): number | null {
  const top = spawnSync("git", ["rev-parse", "--show-toplevel"], {cwd: root, encoding: "utf-8"});
  if (top.status !== 0 || resolve(top.stdout.trim()) !== resolve(root)) return null;
  const log = spawnSync("git", ["log", "-1", "--format=%ct", "HEAD"], {cwd: root, encoding: "utf-8"});
  return log.status === 0 && /^\d+$/.test(log.stdout.trim()) ? Number(log.stdout.trim()) : null;
}

export function sourceDate(root = process.cwd(), env: NodeJS.ProcessEnv = process.env): SourceDate {
  const given = env.SOURCE_DATE_EPOCH;
  if (given !== undefined && given !== "") return {epoch: parseEpoch(given), from: "SOURCE_DATE_EPOCH"};
  const commit = commitEpoch(root);
  return commit !== null ? {epoch: commit, from: "git"} : {epoch: FALLBACK_EPOCH, from: "fallback"};
}

/** Sets the access and modification time of every file under dir (recursively) to epoch seconds; returns the count. */
export function pinTimes(dir: string, epoch: number): number {
  let count = 0;
  for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue;
    utimesSync(join(entry.parentPath, entry.name), epoch, epoch);
    count++;
  }
  return count;
}
