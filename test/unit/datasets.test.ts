// loaders/datasets.ts is the one list of the shipped tables: the Arrow files are written in its column order and
// types, every dataset has its loader in src/data/, and docs/data-schema.md, the pages' registry module and the
// list of FileAttachments are generated from it (these tests fail when any differs).
import assert from "node:assert/strict";
import {cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC, type Table} from "apache-arrow";
import {COLUMN_TYPES, DATASETS, DERIVED_FILES, PIPELINE_DATASETS, columnsFor, datasetFile, dataset, type DatasetDef} from "../../loaders/datasets.ts";
import {AGGREGATE_FILES, PIPELINE_OUTPUTS, aggregateArrow, columnSpec} from "../../loaders/outputs.ts";
import {countryReferenceArrow} from "../../loaders/reference.ts";
import {proofDetectionsArrow} from "../../loaders/proof/detections.ts";
import {ingest} from "../../loaders/ingest.ts";
import {loadIncident} from "../../loaders/incident.ts";
import {ROOT} from "../../loaders/paths.ts";
import {buildTable, toIpc} from "../../loaders/arrow.ts";
import {generatedFiles, replaceBlock, staleFiles} from "../../scripts/docs-schema.ts";
import {DATASETS as PAGE_DATASETS, datasetsFor} from "../../src/components/explore/datasets.ts";

/** A file's schema as `name:ArrowType`, and what the registry says it must be. */
const schemaOf = (t: Table): string[] => t.schema.fields.map((f) => `${f.name}:${String(f.type)}`);
const registrySchema = (d: DatasetDef, modelled: boolean): string[] => columnsFor(d, modelled).map((c) => `${c.name}:${COLUMN_TYPES[c.type].arrow}`);

test("the generated files (docs/data-schema.md blocks, the pages' registry, the FileAttachments) match loaders/datasets.ts", () => {
  assert.deepEqual(staleFiles(), [], "run npm run docs:schema");
});

test("a doc edited by hand, or a registry change not regenerated, is caught", () => {
  const root = mkdtempSync(join(tmpdir(), "atlas-docs-schema-"));
  try {
    for (const f of generatedFiles((p) => readFileSync(join(ROOT, p), "utf-8"))) {
      mkdirSync(join(root, f.path, ".."), {recursive: true});
      writeFileSync(join(root, f.path), f.text);
    }
    assert.deepEqual(staleFiles(root), []);
    const doc = join(root, "docs/data-schema.md");
    writeFileSync(doc, readFileSync(doc, "utf-8").replace("| `first_seen` | Timestamp<MILLISECOND, UTC>", "| `first_seen` | Int32"));
    cpSync(join(root, "src/components/explore/dataset-files.js"), join(root, "src/components/explore/registry.ts"));
    assert.deepEqual(staleFiles(root), ["docs/data-schema.md", "src/components/explore/registry.ts"]);
  } finally {
    rmSync(root, {recursive: true, force: true});
  }
  assert.throws(() => replaceBlock("no markers", "datasets", "x", "docs/x.md"), /docs\/x\.md: no <!-- BEGIN datasets/);
});

test("the pipeline's Arrow files have the registry's columns, in its order and types, modelled column only for modelled data", async () => {
  for (const id of ["wannacry-2017", "notpetya-2017-sample"]) {
    const incident = loadIncident(id);
    const {aggregates} = await ingest({incident, files: [{path: "test/fixtures/drone-known.csv"}], inputHash: "t"});
    const files = aggregateArrow(aggregates, incident, "t");
    assert.deepEqual(Object.keys(files), [...AGGREGATE_FILES]);
    for (const d of PIPELINE_DATASETS) {
      const table = tableFromIPC(files[`${d.name}.arrow`]);
      assert.deepEqual(schemaOf(table), registrySchema(d, incident.data.modelled), `${id} ${d.name}`);
      assert.equal(table.schema.metadata.get("modelled"), String(incident.data.modelled));
      const rows = aggregates[d.rows];
      assert.equal(table.numRows, Array.isArray(rows) ? rows.length : rows.hour.length);
    }
  }
  assert.deepEqual(schemaOf(tableFromIPC(countryReferenceArrow())), registrySchema(dataset("country-reference"), false));
  assert.deepEqual(schemaOf(tableFromIPC(await proofDetectionsArrow())), registrySchema(dataset("proof-detections"), false));
});

test("a value of the wrong type is an error naming the file, column and row", () => {
  const d = dataset("countries");
  const hits = d.columns.find((c) => c.name === "hits")!;
  assert.throws(() => columnSpec(d, hits, [3, "4"]), /countries\.arrow: column hits \(count\): row 2 is "4", not a number/);
  assert.throws(() => dataset("hourlly"), /no dataset "hourlly"/);
});

test("timestamps are written as exact 64-bit integers, negative and beyond 32 bits too; a fraction is an error", () => {
  const values = [0, 1, -1, 1_494_547_200_000, -1_494_547_200_000, 2 ** 40 + 5, -(2 ** 40) - 5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
  const table = tableFromIPC(toIpc(buildTable([{name: "t", type: "timestamp", values}], {})));
  assert.deepEqual([...(table.getChild("t")?.data[0]?.values as BigInt64Array)], values.map((v) => BigInt(v)));
  assert.throws(() => buildTable([{name: "t", type: "timestamp", values: [1.5]}], {}), /1\.5 is not a whole number/);
});

test("counts are Int32 while every value fits, else exact Float64; text is a dictionary in first-appearance order", () => {
  const write = (values: number[]): Table => tableFromIPC(toIpc(buildTable([{name: "n", type: "count", values}], {})));
  const fits = write([0, 7, 2_147_483_647]).getChild("n");
  assert.equal(String(fits?.type), "Int32");
  assert.deepEqual([...(fits?.toArray() ?? [])], [0, 7, 2_147_483_647]);
  // One value past the Int32 range, a fraction or a negative number anywhere (also last) makes the column Float64.
  for (const odd of [2_147_483_648, 0.5, -1]) {
    const n = write([1, 2, odd]).getChild("n");
    assert.equal(String(n?.type), "Float64");
    assert.deepEqual([...(n?.toArray() ?? [])], [1, 2, odd]);
  }
  const text = tableFromIPC(toIpc(buildTable([{name: "c", type: "dict", values: ["GB", "ES", "GB", "", "US", "ES"]}], {}))).getChild("c");
  assert.equal(String(text?.type), "Dictionary<Int32, Utf8>");
  assert.deepEqual([...(text?.data[0]?.values as Int32Array)], [0, 1, 0, 2, 3, 1]);
  assert.deepEqual(text?.toArray(), ["GB", "ES", "GB", "", "US", "ES"]);
});

test("every dataset has a loader in src/data/ that serves its own file, and every Arrow loader is a dataset or a declared derived file", () => {
  const derived: readonly string[] = DERIVED_FILES.map((f) => `${f}.ts`);
  const stubs = readdirSync(join(ROOT, "src/data")).filter((f) => f.endsWith(".arrow.ts") && !derived.includes(f));
  for (const f of derived) assert.ok(readdirSync(join(ROOT, "src/data")).includes(f), `the derived file's loader src/data/${f} exists`);
  assert.deepEqual(stubs.sort(), DATASETS.map((d) => `${datasetFile(d)}.ts`).sort());
  for (const d of DATASETS) {
    const text = readFileSync(join(ROOT, "src/data", `${datasetFile(d)}.ts`), "utf-8");
    assert.match(text, new RegExp(`await serve\\("${datasetFile(d).replace(".", "\\.")}"`), `src/data/${datasetFile(d)}.ts serves ${datasetFile(d)}`);
    // A file the pipeline does not write needs its own producer in the loader.
    if (!PIPELINE_OUTPUTS.includes(datasetFile(d))) assert.match(text, /await serve\("[^"]+", \w+\)/, `${d.name} has a producer`);
  }
});

test("the pages' catalog is the registry: same datasets, tables, columns and units; modelled only as the incident says", () => {
  assert.deepEqual(PAGE_DATASETS.map((d) => [d.name, d.table, d.kind, Object.keys(d.columns)]),
    DATASETS.map((d) => [d.name, d.table, d.kind, d.columns.map((c) => c.name)]));
  for (const d of DATASETS) for (const c of d.columns) assert.equal(PAGE_DATASETS.find((p) => p.name === d.name)?.columns[c.name]?.unit, c.unit);
  const real = datasetsFor({id: "n", data: {modelled: false}, pages: []});
  assert.ok(real.every((d) => !("modelled" in d.columns)) && !real.some((d) => d.kind === "modelled"));
  assert.equal(new Set(DATASETS.map((d) => d.table)).size, DATASETS.length, "Explore table names are unique");
});

test("a modelled dataset's provenance names a model only when the incident has one (data.model)", () => {
  const hourlyOf = (data: {modelled: boolean; model?: {params: string} | null}) => datasetsFor({id: "x", data, pages: []}).find((d) => d.name === "hourly")!;
  const simulated = hourlyOf({modelled: true, model: {params: "model.json"}});
  assert.equal(simulated.kind, "modelled");
  assert.match(simulated.provenance, /modelled \(a seeded simulation calibrated to published figures: data\/incidents\/x\/model\.json, docs\/model\.md\)/);
  for (const input of [hourlyOf({modelled: true, model: null}), hourlyOf({modelled: true})]) {
    assert.equal(input.kind, "modelled");
    assert.match(input.provenance, /modelled \(its input rows are modelled, not observed: the files listed in data\/incidents\/x\/incident\.json/);
    assert.doesNotMatch(input.provenance, /model\.json|simulation|\{how\}/);
  }
  assert.doesNotMatch(hourlyOf({modelled: false, model: null}).provenance, /modelled|\{how\}/);
});

test("data that are not modelled keep the incident's own words about them (a sample of invented rows says so)", () => {
  const label = "Sample rows written for this example: the layouts are Shadowserver's, the rows are invented.";
  const sample = datasetsFor({id: "s", data: {modelled: false, label}, pages: []}).find((d) => d.name === "hourly")!;
  assert.equal(sample.kind, "observed");
  assert.ok(sample.provenance.endsWith(` ${label}`), sample.provenance);
  assert.doesNotMatch(sample.provenance, /modelled/);
  const plain = datasetsFor({id: "s", data: {modelled: false}, pages: []}).find((d) => d.name === "hourly")!;
  assert.ok(!plain.provenance.includes("invented") && !plain.provenance.endsWith(" "));
});

test("a case-study dataset is attached only by its page's module, which the config builds only for an incident with the page", async () => {
  const {DATASET_DEFS, caseStudyModule, caseStudyModules, caseStudyPages} = await import("../../loaders/datasets.ts");
  const shared = readFileSync(join(ROOT, "src/components/explore/dataset-files.js"), "utf-8");
  const caseStudies = DATASET_DEFS.filter((d: DatasetDef) => d.caseStudy !== undefined);
  assert.ok(caseStudies.length > 0, "the registry has a case-study dataset (proof-detections)");
  for (const d of caseStudies) {
    // A literal attachment in the shared module would be copied to dist/ and registered on Data and Explore in every build.
    assert.ok(!shared.includes(`data/${datasetFile(d)}`), `dataset-files.js does not attach ${datasetFile(d)}`);
    const module = readFileSync(join(ROOT, "src", caseStudyModule(d.caseStudy!)), "utf-8");
    assert.match(module, new RegExp(`FileAttachment\\("(?:\\.\\./)+data/${datasetFile(d).replace(".", "\\.")}"\\)`));
  }
  assert.deepEqual(caseStudyPages(), ["/proof"]);
  assert.deepEqual(caseStudyModules(["/nhs", "/proof"]), ["/components/explore/case-study-files/proof.js"]);
  assert.deepEqual(caseStudyModules([]), [], "an incident without the page builds no module for its datasets");
});
