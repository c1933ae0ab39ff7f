// The Explore notebook (issues 13, 15, 16): typed Arrow downloads, chained cells from a link, the chart picker in the
// URL, Stop, the offline guard, links that wait for Run, and the build-time first result.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import type {Page} from "playwright-core";
import {saved} from "./downloads.ts";
import {openPage, openSite, type Site} from "./site.ts";

let site: Site;
before(async () => (site = await openSite(process.env.E2E_DIST ?? "dist")));
after(async () => site?.close());

const state = (page: Page, selector = "#sql-output") => page.locator(selector).getAttribute("data-state");
async function until(page: Page, states: string[], selector = "#sql-output", timeout = 60_000): Promise<void> {
  await page.waitForFunction(([s, list]) => (list as string[]).includes(document.querySelector<HTMLElement>(s as string)?.dataset.state ?? ""), [selector, states] as const, {timeout});
}
async function ready(page: Page): Promise<void> {
  await page.locator("#engine-status[data-state='ready']").waitFor({timeout: 60_000});
}
async function runSql(page: Page, sql: string): Promise<void> {
  await page.locator("#sql-editor").fill(sql);
  await page.locator("#sql-editor").press("Control+Enter");
  await until(page, ["done", "error", "stopped"]);
}

describe("the Explore notebook", () => {
  test("the first result is on screen before the engine is ready (computed at build time), then re-run live", async () => {
    const {context, page, log} = await openPage(site, "/explore");
    try {
      const t0 = Date.now();
      await until(page, ["preview", "done"], "#sql-output", 10_000);
      const first = Date.now() - t0;
      assert.ok(await page.locator("#sql-output .atlas-result tbody tr").count() > 0, "rows on screen");
      console.log(`first result on screen ${first} ms after load (state ${await state(page)})`);
      await until(page, ["done"]);
      assert.match(await page.locator("#sql-output .explore-meta").innerText(), /^20 rows/);
      assert.deepEqual(log.consoleErrors, []);
      assert.deepEqual(log.thirdPartyRequests, []);
    } finally {
      await context.close();
    }
  });

  test("an Arrow download keeps DuckDB's types (Timestamp<MILLISECOND, UTC>, Int64) and carries the query and the modelled flag", async () => {
    const {context, page} = await openPage(site, "/explore");
    try {
      await ready(page);
      const sql = "SELECT hour, count(*) AS buckets, sum(hits)::BIGINT AS hits\nFROM hourly\nGROUP BY hour\nORDER BY hour";
      await runSql(page, sql);
      assert.equal(await state(page), "done", await page.locator("#sql-output").innerText());
      const table = tableFromIPC((await saved(page, () => page.locator("#sql-output button[data-format='arrow']").click())).bytes);
      const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
      assert.deepEqual(types, {hour: "Timestamp<MILLISECOND, UTC>", buckets: "Int64", hits: "Int64"});
      assert.equal(table.schema.metadata.get("query"), sql);
      assert.match(table.schema.metadata.get("modelled") ?? "", /^(true|false)$/);
      assert.equal(table.schema.metadata.get("tables"), "hourly");
      const firstHour = table.getChild("hour")!.get(0) as number;
      assert.equal(new Date(firstHour).getUTCMinutes(), 0, "hours keep their time of day");
      const csv = (await saved(page, () => page.locator("#sql-output button[data-format='csv']").click())).bytes.toString("utf-8");
      assert.ok(csv.split("\r\n").some((l) => l.startsWith('"# query: ') || l.startsWith("# query: ")), "the CSV carries the query");
    } finally {
      await context.close();
    }
  });

  test("a chained two-cell notebook opens from a link, waits for Run, and runs", async () => {
    const search = `?q=${encodeURIComponent("SELECT country, hits FROM countries WHERE hits > 0")}&q=${encodeURIComponent("SELECT count(*) AS n, sum(hits) AS total FROM cell1")}`;
    const {context, page, log} = await openPage(site, `/explore${search}`);
    try {
      await ready(page);
      assert.equal(await state(page), "waiting", "a link's query does not run by itself");
      assert.equal(await page.locator("#sql-editor-2").inputValue(), "SELECT count(*) AS n, sum(hits) AS total FROM cell1");
      await page.locator("#sql-run-all").click();
      await until(page, ["done", "error"], "#sql-output-2");
      assert.equal(await state(page, "#sql-output-2"), "done", await page.locator("#sql-output-2").innerText());
      const rows = Number((await page.locator("#sql-output .atlas-result").getAttribute("data-rows")) ?? 0);
      assert.ok(rows > 5);
      assert.equal(Number((await page.locator("#sql-output-2 tbody tr td").first().innerText()).replace(/,/g, "")), rows, "cell2 counts cell1's rows");
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test("the chart picker changes the chart, and the URL restores it", async () => {
    const {context, page} = await openPage(site, "/explore");
    try {
      await ready(page);
      await page.locator("button[data-example]", {hasText: "Top sectors per country"}).click();
      await until(page, ["done"]);
      const chart = page.locator("#sql-output .explore-chart");
      assert.equal(await chart.getAttribute("data-mark"), "bar");
      assert.equal(await chart.getAttribute("data-series"), "sector", "the sector split is the default series");
      await page.locator("#sql-output select[data-picker='mark']").selectOption("dot");
      await page.locator("#sql-output select[data-picker='series']").selectOption("");
      assert.equal(await chart.getAttribute("data-mark"), "dot");
      assert.ok(await chart.locator("svg circle").count() > 0, "dots are drawn");
      const url = page.url();
      assert.match(decodeURIComponent(url), /"mark":"dot"/);
      const {context: second, page: reopened} = await openPage(site, new URL(url).pathname + new URL(url).search);
      try {
        await until(reopened, ["done", "error", "waiting"]);
        assert.equal(await state(reopened), "done", await reopened.locator("#sql-output").innerText());
        assert.equal(await reopened.locator("#sql-output .explore-chart").getAttribute("data-mark"), "dot");
        assert.equal(await reopened.locator("#sql-output .explore-chart").getAttribute("data-series"), "");
        assert.equal(await reopened.locator("#sql-output select[data-picker='mark']").inputValue(), "dot");
      } finally {
        await second.close();
      }
    } finally {
      await context.close();
    }
  });

  test("Stop cancels a long query within a second and the page stays responsive", async () => {
    const {context, page} = await openPage(site, "/explore");
    try {
      await ready(page);
      await until(page, ["done"]);
      await page.locator("#sql-editor").fill("SELECT count(*) AS n FROM range(200000) a, range(200000) b WHERE a.range + b.range = 7");
      await page.locator("#sql-run").click();
      await until(page, ["running"]);
      await page.waitForTimeout(1500);
      assert.equal(await state(page), "running", "the query is still running");
      // The page answers while DuckDB works (the engine runs in a worker).
      const t = Date.now();
      await page.evaluate(() => document.title);
      assert.ok(Date.now() - t < 500, "the page answers while the query runs");
      const stoppedAt = Date.now();
      await page.locator("#sql-stop").click();
      await until(page, ["stopped", "error", "done"], "#sql-output", 5_000);
      const took = Date.now() - stoppedAt;
      console.log(`Stop → stopped in ${took} ms`);
      assert.equal(await state(page), "stopped");
      assert.ok(took < 1000, `stopped in ${took} ms`);
      await runSql(page, "SELECT 42 AS answer");
      assert.equal(await state(page), "done", "the next query runs at once");
    } finally {
      await context.close();
    }
  });

  test("statements that need the network get the offline answer before DuckDB sees them", async () => {
    const {context, page, log} = await openPage(site, "/explore");
    try {
      await ready(page);
      for (const sql of ["INSTALL httpfs", "LOAD httpfs", "ATTACH 'https://example.org/x.duckdb' AS x", "SELECT * FROM read_csv('https://example.org/a.csv')", "FROM 's3://bucket/a.parquet'"]) {
        await runSql(page, sql);
        assert.equal(await state(page), "error", sql);
        assert.match(await page.locator("#sql-output [role='alert']").innerText(), /this site works offline: load a file you downloaded instead/i, sql);
      }
      assert.deepEqual(log.thirdPartyRequests, []);
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test("a link's query waits for Run unless it is a shipped example", async () => {
    const {context, page} = await openPage(site, `/explore?q=${encodeURIComponent("SELECT 42 AS answer")}`);
    try {
      await ready(page);
      await page.waitForTimeout(500);
      assert.equal(await state(page), "waiting");
      await page.locator("#sql-run").click();
      await until(page, ["done"]);
      assert.match(await page.locator("#sql-output .explore-meta").innerText(), /^1 row/);
    } finally {
      await context.close();
    }
  });

  test("the table panel shows SQL types, row counts and examples; a click inserts the name at the cursor", async () => {
    const {context, page} = await openPage(site, "/explore");
    try {
      await ready(page);
      const hourly = page.locator(".explore-schema details[data-table='hourly']");
      await page.waitForFunction(() => Boolean(document.querySelector<HTMLElement>(".explore-schema details[data-table='hourly']")?.dataset.rows), undefined, {timeout: 30_000});
      await hourly.locator("summary").click();
      assert.match(await hourly.innerText(), /TIMESTAMP/);
      assert.match(await hourly.locator(".explore-count").innerText(), /^[\d,]+ rows$/);
      assert.match(await hourly.innerText(), /e\.g\./);
      await page.locator("#sql-editor").fill("SELECT  FROM hourly");
      await page.locator("#sql-editor").evaluate((e: HTMLTextAreaElement) => e.setSelectionRange(7, 7));
      await hourly.locator("li button.explore-name", {hasText: "country"}).click();
      assert.equal(await page.locator("#sql-editor").inputValue(), "SELECT country FROM hourly");
    } finally {
      await context.close();
    }
  });
});
