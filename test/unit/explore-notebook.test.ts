// Explore's pure parts: the offline guard, the notebook in the URL and in storage, chart defaults and preparation,
// and "save as page".
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {networkReason} from "../../src/components/explore/guard.ts";
import {HISTORY_SIZE, notebookFromSearch, notebookToSearch, onlyShippedQueries, readHistory, remember} from "../../src/components/explore/notebook.ts";
import {defaultSpec, orderByColumn, prepareChart, resolveSpec, timeStep, type ResultColumn} from "../../src/components/explore/autochart.ts";
import {notebookPage, pageFileName} from "../../src/components/explore/save-page.ts";
import {readsModelled, type IncidentFacts} from "../../src/components/explore/datasets.ts";
import {MODELLED_LABEL} from "../../src/components/figure/panel.ts";

test("statements that need the network are named; offline ones pass", () => {
  for (const sql of [
    "INSTALL httpfs",
    "  force install spatial",
    "LOAD 'x.duckdb_extension'",
    "SELECT 1; ATTACH 'https://example.org/db.duckdb' AS remote",
    "SELECT * FROM read_csv('https://example.org/a.csv')",
    "FROM 's3://bucket/file.parquet'",
    "SELECT * FROM read_parquet(['x.parquet', 'HTTP://h/y.parquet'])",
    "SET custom_extension_repository = 'http://evil'",
    "SET GLOBAL s3_endpoint = 'x'",
    "CREATE SECRET (TYPE s3)",
    "select * from \"https://example.org/t.csv\""
  ]) assert.ok(networkReason(sql), sql);
  for (const sql of [
    "SELECT 'INSTALL httpfs' AS text",
    "-- INSTALL httpfs\nSELECT 1",
    "/* read_csv('https://x') */ SELECT 1",
    "SELECT 'see https://example.org' LIKE 'x' AS y",
    "SELECT country, sum(hits) FROM hourly GROUP BY ALL",
    "UPDATE t SET a = 1",
    "SELECT load_time FROM t"
  ]) assert.equal(networkReason(sql), null, sql);
});

test("a remote URL in a string literal is caught even inside other text only when it starts the literal", () => {
  assert.equal(networkReason("SELECT 'see https://example.org'"), null);
  assert.ok(networkReason("SELECT 'https://example.org'"));
});

test("a notebook round-trips through the URL; a one-cell notebook with default charts stays ?q=", () => {
  const one = {cells: [{sql: "SELECT 1", chart: {}}]};
  assert.equal(notebookToSearch(one), "?q=SELECT+1");
  const two = {cells: [{sql: "SELECT 1 AS a", chart: {mark: "dot" as const, x: "a"}}, {sql: "FROM cell1", chart: {}}]};
  const search = notebookToSearch(two, "?other=1");
  assert.deepEqual(notebookFromSearch(search), two);
  assert.equal(new URLSearchParams(search).get("other"), "1");
  assert.equal(notebookFromSearch("?x=1"), null);
  assert.deepEqual(notebookFromSearch("?q=S&chart=%7Bbad"), {cells: [{sql: "S", chart: {}}]}, "a broken chart parameter falls back to the defaults");
  assert.deepEqual(notebookFromSearch(`?q=S&chart=${encodeURIComponent('{"mark":"pie","x":3}')}`), {cells: [{sql: "S", chart: {}}]}, "unknown marks and non-text names are dropped");
});

test("only shipped queries run from a link without Run", () => {
  const shipped = ["SELECT 1\nFROM t", "SELECT 2"];
  assert.ok(onlyShippedQueries({cells: [{sql: "  SELECT 1 FROM t; ", chart: {}}]}, shipped));
  assert.ok(!onlyShippedQueries({cells: [{sql: "SELECT 1 FROM t", chart: {}}, {sql: "SELECT 3", chart: {}}]}, shipped));
});

test("the history keeps the latest notebooks once each, at most HISTORY_SIZE", () => {
  const store = new Map<string, string>();
  const storage = {getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v)};
  for (let i = 0; i < HISTORY_SIZE + 3; ++i) remember(storage, {cells: [{sql: `SELECT ${i}`, chart: {}}]}, new Date(Date.UTC(2020, 0, 1, 0, i)));
  remember(storage, {cells: [{sql: "SELECT 5", chart: {}}]});
  const entries = readHistory(storage);
  assert.equal(entries.length, HISTORY_SIZE);
  assert.equal(entries[0]!.notebook.cells[0]!.sql, "SELECT 5");
  assert.equal(entries.filter((e) => e.notebook.cells[0]!.sql === "SELECT 5").length, 1);
  assert.deepEqual(readHistory({getItem: () => "{not json"}), []);
});

const cols = (spec: Record<string, ResultColumn["kind"]>): ResultColumn[] => Object.entries(spec).map(([name, kind]) => ({name, kind}));

test("chart defaults follow the ORDER BY and the column types", () => {
  const ranked = cols({country: "category", unique_ips: "number", ips_per_million_users: "number"});
  assert.equal(orderByColumn("SELECT a FROM (SELECT b FROM t ORDER BY b) ORDER BY ips_per_million_users DESC LIMIT 3"), "ips_per_million_users");
  assert.deepEqual(defaultSpec(ranked, "SELECT … ORDER BY ips_per_million_users DESC"), {mark: "bar", x: "country", y: "ips_per_million_users", series: null});
  assert.deepEqual(defaultSpec(cols({country: "category", rank: "number", sector: "category", hits: "number"})), {mark: "bar", x: "country", y: "hits", series: "sector"});
  assert.deepEqual(defaultSpec(cols({hour: "time", country: "category", hits: "number"})), {mark: "line", x: "hour", y: "hits", series: "country"});
  assert.deepEqual(defaultSpec(cols({a: "number", b: "number"})), {mark: "dot", x: "b", y: "a", series: null});
  assert.equal(defaultSpec(cols({a: "category"})), null);
  assert.deepEqual(resolveSpec(ranked, "", {mark: "dot", y: "unique_ips", x: "nope"}), {mark: "dot", x: "country", y: "unique_ips", series: null});
  assert.equal(resolveSpec(cols({country: "category", sector: "category", hits: "number"}), "", {series: ""})!.series, null, "series none");
});

test("time steps: daily data is daily, hourly data hourly", () => {
  const day = 86_400_000;
  assert.equal(timeStep([0, day, 2 * day]), "day");
  assert.equal(timeStep([0, 3_600_000, 7_200_000]), "hour");
  assert.equal(timeStep([0, 31 * day]), "month");
});

test("more than ten series fold into other when the measure adds up, else the rest are left out; nulls are unknown", () => {
  const columns = cols({hour: "time", country: "category", hits: "number", unique_ips: "number"});
  const rows = Array.from({length: 15}, (_, i) => ({hour: new Date(0), country: i === 14 ? null : `C${i}`, hits: i + 1, unique_ips: i + 1}));
  const folded = prepareChart(rows, columns, {mark: "line", x: "hour", y: "hits", series: "country"});
  const series = new Set(folded.rows.map((r) => r.country));
  assert.equal(series.size, 11);
  assert.ok(series.has("other"));
  assert.equal(folded.rows.reduce((s, r) => s + (r.hits as number), 0), rows.reduce((s, r) => s + r.hits, 0), "hits are kept in other");
  assert.ok(folded.notes.some((n) => /folded into "other"/.test(n)));
  assert.ok(folded.notes.some((n) => /unknown/.test(n)));
  const ips = prepareChart(rows, columns, {mark: "line", x: "hour", y: "unique_ips", series: "country"});
  assert.ok(!ips.rows.some((r) => r.country === "other"), "unique IPs are never summed into other");
  assert.equal(ips.rows.length, 10);
  assert.ok(ips.notes.some((n) => /does not add up/.test(n)));
});

test("save as page: front matter, the tables read, one block per cell (chained), Plot code for the chosen chart", () => {
  const page = notebookPage({cells: [
    {sql: "-- Hits by country\nSELECT country, sum(hits) AS hits FROM hourly GROUP BY 1;", spec: {mark: "bar", x: "country", y: "hits", series: null}, tables: [{name: "hourly", table: "hourly", kind: "modelled"}]},
    {sql: "SELECT * FROM cell1 WHERE hits > 10", spec: null, tables: [{name: "hourly", table: "hourly", kind: "modelled"}]}
  ]});
  assert.match(page, /^---\ntitle: "Hits by country"\n/);
  assert.match(page, /hourly: utcTimestamps\(await loadArrow\(FileAttachment\("data\/hourly\.arrow"\)\)\)/);
  assert.match(page, /CREATE OR REPLACE TABLE cell1 AS\\n-- Hits by country\\nSELECT country, sum\(hits\) AS hits FROM hourly GROUP BY 1\\n/);
  assert.match(page, /cell1Run; \/\/ runs after cell1 \(failed or not\)/);
  assert.match(page, /Plot\.barX\(rows, \{x: "hits", y: "country"/);
  assert.match(page, /const MODELLED = readsModelled\(incident, \["hourly"\]\);/);
  assert.equal((page.match(/Plot\.plot/g) ?? []).length, 1, "a chart only for the cell with one");
  assert.equal(pageFileName("-- Hits by country (top 20)\nSELECT 1"), "hits-by-country.md");
});

/** A saved page's incident blocks run against an incident.json: the page text they display and its MODELLED flag. */
async function renderIncidentBlocks(page: string, incident: IncidentFacts & {title: string}): Promise<{text: string; modelled: boolean}> {
  const blocks = [...page.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const code = blocks.filter((b) => /data\/incident\.json|notebook-data/.test(b) && !/DuckDBClient/.test(b)).join("\n");
  const html = (strings: TemplateStringsArray, ...values: unknown[]) => strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ""), "");
  const shown: string[] = [];
  const FileAttachment = () => ({json: async () => incident});
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<boolean>;
  const run = new AsyncFunction("FileAttachment", "readsModelled", "html", "display", "MODELLED_LABEL", `${code}\nreturn MODELLED;`);
  const modelled = await run(FileAttachment, readsModelled, html, (v: unknown) => shown.push(String(v)), MODELLED_LABEL);
  return {text: shown.join("\n").replace(/<[^>]+>/g, ""), modelled};
}

test("save as page: the modelled flag and the incident come from the build the page is built in, not from where it was saved", async () => {
  const incident = (id: string) => JSON.parse(readFileSync(`data/incidents/${id}/incident.json`, "utf-8")) as IncidentFacts & {title: string; data: {label?: string}};
  const modelledIncident = incident("wannacry-2017");
  const observedIncident = incident("notpetya-2017-sample");
  assert.equal(modelledIncident.data.modelled, true);
  assert.equal(observedIncident.data.modelled, false);
  const cell = (kind: "modelled" | "observed") => ({sql: "-- Hits by country\nSELECT country, sum(hits) AS hits FROM hourly GROUP BY 1", spec: {mark: "bar" as const, x: "country", y: "hits", series: null}, tables: [{name: "hourly", table: "hourly", kind}]});
  // Saved from a modelled and from an observed build: the same page.
  const page = notebookPage({cells: [cell("modelled")]});
  assert.equal(notebookPage({cells: [cell("observed")]}), page, "nothing of the saving incident is written into the page");
  assert.doesNotMatch(page, /wannacry|notpetya|const MODELLED = (true|false)|These tables hold modelled/i);
  const inModelled = await renderIncidentBlocks(page, modelledIncident);
  assert.equal(inModelled.modelled, true);
  assert.match(inModelled.text, new RegExp(`for ${modelledIncident.title}\\. They are modelled: ${modelledIncident.data.label!.replace(/[.()]/g, "\\$&")}`));
  const inObserved = await renderIncidentBlocks(page, observedIncident);
  assert.equal(inObserved.modelled, false);
  assert.match(inObserved.text, new RegExp(`for ${observedIncident.title.replace(/[.()]/g, "\\$&")}\\.`));
  assert.doesNotMatch(inObserved.text, /modelled/i, "real data never carries a modelled label");
  // A notebook of published tables only is never modelled, even in a modelled build.
  const published = notebookPage({cells: [{sql: "SELECT * FROM country_figures", spec: null, tables: [{name: "published-country-figures", table: "country_figures", kind: "published"}]}]});
  assert.equal((await renderIncidentBlocks(published, modelledIncident)).modelled, false);
});

test("save as page: a published table the build's incident does not cite is left out with a note, not a crash of the whole page", async () => {
  const page = notebookPage({cells: [
    {sql: "SELECT * FROM country_figures", spec: null, tables: [{name: "published-country-figures", table: "country_figures", kind: "published"}]},
    {sql: "SELECT country, sum(hits) AS hits FROM hourly GROUP BY 1", spec: null, tables: [{name: "hourly", table: "hourly", kind: "modelled"}]}
  ]});
  const block = [...page.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes("DuckDBClient.of"));
  assert.ok(block, "the page opens DuckDB in one block");
  /** Runs the block against a build whose published.json has these tables: the tables DuckDB gets and the notes shown. */
  const run = async (tables: Record<string, {columns: string[]; rows: string[][]}>) => {
    const shown: string[] = [];
    let opened: string[] = [];
    const html = (strings: TemplateStringsArray, ...values: unknown[]) => strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ""), "");
    const FileAttachment = (name: string) => ({json: async () => ({tables}), lastModified: 0, name});
    const DuckDBClient = {of: async (sources: Record<string, unknown>) => { opened = Object.keys(sources); return {query: async () => []}; }};
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction("FileAttachment", "DuckDBClient", "html", "display", "incident", "loadArrow", "utcTimestamps", "stringTable", "configurationSql", block!)(
      FileAttachment, DuckDBClient, html, (v: unknown) => shown.push(String(v)), {title: "Another incident"}, async () => ({}), (t: unknown) => t, () => ({}), () => []);
    return {opened, notes: shown.join("\n").replace(/<[^>]+>/g, "")};
  };
  const cited = await run({country_figures: {columns: ["country"], rows: [["GB"]]}});
  assert.deepEqual(cited.opened.sort(), ["country_figures", "hourly"]);
  assert.equal(cited.notes, "");
  const uncited = await run({});
  assert.deepEqual(uncited.opened, ["hourly"], "the other tables still open: the cells that read them run");
  assert.match(uncited.notes, /^Another incident cites no published table country_figures \(the "published" list of its incident\.json\): the cells that read it cannot run in this build\.$/);
});
