// Readers wait only for what they use (src/components/state/lazy-duckdb.ts): a reader who touches nothing never
// downloads the engine (no worker, no wasm). On Countries, whose ranked table filters with DuckDB-WASM, the first view,
// computed in JavaScript from the downloaded tables, is the one the engine's SQL gives: after a control is changed
// (the engine starts) and changed back, the same rows are shown again, now from SQL. Sectors and Timeline compute
// their figures in JavaScript (src/figures/), so they never download the engine, whatever the reader does.
import assert from "node:assert/strict";
import {after, before, test} from "node:test";
import type {Page} from "playwright-core";
import {openPage, openSite, type Site} from "./site.ts";
import {REPORT_FIGURES, waitForFigures} from "./report-helpers.ts";

let site: Site;
before(async () => (site = await openSite()));
after(async () => site?.close());

const ENGINE = /duckdb-(?:eh|mvp|coi)\.wasm|duckdb-browser-[a-z]+\.worker\.js/;
const state = (page: Page) => page.locator(".atlas-engine-status").getAttribute("data-state");

interface Case {
  path: string;
  /** Text of the parts of the page the engine computes. */
  read(page: Page): Promise<string>;
  /** Changes a control, then puts it back to its default. */
  change(page: Page): Promise<void>;
  restore(page: Page): Promise<void>;
  /** Whether a control starts DuckDB-WASM on this page. */
  engine: boolean;
}

const summaries = (ids: string[]) => async (page: Page) =>
  (await Promise.all(ids.map((id) => page.locator(`#figure-${id}-summary`).innerText()))).join("\n");

const CASES: Case[] = [
  {
    path: "/countries",
    read: (page) => page.locator(".atlas-ranked tbody").innerText(),
    change: (page) => page.getByRole("radio", {name: "Sinkhole hits"}).check(),
    restore: (page) => page.getByRole("radio", {name: "Unique IP addresses"}).check(),
    engine: true
  },
  {
    path: "/sectors",
    read: summaries(["sectors-heatmap", "sectors-countries"]),
    change: (page) => page.getByRole("checkbox", {name: "Health"}).check(),
    restore: (page) => page.getByRole("checkbox", {name: "Health"}).uncheck(),
    engine: false
  },
  {
    path: "/timeline",
    read: summaries(["timeline-window-countries", "timeline-window-sectors"]),
    change: async (page) => void (await page.locator("#window-controls select").first().selectOption({index: 30})),
    restore: (page) => page.getByRole("button", {name: "Whole period"}).click(),
    engine: false
  }
];

/** Reads the page until `done` holds (or 30 s pass); returns the last reading. */
async function settle(page: Page, c: Case, done: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 30_000;
  let text = await c.read(page);
  while (!done(text) && Date.now() < deadline) {
    await page.waitForTimeout(250);
    text = await c.read(page);
  }
  return text;
}

for (const c of CASES) {
  const name = c.engine ? "no DuckDB-WASM until a control is used; the first view equals the engine's SQL answer" : "no DuckDB-WASM at all; controls change the view";
  test(`${c.path}: ${name}`, async () => {
    const {context, page, log} = await openPage(site, c.path);
    try {
      await waitForFigures(page, REPORT_FIGURES[c.path]!);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(2000); // the old engine started when the browser was idle
      assert.deepEqual(log.started.filter((url) => ENGINE.test(url)), [], "no engine download for a reader who touches nothing");
      if (c.engine) assert.equal(await state(page), "waiting");
      const first = await c.read(page);
      assert.ok(first.length > 20, `the first view is drawn: ${first}`);

      await c.change(page);
      if (c.engine) {
        await page.waitForSelector('.atlas-engine-status[data-state="ready"]', {timeout: 90_000});
        assert.ok(log.started.some((url) => ENGINE.test(url)), "the engine is downloaded once a control is used");
      }
      assert.notEqual(await settle(page, c, (text) => text !== first), first, "the changed control changes what the engine computes");
      await c.restore(page);
      assert.equal(await settle(page, c, (text) => text === first), first, "the default view comes back when the control is reset");
      if (!c.engine) assert.deepEqual(log.started.filter((url) => ENGINE.test(url)), [], "this page never downloads the engine");
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });
}
