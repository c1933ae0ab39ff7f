// `npm run docs:schema`: writes what loaders/datasets.ts (the one list of the shipped tables) drives outside Node:
//   - docs/data-schema.md: the dataset sections and the published tables' columns, between BEGIN/END markers;
//   - src/components/explore/registry.ts: the registry as data for the pages (Framework cannot import loaders/);
//   - src/components/explore/dataset-files.js: each dataset's FileAttachment (Framework finds attachments only
//     as literal names, so this is the one list of them; the Data and Explore pages read it), and for each
//     case-study page with datasets src/components/explore/case-study-files/<page>.js, its datasets' attachments
//     (built only for an incident that lists the page).
// `npm run docs:schema -- --check` writes nothing and exits 1 naming each file that differs (test/unit/datasets.test.ts
// runs the same comparison).
import {mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {
  COLUMN_TYPE_NAMES, COLUMN_TYPES, DATASETS, MODELLED_PROVENANCE, PIPELINE_PROVENANCE, PUBLISHED_COLUMNS, DATASET_DEFS, caseStudyModule, caseStudyPages, datasetFile, type ColumnType, type DatasetDef
} from "../loaders/datasets.ts";
import {ROOT} from "../loaders/paths.ts";

const GENERATED = "generated from loaders/datasets.ts by `npm run docs:schema` (scripts/docs-schema.ts); do not edit by hand";
const cell = (text: string): string => text.replace(/\|/g, "\\|");
const code = (text: string): string => (text === "" ? "" : `\`${text}\``);

function provenanceText(d: DatasetDef): string {
  if (d.kind === "pipeline") return "**Pipeline table**: modelled or observed as the incident's `data.modelled` says (provenance above).";
  return `**${d.kind === "reference" ? "Reference data" : "Published figures"}.** ${d.provenance}`;
}

/** A column type as this document shows it: Arrow JS's name, ", nullable" where nulls are allowed. */
const arrowText = (type: ColumnType): string => `${COLUMN_TYPES[type].arrow}${type === "nullable_int" ? ", nullable" : ""}`;

/** One dataset's section of docs/data-schema.md. */
export function datasetSection(d: DatasetDef): string {
  const rows = d.columns.map((c) => {
    const meaning = c.modelledOnly ? `${c.meaning} (only when the incident's data are modelled: see Conventions)` : c.meaning;
    return `| \`${c.name}\` | ${cell(arrowText(c.type))} | ${COLUMN_TYPES[c.type].sql} | ${cell(c.unit)} | ${cell(meaning)} |`;
  });
  return [
    `## \`${datasetFile(d)}\``,
    `${d.title}. ${d.description} Sorted by ${d.order}. Explore table \`${d.table}\`.`,
    "",
    `${provenanceText(d)}${d.caseStudy ? ` Shipped to readers only for an incident whose \`pages\` list \`${d.caseStudy}\`.` : ""}`,
    "",
    "| column | Arrow type | SQL type (Explore) | unit | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    ...(d.notes ? ["", d.notes] : [])
  ].join("\n");
}

/** The generated block of docs/data-schema.md with every dataset. */
export function datasetsBlock(): string {
  const types = COLUMN_TYPE_NAMES.map((type) => `| \`${type}\` | ${cell(arrowText(type))} | ${COLUMN_TYPES[type].sql} | ${cell(COLUMN_TYPES[type].note)} |`);
  return [
    "The tables below are the registry `loaders/datasets.ts`, in its order: the pipeline writes each file's columns in",
    `this order with these types, and the Data and Explore pages list the same. A pipeline table's provenance: ${PIPELINE_PROVENANCE}`,
    `When the incident's data are modelled:${MODELLED_PROVENANCE.replace("{how}", "by a seeded simulation calibrated to published figures, data/incidents/<id>/model.json and docs/model.md, when the incident has a `data.model`; otherwise its input rows are modelled, as its `data.label` says")}`,
    "",
    "**Adding a dataset**: its rows (a pipeline table: `loaders/types.ts` `Aggregates` and `loaders/aggregate.ts`; any",
    "other: a function returning its Arrow bytes), its entry in `loaders/datasets.ts`, a one-line loader",
    "`src/data/<name>.arrow.ts` (`await serve(\"<name>.arrow\")`; Framework needs one file per output), then",
    "`npm run docs:schema`. `test/unit/datasets.test.ts` fails while any of these is missing or out of date.",
    "",
    "| registry type | Arrow type | SQL type (Explore) | note |",
    "| --- | --- | --- | --- |",
    ...types,
    "",
    DATASETS.map(datasetSection).join("\n\n")
  ].join("\n");
}

/** The generated block of docs/data-schema.md with the published tables' columns. */
export function publishedBlock(): string {
  return [
    "| column | unit | meaning |",
    "| --- | --- | --- |",
    ...Object.entries(PUBLISHED_COLUMNS).map(([name, c]) => `| \`${name}\` | ${cell(c.unit)} | ${cell(c.meaning)} |`)
  ].join("\n");
}

/** `text` with the lines between `<!-- BEGIN name … -->` and `<!-- END name -->` replaced by `block`; throws when the markers are missing. */
export function replaceBlock(text: string, name: string, block: string, file: string): string {
  const begin = new RegExp(`^<!-- BEGIN ${name}\\b.*-->$`, "m");
  const end = new RegExp(`^<!-- END ${name} -->$`, "m");
  const b = begin.exec(text), e = end.exec(text);
  if (!b || !e || e.index < b.index) throw new Error(`${file}: no <!-- BEGIN ${name} … --> … <!-- END ${name} --> markers`);
  return `${text.slice(0, b.index)}<!-- BEGIN ${name}: ${GENERATED} -->\n${block}\n${text.slice(e.index)}`;
}

/** src/components/explore/registry.ts: the registry as data. */
export function registryModule(): string {
  const json = (value: unknown): string => JSON.stringify(value);
  // One line per dataset and per published column: short enough to read, no repeated blocks of shared columns.
  const list = (items: readonly unknown[]): string => `[\n${items.map((i) => `  ${json(i)}`).join(",\n")}\n]`;
  const record = (items: Readonly<Record<string, unknown>>): string =>
    `{\n${Object.entries(items).map(([k, v]) => `  ${json(k)}: ${json(v)}`).join(",\n")}\n}`;
  return `// The registry of the shipped tables for the pages: ${GENERATED}.
// test/unit/datasets.test.ts fails when this file differs from loaders/datasets.ts.
import type {DatasetDef} from "../../../loaders/datasets.ts";

export const DATASETS: readonly DatasetDef[] = ${list(DATASETS)};

export const PUBLISHED_COLUMNS: Readonly<Record<string, {meaning: string; unit: string}>> = ${record(PUBLISHED_COLUMNS)};

export const COLUMN_SQL_TYPES: Readonly<Record<string, string>> = ${json(Object.fromEntries(Object.entries(COLUMN_TYPES).map(([k, t]) => [k, t.sql])))};

export const MODELLED_PROVENANCE = ${json(MODELLED_PROVENANCE)};
`;
}

/** One `[name, table, FileAttachment(…)]` line of a generated files list; `up` leads from the module to src/. */
const fileEntry = (d: DatasetDef, up: string, indent = "    "): string =>
  `${indent}[${JSON.stringify(d.name)}, ${JSON.stringify(d.table)}, FileAttachment(${JSON.stringify(`${up}data/${datasetFile(d)}`)})]`;

/**
 * src/components/explore/dataset-files.js: one FileAttachment per dataset that every incident ships (literal names,
 * as Framework requires). A case-study dataset's file is attached by its page's module (caseStudyModule), loaded at
 * run time only for the pages asked for: a literal attachment here would ship it, and register it, in every build.
 */
export function filesModule(): string {
  const shared = DATASET_DEFS.filter((d) => d.caseStudy === undefined).map((d) => fileEntry(d, "../../"));
  const caseStudies = DATASET_DEFS.filter((d) => d.caseStudy !== undefined)
    .map((d) => `  [${JSON.stringify(d.name)}, ${JSON.stringify(d.table)}, ${JSON.stringify(d.caseStudy)}]`);
  return `// Every dataset's file as a FileAttachment: ${GENERATED}.
// Framework finds attachments only as literal names, so this is the one list of them. A case-study dataset is attached
// by its page's module (./case-study-files/<page>.js), which the build includes only for an incident that lists the
// page (observablehq.config.ts): it is loaded here at run time, so no other incident ships or registers its file.
import {FileAttachment} from "observablehq:stdlib";

/** The datasets of case-study pages: name, Explore table, page. */
export const CASE_STUDY_DATASETS = [
${caseStudies.join(",\n")}
];

/** The URL of a case-study page's module as the build writes it (at its own path; this module is under _import/). */
const caseStudyUrl = (page) => new URL(\`../../..${caseStudyModule("").replace(/\.js$/, "")}\${page}.js\`, import.meta.url).href;

/**
 * The datasets' files, keyed by dataset name (file stem, "country-sectors") or by Explore table ("country_sectors"):
 * every incident's, and those of the case-study pages among \`pages\` (the incident's page paths, "/proof").
 */
export async function datasetFiles(by = "name", pages = []) {
  const files = [
${shared.join(",\n")}
  ];
  const wanted = [...new Set(CASE_STUDY_DATASETS.map(([, , page]) => page))].filter((page) => pages.includes(page));
  for (const page of wanted) files.push(...(await import(caseStudyUrl(page))).files);
  return Object.fromEntries(files.map(([name, table, file]) => [by === "table" ? table : name, file]));
}
`;
}

/** src/components/explore/case-study-files/<page>.js: the FileAttachments of one case-study page's datasets. */
export function caseStudyFilesModule(page: string): string {
  const up = "../".repeat(caseStudyModule(page).split("/").length - 2);
  const entries = DATASET_DEFS.filter((d) => d.caseStudy === page).map((d) => fileEntry(d, up, "  "));
  return `// The files of the datasets of the case-study page ${page}: ${GENERATED}.
// Built only for an incident whose \`pages\` list ${page} (observablehq.config.ts dynamicPaths); ../dataset-files.js
// imports it at run time. Only this module and the page itself may attach these files (scripts/postbuild.ts removes\n// them with the page from other incidents' builds), or every incident's build would ship them.
import {FileAttachment} from "observablehq:stdlib";

export const files = [
${entries.join(",\n")}
];
`;
}

/** Every generated file: its path (relative to the project) and the text it must have, given its current text. */
export function generatedFiles(read: (path: string) => string): Array<{path: string; text: string}> {
  const doc = "docs/data-schema.md";
  let schema = read(doc);
  schema = replaceBlock(schema, "datasets", datasetsBlock(), doc);
  schema = replaceBlock(schema, "published-columns", publishedBlock(), doc);
  return [
    {path: doc, text: schema},
    {path: "src/components/explore/registry.ts", text: registryModule()},
    {path: "src/components/explore/dataset-files.js", text: filesModule()},
    ...caseStudyPages().map((page) => ({path: `src${caseStudyModule(page)}`, text: caseStudyFilesModule(page)}))
  ];
}

/** The generated files whose text on disk differs from what the registry gives. */
export function staleFiles(root = ROOT): string[] {
  const read = (path: string): string => { try { return readFileSync(join(root, path), "utf-8"); } catch { return ""; } };
  return generatedFiles(read).filter((f) => read(f.path) !== f.text).map((f) => f.path);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const read = (path: string): string => readFileSync(join(ROOT, path), "utf-8");
  if (process.argv.includes("--check")) {
    const stale = staleFiles();
    for (const path of stale) process.stderr.write(`${path}: differs from loaders/datasets.ts; run npm run docs:schema\n`);
    process.exitCode = stale.length ? 1 : 0;
  } else {
    for (const f of generatedFiles(read)) {
      let old = "";
      try { old = read(f.path); } catch { /* new file */ }
      if (old !== f.text) {
        mkdirSync(dirname(join(ROOT, f.path)), {recursive: true});
        writeFileSync(join(ROOT, f.path), f.text);
      }
      process.stderr.write(`${f.path}: ${old === f.text ? "unchanged" : "written"}\n`);
    }
  }
}
