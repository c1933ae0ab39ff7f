// `npm run ingest -- --out DIR` under faults (issue 13): the process is killed (SIGKILL, through the
// ATLAS_FAULT_AT hook in loaders/atomic.ts) before each write and rename step of a publish, one run per step,
// until a run completes. After every kill DIR is the complete old set or the complete new set, never a mix, and
// the set folder holds no temp file; the next publish removes every leftover. Two concurrent publishes are
// serialised. Provenance: the same inputs with other modification times give byte-identical outputs.
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test} from "node:test";
import {AGGREGATE_FILES} from "../../loaders/outputs.ts";
import {publishSet} from "../../loaders/atomic.ts";

const dir = mkdtempSync(join(tmpdir(), "atlas-publish-"));
after(() => rmSync(dir, {recursive: true, force: true}));

const SET_FILES = [...AGGREGATE_FILES, "validation.json"].sort();
const HEADER = "timestamp,src_ip,src_geo,src_naics,infection\n";
const rowsOf = (n: number, first: number): string =>
  Array.from({length: n}, (_, i) => `2017-05-12 ${String(14 + (i % 8)).padStart(2, "0")}:3${i % 10}:00,192.0.2.${first + i},GB,622110,wannacry\n`).join("");

interface Run {code: number | null; signal: string | null; stderr: string}

function ingestCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--quiet", ...args], {env: {...process.env, ...env}, maxBuffer: 1 << 26},
      (error, _stdout, stderr) => {
        const e = error as (Error & {code?: number; signal?: string}) | null;
        resolve({code: e === null ? 0 : typeof e.code === "number" ? e.code : null, signal: e?.signal ?? null, stderr});
      });
  });
}

const sha = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The set DIR shows: file name → sha256, read through one resolution of the link. */
function readSet(out: string): Record<string, string> {
  const real = realpathSync(out);
  return Object.fromEntries(readdirSync(real).sort().map((f) => [f, sha(readFileSync(join(real, f)))]));
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("npm run ingest --out under faults", () => {
  const oldInput = write("old.csv", HEADER + rowsOf(20, 1));
  const newInput = write("new.csv", HEADER + rowsOf(30, 100));

  test("killed before every write and rename step: the complete old set or the complete new set, and no temp file survives the next publish", async () => {
    // The sets each input publishes on its own.
    const expected = async (input: string, name: string): Promise<Record<string, string>> => {
      const out = join(dir, name, "out");
      assert.equal((await ingestCli(["--out", out, input])).code, 0);
      return readSet(out);
    };
    const oldSet = await expected(oldInput, "expect-old");
    const newSet = await expected(newInput, "expect-new");
    assert.deepEqual(Object.keys(oldSet), SET_FILES);
    assert.notDeepEqual(oldSet, newSet);

    const pristine = join(dir, "expect-old");
    const oldFiles = Object.fromEntries(SET_FILES.map((f) => [f, readFileSync(join(pristine, "out", f))]));
    const outcomes: string[] = [];
    for (let n = 1; n < 100; n++) {
      const parent = join(dir, `fault-${n}`);
      cpSync(pristine, parent, {recursive: true, verbatimSymlinks: true});
      const out = join(parent, "out");
      const run = await ingestCli(["--out", out, newInput], {ATLAS_FAULT_AT: String(n)});
      const completed = run.code === 0;
      if (!completed) assert.equal(run.signal, "SIGKILL", `step ${n}: ${run.stderr}`);
      const stepName = /before step \d+ \((.*)\)/.exec(run.stderr)?.[1] ?? "completed";
      const seen = readSet(out);
      const which = JSON.stringify(seen) === JSON.stringify(oldSet) ? "old" : JSON.stringify(seen) === JSON.stringify(newSet) ? "new" : "MIX";
      assert.notEqual(which, "MIX", `killed before step ${n} (${stepName}): DIR shows neither the old nor the new set: ${JSON.stringify(seen)}`);
      assert.ok(!readdirSync(realpathSync(out)).some((f) => f.includes(".tmp")), `step ${n}: temp file in the published set`);
      outcomes.push(`${n} ${stepName}: ${which}`);
      // The next publish (the same code as the CLI's, called here to save a DuckDB run) removes the leftovers:
      // only DIR, its set and the set before it remain.
      await publishSet(out, oldFiles);
      assert.deepEqual(readSet(out), oldSet);
      const left = readdirSync(parent).sort();
      assert.ok(left.every((f) => f === "out" || f.startsWith(".out.set-")), `step ${n}: leftovers ${left.join(", ")}`);
      assert.ok(left.length <= 3, `step ${n}: ${left.join(", ")}`);
      rmSync(parent, {recursive: true, force: true});
      if (completed) break;
    }
    console.log(`publish fault injection: ${outcomes.join("; ")}`);
    // Steps: lock, temp folder, six writes, rename, link, switch, (prune), unlock: at least 11 kills before completion.
    assert.ok(outcomes.length >= 12, outcomes.join("; "));
    assert.match(outcomes.at(-1) ?? "", /completed: new/);
    assert.ok(outcomes.some((o) => /write .*: old/.test(o)) && outcomes.some((o) => /switch .*: old/.test(o)), outcomes.join("; "));
    assert.ok(outcomes.some((o) => /release the lock: new/.test(o)), outcomes.join("; "));
  });

  test("two concurrent publishes to one DIR are serialised: a complete set, no leftovers", async () => {
    const out = join(dir, "concurrent", "out");
    const runs = await Promise.all([ingestCli(["--out", out, oldInput]), ingestCli(["--out", out, newInput])]);
    assert.deepEqual(runs.map((r) => r.code), [0, 0], runs.map((r) => r.stderr).join("\n"));
    const seen = readSet(out);
    assert.deepEqual(Object.keys(seen), SET_FILES);
    const left = readdirSync(join(dir, "concurrent")).sort();
    assert.ok(left.every((f) => f === "out" || f.startsWith(".out.set-")) && left.length <= 3, left.join(", "));
  });

  test("a plain folder with files in it is refused and left as it was", async () => {
    const out = join(dir, "plain");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    const run = await ingestCli(["--out", out, oldInput]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /plain folder with files in it/);
    assert.deepEqual(readdirSync(out), ["notes.txt"]);
    assert.ok(lstatSync(out).isDirectory());
  });

  test("provenance is content: copies with other modification times and folders give byte-identical outputs", async () => {
    const a = join(dir, "clone-a"), b = join(dir, "clone-b");
    mkdirSync(a);
    mkdirSync(b);
    cpSync(oldInput, join(a, "telemetry.csv"));
    cpSync(oldInput, join(b, "telemetry.csv"));
    utimesSync(join(a, "telemetry.csv"), new Date("2001-01-01"), new Date("2001-01-01"));
    utimesSync(join(b, "telemetry.csv"), new Date("2030-06-01"), new Date("2030-06-01"));
    assert.equal((await ingestCli(["--out", join(a, "out"), join(a, "telemetry.csv")])).code, 0);
    assert.equal((await ingestCli(["--out", join(b, "out"), join(b, "telemetry.csv")])).code, 0);
    assert.deepEqual(readSet(join(a, "out")), readSet(join(b, "out")));
    const validation = JSON.parse(readFileSync(join(a, "out", "validation.json"), "utf-8")) as {generated_at_input_hash: string; files: Array<{file: string}>};
    assert.deepEqual(validation.files.map((f) => f.file), ["telemetry.csv"], "the file is named, not its path");
    // Other bytes, or another setting, give another hash.
    writeFileSync(join(b, "telemetry.csv"), readFileSync(oldInput, "utf-8") + rowsOf(1, 250));
    assert.equal((await ingestCli(["--out", join(b, "out"), join(b, "telemetry.csv")])).code, 0);
    const other = JSON.parse(readFileSync(join(b, "out", "validation.json"), "utf-8")) as {generated_at_input_hash: string};
    assert.notEqual(other.generated_at_input_hash, validation.generated_at_input_hash);
    assert.equal((await ingestCli(["--out", join(a, "out"), "--threshold", "0.5", join(a, "telemetry.csv")])).code, 0);
    const setting = JSON.parse(readFileSync(join(a, "out", "validation.json"), "utf-8")) as {generated_at_input_hash: string};
    assert.notEqual(setting.generated_at_input_hash, validation.generated_at_input_hash);
  });

  test("the compiled command (npm run ingest: the Arrow writer in a chunk of its own) publishes the same set", async () => {
    const c = join(dir, "compiled");
    mkdirSync(c);
    cpSync(oldInput, join(c, "telemetry.csv"));
    assert.equal((await ingestCli(["--out", join(c, "typescript"), join(c, "telemetry.csv")])).code, 0);
    const compiled = await new Promise<number | null>((resolve) => execFile(process.execPath,
      ["scripts/compiled.mjs", "scripts/ingest.ts", "--quiet", "--out", join(c, "compiled"), join(c, "telemetry.csv")], (e) => resolve(e === null ? 0 : (e as {code?: number}).code ?? null)));
    assert.equal(compiled, 0);
    assert.deepEqual(Object.keys(readSet(join(c, "compiled"))), SET_FILES);
    assert.deepEqual(readSet(join(c, "compiled")), readSet(join(c, "typescript")));
  });
});
