// node scripts/compiled.mjs ENTRY.ts [ARGS…]: runs a TypeScript entry point as compiled JavaScript, not through a
// compiler at every start. The entry is bundled once with esbuild (the project's modules and packages inlined, except
// DuckDB's native binding) into .cache/compiled-<name>-<key>.mjs, where the key hashes every file the bundle can
// include (the entry, loaders/**/*.ts, package-lock.json for the packages), this file (the build options) and
// esbuild's version: any change rebuilds, an unchanged tree starts at once. What the entry imports dynamically (`await import(…)`: the Arrow writer,
// the PostgreSQL client) goes into chunks of its own (.cache/compiled-chunk-<content hash>.mjs), which a run loads
// only if it needs them: V8 then compiles about half the code at start-up.
// The files sit directly in .cache/, one level below the root, so loaders/paths.ts finds the root from them as it
// does from loaders/. Plain JavaScript on purpose: this file runs before anything is compiled.
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync} from "node:fs";
import {basename, join, relative} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const [entry, ...args] = process.argv.slice(2);
if (entry === undefined) {
  process.stderr.write("usage: node scripts/compiled.mjs ENTRY.ts [ARGS…]\n");
  process.exit(2);
}

/** Every .ts file under a folder, sorted (the key must not depend on directory order). */
function tsFiles(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? tsFiles(path) : e.name.endsWith(".ts") ? [path] : [];
  }).sort();
}

const esbuildVersion = JSON.parse(readFileSync(join(ROOT, "node_modules/esbuild/package.json"), "utf-8")).version;
const hash = createHash("sha256").update(`esbuild ${esbuildVersion}\n`);
for (const file of [fileURLToPath(import.meta.url), join(ROOT, entry), join(ROOT, "package-lock.json"), ...tsFiles(join(ROOT, "loaders"))]) {
  hash.update(`${relative(ROOT, file)}\n`).update(readFileSync(file)).update("\n");
}
const out = join(ROOT, ".cache", `compiled-${basename(entry, ".ts")}-${hash.digest("hex").slice(0, 16)}.mjs`);
if (!existsSync(out)) {
  const {build} = await import("esbuild");
  const temp = join(ROOT, ".cache", `compiled-tmp-${process.pid}`);
  mkdirSync(temp, {recursive: true});
  try {
    await build({entryPoints: [join(ROOT, entry)], outdir: temp, entryNames: basename(out, ".mjs"), chunkNames: "compiled-chunk-[hash]",
      outExtension: {".js": ".mjs"}, splitting: true, bundle: true, platform: "node", format: "esm", target: "node20",
      // DuckDB's native binding stays a package (loaded with require); its JavaScript API is inlined (hundreds of small
      // CommonJS files that otherwise cost most of the start-up).
      external: ["@duckdb/node-bindings*"], banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"},
      minify: true, logLevel: "warning"});
    // Chunks first (named by their content, so replacing one changes nothing), the entry last: each rename is atomic,
    // so a concurrent start that sees the entry sees every chunk it imports.
    const built = readdirSync(temp);
    for (const name of built.filter((n) => n !== basename(out))) renameSync(join(temp, name), join(ROOT, ".cache", name));
    renameSync(join(temp, basename(out)), out);
  } finally {
    rmSync(temp, {recursive: true, force: true});
  }
}
process.argv = [process.argv[0], join(ROOT, entry), ...args];
await import(pathToFileURL(out).href);
