// Hostile input to the pipeline, property-style: a seeded corpus of broken and adversarial CSVs
// (test/fixtures/hostile/generate.ts) must each end in a clear error naming the file (and line), or in a
// partial, counted rejection where rows read = every data line = accepted + rejected and exactly the good
// rows are accepted, the same through both ingestion paths. Never a crash, a hang or a silent loss. Then: a
// failing run never overwrites good outputs.
// HOSTILE_CASES (default 160) and HOSTILE_SEED (default 1) widen or move the corpus.
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {isUtf8} from "node:buffer";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test} from "node:test";
import {promisify} from "node:util";
import {gzipSync} from "node:zlib";
import {openAtomic, writeFileAtomic} from "../../loaders/atomic.ts";
import {ConfigError, InputError} from "../../loaders/errors.ts";
import {loadIncident, parseIncident} from "../../loaders/incident.ts";
import {inputNames} from "../../loaders/names.ts";
import {hourlyRows} from "../../loaders/aggregate.ts";
import {ingest} from "../../loaders/ingest.ts";
import {staged} from "../oracle/staged.ts";
import {accountLines, countDataLines, lineEndings, MAX_LINE_BYTES} from "../../loaders/lines.ts";
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
    const values = [...hourlyRows(aggregates.hourly).flatMap((r) => [r.country, r.sector]), ...aggregates.countries.flatMap((r) => [r.country, r.name, r.iso3]), ...aggregates.sectors.flatMap((r) => [r.sector, r.sector_label])];
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
    const lines = await accountLines(path, {dataLines: 4, blankLines: 0}, 1, [{line: 3, reason: "malformed_quoting", message: ""}]);
    assert.deepEqual(lines.rejects.map((s) => [s.line, s.reason]), [[3, "malformed_quoting"], [4, "malformed_quoting"], [5, "malformed_quoting"]]);
    assert.deepEqual(await accountLines(path, {dataLines: 4, blankLines: 0}, 4, []), {rejects: [], skip: []});
  });

  test("a long line the reader dropped without a word does not hide the lines an unclosed quote swallows after it", async () => {
    // Line 3 is longer than the reader takes; line 5 opens a quote that never closes, swallowing lines 6 and 7.
    const path = join(dir, "long-then-quote.csv");
    writeFileSync(path, `h,i\n1,2\n3,${"A".repeat(MAX_LINE_BYTES + 10)}\n5,6\n7,"8\n9,10\n11,12\n`);
    const expected = [[3, "line_too_long"], [5, "malformed_quoting"], [6, "malformed_quoting"], [7, "malformed_quoting"]];
    // The reader dropped line 3 silently and so reports the quote one line lower (4)...
    const silent = await accountLines(path, {dataLines: 6, blankLines: 0}, 2, [{line: 4, reason: "malformed_quoting", message: ""}]);
    assert.deepEqual(silent.rejects.map((s) => [s.line, s.reason]), expected);
    // ...or it reported line 3 itself, and the quote at its own line.
    const reported = await accountLines(path, {dataLines: 6, blankLines: 0}, 2,
      [{line: 3, reason: "line_too_long", message: ""}, {line: 5, reason: "malformed_quoting", message: ""}]);
    assert.deepEqual(reported.rejects.map((s) => [s.line, s.reason]), expected);
  });

  test("finds the first line of the minority ending in a mixed file", async () => {
    const path = join(dir, "mixed.csv");
    writeFileSync(path, "h\na\nb\r\nc\n");
    assert.deepEqual(await lineEndings(path), {lf: 3, crlf: 1, firstMinorityLine: 3});
  });
});

const run = promisify(execFile);

describe("a failing run never overwrites good output (atomic writes)", () => {
  const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

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

// Issue 13 ("nothing lost, nothing mixed, nothing hidden"): each case the hostile review found, plus more of the
// same kinds. Every run is compared with the staged path, so both ingestion paths are held to it.
describe("issue 13: names, RFC 4180, one input once, times of day, limits", () => {
  const HEADER = "timestamp,src_ip,src_geo,infection\n";
  const good = (i: number) => `2017-05-12 15:${String(i % 60).padStart(2, "0")}:00,192.0.2.${i},GB,wannacry\n`;
  const folder = (name: string): string => {
    const path = join(dir, name);
    mkdirSync(path, {recursive: true});
    return path;
  };
  const put = (at: string, name: string, text: string | Buffer): string => {
    const path = join(at, name);
    writeFileSync(path, text);
    return path;
  };
  /** Ingests through both paths, requires the same result, returns the summary. */
  const both = async (files: Array<{path: string; name: string}>): Promise<Summary> => {
    const auto = await withTimeout(ingest({incident, files, inputHash: "hostile"}), files.map((f) => f.name).join(", "));
    assert.deepEqual(auto, await staged({incident, files, inputHash: "hostile"}));
    return auto.summary;
  };
  const refused = async (files: Array<{path: string; name: string}>): Promise<InputError> => {
    const error = await ingest({incident, files, inputHash: "hostile"}).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  };
  const examples = (s: Summary): string[] => Object.values(s.by_reason).flatMap((r) => r?.examples ?? []);

  test("file names are literal paths, never patterns: *, ?, [ ], { } and ** read only the named file", async () => {
    const at = folder("globs");
    put(at, "data1.csv", HEADER + good(1));
    put(at, "d2.csv", HEADER + good(2) + good(3));
    put(at, "a.csv", HEADER + good(4) + good(5) + good(6));
    const cases: Array<[string, number]> = [["*.csv", 2], ["data[1].csv", 3], ["?.csv", 4], ["d[!1].csv", 5], ["{a,data1}.csv", 6], ["**.csv", 7], [".hidden[1].csv", 8]];
    for (const [name, rows] of cases) {
      put(at, name, HEADER + Array.from({length: rows}, (_, i) => good(10 + i)).join(""));
    }
    for (const [name, rows] of cases) {
      const s = await both([{path: join(at, name), name}]);
      assert.deepEqual(s.files.map((f) => [f.file, f.rows_read, f.accepted]), [[name, rows, rows]], name);
    }
  });

  test("RFC 4180: quoted newlines (LF and CRLF), blank lines inside quotes and doubled quotes are accepted; lines are physical", async () => {
    const at = folder("rfc4180");
    const text = HEADER +
      '2017-05-12 15:00:00,192.0.2.1,GB,"wanna\ncry"\n' + // 2–3: other family (the value has a newline)
      '2017-05-12 15:00:00,192.0.2.2,GB,"wannacry"\n' + // 4
      '2017-05-12 15:00:00,192.0.2.3,"G\r\n\r\nB",wannacry\n' + // 5–7: bad country
      '"2017-05-12 15:00:00","192.0.2.4","GB","wanna""cry"""\n' + // 8: other family wanna"cry"
      "\n" + // 9: blank
      "2017-05-12 15:00:00,192.0.2.5,GB,wannacry,extra\n" + // 10: wrong column count
      "2017-05-12 15:00:00,bad ip,GB,wannacry\n" + // 11: bad ip
      good(6); // 12
    const s = await both([{path: put(at, "quoted.csv", text), name: "quoted.csv"}]);
    const f = s.files[0]!;
    assert.deepEqual({read: f.rows_read, accepted: f.accepted, by: f.by_reason},
      {read: 7, accepted: 2, by: {bad_country: 1, bad_ip: 1, other_family: 2, wrong_column_count: 1}});
    const lines = examples(s).map((e) => /^quoted\.csv:(\d+)/.exec(e)?.[1]).map(Number).sort((a, b) => a - b);
    assert.deepEqual(lines, [2, 5, 8, 10, 11], examples(s).join("\n"));
    assert.ok(!("malformed_quoting" in f.by_reason), "a valid quoted newline is not malformed quoting");
    // A whole file in CRLF with a quoted CRLF inside a field.
    const crlf = (HEADER + good(1) + '2017-05-12 15:00:00,192.0.2.9,"X\nX",wannacry\n' + "2017-05-12 15:00:00,x,GB,wannacry\n").replaceAll("\n", "\r\n");
    const c = await both([{path: put(at, "crlf.csv", crlf), name: "crlf.csv"}]);
    assert.deepEqual(c.files[0]!.by_reason, {bad_country: 1, bad_ip: 1});
    assert.deepEqual(examples(c).map((e) => e.split(" ")[0]).sort(), ["crlf.csv:3", "crlf.csv:5"]);
  });

  test("the same file given twice is refused, by path, through a link, through a folder, or by identical bytes", async () => {
    const at = folder("twice");
    const one = put(at, "one.csv", HEADER + good(1));
    put(at, "copy.csv", HEADER + good(1));
    symlinkSync(one, join(at, "link.csv"));
    const other = folder("twice-folder");
    put(other, "one.csv", HEADER + good(2));
    for (const files of [
      [{path: one, name: "one.csv"}, {path: one, name: "one.csv"}],
      [{path: one, name: "one.csv"}, {path: join(at, "link.csv"), name: "link.csv"}],
      [{path: one, name: "one.csv"}, {path: join(at, "copy.csv"), name: "copy.csv"}],
      [{path: at, name: "twice"}]
    ]) {
      const error = await refused(files);
      assert.match(error.message, /given twice|same bytes/, error.message);
    }
    // Same name, other content, in another folder: two inputs.
    const s = await both([{path: one, name: "one.csv"}, {path: join(other, "one.csv"), name: "twice-folder/one.csv"}]);
    assert.equal(s.totals.accepted, 2);
  });

  test("only real times of day: 24:00:00, 23:60, 23:59:60 are bad_timestamp at their file, line and field", async () => {
    const at = folder("times");
    const bad = ["2017-05-12 24:00:00", "2017-05-12 23:60:00", "2017-05-12 23:59:60", "2017-05-12T24:00:00Z", "2017-05-12T24:00:00.000Z", "2017-05-12 25:00:00", "2017-02-29 10:00:00"];
    const text = HEADER + good(1) + bad.map((t) => `${t},192.0.2.7,GB,wannacry\n`).join("") + "2017-05-12T23:59:59.999999Z,192.0.2.8,GB,wannacry\n";
    const s = await both([{path: put(at, "times.csv", text), name: "times.csv"}]);
    assert.deepEqual(s.files[0]!.by_reason, {bad_timestamp: bad.length});
    assert.equal(s.files[0]!.accepted, 2);
    assert.deepEqual(examples(s).map((e) => e.split(": ")[0]), bad.map((_, i) => `times.csv:${i + 3} timestamp`));
  });

  test("a row of 32 MiB or more is line_too_long at its own line, not a reject at the header", async () => {
    const at = folder("long");
    const text = Buffer.concat([Buffer.from(HEADER + good(1) + good(2)), Buffer.from(`2017-05-12 15:00:00,192.0.2.3,GB,${"w".repeat(33 << 20)}\n`), Buffer.from(good(4))]);
    const s = await both([{path: put(at, "long.csv", text), name: "long.csv"}]);
    assert.deepEqual(s.files[0]!.by_reason, {line_too_long: 1});
    assert.equal(s.files[0]!.accepted, 3);
    assert.deepEqual(examples(s).map((e) => e.split(": ")[0]), ["long.csv:4"]);
  });

  test("file-level limits: too many columns, a NUL past the first 64 KiB, a folder with no reports, each naming the file", async () => {
    const at = folder("limits");
    const wide = (n: number) => Array.from({length: n}, (_, i) => `c${i}`).join(",") + "\n";
    let error = await refused([{path: put(at, "wide.csv", "timestamp,src_ip,src_geo,infection," + wide(12_000)), name: "wide.csv"}]);
    assert.match(error.message, /^wide\.csv:1: (too many columns|header line longer)/);
    error = await refused([{path: put(at, "wide2.csv", "timestamp,src_ip,src_geo,infection," + wide(997) + good(1)), name: "wide2.csv"}]);
    assert.match(error.message, /^wide2\.csv:1: too many columns: the header has 1001, at most 1000/);
    const rows = Array.from({length: 2000}, (_, i) => good(i % 250)).join("");
    error = await refused([{path: put(at, "late-nul.csv", Buffer.concat([Buffer.from(HEADER + rows), Buffer.from("2017-05-12 15:00:00,192.0.2.1,G\0B,wannacry\n"), Buffer.from(good(1))])), name: "late-nul.csv"}]);
    assert.match(error.message, /^late-nul\.csv: .*NUL bytes \(the first on line 2002\)/);
    const empty = folder("limits/empty.csv");
    error = await refused([{path: empty, name: "empty.csv"}]);
    assert.match(error.message, /^empty\.csv: folder holds no report files/);
  });

  test("a folder given as FILE is read as a folder input, its sub-folders and other files listed as skipped", async () => {
    const at = folder("as-file.csv");
    put(at, "day1.csv", HEADER + good(1));
    folder("as-file.csv/nested.csv");
    put(at, "notes.txt", "x");
    const s = await both([{path: at, name: "as-file.csv"}]);
    assert.deepEqual(s.files.map((f) => f.file), ["as-file.csv/day1.csv"]);
    assert.deepEqual(s.skipped, ["as-file.csv/nested.csv/ (sub-folder: folders are read one level deep)", "as-file.csv/notes.txt (not a .csv, .csv.gz or .gz file)"]);
  });

  test("input names: a path inside the project is kept, one outside it is only its file name", () => {
    assert.equal(inputNames(["/repo/data/x/a.csv"], "/repo")[0], "data/x/a.csv");
    assert.equal(inputNames(["/elsewhere/secret/a.csv"], "/repo")[0], "a.csv");
    assert.equal(inputNames(["/repo-other/a.csv"], "/repo")[0], "a.csv");
  });

  test("incident.json: an impossible window date or time names the file and the field", () => {
    const base = JSON.parse(readFileSync("data/incidents/wannacry-2017/incident.json", "utf-8")) as {window: Record<string, string>; vulnerability: Record<string, string>};
    for (const [field, value] of [["start", "2021-02-30T00:00:00Z"], ["end", "2017-05-12T24:00:00Z"], ["start", "2017-05-12T10:60Z"]] as const) {
      const json = structuredClone(base);
      json.window[field] = value;
      assert.throws(() => parseIncident(json, "data/incidents/x/incident.json", "/x"),
        (e: unknown) => e instanceof ConfigError && e.message.startsWith("data/incidents/x/incident.json: ") && e.message.includes(`"window.${field}"`), value);
    }
    const json = structuredClone(base);
    json.vulnerability.patch_date = "2017-02-30";
    assert.throws(() => parseIncident(json, "incident.json", "/x"), /incident\.json: "vulnerability\.patch_date" is not a real date/);
  });

  test("npm run ingest: --threshold '' (and other non-numbers) is refused, not read as 0", async () => {
    const path = put(folder("cli"), "ok.csv", HEADER + good(1));
    for (const value of ["", " ", "0x1", "1e-2", "2", "0.5x"]) {
      const result = await run(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--quiet", "--threshold", value, path]).then(() => ({code: 0, stderr: ""}), (e: {code: number; stderr: string}) => e);
      assert.equal(result.code, 1, JSON.stringify(value));
      assert.match(result.stderr, /--threshold must be a number from 0 to 1/);
    }
  });

  test("npm run ingest: a missing input is named, not reported as a system error with its path", async () => {
    const path = join(folder("cli-missing"), "gone.csv");
    const result = await run(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--quiet", path]).then(() => ({code: 0, stderr: ""}), (e: {code: number; stderr: string}) => e);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), "ingest: gone.csv: file not found or not readable");
  });
});
