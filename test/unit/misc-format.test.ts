// Small text and chart helpers: row counts in the right number, the sector heatmap's title and tied largest shares,
// count-axis tick labels, and Explore's charts keeping a query's ORDER BY.
import assert from "node:assert/strict";
import {test} from "node:test";
import {countOf, noun, rowCount} from "../../src/components/facts/count.ts";
import {listFirst, listJoin, listWithOthers} from "../../src/components/facts/list.ts";
import {heatmapTitle, largestShareSentence, largestShares} from "../../src/figures/sectors-heatmap-text.ts";
import {countTick, logRampTicks, wholeTicks} from "../../src/components/charts/ticks.ts";
import {categoryOrder, ordersResult, prepareChart, type ResultColumn} from "../../src/components/explore/autochart.ts";
import {notebookPage} from "../../src/components/explore/save-page.ts";
import {imageNote} from "../../src/components/figure/chart-actions.ts";
import {exampleQueries} from "../../src/components/explore/examples.ts";

test("row counts: 1 row, 0 rows, 1,234 rows", () => {
  assert.equal(rowCount(1), "1 row");
  assert.equal(rowCount(0), "0 rows");
  assert.equal(rowCount(1234), "1,234 rows");
  assert.equal(countOf(1, "column"), "1 column");
  assert.equal(countOf(2, "bar"), "2 bars");
  assert.equal(noun(1, "match", "matches"), "match");
});

test("sector heatmap: the title says the countries are ranked by unique IPs", () => {
  assert.equal(heatmapTitle(15, 120), "Sector mix of the 15 countries with the most unique IPs");
  assert.doesNotMatch(heatmapTitle(15, 120), /most-hit/);
  assert.equal(heatmapTitle(4, 4), "Sector mix of all 4 countries");
  assert.equal(heatmapTitle(1, 1), "Sector mix of the one country with data");
  assert.equal(heatmapTitle(0, 0), "Sector mix by country");
});

test("lists: the first few named, the rest counted in the right number", () => {
  assert.equal(listJoin([]), "");
  assert.equal(listJoin(["A"]), "A");
  assert.equal(listJoin(["A", "B", "C"]), "A, B and C");
  assert.equal(listFirst(["A", "B", "C"], 3), "A, B and C");
  assert.equal(listFirst(["A", "B", "C", "D"], 3), "A, B, C and 1 other");
  assert.equal(listFirst(["A", "B", "C", "D", "E"], 3), "A, B, C and 2 others");
  assert.equal(listWithOthers(["Health in A and B"], 1), "Health in A and B and 1 other");
  assert.equal(listWithOthers(["A", "B"], 0), "A and B");
});

test("sector heatmap: tied largest shares are all named, not the last one", () => {
  const cells = [
    {row: "Germany", column: "Health", value: 1},
    {row: "France", column: "Health", value: 0.4},
    {row: "Austria", column: "Health", value: 1}
  ];
  assert.deepEqual(largestShares(cells).map((c) => c.row), ["Germany", "Austria"]);
  assert.equal(largestShareSentence(cells, "Health"), "Among Health, the largest share is Health in Germany and Austria: 100.0% of their unique IPs each.");
  assert.equal(largestShareSentence([{row: "Spain", column: "Education", value: 1}, ...cells], "organisation sectors"),
    "Among organisation sectors, the largest share is Education in Spain and Health in Germany and Austria: 100.0% of their unique IPs each.");
  assert.equal(largestShareSentence(cells.slice(1), "Health"), "Among Health, the largest share is Health in Austria: 100.0% of its unique IPs.");
  assert.equal(largestShareSentence([], "Health"), null);
  // Past four tied cells, the rest are counted, in the lists' one wording.
  const five = ["A", "B", "C", "D", "E"].map((row) => ({row, column: "Health", value: 1}));
  assert.equal(largestShareSentence(five, "Health"), "Among Health, the largest share is Health in A, B, C and D and 1 other: 100.0% of their unique IPs each.");
  // Equal as shown (to 0.1%) is a tie.
  assert.equal(largestShares([{row: "A", column: "S", value: 0.50004}, {row: "B", column: "S", value: 0.5}]).length, 2);
});

test("count axes: each tick labelled on its own, plain for small values (not 0.2k)", () => {
  assert.deepEqual([0, 200, 400, 1000, 1200].map(countTick), ["0", "200", "400", "1,000", "1,200"]);
  assert.deepEqual([20_000, 1_500_000, 2_000_000_000].map(countTick), ["20k", "1.5M", "2G"]);
  assert.deepEqual(wholeTicks([0, 3]), {ticks: [0, 1, 2, 3]});
  assert.deepEqual(wholeTicks([]), {domain: [0, 1], ticks: [0]});
});

test("log colour ramps: tick labels that do not run into each other", () => {
  const width = (label: string): number => label.length * 6.2; // marks.ts textWidth
  // NotPetya's map at 375 px: 9–149 unique IPs on a 327 px ramp; Plot labelled 9, 10, 20, …, 90, 100, with 9 and 10
  // 12 px apart.
  assert.deepEqual(logRampTicks([9, 149], 327, width), [10, 20, 50, 100]);
  // WannaCry's: four decades and more, powers of ten only.
  assert.deepEqual(logRampTicks([100, 300_407], 327, width), [100, 1000, 10_000, 100_000]);
  // Under a decade with no power of ten inside: the multiples.
  assert.deepEqual(logRampTicks([15, 90], 327, width), [20, 30, 40, 50, 60, 70, 80, 90]);
  // Rates: fractions keep their form ("0.5", not "0.5000000001").
  assert.deepEqual(logRampTicks([0.3, 8.29], 327, width).map(countTick), ["0.5", "1", "2", "5"]);
  // Nothing fits twice: the two ends.
  assert.deepEqual(logRampTicks([2, 3], 10, width), [2, 3]);
});

const cols = (spec: Record<string, ResultColumn["kind"]>): ResultColumn[] => Object.entries(spec).map(([name, kind]) => ({name, kind}));

test("Explore charts keep the query's order when it has an ORDER BY, and rank by value otherwise", () => {
  const killSwitch = exampleQueries({killSwitch: true, factTables: []}).find((q) => q.label === "Share of hits after the kill switch")!;
  assert.ok(ordersResult(killSwitch.sql));
  assert.ok(!ordersResult("SELECT period, sum(hits) AS hits FROM t GROUP BY period"));
  assert.ok(!ordersResult("SELECT * FROM (SELECT a FROM t ORDER BY a)"), "an ORDER BY inside a subquery does not order the result");
  const rows = [{period: "1 before", hits: 10}, {period: "2 during", hits: 5}, {period: "3 after", hits: 40}];
  const spec = {mark: "bar" as const, x: "period", y: "hits", series: null};
  const prepared = prepareChart(rows, cols({period: "category", hits: "number"}), spec, killSwitch.sql);
  assert.equal(prepared.ordered, true);
  assert.deepEqual(categoryOrder(prepared.rows, (r) => String(r.period), prepared.ordered), ["1 before", "2 during", "3 after"]);
  const unordered = prepareChart(rows, cols({period: "category", hits: "number"}), spec, "SELECT period, hits FROM t");
  assert.equal(categoryOrder(unordered.rows, (r) => String(r.period), unordered.ordered), undefined, "no ORDER BY: the chart ranks by value");
  const page = (sql: string) => notebookPage({cells: [{sql, spec, tables: []}]});
  assert.doesNotMatch(page(killSwitch.sql), /sort: \{y: "-x"\}/, "a saved page keeps the order too");
  assert.match(page(killSwitch.sql), /domain: \[\.\.\.new Set\(rows\.map\(\(d\) => d\["period"\]\)\)\]/);
  assert.match(page("SELECT period, hits FROM t"), /sort: \{y: "-x"\}/);
});

test("the Download tab's image note names the modelled label only for a modelled figure", () => {
  assert.match(imageNote(true), /^Title, subtitle, modelled label, key and source line are drawn into the image\./);
  assert.equal(imageNote(false), "Title, subtitle, key and source line are drawn into the image. Dark-slide images have light text on a transparent background.");
  assert.doesNotMatch(imageNote(false), /modelled/i, "with real data nothing mentions modelled");
});
