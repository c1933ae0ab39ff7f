// The build key (loaders/build-key.ts) and the loader-cache refresh (scripts/build-key.ts): content, not mtimes.
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {buildKey, contentKey, declaredInputs, inputHash} from "../../loaders/build-key.ts";
import {parseIncident} from "../../loaders/incident.ts";
import {KEY_FILE, refreshLoaderCache} from "../../scripts/build-key.ts";

const temp = mkdtempSync(join(tmpdir(), "atlas-build-key-"));
after(() => rmSync(temp, {recursive: true, force: true}));

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), {recursive: true});
  writeFileSync(path, text);
}

const incidentJson = (id: string, title: string, inputs: string[]): string =>
  JSON.stringify({id, name: title, title, families: ["x"], window: {start: "2021-01-01T00:00Z", end: "2021-01-02T00:00Z"}, data: {modelled: false, inputs}});

/** A small project: two incidents, one with an input outside its folder, shared tables, a loader, a data loader. */
function project(name: string): string {
  const root = join(temp, name);
  write(join(root, "data", "incidents", "a", "incident.json"), incidentJson("a", "A", ["rows.csv", "../../shared-input.csv"]));
  write(join(root, "data", "incidents", "a", "rows.csv"), "x\n1\n");
  write(join(root, "data", "incidents", "b", "incident.json"), incidentJson("b", "B", ["rows.csv"]));
  write(join(root, "data", "incidents", "b", "rows.csv"), "x\n2\n");
  write(join(root, "data", "shared-input.csv"), "y\n1\n");
  write(join(root, "data", "sectors.csv"), "s\n");
  write(join(root, "data", "published", "timeline.csv"), "t\n");
  write(join(root, "data", "reference", "countries.csv"), "c\n");
  write(join(root, "loaders", "pipeline.ts"), "export {};\n");
  write(join(root, "src", "data", "countries.arrow.ts"), "export {};\n");
  return root;
}

test("contentKey: same content gives the same key, whatever the order; any change of bytes, names or values changes it", () => {
  const file = (name: string, text: string) => ({name, bytes: Buffer.from(text)});
  const key = contentKey({incident: "a"}, [file("x", "1"), file("y", "2")]);
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(contentKey({incident: "a"}, [file("y", "2"), file("x", "1")]), key);
  assert.notEqual(contentKey({incident: "b"}, [file("x", "1"), file("y", "2")]), key);
  assert.notEqual(contentKey({incident: "a"}, [file("x", "1"), file("y", "3")]), key);
  assert.notEqual(contentKey({incident: "a"}, [file("x", "1"), file("z", "2")]), key);
  assert.notEqual(contentKey({incident: "a"}, [file("x", "1")]), key);
  // Parts are length-prefixed: moving a byte from one name or value to the next is a different key.
  assert.notEqual(contentKey({}, [file("ab", "c")]), contentKey({}, [file("a", "bc")]));
  assert.notEqual(contentKey({a: "bc"}, []), contentKey({ab: "c"}, []));
  assert.throws(() => contentKey({}, [file("x", "1"), file("x", "2")]), /listed twice/);
});

test("buildKey: changes with INCIDENT, the incident's files and inputs, shared tables, loaders and src/data, not with mtimes", () => {
  const root = project("key");
  const env = {};
  const a = buildKey(root, "a", env);
  assert.equal(buildKey(root, "a", env), a, "deterministic");
  assert.notEqual(buildKey(root, "b", env), a, "switching INCIDENT");
  assert.notEqual(buildKey(root, "a", {ATLAS_MODEL_ROWS: "1000"}), a, "ATLAS_MODEL_ROWS changes the modelled rows");

  // Touching every file (new mtimes, same bytes) keeps the key.
  const later = new Date(Date.now() + 60_000);
  for (const e of readdirSync(root, {recursive: true, withFileTypes: true})) if (e.isFile()) utimesSync(join(e.parentPath, e.name), later, later);
  assert.equal(buildKey(root, "a", env), a, "mtimes are not part of the key");

  const edits: [string, string][] = [
    [join("data", "incidents", "a", "incident.json"), incidentJson("a", "A edited", ["rows.csv", "../../shared-input.csv"])],
    [join("data", "incidents", "a", "rows.csv"), "x\n1\n3\n"],
    [join("data", "incidents", "a", "model.json"), "{}"],
    [join("data", "shared-input.csv"), "y\n2\n"],
    [join("data", "sectors.csv"), "s\nt\n"],
    [join("data", "published", "timeline.csv"), "t\nu\n"],
    [join("data", "reference", "countries.csv"), "c\nd\n"],
    [join("loaders", "pipeline.ts"), "export const x = 1;\n"],
    [join("src", "data", "countries.arrow.ts"), "export const y = 1;\n"]
  ];
  let previous = a;
  for (const [path, text] of edits) {
    write(join(root, path), text);
    const next = buildKey(root, "a", env);
    assert.notEqual(next, previous, `editing ${path} changes the key`);
    previous = next;
  }
  // Another incident's files are not inputs of this one.
  write(join(root, "data", "incidents", "b", "rows.csv"), "x\n9\n");
  assert.equal(buildKey(root, "a", env), previous, "editing incident b keeps incident a's key");
  assert.notEqual(buildKey(root, "b", env), buildKey(root, "a", env));
});

test("buildKey: an invalid or missing incident.json still has a key (the build then fails with the validation message)", () => {
  const root = project("invalid");
  const valid = buildKey(root, "a", {});
  write(join(root, "data", "incidents", "a", "incident.json"), "{not json");
  const invalid = buildKey(root, "a", {});
  assert.notEqual(invalid, valid);
  assert.deepEqual(declaredInputs(join(root, "data", "incidents", "a")), []);
  assert.match(buildKey(root, "no-such-incident", {}), /^[0-9a-f]{64}$/);
  // A listed input that does not exist is keyed as missing; creating it changes the key.
  write(join(root, "data", "incidents", "a", "incident.json"), incidentJson("a", "A", ["later.csv"]));
  const missing = buildKey(root, "a", {});
  write(join(root, "data", "incidents", "a", "later.csv"), "x\n");
  assert.notEqual(buildKey(root, "a", {}), missing);
});

test("refreshLoaderCache: a new key removes the cached loader outputs and keeps Framework's own caches", () => {
  const cache = join(temp, "cache");
  write(join(cache, "data", "incident.json"), "{}");
  write(join(cache, "data", "countries.arrow.123.err"), "");
  write(join(cache, "_npm", "d3@7", "_esm.js"), "");
  write(join(cache, "_build.json"), "{}");
  write(join(cache, "offline-cache.json"), "{}");
  const first = refreshLoaderCache(cache, "k1");
  assert.deepEqual(first, {key: "k1", previous: null, removed: ["data"]});
  assert.deepEqual(readdirSync(cache).sort(), ["_build.json", "_npm", KEY_FILE, "offline-cache.json"].sort());
  write(join(cache, "data", "incident.json"), "{}");
  assert.deepEqual(refreshLoaderCache(cache, "k1").removed, [], "same key: nothing removed");
  assert.ok(existsSync(join(cache, "data", "incident.json")));
  assert.deepEqual(refreshLoaderCache(cache, "k2"), {key: "k2", previous: "k1", removed: ["data"]});
  assert.ok(existsSync(join(cache, "_npm", "d3@7", "_esm.js")));
});

test("pipeline inputHash: keyed by the input files' bytes, not their mtimes", () => {
  const dir = join(temp, "pipeline-incident");
  write(join(dir, "rows.csv"), "x\n1\n");
  const json = JSON.parse(incidentJson("t", "T", ["rows.csv"])) as unknown;
  const incident = parseIncident(json, join(dir, "incident.json"), dir);
  const hash = inputHash(incident);
  assert.match(hash, /^[0-9a-f]{20}$/);
  const later = new Date(Date.now() + 120_000);
  utimesSync(join(dir, "rows.csv"), later, later);
  assert.equal(inputHash(incident), hash, "same bytes, new mtime: same hash");
  write(join(dir, "rows.csv"), "x\n2\n");
  assert.notEqual(inputHash(incident), hash, "same size, new bytes: new hash");
});
