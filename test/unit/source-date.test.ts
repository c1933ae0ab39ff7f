// Reproducible builds: the source date (scripts/source-date.ts), the loaders' stamp (scripts/source-date-stamp.mjs)
// and the check that fails when any other time reaches dist/ (stampProblems in scripts/check-dist.ts).
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {stampProblems} from "../../scripts/check-dist.ts";
import {frameworkEnv} from "../../scripts/framework.ts";
import {FALLBACK_EPOCH, parseEpoch, pinTimes, sourceDate, STAMP_ENV} from "../../scripts/source-date.ts";

const temp = mkdtempSync(join(tmpdir(), "atlas-source-date-"));
after(() => rmSync(temp, {recursive: true, force: true}));

test("source date: SOURCE_DATE_EPOCH first, then HEAD's commit time, then 1980-01-01 outside git", () => {
  assert.deepEqual(sourceDate(process.cwd(), {SOURCE_DATE_EPOCH: "1494547200"}), {epoch: 1494547200, from: "SOURCE_DATE_EPOCH"});
  const head = spawnSync("git", ["log", "-1", "--format=%ct"], {encoding: "utf-8"}).stdout.trim();
  assert.deepEqual(sourceDate(process.cwd(), {}), {epoch: Number(head), from: "git"});
  assert.deepEqual(sourceDate(temp, {}), {epoch: FALLBACK_EPOCH, from: "fallback"}); // a copy of the project without .git
  assert.throws(() => parseEpoch("yesterday"), /SOURCE_DATE_EPOCH="yesterday": expected whole seconds/);
  assert.throws(() => parseEpoch("-5"), /expected whole seconds/);
});

test("pinTimes sets every file under a folder to the source date", () => {
  const dir = join(temp, "pin");
  mkdirSync(join(dir, "a", "b"), {recursive: true});
  writeFileSync(join(dir, "x.md"), "x");
  writeFileSync(join(dir, "a", "b", "y.ts"), "y");
  assert.equal(pinTimes(dir, 1494547200), 2);
  for (const file of ["x.md", "a/b/y.ts"]) assert.equal(statSync(join(dir, file)).mtimeMs, 1494547200_000);
});

test("a data loader under src/ run with the build's environment stamps its output file with the source date", () => {
  const project = join(temp, "project");
  mkdirSync(join(project, "src", "data"), {recursive: true});
  mkdirSync(join(project, "scripts"), {recursive: true});
  for (const name of ["source-date-stamp.mjs", "offline-guard.mjs"]) writeFileSync(join(project, "scripts", name), readScript(name));
  writeFileSync(join(project, "src", "data", "x.json.js"), `process.stdout.write(JSON.stringify({x: 1}));\n`);
  writeFileSync(join(project, "other.js"), `process.stdout.write("not a loader");\n`);
  const env = frameworkEnv({PATH: process.env.PATH}, 1494547200);
  assert.equal(env[STAMP_ENV], "1494547200");
  const run = (script: string, out: string) => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" ${script} > ${out}`], {cwd: project, env, encoding: "utf-8"});
    assert.equal(r.status, 0, r.stderr);
    return statSync(join(project, out)).mtimeMs;
  };
  assert.equal(run("src/data/x.json.js", "x.json"), 1494547200_000);
  assert.notEqual(run("other.js", "other.txt"), 1494547200_000, "only loaders under src/ stamp their stdout");
  assert.equal(frameworkEnv({}).NODE_OPTIONS, "--import=./scripts/offline-guard.mjs", "dev (no source date): no stamp");
});

const readScript = (name: string): string => readFileSync(join("scripts", name), "utf-8");

test("stampProblems: a lastModified other than the source date, or a recent epoch-ms time, is reported", () => {
  const dist = join(temp, "dist");
  mkdirSync(join(dist, "_import"), {recursive: true});
  const epoch = 1494547200_000;
  const now = Date.UTC(2026, 11, 1, 23, 0);
  writeFileSync(join(dist, "ok.html"), `registerFile("data/x.json", {"name":"data/x.json","lastModified":${epoch},"size":3});`);
  assert.deepEqual(stampProblems(dist, epoch, now), []);
  writeFileSync(join(dist, "_import", "charts.js"), `{"lastModified":${now - 5000}}; const built = ${now - 60_000};`);
  writeFileSync(join(dist, "data.json"), `{"generated": ${now}, "old": 1494547200000, "big": 99999999999999}`);
  const problems = stampProblems(dist, epoch, now);
  assert.deepEqual(problems.map((p) => p.file).sort(), ["_import/charts.js", "_import/charts.js", "data.json"]);
  assert.match(problems.find((p) => p.file === "_import/charts.js")!.message, /lastModified is \d+, not the source date/);
  assert.match(problems.find((p) => p.file === "data.json")!.message, /time stamp \d{13} \(2026-12-01T23:00:00\.000Z\) after the source date/);
});
