// `npm run check:determinism`: two clean builds produce identical data files.
// Runs every Framework data loader in src/data/ twice, each time from an empty pipeline cache (ATLAS_CACHE_DIR
// set to a fresh temp folder, so the model, the DuckDB ingest and the Arrow writers all run again), and compares
// the outputs byte for byte. These outputs are exactly what `observable build` copies into dist/_file/data/
// (under content-hashed names); when dist/ holds a build, each of its data files is also compared with them.
// Exits 1 on any difference, naming the file and the first differing byte.
import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";

const run = promisify(execFile);
const LOADER = /^(.+\.[a-z0-9]+)\.(ts|js|mjs)$/;

export interface Difference {
  file: string;
  message: string;
}

function loaders(dir = "src/data"): {loader: string; output: string}[] {
  return readdirSync(dir)
    .map((name) => LOADER.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({loader: join(dir, m[0]), output: m[1]!}))
    .sort((a, b) => a.output.localeCompare(b.output));
}

async function buildOnce(label: string): Promise<{dir: string; seconds: number}> {
  const cache = mkdtempSync(join(tmpdir(), `atlas-determinism-cache-${label}-`));
  const dir = mkdtempSync(join(tmpdir(), `atlas-determinism-out-${label}-`));
  const started = performance.now();
  try {
    // Sequential, as Framework runs them: the first loader runs the pipeline, the others read its cache.
    for (const {loader, output} of loaders()) {
      const {stdout} = await run(process.execPath, ["--import", "tsx", loader], {
        env: {...process.env, ATLAS_CACHE_DIR: cache},
        encoding: "buffer",
        maxBuffer: 1 << 30
      });
      writeFileSync(join(dir, output), stdout);
    }
  } finally {
    rmSync(cache, {recursive: true, force: true});
  }
  return {dir, seconds: (performance.now() - started) / 1000};
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

export function compareDirs(one: string, two: string): Difference[] {
  const differences: Difference[] = [];
  const names = new Set([...readdirSync(one), ...readdirSync(two)]);
  for (const name of [...names].sort()) {
    const a = existsSync(join(one, name)) ? readFileSync(join(one, name)) : null;
    const b = existsSync(join(two, name)) ? readFileSync(join(two, name)) : null;
    if (!a || !b) differences.push({file: name, message: `produced by only one build`});
    else if (!a.equals(b)) differences.push({file: name, message: `differs: ${a.length} vs ${b.length} bytes, first difference at byte ${firstDifference(a, b)}`});
  }
  return differences;
}

/** dist/_file/data/<name>.<hash>.<ext> for each output <name>.<ext>, compared with a clean build's bytes. */
function compareDist(out: string, dist = "dist"): Difference[] {
  const dataDir = join(dist, "_file", "data");
  if (!existsSync(dataDir)) return [];
  const differences: Difference[] = [];
  const built = readdirSync(dataDir);
  for (const name of readdirSync(out)) {
    const dot = name.lastIndexOf(".");
    const pattern = new RegExp(`^${escape(name.slice(0, dot))}\\.[0-9a-f]{8}${escape(name.slice(dot))}$`);
    const match = built.find((file) => pattern.test(file));
    if (!match) continue; // not used by any page, so not copied into dist
    const a = readFileSync(join(out, name));
    const b = readFileSync(join(dataDir, match));
    if (!a.equals(b)) differences.push({file: `dist/_file/data/${match}`, message: `differs from a clean build of ${name} (first difference at byte ${firstDifference(a, b)}); rebuild dist or look for nondeterminism`});
  }
  return differences;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 12);

async function main(): Promise<void> {
  const first = await buildOnce("1");
  const second = await buildOnce("2");
  try {
    const differences = [...compareDirs(first.dir, second.dir), ...(process.argv.includes("--with-dist") ? compareDist(first.dir) : [])];
    for (const name of readdirSync(first.dir).sort()) console.log(`  ${name.padEnd(26)} ${sha(join(first.dir, name))}  ${readFileSync(join(first.dir, name)).length} bytes`);
    for (const d of differences) console.error(`check:determinism: ${d.file}: ${d.message}`);
    if (differences.length > 0) {
      process.exitCode = 1;
      return;
    }
    console.log(`check:determinism: ${readdirSync(first.dir).length} data files identical across two clean builds (${first.seconds.toFixed(0)} s + ${second.seconds.toFixed(0)} s)`);
  } finally {
    rmSync(first.dir, {recursive: true, force: true});
    rmSync(second.dir, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    const e = error as {stderr?: Buffer; message?: string};
    console.error(`check:determinism: ${e.stderr ? e.stderr.toString().trim() : e.message ?? String(error)}`);
    process.exit(1);
  });
}


