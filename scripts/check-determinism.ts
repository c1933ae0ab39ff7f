// `npm run check:determinism [-- --dist DIR]`: a clean clone of this checkout, built in another folder at a later
// time, gives a dist/ byte-identical to the one just built (npm test runs it right after `npm run build`).
// The clone: `git clone` of the checkout (same commit, so the same source date; scripts/source-date.ts) with the
// working tree's uncommitted changes copied over it, so what is compared is what was built; node_modules is a link
// to this checkout's (installed packages are not what is tested), and nothing else is shared: no Framework cache,
// no pipeline cache (ATLAS_CACHE_DIR is unset), so every loader and the whole pipeline run again. It is built with
// the same INCIDENT and SOURCE_DATE_EPOCH, and every file of both dist/ folders is compared byte for byte.
// Exits 1 on any difference, naming the file and the first differing byte (a file that differs between two
// builds usually carries a time or a path: see docs/architecture.md, "Builds never lie").
import {spawnSync} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, relative, resolve} from "node:path";
import {parseArgs} from "node:util";

export interface Difference {
  file: string;
  message: string;
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Every file under dir (following a top-level link, as a server does), as paths relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The files that differ between two folders (recursively), or exist in only one. */
export function compareDirs(one: string, two: string): Difference[] {
  const differences: Difference[] = [];
  const a = new Set(files(one));
  const b = new Set(files(two));
  for (const name of [...new Set([...a, ...b])].sort()) {
    if (!a.has(name) || !b.has(name)) {
      differences.push({file: name, message: `produced by only one build`});
      continue;
    }
    const x = readFileSync(join(one, name));
    const y = readFileSync(join(two, name));
    if (!x.equals(y)) differences.push({file: name, message: `differs: ${x.length} vs ${y.length} bytes, first difference at byte ${firstDifference(x, y)}: ${JSON.stringify(x.subarray(Math.max(0, firstDifference(x, y) - 40), firstDifference(x, y) + 40).toString("latin1"))}`});
  }
  return differences;
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, {cwd, encoding: "utf-8", maxBuffer: 1 << 28});
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} in ${cwd}: ${r.stderr.trim() || `exit ${r.status}`}`);
  return r.stdout;
}

/** A clone of the checkout at root with its uncommitted changes (edited, new and deleted files) applied. */
export function cloneWorkingTree(root: string, into: string): void {
  git(dirname(into), ["clone", "--quiet", "--no-checkout", root, into]);
  git(into, ["checkout", "--quiet", git(root, ["rev-parse", "HEAD"]).trim()]);
  const changed = git(root, ["ls-files", "-z", "--modified", "--others", "--exclude-standard"]).split("\0").filter(Boolean);
  for (const path of new Set(changed)) {
    const target = join(into, path);
    if (existsSync(join(root, path))) {
      mkdirSync(dirname(target), {recursive: true});
      copyFileSync(join(root, path), target);
    } else rmSync(target, {force: true});
  }
}

function main(): void {
  const {values} = parseArgs({options: {dist: {type: "string", default: "dist"}}});
  const root = process.cwd();
  const dist = resolve(values.dist);
  if (!existsSync(dist)) throw new Error(`${dist}: no build to compare; run npm run build first`);
  const temp = mkdtempSync(join(tmpdir(), "atlas-determinism-"));
  try {
    const clone = join(temp, "clone");
    cloneWorkingTree(root, clone);
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");
    const env: NodeJS.ProcessEnv = {...process.env};
    delete env.ATLAS_CACHE_DIR;
    const started = performance.now();
    console.error(`check:determinism: building a clean clone in ${clone} (INCIDENT=${env.INCIDENT ?? "default"})`);
    const built = spawnSync("npm", ["run", "build"], {cwd: clone, env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf-8", maxBuffer: 1 << 28});
    if (built.status !== 0) throw new Error(`the clone's build failed (exit ${built.status}):\n${built.stderr.slice(-4000)}`);
    const seconds = (performance.now() - started) / 1000;
    const differences = compareDirs(dist, join(clone, "dist"));
    for (const d of differences) console.error(`check:determinism: ${relative(root, dist)}/${d.file}: ${d.message}`);
    if (differences.length > 0) {
      console.error(`check:determinism: ${differences.length} file(s) differ between ${relative(root, dist)}/ and a clean clone's build`);
      process.exitCode = 1;
      return;
    }
    console.log(`check:determinism: ${files(dist).length} files of ${relative(root, dist)}/ byte-identical to a clean clone's build in another folder (the clone built in ${seconds.toFixed(0)} s)`);
  } finally {
    rmSync(temp, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (error) {
    console.error(`check:determinism: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
