// No leaks and no injection, in Chromium, on the built site:
//   - every page carries the hashed Content-Security-Policy, works under it (renders, no violation report, no CSP
//     console error) and makes zero third-party requests; the policy is live (an injected inline script is blocked);
//   - hostile strings from data (an organisation, city or hostname such as <img src=x onerror=alert(1)>) are shown
//     as text in tables, chart labels and tooltips, and no dialog fires: the Explore page puts any string a query
//     returns (or a shared ?q= link carries) into its result table, its automatic chart and its tooltips;
//   - CSV downloads neutralise spreadsheet formula prefixes (= + - @ tab CR);
//   - no analytics or telemetry: no known tracker in dist/, Framework telemetry off in every build.
import assert from "node:assert/strict";
import {execFile} from "node:child_process";
import {readFileSync} from "node:fs";
import {after, before, describe, test} from "node:test";
import {promisify} from "node:util";
import type {Page} from "playwright-core";
import {htmlFiles} from "../../scripts/csp.ts";
import {record} from "./browser.ts";
import {builtPages, DIST, openSite, waitForRender, type Site} from "./site.ts";

const pages = await builtPages();
let site: Site;

before(async () => (site = await openSite(DIST)));
after(async () => site?.close());

const LISTEN = `
  globalThis.__name = (fn) => fn;
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || "")));
  window.__dialogs = 0;`;

async function open(path: string) {
  const context = await site.browser.newContext({viewport: {width: 1280, height: 900}, acceptDownloads: true});
  await context.addInitScript(LISTEN);
  const page = await context.newPage();
  const log = record(context, page);
  const cspConsole: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspConsole.push(m.text());
  });
  page.on("dialog", async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  await page.goto(site.server.origin + path, {waitUntil: "load"});
  return {context, page, log, cspConsole, dialogs};
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, {timeout: 30_000});
  await page.waitForLoadState("networkidle", {timeout: 30_000});
  await waitForRender(page, 3_000).catch(() => undefined);
}

describe("Content-Security-Policy on every page of dist/", () => {
  for (const path of pages) {
    test(`${path}: works under its CSP with no violation and no third-party request`, async () => {
      const {context, page, log, cspConsole} = await open(path);
      try {
        await settled(page);
        const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
        assert.ok(policy, `${path}: no CSP meta tag`);
        assert.match(policy, /default-src 'self'/);
        assert.doesNotMatch(policy.match(/script-src ([^;]*)/)?.[1] ?? "", /'unsafe-inline'|'unsafe-eval'/, `${path}: script-src too wide`);
        const cellErrors = await page.locator(".observablehq--error").allInnerTexts();
        assert.deepEqual(cellErrors, [], `${path}: cells failed under the CSP`);
        assert.deepEqual(await page.evaluate(() => (window as unknown as {__violations: string[]}).__violations), [], `${path}: CSP violation reports`);
        assert.deepEqual(cspConsole, [], `${path}: CSP errors in the console`);
        assert.deepEqual(log.thirdPartyRequests, [], `${path}: third-party requests`);
        // The policy is live: an inline script added to the page does not run, and is reported.
        const ran = await page.evaluate(async () => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true;";
          document.body.append(script);
          const img = document.createElement("img");
          img.src = "https://tracker.example/pixel.gif";
          document.body.append(img);
          await new Promise((r) => setTimeout(r, 100));
          return (window as unknown as {__injected?: boolean}).__injected === true;
        });
        assert.equal(ran, false, `${path}: an injected inline script ran`);
        const reported = await page.evaluate(() => (window as unknown as {__violations: string[]}).__violations);
        assert.ok(reported.some((v) => v.startsWith("script-src")), `${path}: the blocked inline script was not reported: ${reported.join("; ")}`);
        assert.ok(reported.some((v) => v.startsWith("img-src") && v.includes("tracker.example")), `${path}: a third-party image was not blocked: ${reported.join("; ")}`);
      } finally {
        await context.close();
      }
    });
  }
});

const HOSTILE = {
  organisation: "<img src=x onerror=alert(1)>",
  city: "<script>alert(2)</script>",
  hostname: '"><svg onload=alert(3)>.example',
  formula: '=HYPERLINK("http://evil.example/","click me")'
};
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const HOSTILE_SQL = `SELECT * FROM (VALUES
  (${sqlString(HOSTILE.organisation)}, ${sqlString(HOSTILE.city)}, ${sqlString(HOSTILE.hostname)}, 50),
  (${sqlString(HOSTILE.city)}, ${sqlString(HOSTILE.hostname)}, ${sqlString(HOSTILE.organisation)}, 30),
  (${sqlString(HOSTILE.hostname)}, ${sqlString(HOSTILE.organisation)}, ${sqlString(HOSTILE.city)}, 20),
  (${sqlString(HOSTILE.formula)}, '@SUM(1,2)', '+1-1', 10)
) AS t(organisation, city, hostname, hits)`;

describe("hostile strings from data are shown as text (Explore: table, chart labels, tooltips, CSV)", {skip: !pages.includes("/explore") && "no /explore page in this build"}, () => {
  test("a shared ?q= link whose results hold HTML and script: rendered as text, nothing runs, formula cells neutralised in the CSV", async () => {
    const {context, page, dialogs, log} = await open(`/explore?q=${encodeURIComponent(HOSTILE_SQL)}`);
    try {
      // A query from a link that is not a shipped example waits for the reader's Run (issue 13).
      await page.locator("#sql-run").click({timeout: 60_000});
      await page.waitForSelector("[data-state=done], [data-state=error]", {timeout: 60_000});
      const state = await page.locator("[data-state=done], [data-state=error]").first().getAttribute("data-state");
      assert.equal(state, "done", `the query failed: ${await page.locator(".explore-error").allInnerTexts()}`);
      const output = page.locator("[data-state=done]").first();
      // Table: every hostile string appears verbatim as text; none became markup.
      const table = await output.locator("table").first().innerText();
      for (const text of Object.values(HOSTILE)) assert.ok(table.includes(text), `table lacks the text ${text}`);
      const injected = await page.evaluate(() => ({
        img: document.querySelectorAll("img[src='x'], img[src$='/x']").length,
        svgOnload: document.querySelectorAll("[onload], [onerror], [onmouseover]").length,
        scripts: [...document.querySelectorAll("main script")].length
      }));
      assert.deepEqual(injected, {img: 0, svgOnload: 0, scripts: 0}, "hostile markup was parsed into elements");
      // Chart labels: the automatic chart labels its categories with the strings, as SVG text.
      const labels = await output.locator("svg text").allTextContents();
      const labelled = Object.values(HOSTILE).filter((t) => labels.some((l) => l.includes(t.slice(0, 12))));
      assert.ok(labelled.length >= 2, `chart labels do not show the hostile strings as text: ${JSON.stringify(labels.slice(0, 20))}`);
      // Tooltips: hover each bar; the tip shows the string as text.
      const marks = output.locator("svg [aria-label='bar'] rect, svg g rect").filter({hasNot: page.locator("title")});
      const count = Math.min(await marks.count(), 8);
      let tipped = "";
      for (let i = 0; i < count; i++) {
        const box = await marks.nth(i).boundingBox();
        if (!box || box.width < 2 || box.height < 2) continue;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.waitForTimeout(50);
        // Every SVG of the output: a colour legend's swatches come before the chart's own SVG.
        tipped += (await output.locator("svg").allTextContents()).join(" ");
      }
      assert.ok(count === 0 || Object.values(HOSTILE).some((t) => tipped.includes(t)), "no tooltip showed a hostile string as text");
      // CSV download: formula prefixes are neutralised, the rest is intact.
      const button = output.locator("button[data-format=csv]").first();
      const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
      const csv = readFileSync((await download.path())!, "utf8");
      const cells = csv.split(/\r?\n/).flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)).map((c) => c.replace(/^"|"$/g, "").replaceAll('""', '"'));
      for (const cell of cells) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `CSV cell would run as a formula: ${cell}`);
      assert.ok(cells.includes(`'${HOSTILE.formula}`), `the formula cell is not neutralised as '=…: ${csv}`);
      assert.ok(cells.includes("'@SUM(1,2)") && cells.includes("'+1-1"), csv);
      assert.ok(cells.includes(HOSTILE.organisation), "HTML text kept verbatim in the CSV");
      assert.deepEqual(dialogs, [], "a dialog fired");
      assert.deepEqual(await page.evaluate(() => (window as unknown as {__violations: string[]}).__violations), [], "CSP violations");
      assert.deepEqual(log.thirdPartyRequests, []);
    } finally {
      await context.close();
    }
  });

  test("a failing query whose error message echoes hostile text shows it as text", async () => {
    const {context, page, dialogs} = await open(`/explore?q=${encodeURIComponent(`SELECT * FROM "${HOSTILE.organisation}"`)}`);
    try {
      await page.locator("#sql-run").click({timeout: 60_000});
      await page.waitForSelector("[data-state=error]", {timeout: 60_000});
      const message = await page.locator(".explore-error").innerText();
      assert.ok(message.includes(HOSTILE.organisation), message);
      assert.equal(await page.locator("main img[src='x']").count(), 0);
      assert.deepEqual(dialogs, []);
    } finally {
      await context.close();
    }
  });
});

describe("no analytics, no telemetry", () => {
  test("no tracker or telemetry endpoint in any built page or script", async () => {
    const TRACKERS = /google-analytics|googletagmanager|gtag\(|plausible\.io|segment\.(io|com)|mixpanel|hotjar|sentry\.io|matomo|clarity\.ms|events\.observablehq\.com|api\.observablehq\.com\/.*telemetry/i;
    const files = [...(await htmlFiles(DIST)), ...(await jsFiles(DIST))];
    const hits = files.filter((f) => TRACKERS.test(readFileSync(f, "utf8"))).map((f) => `${f}: ${readFileSync(f, "utf8").match(TRACKERS)![0]}`);
    assert.deepEqual(hits, []);
  });

  test("Framework's telemetry is off in every build and preview (scripts/offline-guard.mjs)", async () => {
    const run = promisify(execFile);
    const {stdout} = await run(process.execPath, ["--import", "./scripts/offline-guard.mjs", "-e", "console.log(process.env.OBSERVABLE_TELEMETRY_DISABLE)"]);
    assert.equal(stdout.trim(), "1");
    // npm run build and npm run dev start Framework from scripts/build.ts and scripts/dev.ts, through frameworkEnv().
    const {frameworkEnv, OBSERVABLE} = await import("../../scripts/framework.ts");
    assert.match(frameworkEnv({NODE_OPTIONS: "--max-old-space-size=4096"}).NODE_OPTIONS!, /^--max-old-space-size=4096 --import=\.\/scripts\/offline-guard\.mjs$/);
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
    for (const [name, file] of [["build", "scripts/build.ts"], ["dev", "scripts/dev.ts"]] as const) {
      assert.match(scripts[name]!, new RegExp(`tsx ${file}`), `npm run ${name} runs ${file}`);
      const calls = [...readFileSync(file, "utf8").matchAll(/\b(?:spawn|spawnSync|run)\(OBSERVABLE, [^\n]*/g)].map((m) => m[0]);
      assert.ok(calls.length > 0, `${file} starts Framework through OBSERVABLE`);
      for (const call of calls) assert.match(call, /frameworkEnv\(/, `${file} runs Framework without the guard: ${call}`);
    }
    // No other script runs Framework's CLI directly without the guard.
    for (const [name, command] of Object.entries(scripts)) {
      if (/(^|&&\s*)(npx )?observable /.test(command)) assert.match(command, /--import=\.\/scripts\/offline-guard\.mjs observable/, `npm run ${name} runs Framework without the guard`);
    }
    assert.ok(OBSERVABLE.endsWith("observable"));
  });
});

async function jsFiles(dir: string): Promise<string[]> {
  const {readdir} = await import("node:fs/promises");
  const {join} = await import("node:path");
  const entries = await readdir(dir, {recursive: true, withFileTypes: true});
  return entries.filter((e) => e.isFile() && /\.(m?js|css)$/.test(e.name) && !e.parentPath.includes("duckdb-wasm")).map((e) => join(e.parentPath, e.name));
}
