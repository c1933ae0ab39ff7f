// The analyst's path: SQL on the Explore page (examples, typed queries, errors, paging, the URL),
// and downloads of query results and datasets checked against the Arrow tables the site ships.
import assert from "node:assert/strict";
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import {after, before, describe, test} from "node:test";
import {tableFromIPC, type Table} from "apache-arrow";
import {csvParse, csvParseRows} from "d3-dsv";
import type {Locator, Page} from "playwright-core";
import {saved} from "./downloads.ts";
import {openPage, openSite, type Site} from "./site.ts";

const DIST = process.env.E2E_DIST ?? "dist";
let site: Site;
before(async () => (site = await openSite(DIST)));
after(async () => site?.close());

/** The built Arrow file of a dataset (dist/_file/data/<name>.<hash>.arrow). */
async function builtFile(name: string, ext = "arrow"): Promise<Buffer> {
  const dir = join(DIST, "_file", "data");
  const file = (await readdir(dir)).find((f) => new RegExp(`^${name}\\.[0-9a-f]+\\.${ext}$`).test(f));
  assert.ok(file, `${name}.${ext} is in ${dir}`);
  return readFile(join(dir, file));
}

async function builtTable(name: string): Promise<Table> {
  return tableFromIPC(await builtFile(name));
}

/** A downloaded CSV's rows, after its metadata lines (docs/data-schema.md, "Downloads"), which it must have. */
function downloadedCsv(bytes: Buffer | string, expect: {modelled?: boolean} = {}) {
  const text = typeof bytes === "string" ? bytes : bytes.toString("utf-8");
  const n = Number(/^# Incident Atlas download: (\d+) metadata lines before the header row/.exec(text)?.[1]);
  assert.ok(n > 1, `the CSV starts with its metadata lines: ${text.slice(0, 120)}`);
  const lines = text.split("\r\n");
  const meta = new Map(lines.slice(1, n).map((l) => csvParseRows(l)[0]![0]!).map((l) => [l.slice(2, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
  assert.ok(meta.get("sources"), "the CSV names its sources");
  assert.match(meta.get("modelled") ?? "", /^(true|false)$/);
  if (expect.modelled !== undefined) assert.equal(meta.get("modelled"), String(expect.modelled));
  return Object.assign(csvParse(lines.slice(n).join("\r\n")), {meta});
}

async function runQuery(page: Page, sql: string): Promise<Locator> {
  await page.locator("#sql-editor").fill(sql);
  await page.locator("#sql-editor").press("Control+Enter");
  const output = page.locator("#sql-output");
  await page.waitForFunction(() => ["done", "error"].includes(document.querySelector<HTMLElement>("#sql-output")?.dataset.state ?? ""), undefined, {timeout: 60_000});
  return output;
}

async function openExplore(search = "") {
  const opened = await openPage(site, `/explore${search}`);
  await opened.page.locator("#engine-status[data-state='ready']").waitFor({timeout: 60_000});
  return opened;
}

describe("the Explore page", () => {
  test("the editor is usable before the query engine has loaded, and the engine reports its progress", async () => {
    const {context, page, log} = await openPage(site, "/explore");
    try {
      const editor = page.locator("#sql-editor");
      await editor.waitFor({timeout: 10_000});
      const stateWhenEditable = await page.locator("#engine-status").getAttribute("data-state");
      await editor.fill("SELECT 42 AS answer");
      assert.equal(await editor.inputValue(), "SELECT 42 AS answer");
      assert.notEqual(stateWhenEditable, "ready", "the editor was usable while DuckDB was still loading");
      await page.locator("#engine-status[data-state='ready']").waitFor({timeout: 60_000});
      assert.match(await page.locator("#engine-status").innerText(), /Ready: \d+ tables/);
      // Counted as started: Chromium may cancel the .wasm body once it has compiled the module, and such a request
      // never reaches the finished-request log.
      const wasm = log.started.filter((url) => new URL(url).pathname.endsWith(".wasm"));
      assert.equal(wasm.length, 1, "one DuckDB instance on the page");
      assert.deepEqual(log.consoleErrors, []);
      assert.deepEqual(log.thirdPartyRequests, []);
    } finally {
      await context.close();
    }
  });

  test("an example query answers its question (top sectors per country) and draws a chart", async () => {
    const {context, page} = await openExplore();
    try {
      await page.locator("button[data-example]", {hasText: "Top sectors per country"}).click();
      await page.waitForFunction(() => /top_countries/.test(decodeURIComponent(location.search)), undefined, {timeout: 10_000});
      await page.waitForFunction(() => document.querySelector<HTMLElement>("#sql-output")?.dataset.state === "done", undefined, {timeout: 30_000});
      const csv = await saved(page, () => page.locator("#sql-output button[data-format='csv']").click());
      const rows = downloadedCsv(csv.bytes);
      // Expected from the source table, computed here independently.
      const table = [...(await builtTable("country-sectors"))].map((r) => ({country: String(r.country), sector: String(r.sector), hits: Number(r.hits)}));
      const countries = [...(await builtTable("countries"))].map((r) => ({country: String(r.country), hits: Number(r.hits)}));
      const top10 = countries.sort((a, b) => b.hits - a.hits).slice(0, 10).map((c) => c.country);
      const expected = top10.sort().flatMap((country) => table.filter((r) => r.country === country).sort((a, b) => b.hits - a.hits).slice(0, 3).map((r, i) => ({country, rank: String(i + 1), hits: String(r.hits)})));
      assert.deepEqual(rows.map((r) => ({country: r.country, rank: r.rank, hits: r.hits})), expected);
      assert.ok(await page.locator("#sql-output .atlas-figure svg").count() >= 1, "an automatic chart");
    } finally {
      await context.close();
    }
  });

  test("every example query runs without an error and returns rows", async () => {
    const {context, page} = await openExplore();
    try {
      const labels = await page.locator("button[data-example]").allInnerTexts();
      assert.ok(labels.length >= 4, "several examples");
      for (const label of labels) {
        await page.locator("button[data-example]", {hasText: label}).click();
        await page.waitForFunction(() => ["done", "error"].includes(document.querySelector<HTMLElement>("#sql-output")?.dataset.state ?? ""), undefined, {timeout: 30_000});
        assert.equal(await page.locator("#sql-output").getAttribute("data-state"), "done", `${label}: ${await page.locator("#sql-output").innerText()}`);
        assert.doesNotMatch(await page.locator(".explore-meta").innerText(), /^0 rows/, `${label} returns rows`);
      }
      // Peak hour per region: one row per World Bank region present in the data.
      await page.locator("button[data-example]", {hasText: "peak spread per region"}).click();
      await page.waitForFunction(() => document.querySelector<HTMLElement>("#sql-output")?.dataset.state === "done", undefined, {timeout: 30_000});
      const rows = downloadedCsv((await saved(page, () => page.locator("#sql-output button[data-format='csv']").click())).bytes);
      const reference = new Map([...(await builtTable("country-reference"))].map((r) => [String(r.iso2), String(r.region)]));
      const hourly = [...(await builtTable("hourly"))].map((r) => ({region: reference.get(String(r.country)), hour: Number(r.hour), hits: Number(r.hits)})).filter((r) => r.region);
      const byRegionHour = new Map<string, number>();
      for (const r of hourly) byRegionHour.set(`${r.region}|${r.hour}`, (byRegionHour.get(`${r.region}|${r.hour}`) ?? 0) + r.hits);
      const peak = new Map<string, number>();
      for (const [key, hits] of byRegionHour) peak.set(key.split("|")[0]!, Math.max(peak.get(key.split("|")[0]!) ?? 0, hits));
      assert.deepEqual(new Map(rows.map((r) => [r.region!, Number(r.peak_hits)])), peak);
    } finally {
      await context.close();
    }
  });

  test("the status line counts the tables listed; a result names only the tables its query reads and shows every hour", async () => {
    const {context, page} = await openExplore();
    try {
      // The panel's counts arrive once DuckDB has the tables.
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>(".explore-schema details[data-table]")].every((d) => d.dataset.rows), undefined, {timeout: 30_000});
      const listed = await page.locator(".explore-schema details[data-table]").evaluateAll((ds) => ds.map((d) => Number((d as HTMLElement).dataset.rows)));
      const [, tables, rows] = /^Ready: (\d+) tables, ([\d,]+) rows/.exec(await page.locator("#engine-status").innerText()) ?? [];
      assert.equal(Number(tables), listed.length, "as many tables as the panel lists");
      assert.equal(Number(rows!.replaceAll(",", "")), listed.reduce((a, b) => a + b, 0), "as many rows as the listed tables hold");

      const source = async (label: string) => {
        await page.locator("button[data-example]", {hasText: label}).click();
        await page.waitForFunction((l) => document.querySelector<HTMLElement>("#sql-output")?.dataset.state === "done" && document.querySelector<HTMLTextAreaElement>("#sql-editor")!.value.includes(l), label === "Hits per hour" ? "per hour (all" : "top_countries", {timeout: 30_000});
        return /Your query on (.*?) \(Incident Atlas/.exec(await page.locator("#sql-output").innerText())?.[1];
      };
      assert.equal(await source("Hits per hour"), "hourly", "words in the comment are not tables");
      // Every hour shows its time, midnight too ("2017-06-28 00:00 UTC", never a bare date).
      const hours = await page.locator("#sql-output tbody tr td:first-child").allInnerTexts();
      assert.ok(hours.length > 0 && hours.every((h) => /^\d{4}-\d\d-\d\d \d\d:00 UTC$/.test(h)), hours.join(", "));
      assert.equal(await source("Top sectors per country"), "countries, country_sectors", "country_sectors is not sectors");
    } finally {
      await context.close();
    }
  });

  test("the kill-switch example reads its window from incident.json", async () => {
    const {context, page} = await openExplore();
    try {
      await page.locator("button[data-example]", {hasText: "kill switch"}).click();
      await page.waitForFunction(() => document.querySelector<HTMLElement>("#sql-output")?.dataset.state === "done", undefined, {timeout: 30_000});
      const csv = downloadedCsv((await saved(page, () => page.locator("#sql-output button[data-format='csv']").click())).bytes);
      const incident = JSON.parse((await builtFile("incident", "json")).toString("utf-8")) as {kill_switch: {start: string; end: string}};
      const start = Date.parse(incident.kill_switch.start), end = Date.parse(incident.kill_switch.end);
      const hourly = [...(await builtTable("hourly"))].map((r) => ({hour: Number(r.hour), hits: Number(r.hits)}));
      const sum = (f: (h: number) => boolean) => hourly.filter((r) => f(r.hour)).reduce((s, r) => s + r.hits, 0);
      const expected = {
        "1 before": sum((h) => h + 3_600_000 <= start),
        "2 during": sum((h) => h + 3_600_000 > start && h < end),
        "3 after": sum((h) => h >= end)
      };
      // GROUP BY yields no row for a period without hits (the model has none before the kill-switch window).
      assert.deepEqual(Object.fromEntries(csv.map((r) => [r.period, Number(r.hits)])), Object.fromEntries(Object.entries(expected).filter(([, hits]) => hits > 0)));
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      for (const r of csv) assert.ok(Math.abs(Number(r.percent_of_hits) - (100 * Number(r.hits)) / total) < 0.051, `percent for ${r.period}`);
    } finally {
      await context.close();
    }
  });

  test("a typed query: result, URL, CSV and Arrow downloads match the source table", async () => {
    const {context, page} = await openExplore();
    try {
      const sql = "SELECT country, name, hits, unique_ips, first_seen FROM countries WHERE hits >= 1000 ORDER BY country";
      const output = await runQuery(page, sql);
      assert.equal(new URL(page.url()).searchParams.get("q"), sql, "the query is kept in the URL");
      const expected = [...(await builtTable("countries"))]
        .filter((r) => Number(r.hits) >= 1000)
        .map((r) => ({country: String(r.country), name: String(r.name), hits: Number(r.hits), unique_ips: Number(r.unique_ips), first_seen: Number(r.first_seen)}))
        .sort((a, b) => (a.country < b.country ? -1 : 1));
      assert.ok(expected.length > 5, "the filter keeps several countries");
      assert.match(await output.locator(".explore-meta").innerText(), new RegExp(`^${expected.length} rows`));

      const csv = await saved(page, () => output.locator("button[data-format='csv']").click());
      assert.match(csv.name, /^query-result-\d{4}-\d{2}-\d{2}\.csv$/);
      const incidentConfig = JSON.parse((await builtFile("incident", "json")).toString("utf-8")) as {data: {modelled: boolean}};
      const rows = downloadedCsv(csv.bytes, {modelled: incidentConfig.data.modelled});
      assert.deepEqual(rows.columns, ["country", "name", "hits", "unique_ips", "first_seen"]);
      assert.deepEqual(
        rows.map((r) => ({country: r.country, name: r.name, hits: Number(r.hits), unique_ips: Number(r.unique_ips), first_seen: Date.parse(r.first_seen!)})),
        expected
      );

      const arrow = await saved(page, () => output.locator("button[data-format='arrow']").click());
      assert.match(arrow.name, /^query-result-\d{4}-\d{2}-\d{2}\.arrow$/);
      const table = tableFromIPC(arrow.bytes);
      assert.equal(table.schema.metadata.get("modelled"), String(incidentConfig.data.modelled), "the Arrow download says whether its rows are modelled");
      assert.match(table.schema.metadata.get("sources") ?? "", /countries/, "and names its sources");
      assert.deepEqual(table.schema.fields.map((f) => f.name), ["country", "name", "hits", "unique_ips", "first_seen"]);
      assert.deepEqual(
        [...table].map((r) => ({country: String(r.country), name: String(r.name), hits: Number(r.hits), unique_ips: Number(r.unique_ips), first_seen: +new Date(r.first_seen)})),
        expected
      );

      // A shared link reproduces the query once the reader presses Run (a linked query never runs by itself).
      const {context: second, page: shared} = await openPage(site, `/explore?q=${encodeURIComponent(sql)}`);
      try {
        await shared.waitForFunction(() => document.querySelector<HTMLElement>("#sql-output")?.dataset.state === "waiting", undefined, {timeout: 60_000});
        await shared.locator("#sql-run").click();
        await shared.waitForFunction(() => document.querySelector<HTMLElement>("#sql-output")?.dataset.state === "done", undefined, {timeout: 60_000});
        assert.equal(await shared.locator("#sql-editor").inputValue(), sql);
        assert.match(await shared.locator(".explore-meta").innerText(), new RegExp(`^${expected.length} rows`));
      } finally {
        await second.close();
      }
    } finally {
      await context.close();
    }
  });

  test("a query with a syntax error shows DuckDB's message, with the line numbers of the query as typed", async () => {
    const {context, page, log} = await openExplore();
    try {
      const output = await runQuery(page, "SELEC country FROM countries");
      const error = output.locator(".explore-error[role='alert']");
      assert.match(await error.innerText(), /Parser Error: syntax error at or near "SELEC"/);
      assert.match(await error.innerText(), /LINE 1: SELEC country/, "the line of the reader's own query");
      const missing = await runQuery(page, "SELECT nope FROM countries");
      assert.match(await missing.locator(".explore-error").innerText(), /Binder Error: Referenced column "nope" not found/);
      const third = await runQuery(page, "SELECT country\nFROM countries\nWHERE nope > 1");
      assert.match(await third.locator(".explore-error").innerText(), /LINE 3: WHERE nope > 1/);
      // The page still works after an error.
      const ok = await runQuery(page, "SELECT count(*) AS n FROM countries");
      assert.match(await ok.locator(".explore-meta").innerText(), /^1 row/);
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });

  test("long results are paginated and sortable across all pages", async () => {
    const {context, page} = await openExplore();
    try {
      const hourly = await builtTable("hourly");
      const output = await runQuery(page, "SELECT hour, country, sector, hits FROM hourly");
      assert.equal(await output.locator(".atlas-result").getAttribute("data-rows"), String(hourly.numRows));
      assert.equal(await output.locator(".atlas-result tbody tr").count(), 50, "one page of rows in the DOM");
      await output.locator(".atlas-pager button", {hasText: "Next"}).click();
      assert.match(await output.locator(".atlas-pager-status").innerText(), /^Rows 51–100 of/);
      await output.locator("th button", {hasText: "hits"}).click();
      const max = [...hourly].reduce((m, r) => Math.max(m, Number(r.hits)), -Infinity);
      assert.equal(await output.locator("th:nth-child(4)").getAttribute("aria-sort"), "descending");
      assert.match(await output.locator(".atlas-pager-status").innerText(), /^Rows 1–50 of/);
      assert.equal(Number((await output.locator("tbody tr:first-child td:nth-child(4)").innerText()).replace(/,/g, "")), max);
    } finally {
      await context.close();
    }
  });

  test("CSV downloads neutralise spreadsheet formulas", async () => {
    const {context, page} = await openExplore();
    try {
      const output = await runQuery(page, `SELECT '=1+2' AS eq, '+cmd' AS plus, '@SUM(A1)' AS at, '-2+3' AS minus, -5 AS negative, 'say "hi"' AS quoted`);
      const csv = (await saved(page, () => output.locator("button[data-format='csv']").click())).bytes.toString("utf-8");
      const [row] = downloadedCsv(csv);
      assert.deepEqual({...row}, {eq: "'=1+2", plus: "'+cmd", at: "'@SUM(A1)", minus: "'-2+3", negative: "-5", quoted: 'say "hi"'});
      assert.ok(csv.includes('"say ""hi"""'), "quotes are escaped");
    } finally {
      await context.close();
    }
  });
});

describe("the Data page", () => {
  test("every dataset has its schema documented, and downloads as CSV and Arrow named <dataset>-<build date>", async () => {
    const {context, page, log} = await openPage(site, "/data");
    try {
      await page.locator("section.dataset").first().waitFor({timeout: 30_000});
      const sections = await page.locator("section.dataset").evaluateAll((s) => s.map((e) => (e as HTMLElement).dataset.dataset));
      for (const name of ["hourly", "daily", "countries", "sectors", "country-sectors", "country-reference"]) assert.ok(sections.includes(name), `${name} is listed`);
      assert.equal(await page.locator("tr.undocumented").count(), 0, "every column in the files is documented");
      assert.equal(await page.locator("p.undocumented").count(), 0, "every documented column is in the files");

      const section = page.locator("section.dataset[data-dataset='countries']");
      const source = await builtTable("countries");
      const arrow = await saved(page, () => section.locator("[data-format='arrow']").click());
      assert.match(arrow.name, /^countries-\d{4}-\d{2}-\d{2}\.arrow$/);
      const downloaded = tableFromIPC(arrow.bytes);
      assert.deepEqual(downloaded.schema.fields.map((f) => `${f.name}:${f.type}`), source.schema.fields.map((f) => `${f.name}:${f.type}`));
      assert.deepEqual([...downloaded].map((r) => JSON.stringify(r)), [...source].map((r) => JSON.stringify(r)), "the Arrow download has the site's rows");
      assert.equal(downloaded.schema.metadata.get("modelled"), source.schema.metadata.get("modelled"), "and says whether they are modelled");
      assert.ok(downloaded.schema.metadata.get("sources"), "and where they come from");
      const csv = await saved(page, () => section.locator("[data-format='csv']").click());
      assert.equal(csv.name, arrow.name.replace(/\.arrow$/, ".csv"));
      const rows = downloadedCsv(csv.bytes, {modelled: source.schema.metadata.get("modelled") === "true"});
      assert.deepEqual(rows.columns, source.schema.fields.map((f) => f.name));
      assert.equal(rows.length, source.numRows);
      [...source].forEach((r, i) => {
        const row = rows[i]!;
        assert.equal(row.country, String(r.country));
        assert.equal(Number(row.hits), Number(r.hits));
        assert.equal(Date.parse(row.first_seen!), Number(r.first_seen));
        if (r.modelled !== undefined) assert.equal(row.modelled, String(r.modelled));
      });

      // A published table (text) as Arrow, built without Arrow's eval-based builders (CSP).
      const published = page.locator("tr[data-dataset='published-headline-totals']");
      const facts = JSON.parse((await builtFile("published", "json")).toString("utf-8")) as {tables: Record<string, {columns: string[]; rows: Record<string, string>[]}>};
      const pArrow = tableFromIPC((await saved(page, () => published.locator("button[data-format='arrow']").click())).bytes);
      assert.deepEqual(pArrow.schema.fields.map((f) => f.name), facts.tables.headline_totals!.columns);
      assert.deepEqual([...pArrow].map((r) => String(r.source_url)), facts.tables.headline_totals!.rows.map((r) => r.source_url));
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await context.close();
    }
  });
});
