// The /proof page's table: the Avast detection rows of the published country_figures table, only for an incident that
// cites it; the page declares the table, so an incident listing /proof without it is refused (incident-schema.test.ts).
import assert from "node:assert/strict";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {loadIncident, pageCites} from "../../loaders/incident.ts";
import {publishedFacts} from "../../loaders/published.ts";
import {DETECTION_ROWS, detectionsToArrow, parseDetections, proofDetectionsArrow} from "../../loaders/proof/detections.ts";

const wannacry = loadIncident("wannacry-2017");
const published = () => {
  const table = publishedFacts(wannacry).tables[DETECTION_ROWS.table];
  assert.ok(table !== undefined, `wannacry-2017 cites ${DETECTION_ROWS.table}`);
  return table;
};

test("the proof table is the ten Avast detection rows of the published country_figures, with their sources", () => {
  const table = published();
  const rows = parseDetections(table.rows, table.columns, table.file);
  assert.deepEqual(rows.map((r) => r.rowId), ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10"]);
  assert.deepEqual(rows[0], {
    rowId: "C01",
    country: "Russia",
    detections: 113692,
    unit: "Avast detections (count)",
    sourceTitle: "Olhar Digital: Brasil é um dos 5 países mais afetados (Avast report, detections by country)",
    sourceUrl: "https://olhardigital.com.br/2017/05/15/noticias/brasil-e-um-dos-5-paises-mais-afetados-pelo-virus-que-correu-o-mundo/",
    sourceDate: "2017-05-15",
    verification: "verified-secondary"
  });
  assert.equal(rows.reduce((sum, row) => sum + row.detections, 0), 172414);
});

test("the page declares the table its rows come from, so an incident listing /proof must cite it", () => {
  assert.ok(pageCites("/proof").includes(DETECTION_ROWS.table));
});

test("an incident that does not cite the table gets no rows (no other incident's data)", async () => {
  for (const id of ["notpetya-2017-sample", "test-synthetic"]) {
    const table = tableFromIPC(await proofDetectionsArrow(loadIncident(id)));
    assert.equal(table.numRows, 0, id);
    assert.deepEqual(table.schema.fields.map((f) => f.name), ["row_id", "country", "detections", "unit", "source_title", "source_url", "source_date", "verification_status"]);
  }
  assert.equal(tableFromIPC(await proofDetectionsArrow(wannacry)).numRows, 10);
});

test("a bad figure names the file, line and field", () => {
  const columns = ["row_id", "country", "figure", "unit", "source_title", "source_url", "source_date", "verification_status"];
  const row = {row_id: "C01", country: "Russia", figure: "113.692", unit: DETECTION_ROWS.unit, source_title: "t", source_url: "u", source_date: "d", verification_status: "v"};
  assert.throws(() => parseDetections([{...row, unit: "other"}, row], columns, "bad.csv"), {message: 'bad.csv:3: field "figure": not a whole number: "113.692"'});
  assert.deepEqual(parseDetections([{...row, unit: "other"}], columns, "bad.csv"), [], "rows of another unit are not read");
});

test("a missing column is named", () => {
  assert.throws(() => parseDetections([{row_id: "C01", country: "Russia"}], ["row_id", "country"], "short.csv"), /short\.csv:1: missing column\(s\) figure, unit/);
});

test("the Arrow stream round-trips and is byte-identical across runs", () => {
  const table = published();
  const rows = parseDetections(table.rows, table.columns, table.file);
  const bytes = detectionsToArrow(rows);
  assert.deepEqual(detectionsToArrow(rows), bytes);
  const arrow = tableFromIPC(bytes);
  assert.equal(arrow.numRows, 10);
  assert.equal(arrow.getChild("detections")?.get(2), 22736);
  assert.equal(String(arrow.schema.fields.find((f) => f.name === "country")?.type), "Dictionary<Int32, Utf8>");
});
