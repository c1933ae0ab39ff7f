// Hostile input to the pipeline, property-style: a seeded corpus of broken and adversarial CSVs
// (test/fixtures/hostile/generate.ts) must each end in a clear error naming the file (and line), or in a
// partial, counted rejection where rows read = every data line = accepted + rejected and exactly the good
// rows are accepted, the same through both ingestion paths. Never a crash, a hang or a silent loss. Then: a
// failing run never overwrites good outputs.
// HOSTILE_CASES (default 160) and HOSTILE_SEED (default 1) widen or move the corpus.
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {isUtf8} from "node:buffer";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test} from "node:test";
import {promisify} from "node:util";
import {gzipSync} from "node:zlib";
import {openAtomic, writeFileAtomic} from "../../loaders/atomic.ts";
import {InputError} from "../../loaders/errors.ts";
import {loadIncident} from "../../loaders/incident.ts";
import {ingest} from "../../loaders/ingest.ts";
import {staged} from "../oracle/staged.ts";
import {countDataLines, lineEndings, swallowedLines} from "../../loaders/lines.ts";
import type {Summary} from "../../loaders/types.ts";
import {hostileCorpus, type HostileCase} from "../fixtures/hostile/generate.ts";

const CASES = Number(process.env.HOSTILE_CASES ?? 160);
const SEED = Number(process.env.HOSTILE_SEED ?? 1);
const BATCH = 12;
const HANG_MS = 60_000;

const incident = loadIncident("wannacry-2017");
const dir = mkdtempSync(join(tmpdir(), "atlas-hostile-"));
after(() => rmSync(dir, {recursive: true, force: true}));

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: ${what} took more than ${HANG_MS / 1000} s`)), HANG_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function write(c: HostileCase): string {
  const path = join(dir, c.name);
  writeFileSync(path, c.bytes);
  return path;
}

const describeCase = (c: HostileCase) => `${c.name} [${c.mutations.join("; ")}]`;

function checkPartial(c: HostileCase, summary: Summary): void {
  const expect = c.expect;
  if (expect.kind !== "partial") throw new Error("not a partial case");
  const f = summary.files.find((file) => file.file === c.name);
  assert.ok(f, `${describeCase(c)}: no summary for the file`);
  const where = `${describeCase(c)}: ${JSON.stringify({read: f.rows_read, accepted: f.accepted, rejected: f.rejected, by_reason: f.by_reason})}`;
  assert.equal(f.rows_read, f.accepted + f.rejected, `rows read ≠ accepted + rejected: ${where}`);
  assert.equal(f.rejected, Object.values(f.by_reason).reduce((a, b) => a + (b ?? 0), 0), `rejections do not add up: ${where}`);
  assert.equal(f.rows_read, expect.dataLines, `silent loss: ${expect.dataLines} data lines, ${f.rows_read} rows read: ${where}`);
  if (expect.exact) assert.equal(f.accepted, expect.accepted, `expected exactly ${expect.accepted} good rows accepted: ${where}`);
  else assert.ok(f.accepted >= expect.accepted && f.accepted <= expect.acceptedMax, `expected ${expect.accepted}–${expect.acceptedMax} good rows accepted: ${where}`);
  for (const reason of Object.keys(f.by_reason)) assert.ok(expect.allowed.includes(reason as never), `unexpected reason ${reason} (expected ${expect.allowed.join(", ") || "none"}): ${where}`);
  if (expect.exact) assert.deepEqual({...f.by_reason}, {...expect.reasons}, `reasons: ${where}`);
}

/** Every example message names the file and a line: "name:line[ field]: reason …". */
function checkExamples(summary: Summary): void {
  for (const [reason, r] of Object.entries(summary.by_reason)) {
    for (const example of r?.examples ?? []) assert.match(example, /^hostile-\d+-\w+\.csv:\d+( [\w/]+)?: \w+ \(/, `${reason} example lacks file:line: ${example}`);
  }
}

describe(`hostile input corpus (${CASES} generated CSVs, seed ${SEED})`, () => {
  const corpus = hostileCorpus(SEED, CASES);
  const errors = corpus.filter((c) => c.expect.kind === "error");
  const partials = corpus.filter((c) => c.expect.kind === "partial");
  const outcome: Record<string, number> = {};
  after(() => console.log(`hostile corpus: ${CASES} cases (seed ${SEED}): ${errors.length} refused with a clear error, ${partials.length} partially accepted with counted rejections; outcomes ${JSON.stringify(outcome)}`));

  test("the corpus covers every kind of damage the issue lists", () => {
    const all = corpus.flatMap((c) => c.mutations).join("\n");
    for (const kind of [/truncated/, /wrong delimiter/, /unclosed quote/, /10 MB field/, /NUL byte/, /invalid UTF-8/, /timestamp in the wrong format/, /wrong year/, /negative or non-integer hits/, /valid IPv6/, /malformed IP/, /formula injection/]) {
      assert.match(all, kind, `no case of ${kind}`);
    }
  });

  test("file-level damage ends in an InputError naming the file (and line)", async () => {
    for (const c of errors) {
      if (c.expect.kind !== "error") continue;
      const path = write(c);
      const error = await withTimeout(ingest({incident, files: [{path, name: c.name}], inputHash: "hostile"}), c.name).then(
        () => null,
        (e: unknown) => e
      );
      assert.ok(error instanceof InputError, `${describeCase(c)}: expected an InputError, got ${error === null ? "success" : String(error)}`);
      assert.match(error.message, new RegExp(`^${c.name.replaceAll(".", "\\.")}`), `${describeCase(c)}: message does not name the file: ${error.message}`);
      assert.match(error.message, c.expect.message, describeCase(c));
      if (c.expect.line !== null) assert.equal(error.line, c.expect.line, `${describeCase(c)}: ${error.message}`);
      const key = error.reason.replace(/[:(].*$/, "").trim();
      outcome[key] = (outcome[key] ?? 0) + 1;
    }
  });

  test("row-level damage: every line counted, exactly the good rows accepted, the rest rejected for the right reason", async () => {
    for (let i = 0; i < partials.length; i += BATCH) {
      const batch = partials.slice(i, i + BATCH);
      const files = batch.map((c) => ({path: write(c), name: c.name}));
      const result = await withTimeout(ingest({incident, files, inputHash: "hostile"}), batch.map((c) => c.name).join(", "));
      // The pipeline and the staged oracle give the same result, byte for byte.
      assert.deepEqual(result, await staged({incident, files, inputHash: "hostile"}), batch.map((c) => c.name).join(", "));
      const {summary} = result;
      assert.equal(summary.totals.rows_read, summary.totals.accepted + summary.totals.rejected);
      checkExamples(summary);
      for (const c of batch) {
        checkPartial(c, summary);
        for (const reason of Object.keys(summary.files.find((f) => f.file === c.name)!.by_reason)) outcome[reason] = (outcome[reason] ?? 0) + 1;
      }
      for (const file of files) rmSync(file.path);
    }
  });

  test("each partially damaged file alone: the pipeline equals the staged oracle", async () => {
    for (const c of partials) {
      const files = [{path: write(c), name: c.name}];
      const result = await withTimeout(ingest({incident, files, inputHash: "hostile"}), c.name);
      assert.deepEqual(result, await staged({incident, files, inputHash: "hostile"}), describeCase(c));
      rmSync(files[0]!.path);
    }
  });

  test("hostile strings never reach the aggregates: only normalised keys are output", async () => {
    const withStrings = partials.filter((c) => c.mutations.some((m) => /formula|HTML/.test(m))).slice(0, 12);
    const {aggregates} = await ingest({incident, files: withStrings.map((c) => ({path: write(c), name: c.name})), inputHash: "hostile"});
    const values = [...aggregates.hourly.flatMap((r) => [r.country, r.sector]), ...aggregates.countries.flatMap((r) => [r.country, r.name, r.iso3]), ...aggregates.sectors.flatMap((r) => [r.sector, r.sector_label])];
    for (const value of values) assert.doesNotMatch(String(value), /^[=+\-@\t\r]|[<>"]/, `hostile text in an output: ${value}`);
  });
});

describe("line accounting (loaders/lines.ts)", () => {
  test("counts non-empty data lines with LF, CRLF, blank lines and no final newline, plain or gzip", async () => {
    const path = join(dir, "lines.csv");
    writeFileSync(path, "h\na\r\n\r\nb\n\nc");
    assert.equal(await countDataLines(path), 3);
    // The same text gzip-compressed (told by the magic bytes, not the name).
    writeFileSync(path, gzipSync(Buffer.from("h\na\r\n\r\nb\n\nc"), {chunkSize: 64}));
    assert.equal(await countDataLines(path), 3);
    writeFileSync(path, "h\n");
    assert.equal(await countDataLines(path), 0);
  });

  test("lines swallowed by an unclosed quote are returned as rejects at their own lines", async () => {
    const path = join(dir, "swallow.csv");
    writeFileSync(path, 'h,i\n1,2\n3,"4\n5,6\n7,8\n');
    assert.deepEqual((await swallowedLines(path, 4, 1, [{line: 3, reason: "malformed_quoting", message: ""}])).map((s) => [s.line, s.reason]), [[4, "malformed_quoting"], [5, "malformed_quoting"]]);
    assert.deepEqual(await swallowedLines(path, 4, 4, []), []);
  });

  test("finds the first line of the minority ending in a mixed file", async () => {
    const path = join(dir, "mixed.csv");
    writeFileSync(path, "h\na\nb\r\nc\n");
    assert.deepEqual(await lineEndings(path), {lf: 3, crlf: 1, firstMinorityLine: 3});
  });
});

describe("a failing run never overwrites good output (atomic writes)", () => {
  const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
  const run = promisify(execFile);

  test("writeFileAtomic and openAtomic leave the old file whole until the new one is complete", async () => {
    const target = join(dir, "out.arrow");
    writeFileAtomic(target, "good");
    const stream = openAtomic(target);
    await stream.write("partial new conte");
    assert.equal(readFileSync(target, "utf8"), "good", "visible before commit");
    stream.abort();
    assert.equal(readFileSync(target, "utf8"), "good");
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith("out.arrow.tmp")), [], "temp file left behind");
    // A process killed in the middle of writing (here: it exits before commit) leaves the target untouched.
    const script = `import {openAtomic} from ${JSON.stringify(new URL("../../loaders/atomic.ts", import.meta.url).href)};
      const s = openAtomic(${JSON.stringify(target)}); await s.write("x".repeat(1 << 20)); process.exit(3);`;
    const crashed = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]).then(() => 0, (e: {code: number}) => e.code);
    assert.equal(crashed, 3);
    assert.equal(readFileSync(target, "utf8"), "good");
  });

  test("npm run ingest --out: a file-level error or a rejection rate above the threshold leaves the previous outputs as they were", async () => {
    const out = join(dir, "published");
    const good = join(dir, "good.csv");
    writeFileSync(good, readFileSync("test/fixtures/event4-small.csv"));
    const ingestCli = (file: string) =>
      run(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--quiet", "--threshold", "1", "--out", out, file], {maxBuffer: 1 << 26}).then(
        () => 0,
        (e: {code: number}) => e.code
      );
    assert.equal(await ingestCli(good), 0);
    const before = Object.fromEntries(readdirSync(out).map((f) => [f, sha(join(out, f))]));
    assert.ok(Object.keys(before).length >= 5, `outputs: ${Object.keys(before).join(", ")}`);

    const broken = join(dir, "broken.csv");
    writeFileSync(broken, Buffer.concat([Buffer.from("timestamp,src_ip,src_geo,infection\n2017-05-12 08:00:00,192.0.2.1,"), Buffer.from([0]), Buffer.from("GB,wannacry\n")]));
    assert.equal(await ingestCli(broken), 1, "a NUL byte is a fatal input error");
    assert.deepEqual(Object.fromEntries(readdirSync(out).map((f) => [f, sha(join(out, f))])), before, "a failed run changed the outputs");

    // Above the threshold: exit 2 and, again, nothing published.
    const bad = join(dir, "mostly-bad.csv");
    writeFileSync(bad, "timestamp,src_ip,src_geo,infection\n" + "not a time,192.0.2.1,GB,wannacry\n".repeat(50) + "2017-05-12 08:00:00,192.0.2.1,GB,wannacry\n");
    const code = await run(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--quiet", "--threshold", "0.1", "--out", out, bad], {maxBuffer: 1 << 26}).then(() => 0, (e: {code: number}) => e.code);
    assert.equal(code, 2);
    assert.deepEqual(Object.fromEntries(readdirSync(out).map((f) => [f, sha(join(out, f))])), before, "a run above the rejection threshold overwrote the outputs");
    assert.ok(!readdirSync(out).some((f) => f.includes(".tmp-")), "temp files left in the output folder");
    assert.ok(existsSync(join(out, "validation.json")));
  });
});
