// Commands in README.md and docs/ whose output is redirected or piped: `npm run` prints its own
// "> incident-atlas@0.1.0 <script>" banner on stdout first, so such a command must run npm with -s (--silent).
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {readFileSync, readdirSync} from "node:fs";
import {test} from "node:test";

/** The shell commands of a Markdown text: lines of its code blocks and its inline code spans. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1]!.split("\n"));
  const inline = [...markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "").matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return [...blocks, ...inline].map((line) => line.replace(/\s+#\s.*$/, "").trim()).filter((line) => /\bnpm run\b/.test(line));
}

/** True when an `npm run` in the command sends its stdout to a file or a pipe without -s. */
function loudRedirect(command: string): boolean {
  // Placeholders ("<your-id>"), usage alternatives ("[--rows N | --full]") and stderr redirects (2>, &>) are not
  // stdout redirects.
  const shell = command.replace(/<[^<>\s]+>/g, "").replace(/\[[^\]]*\]/g, "").replace(/[0-9&]>+\S*/g, "").replace(/\|\|/g, "");
  return /\bnpm run (?!-s\b|--silent\b)/.test(shell) && /[>|]/.test(shell.slice(shell.search(/\bnpm run\b/)));
}

test("loudRedirect: a redirected or piped npm run without -s is found", () => {
  assert.ok(loudRedirect("npm run ingest -- --incident x > summary.json"));
  assert.ok(loudRedirect("npm run bench:pipeline | jq ."));
  assert.ok(!loudRedirect("npm run -s ingest -- --incident x > summary.json"));
  assert.ok(!loudRedirect("npm run --silent ingest -- FILE | jq ."));
  assert.ok(!loudRedirect("npm run bench:pipeline -- [--rows N | --full] [--reps R]"));
  assert.ok(!loudRedirect("npm run ingest -- FILE 2> errors.txt"));
  assert.ok(!loudRedirect("npm run ingest -- --incident <your-id> FILE…"));
  assert.ok(loudRedirect("npm run ingest -- --incident <your-id> > out.json"));
});

test("README.md and docs/: every redirected or piped npm run is silent (-s)", () => {
  const files = ["README.md", ...readdirSync("docs").filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const loud = files.flatMap((file) => shellCommands(readFileSync(file, "utf-8")).filter(loudRedirect).map((c) => `${file}: ${c}`));
  assert.deepEqual(loud, []);
  const saved = files.flatMap((file) => shellCommands(readFileSync(file, "utf-8"))).filter((c) => /npm run -s ingest\b.*>/.test(c));
  assert.ok(saved.length > 0, "the docs show how to save the ingest summary");
});

test("npm run -s ingest prints JSON alone on stdout; without -s npm's banner comes first", () => {
  const args = ["run", "ingest", "--", "--incident", "notpetya-2017-sample", "--quiet"];
  const silent = execFileSync("npm", ["-s", ...args], {encoding: "utf-8", stdio: ["ignore", "pipe", "ignore"]});
  assert.equal((JSON.parse(silent) as {incident: string}).incident, "notpetya-2017-sample");
  // The log level set explicitly: a run under `npm run -s` passes its silence on to child npm processes.
  const loud = execFileSync("npm", ["--loglevel=notice", ...args], {encoding: "utf-8", stdio: ["ignore", "pipe", "ignore"]});
  assert.match(loud, /^\n> incident-atlas@[^ ]+ ingest\n/);
  assert.throws(() => JSON.parse(loud));
});
