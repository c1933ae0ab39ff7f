// Builds are published whole: scripts/build.ts's build-and-publish, killed (SIGKILL) at every write and rename step,
// leaves dist/ as the complete old build or the complete new one, never a mix and never missing; the next build
// removes every temporary folder. The real steps run in a child process (test/unit/publish-driver.ts) with stand-in
// Framework and post-build steps; a reader is a server that follows dist.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {after, test} from "node:test";
import {FAULT_STEPS, liveTarget, siblings} from "../../scripts/build.ts";
import {SITE_FILES} from "./publish-driver.ts";

const temp = mkdtempSync(join(tmpdir(), "atlas-publish-"));
after(() => rmSync(temp, {recursive: true, force: true}));

function publishChild(dist: string, label: string, fault?: string): {status: number | null; signal: string | null; stderr: string} {
  const env = {...process.env, ATLAS_FAULT_AT: fault ?? ""};
  const r = spawnSync(process.execPath, ["--import", "tsx", join("test", "unit", "publish-driver.ts"), dist, label], {env, encoding: "utf-8"});
  return {status: r.status, signal: r.signal, stderr: r.stderr};
}

/** The label every file of dist holds, or a description of the mix / absence. */
function siteLabel(dist: string): string {
  if (!existsSync(dist)) return "(no dist)";
  const files = readdirSync(dist, {recursive: true, withFileTypes: true}).filter((e) => e.isFile()).map((e) => relative(dist, join(e.parentPath, e.name))).sort();
  assert.deepEqual(files, [...SITE_FILES].sort(), `dist holds exactly one complete site (${files.join(", ")})`);
  const labels = new Set(files.map((file) => readFileSync(join(dist, file), "utf-8").split(" ")[0]));
  return labels.size === 1 ? [...labels][0]! : `(mix of ${[...labels].join(", ")})`;
}

const leftovers = (parent: string, dist: string): string[] => readdirSync(parent).filter((name) => name !== "dist" && join(parent, name) !== liveTarget(dist)).sort();

test("a plain dist folder (an older build) is replaced, then each build is published by one rename of a link", () => {
  const parent = join(temp, "plain");
  const dist = join(parent, "dist");
  mkdirSync(dist, {recursive: true});
  for (const file of SITE_FILES) {
    mkdirSync(join(dist, file, ".."), {recursive: true});
    writeFileSync(join(dist, file), `plain ${file}`);
  }
  assert.equal(siteLabel(dist), "plain");
  assert.equal(publishChild(dist, "one").status, 0);
  assert.equal(siteLabel(dist), "one");
  assert.ok(lstatSync(dist).isSymbolicLink(), "dist is a link to the live build folder");
  assert.equal(publishChild(dist, "two").status, 0);
  assert.equal(siteLabel(dist), "two");
  assert.deepEqual(leftovers(parent, dist), [], "only dist and the folder it links to remain");
});

const STEPS = ["writing", ...FAULT_STEPS];
// Where a crash at each step leaves dist: the old build until the link is renamed over it, the new one after.
const EXPECTED: Record<string, "old" | "new"> = {writing: "old", cleaned: "old", built: "old", postbuilt: "old", linked: "old", swapped: "new", published: "new"};

for (const step of STEPS) {
  test(`killed at "${step}": dist is the complete ${EXPECTED[step]} build; the next build leaves no temporary folder`, () => {
    const parent = join(temp, step);
    const dist = join(parent, "dist");
    mkdirSync(parent, {recursive: true});
    assert.equal(publishChild(dist, "old").status, 0);
    const killed = publishChild(dist, "new", step);
    assert.equal(killed.signal, "SIGKILL", `the build was killed at ${step} (${killed.stderr})`);
    assert.equal(siteLabel(dist), EXPECTED[step]);
    const afterCrash = publishChild(dist, "next");
    assert.equal(afterCrash.status, 0, afterCrash.stderr);
    assert.equal(siteLabel(dist), "next");
    assert.deepEqual(leftovers(parent, dist), [], "no temporary folder or link left");
  });
}

test("killed between the two renames of a plain dist: the next build puts the old one back before anything else", () => {
  const parent = join(temp, "lost");
  const dist = join(parent, "dist");
  const {stale} = siblings(dist);
  assert.deepEqual(stale, []);
  const old = join(parent, `.dist.old-${2 ** 22 + 1}`); // above Linux's default pid_max: a dead process
  mkdirSync(old, {recursive: true});
  for (const file of SITE_FILES) {
    mkdirSync(join(old, file, ".."), {recursive: true});
    writeFileSync(join(old, file), `old ${file}`);
  }
  assert.deepEqual(siblings(dist).stale, [old]);
  const killed = publishChild(dist, "new", "cleaned");
  assert.equal(killed.signal, "SIGKILL");
  assert.equal(siteLabel(dist), "old", "the old build is back in place");
  assert.equal(publishChild(dist, "new").status, 0);
  assert.equal(siteLabel(dist), "new");
  assert.deepEqual(leftovers(parent, dist), []);
});
