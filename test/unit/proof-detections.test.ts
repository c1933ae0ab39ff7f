import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {detectionsToArrow, parseDetections} from "../../loaders/proof/detections.ts";

const FILE = "data/proof/avast-detections-2017-05-15.csv";

test("the proof table parses the ten published rows with their sources", async () => {
  const rows = parseDetections(await readFile(FILE, "utf-8"), FILE);
  assert.equal(rows.length, 10);
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

test("a bad figure names the file, line and field", () => {
  const csv = "row_id,country,figure,unit,source_title,source_url,source_date,verification_status\nC01,Russia,113.692,x,t,u,d,v\n";
  assert.throws(() => parseDetections(csv, "bad.csv"), {message: 'bad.csv:2: field "figure": not a whole number: "113.692"'});
});

test("a missing column is named", () => {
  assert.throws(() => parseDetections("row_id,country\nC01,Russia\n", "short.csv"), /short\.csv:1: missing column\(s\) figure, unit/);
});

test("the Arrow stream round-trips and is byte-identical across runs", async () => {
  const rows = parseDetections(await readFile(FILE, "utf-8"), FILE);
  const bytes = detectionsToArrow(rows);
  assert.deepEqual(detectionsToArrow(rows), bytes);
  const table = tableFromIPC(bytes);
  assert.equal(table.numRows, 10);
  assert.equal(table.getChild("detections")?.get(2), 22736);
  assert.equal(String(table.schema.fields.find((f) => f.name === "country")?.type), "Dictionary<Int32, Utf8>");
});
