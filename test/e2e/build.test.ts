// Builds never lie: `npm run build` run for real, in a private copy of the project (its own Framework cache,
// pipeline cache and dist/, so the dist/ under test by the other browser tests is never touched), on the small
// test-synthetic incident and a renamed copy of it. Five builds, the fewest that cover the four promises:
//   1. INCIDENT=test-switch            → dist carries test-switch's data
//   2. INCIDENT=test-synthetic          → switching INCIDENT changes the data in dist
//   3. test-synthetic's incident.json edited (title) → the edit is in dist
//   4. a build killed (ATLAS_FAULT_AT=linked) after its new site is complete, just before it is published
//      → dist byte-identical to build 3 (every other step is killed in test/unit/publish.test.ts)
//   5. test-synthetic's incident.json made invalid   → exit non-zero, naming the file; dist byte-identical to build 3,
//      and the killed build's folder and link are gone
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, readdirSync, readFileSync, realpathSync, writeFileSync} from "node:fs";
import {join, relative} from "node:path";
import {after, before, test} from "node:test";
import {copyProject, type ProjectCopy} from "./project-copy.ts";

let copy: ProjectCopy | null = null;
let project = "";

before(() => {
  copy = copyProject();
  project = copy.root;
  // A second incident: test-synthetic under another id and title.
  const switched = join(project, "data", "incidents", "test-switch");
  cpSync(join(project, "data", "incidents", "test-synthetic"), switched, {recursive: true});
  const json = JSON.parse(readFileSync(join(switched, "incident.json"), "utf-8")) as Record<string, unknown>;
  writeFileSync(join(switched, "incident.json"), JSON.stringify({...json, id: "test-switch", title: "Switched incident (build test)"}, null, 2));
});
after(() => copy?.remove());

interface Build {
  status: number;
  stderr: string;
  seconds: number;
}

function build(incident: string, env: NodeJS.ProcessEnv = {}): Build {
  const started = performance.now();
  const result = spawnSync("npm", ["run", "build"], {cwd: project, env: {...process.env, INCIDENT: incident, ...env}, encoding: "utf-8", maxBuffer: 1 << 28});
  const seconds = (performance.now() - started) / 1000;
  console.error(`build test: INCIDENT=${incident} npm run build → exit ${result.status} in ${seconds.toFixed(0)} s`);
  return {status: result.status ?? 1, stderr: `${result.stderr}`, seconds};
}

/** Every file of dist with the sha256 of its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    files.set(relative(dir, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
  }
  return files;
}

/** The content-hashed data file of dist named like <name>.<hash8>.<ext>. */
function dataFile(name: string): {path: string; bytes: Buffer} {
  const dir = join(project, "dist", "_file", "data");
  const dot = name.lastIndexOf(".");
  const pattern = new RegExp(`^${name.slice(0, dot)}\\.[0-9a-f]{8}\\${name.slice(dot)}$`);
  const found = readdirSync(dir).filter((f) => pattern.test(f));
  assert.equal(found.length, 1, `one ${name} in dist/_file/data (found ${found.join(", ") || "none"})`);
  const path = join(dir, found[0]!);
  return {path, bytes: readFileSync(path)};
}

const incidentData = (): {id: string; title: string} => JSON.parse(dataFile("incident.json").bytes.toString("utf-8")) as {id: string; title: string};

let afterSwitch: {incident: Buffer; countries: Buffer} | null = null;

test("switching INCIDENT rebuilds the data in dist (no stale loader output)", () => {
  const first = build("test-switch");
  assert.equal(first.status, 0, first.stderr);
  assert.equal(incidentData().id, "test-switch");
  assert.equal(incidentData().title, "Switched incident (build test)");
  const before = {incident: dataFile("incident.json").bytes, countries: dataFile("countries.arrow").bytes};

  const second = build("test-synthetic");
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /build key [0-9a-f]{12} \(test-synthetic\) differs/);
  assert.equal(incidentData().id, "test-synthetic");
  afterSwitch = {incident: dataFile("incident.json").bytes, countries: dataFile("countries.arrow").bytes};
  assert.ok(!afterSwitch.incident.equals(before.incident), "incident.json differs");
  assert.ok(!afterSwitch.countries.equals(before.countries), "countries.arrow differs (its metadata names the incident)");
  assert.ok(afterSwitch.countries.includes(Buffer.from("test-synthetic")));
});

test("editing incident.json between two builds shows the edit in dist", (t) => {
  if (!afterSwitch) return t.skip("needs the previous test's build");
  const file = join(project, "data", "incidents", "test-synthetic", "incident.json");
  const json = JSON.parse(readFileSync(file, "utf-8")) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({...json, title: "Edited between builds"}, null, 2));
  const third = build("test-synthetic");
  assert.equal(third.status, 0, third.stderr);
  assert.equal(incidentData().title, "Edited between builds");
  assert.notEqual(incidentData().title, JSON.parse(afterSwitch.incident.toString("utf-8")).title);
});

/** The .dist.* siblings of dist other than the build folder it links to. */
const leftovers = (): string[] => {
  const live = realpathSync(join(project, "dist"));
  return readdirSync(project).filter((name) => name.startsWith(".dist.") && join(project, name) !== live);
};

test("a build killed just before it is published leaves dist byte-identical", (t) => {
  if (!afterSwitch) return t.skip("needs a previous build");
  const before = snapshot(join(project, "dist"));
  const killed = build("test-synthetic", {ATLAS_FAULT_AT: "linked"});
  assert.notEqual(killed.status, 0, "the build was killed");
  assert.deepEqual(snapshot(join(project, "dist")), before, "dist/ is exactly the previous build");
  assert.ok(leftovers().some((name) => name.startsWith(".dist.link-")), "the killed build left its link (removed by the next build)");
});

test("a failed build exits non-zero, names the bad file and leaves dist byte-identical", (t) => {
  if (!afterSwitch) return t.skip("needs a previous build");
  const before = snapshot(join(project, "dist"));
  assert.ok(before.size > 10, `dist has files (${before.size})`);
  const file = join(project, "data", "incidents", "test-synthetic", "incident.json");
  const json = JSON.parse(readFileSync(file, "utf-8")) as {window: {start: string; end: string}};
  writeFileSync(file, JSON.stringify({...json, window: {start: json.window.end, end: json.window.start}}, null, 2));
  const failed = build("test-synthetic");
  assert.notEqual(failed.status, 0, "the build fails");
  assert.match(failed.stderr, /incidents\/test-synthetic\/incident\.json/);
  assert.match(failed.stderr, /window\.start" must be before/);
  assert.deepEqual(snapshot(join(project, "dist")), before, "dist/ is exactly the previous build");
  assert.deepEqual(leftovers(), [], "no half-built folder or link left behind, the killed build's included");
});
