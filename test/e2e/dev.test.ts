// The development loop: `npm run dev` (observable preview, with its relaxed dev policy, scripts/csp.ts) applies edits
// to a component, JS cells and prose in the open page, without a full reload and without an error, and an edit of the
// incident's incident.json re-runs the data loaders (scripts/dev.ts) so the open page shows the new data. Run in a private
// copy of the project (test/e2e/project-copy.ts) on the small test-synthetic incident, so no file of the checkout is
// edited. With the strict policy of the built site, the same edits left every cell "X is not defined".
import assert from "node:assert/strict";
import {spawn, type ChildProcess} from "node:child_process";
import {readFileSync, writeFileSync} from "node:fs";
import {createServer} from "node:net";
import {join} from "node:path";
import {after, before, test} from "node:test";
import type {Browser, Page} from "playwright-core";
import {launchChromium} from "./browser.ts";
import {copyProject, type ProjectCopy} from "./project-copy.ts";

let copy: ProjectCopy | null = null;
let dev: ChildProcess | null = null;
let browser: Browser | null = null;
let origin = "";
let output = "";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const {port} = server.address() as {port: number};
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

before(async () => {
  copy = copyProject();
  const port = await freePort();
  // Its own process group, so that npm, the shell and Framework's server are stopped together, by this id only.
  dev = spawn("npm", ["run", "dev", "--", "--port", String(port), "--no-open"], {
    cwd: copy.root,
    env: {...process.env, INCIDENT: "test-synthetic"},
    detached: true,
    stdio: ["ignore", "pipe", "pipe"]
  });
  // Framework colours its banner when it thinks it has a terminal: keep the text only.
  const plain = (chunk: Buffer): string => chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
  dev.stdout!.on("data", (chunk: Buffer) => (output += plain(chunk)));
  dev.stderr!.on("data", (chunk: Buffer) => (output += plain(chunk)));
  const started = Date.now();
  while (!/↳ (http:\/\/127\.0\.0\.1:\d+)\//.test(output)) {
    if (dev.exitCode !== null) throw new Error(`npm run dev exited (${dev.exitCode}):\n${output}`);
    if (Date.now() - started > 120_000) throw new Error(`npm run dev did not start in 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  origin = /↳ (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1]!;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (dev?.pid !== undefined && dev.exitCode === null) {
    try {
      process.kill(-dev.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  copy?.remove();
});

const mainText = (page: Page): Promise<string> => page.evaluate(() => document.querySelector("#observablehq-main")?.textContent ?? "");

async function waitForText(page: Page, pattern: RegExp, what: string): Promise<void> {
  const source = pattern.source;
  await page
    .waitForFunction((s) => new RegExp(s).test(document.querySelector("#observablehq-main")?.textContent ?? ""), source, {timeout: 90_000})
    .catch(() => assert.fail(`${what}: the page never showed ${pattern}`));
}

test("npm run dev applies component, JS cell, prose and incident.json edits live, with no error", async () => {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto(`${origin}/sectors`, {waitUntil: "load"});
  await page.waitForSelector("#observablehq-main svg", {timeout: 120_000});
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 120_000});
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "");
  assert.match(policy, /script-src [^;]*'unsafe-eval'/, "the dev policy is served");

  // A chart component the page imports.
  const component = join(copy!.root, "src", "components", "charts", "barsChart.ts");
  const code = readFileSync(component, "utf-8");
  const axisLabel = "const x = {label: fitLabel([xLabel].flat(), width - 8),";
  assert.ok(code.includes(axisLabel), "barsChart.ts still builds its x axis label this way (update this test if not)");
  writeFileSync(component, code.replace(axisLabel, 'const x = {label: fitLabel([xLabel].flat(), width - 8) + " [edited live]",'));
  await waitForText(page, /\[edited live\]/, "component edit");

  // New JS cells (one reads another's variable, one reads a data file) and a paragraph; then an edit of both.
  const markdown = join(copy!.root, "src", "sectors.md");
  const text = readFileSync(markdown, "utf-8");
  const cells = (label: string, prose: string): string =>
    `${text}\n\n\`\`\`js\nconst liveProbe = 6 * 7;\nconst liveIncident = FileAttachment("data/incident.json").json();\n\`\`\`\n\n` +
    `\`\`\`js\ndisplay(\`${label} \${liveProbe}: \${liveIncident.title}\`)\n\`\`\`\n\n${prose}\n`;
  writeFileSync(markdown, cells("live cell", "Live prose paragraph."));
  await waitForText(page, /live cell 42: /, "new JS cells");
  const title = (JSON.parse(readFileSync(join(copy!.root, "data", "incidents", "test-synthetic", "incident.json"), "utf-8")) as {title: string}).title;
  assert.ok((await mainText(page)).includes(`live cell 42: ${title}`), "the new cell shows the incident's title");
  await waitForText(page, /Live prose paragraph\./, "new prose");
  writeFileSync(markdown, cells("edited cell", "Live prose paragraph, edited."));
  await waitForText(page, /edited cell 42: /, "edited JS cell");
  await waitForText(page, /Live prose paragraph, edited\./, "edited prose");

  // An edit of the incident's configuration reaches the open page (scripts/dev.ts: build key → loaders re-run).
  const incidentFile = join(copy!.root, "data", "incidents", "test-synthetic", "incident.json");
  const incident = JSON.parse(readFileSync(incidentFile, "utf-8")) as Record<string, unknown>;
  writeFileSync(incidentFile, JSON.stringify({...incident, title: "Retitled while dev runs"}, null, 2));
  await waitForText(page, /edited cell 42: Retitled while dev runs/, "incident.json edit");

  assert.equal(loads, 1, "edits are applied in place, not by reloading the page");
  const errors = await page.evaluate(() => [...document.querySelectorAll("#observablehq-main .observablehq--error")].map((e) => e.textContent));
  assert.deepEqual(errors, [], "no cell is in error");
  assert.ok((await mainText(page)).includes("[edited live]"), "the component edit survived the page edits");
  assert.deepEqual(problems, [], "no console error");
  await context.close();
});
