// The figure panel's data files and table: displayed-data and full CSV, metadata JSON, and the Table tab's sort and search.
import assert from "node:assert/strict";
import {test} from "node:test";
import {csvParse} from "d3-dsv";
import {csvField} from "../../src/components/figure/csv.ts";
import {displayText, figureCsv, shownColumns, figureMetadata, formatSort, nextSort, parseSort, sliceRows, tableView, type FigureData} from "../../src/components/figure/figure-data.ts";

const figure: FigureData = {
  id: "test-bars",
  title: "Hits by country",
  subtitle: "Top three",
  source: "Table countries (test)",
  cites: [{row_id: "C22", quote: "GB saw 1,000 requests", source_title: "Kryptos Logic: stats", source_url: "https://example.org", source_date: "2017-05-20", verification_status: "verified-primary"}],
  modelled: true,
  caveats: ["Hits are not machines."],
  summary: "GB leads.",
  query: "SELECT country, hits FROM countries ",
  columns: [
    {key: "country", label: "Country", unit: "", type: "string"},
    {key: "hits", label: "Hits", unit: "sinkhole hits", type: "number"},
    {key: "hour", label: "First hour", unit: "UTC", type: "date"}
  ],
  rows: [
    {country: "GB", hits: 1200, hour: new Date(Date.UTC(2017, 4, 12, 15))},
    {country: "=cmd|' /C calc'!A0", hits: 30, hour: null},
    {country: "FR", hits: 450.5, hour: new Date(Date.UTC(2017, 4, 13))}
  ],
  fullRows: [
    {country: "GB", hits: 1200, hour: null},
    {country: "FR", hits: 450.5, hour: null},
    {country: "DE", hits: 10, hour: null},
    {country: "US", hits: 5, hour: null}
  ]
};
const context = {incident: "test-incident", modelledLabel: "Modelled for tests", built: "2026-12-01"};

/** Parses a download CSV: skips the metadata lines its first line announces. */
function parseDownload(text: string) {
  const n = Number(/skiprows=(\d+)/.exec(text.split("\r\n")[0]!)?.[1]);
  assert.ok(n > 1, "the first line says how many metadata lines to skip");
  const lines = text.split("\r\n");
  return {meta: lines.slice(0, n), table: csvParse(lines.slice(n).join("\r\n"))};
}

test("displayed-data CSV: metadata lines, column keys as header, one line per displayed row, formulas neutralised", () => {
  const {meta, table} = parseDownload(figureCsv(figure, context));
  assert.deepEqual(table.columns, ["country", "hits", "hour"]);
  assert.deepEqual(table.map((d) => ({...d})), [
    {country: "GB", hits: "1200", hour: "2017-05-12T15:00:00.000Z"},
    {country: "'=cmd|' /C calc'!A0", hits: "30", hour: ""},
    {country: "FR", hits: "450.5", hour: "2017-05-13T00:00:00.000Z"}
  ]);
  const flat = meta.join("\n");
  assert.match(flat, /# title: Hits by country \(displayed data\)/);
  assert.match(flat, /# incident: test-incident/);
  assert.match(flat, /# modelled: true/);
  assert.match(flat, /# label: Modelled for tests/);
  assert.match(flat, /C22: Kryptos Logic: stats/);
});

test("full CSV holds fullRows, or the displayed rows when the figure has no other", () => {
  assert.deepEqual(parseDownload(figureCsv(figure, context, "full")).table.map((d) => d.country), ["GB", "FR", "DE", "US"]);
  const {fullRows: _, ...withoutFull} = figure;
  assert.equal(sliceRows(withoutFull, "full"), figure.rows);
  assert.equal(parseDownload(figureCsv(withoutFull, context, "full")).table.length, 3);
});

test("a leading newline, tab or space before a formula character is neutralised too", () => {
  assert.equal(csvField("\n=1+1"), `"'\n=1+1"`);
  assert.equal(csvField("\t@SUM(A1)"), "'\t@SUM(A1)");
  assert.equal(csvField("  +cmd"), "'  +cmd");
  assert.equal(csvField("\nplain"), `"'\nplain"`);
  assert.equal(csvField("-12.5"), "-12.5", "numbers keep their sign");
});

test("metadata JSON: sources with quotes, dates and status; units per column; modelled flag and label; caveats; query", () => {
  const meta = figureMetadata(figure, context);
  assert.equal(meta.id, "test-bars");
  assert.equal(meta.modelled, true);
  assert.equal(meta.modelled_label, "Modelled for tests");
  assert.equal(meta.incident, "test-incident");
  assert.deepEqual(meta.cites, [{id: "C22", quote: "GB saw 1,000 requests", source_title: "Kryptos Logic: stats", source_url: "https://example.org", source_date: "2017-05-20", verification_status: "verified-primary"}]);
  assert.deepEqual(meta.columns.map((c) => [c.key, c.unit]), [["country", ""], ["hits", "sinkhole hits"], ["hour", "UTC"]]);
  assert.deepEqual(meta.caveats, ["Hits are not machines."]);
  assert.equal(meta.query, "SELECT country, hits FROM countries");
  assert.deepEqual(meta.rows, {displayed: 3, full: 4});
  assert.deepEqual(JSON.parse(JSON.stringify(meta)), meta, "plain JSON");
  const observed = figureMetadata({...figure, modelled: false}, context);
  assert.equal(observed.modelled_label, null, "real data never carries a modelled label");
});

test("table sort cycles ascending → descending → the figure's order; the URL form round-trips", () => {
  let sort = nextSort(null, "hits");
  assert.deepEqual(sort, {key: "hits", descending: false});
  assert.deepEqual(tableView(figure.rows, figure.columns, sort, "").map((r) => r.hits), [30, 450.5, 1200]);
  sort = nextSort(sort, "hits");
  assert.deepEqual(tableView(figure.rows, figure.columns, sort, "").map((r) => r.hits), [1200, 450.5, 30]);
  assert.equal(formatSort(sort), "-hits");
  assert.deepEqual(parseSort("-hits", figure.columns), sort);
  assert.equal(parseSort("-nope", figure.columns), null, "an unknown column falls back to no sort");
  assert.equal(nextSort(sort, "hits"), null);
  const byHour = tableView(figure.rows, figure.columns, {key: "hour", descending: true}, "");
  assert.equal(byHour.at(-1)!.hour, null, "missing values sort last");
});

test("table search matches the shown text of any column, case-insensitively", () => {
  assert.deepEqual(tableView(figure.rows, figure.columns, null, "fr").map((r) => r.country), ["FR"]);
  assert.deepEqual(tableView(figure.rows, figure.columns, null, "1,200").map((r) => r.country), ["GB"]);
  assert.deepEqual(tableView(figure.rows, figure.columns, null, "2017-05-13").map((r) => r.country), ["FR"]);
  assert.equal(tableView(figure.rows, figure.columns, null, "zz").length, 0);
});

test("shown values: thousands separators, UTC times, dates at midnight as dates", () => {
  assert.equal(displayText(1234567.5, {type: "number"}), "1,234,567.5");
  assert.equal(displayText(new Date(Date.UTC(2017, 4, 12, 15)), {type: "date"}), "2017-05-12 15:00 UTC");
  assert.equal(displayText(new Date(Date.UTC(2017, 4, 13)), {type: "date"}), "2017-05-13");
  // In an hourly column, midnight keeps its hour: the column is a day column only when every value is at midnight.
  const hours = [{hour: new Date(Date.UTC(2017, 4, 12, 23))}, {hour: new Date(Date.UTC(2017, 4, 13))}];
  const [hourColumn] = shownColumns(hours, [{key: "hour", label: "Hour", unit: "UTC", type: "date"}]);
  assert.equal(displayText(hours[1]!.hour, hourColumn!), "2017-05-13 00:00 UTC");
  const [dayColumn] = shownColumns([hours[1]!], [{key: "hour", label: "Day", unit: "UTC", type: "date"}]);
  assert.equal(displayText(hours[1]!.hour, dayColumn!), "2017-05-13");
  assert.equal(displayText(null, {type: "number"}), "");
});
