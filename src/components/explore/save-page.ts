// "Save as page": a notebook as an Observable Framework Markdown page for a fork (docs/explore-to-page.md). Front
// matter, one js block that opens DuckDB on the tables the notebook reads (the site's own files, set up as Explore
// sets them up), one block per cell that keeps its result as a table for later cells, and each chosen chart as Plot
// code inside the site's figure (title, source, modelled label, downloads). Pure: text in, text out. Nothing of the
// incident it was saved from is written in: the page reads the incident and whether its tables are modelled from the
// build it is built in (data/incident.json, readsModelled), so a page saved from one incident is honest in another.
import {ordersResult, type ChartSpec} from "./autochart.js";
import type {IncidentDataset} from "./datasets.js";
import {cellName} from "./notebook.js";
import {CONFIGURATION_TABLES} from "./tables.js";

export interface SavedCell {
  sql: string;
  spec: ChartSpec | null;
  /** The shipped tables the cell reads, directly or through earlier cells. */
  tables: Pick<IncidentDataset, "name" | "table" | "kind">[];
}

export interface SavedNotebook {
  cells: SavedCell[];
  title?: string;
}

/** The notebook's title: the first cell's first comment line, else a generic one. */
export function notebookTitle(sql: string): string {
  const comment = /^\s*--\s*(.+)$/m.exec(sql)?.[1]?.trim();
  return (comment ?? "A notebook saved from Explore").replace(/\s*\(.*?\)\s*$/, "").slice(0, 100);
}

/** A file name for the page: the title as a slug, .md. */
export function pageFileName(sql: string): string {
  return `${notebookTitle(sql).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "notebook"}.md`;
}

const js = (value: unknown) => JSON.stringify(value);

/** A cell's chart as page code; `ordered`: the query has an ORDER BY, whose order the bars keep (else largest first). */
function chartCode(name: string, spec: ChartSpec, ordered: boolean): string {
  const {mark, x, y, series} = spec;
  const s = series ? `, ${mark === "line" ? "stroke" : "fill"}: ${js(series)}` : "";
  const marks: Record<ChartSpec["mark"], string> = {
    bar: `Plot.barX(rows, {x: ${js(y)}, y: ${js(x)}${s}${ordered ? "" : `, sort: {y: "-x"}`}, tip: true}), Plot.ruleX([0])`,
    line: `Plot.lineY(rows, {x: ${js(x)}, y: ${js(y)}${s}, tip: true}), Plot.ruleY([0])`,
    dot: `Plot.dot(rows, {x: ${js(x)}, y: ${js(y)}${s}, tip: true}), Plot.ruleY([0])`,
    area: `Plot.areaY(rows, {x: ${js(x)}, y: ${js(y)}${s}, tip: true}), Plot.ruleY([0])`,
    cell: `Plot.cell(rows, {x: ${js(x)}, y: ${series ? js(series) : `() => ${js(y)}`}, fill: ${js(y)}, tip: true})`
  };
  const options = mark === "bar" ? `marginLeft: 140, x: {grid: true}, y: {label: null${ordered ? `, domain: [...new Set(rows.map((d) => d[${js(x)}]))]` : ""}}` : mark === "cell" ? "marginLeft: 120, x: {tickRotate: -45}, color: {legend: true, scheme: \"blues\"}" : "marginLeft: 64, y: {grid: true}";
  const categories = [mark === "line" || mark === "area" || mark === "dot" ? null : x, series].filter((c): c is string => Boolean(c));
  return `\`\`\`js
// ${name}'s chart: ${y} by ${x}${series ? ` and ${series}` : ""} (${mark}); empty categories shown as "unknown".
const ${name}Rows = ${name}.toArray().map((d) => ({...d.toJSON()${categories.map((c) => `, ${js(c)}: d[${js(c)}] ?? "unknown"`).join("")}}));
display(resize((width) => {
  const rows = ${name}Rows;
  return chartFigure(Plot.plot({width, height: ${mark === "bar" ? `Math.min(900, 22 * new Set(rows.map((d) => d[${js(x)}])).size + 60)` : 340}, ${options}${series ? ", color: {legend: true}" : ""}, marks: [${marks[mark]}]}), {
    id: ${js(`${name}-chart`)},
    title: ${js(`${y} by ${x}${series ? ` and ${series}` : ""}`)},
    source: \`Incident Atlas tables (\${TABLES}), data built \${BUILT}; the query is on this page\`,
    modelled: MODELLED,
    summary: \`\${rows.length} row\${rows.length === 1 ? "" : "s"} of ${name}, ${y} by ${x}.\`
  });
}));
\`\`\``;
}

/** The page's Markdown. */
export function notebookPage(notebook: SavedNotebook): string {
  const title = notebook.title ?? notebookTitle(notebook.cells[0]?.sql ?? "");
  const tables = new Map<string, SavedCell["tables"][number]>();
  for (const cell of notebook.cells) for (const t of cell.tables) tables.set(t.table, t);
  const all = notebook.cells.map((c) => c.sql).join("\n");
  const arrow = [...tables.values()].filter((t) => t.kind !== "published" || t.name === "proof-detections");
  const facts = [...tables.values()].filter((t) => t.kind === "published" && t.name !== "proof-detections");
  const config = CONFIGURATION_TABLES.filter((t) => new RegExp(`\\b${t}\\b`, "i").test(all));
  const names = [...tables.keys(), ...config].join(", ") || "none";
  const lines = [
    "---",
    `title: ${js(title)}`,
    "toc: false",
    "---",
    "",
    `# ${title.replace(/[<>]/g, "")}`,
    "",
    `Saved from Explore: ${notebook.cells.length} SQL cell${notebook.cells.length === 1 ? "" : "s"} over the site's own tables (${names}), run in the browser by DuckDB-WASM as on the Explore page. A cell reads an earlier cell's result as the table \`cell1\`, \`cell2\`, …`,
    "",
    "```js",
    'import {loadArrow} from "./components/state/arrow.js";',
    'import {configurationSql, utcTimestamps} from "./components/explore/tables.js";',
    'import {readsModelled} from "./components/explore/datasets.js";',
    'import {stringTable} from "./components/figure/download.js";',
    'import {chartFigure, MODELLED_LABEL} from "./components/figure/figure.js";',
    "```",
    "",
    "```js",
    "// The incident of this build, and whether the tables the notebook reads are modelled in it (as on the Explore page).",
    'const incident = await FileAttachment("data/incident.json").json();',
    `const MODELLED = readsModelled(incident, ${js([...tables.keys()])});`,
    "```",
    "",
    "```js",
    'display(html`<p id="notebook-data">The tables are this build\'s, for ${incident.title}.${MODELLED ? html` <strong>They are modelled:</strong> ${incident.data.label || MODELLED_LABEL}` : ""}</p>`);',
    "```",
    "",
    "```js",
    "// The tables the notebook reads, set up as the Explore page sets them up.",
    ...(facts.length ? [
      'const published = await FileAttachment("data/published.json").json();',
      "// A published table this build's incident does not cite (its incident.json \"published\" list) is not loaded: the note says so.",
      `const PUBLISHED = ${js(facts.map((t) => t.table))};`,
      "const absent = PUBLISHED.filter((t) => !published.tables[t]);",
      'if (absent.length) display(html`<p id="notebook-missing" role="status">${incident.title} cites no published table ${absent.join(", ")} (the \"published\" list of its incident.json): the cells that read ${absent.length === 1 ? "it" : "them"} cannot run in this build.</p>`);'
    ] : []),
    "const db = await DuckDBClient.of({",
    ...arrow.map((t) => `  ${t.table}: utcTimestamps(await loadArrow(FileAttachment(${js(`data/${t.name}.arrow`)}))),`),
    ...(facts.length ? ["  ...Object.fromEntries(PUBLISHED.filter((t) => published.tables[t]).map((t) => [t, stringTable(published.tables[t].columns, published.tables[t].rows)])),"] : []),
    "}, {query: {castDecimalToDouble: true}});",
    ...(config.length ? [`for (const statement of configurationSql(incident)) await db.query(statement);`] : []),
    `const TABLES = ${js(names)};`,
    ...(arrow.length ? [`const BUILT = new Date(FileAttachment(${js(`data/${arrow[0]!.name}.arrow`)}).lastModified).toISOString().slice(0, 10);`] : ['const BUILT = "with the site";']),
    "```"
  ];
  notebook.cells.forEach((cell, i) => {
    const name = cellName(i);
    const body = cell.sql.trim().replace(/;\s*$/, "");
    // A cell runs once the one before it has run, failed or not: a failure stops only the cells that read its table.
    lines.push("", `## ${name}`, "", "```sql run=false", body.replace(/```/g, "`\u200b``"), "```", "", "```js",
      `// ${name}: kept as a table for the cells after it.`,
      ...(i > 0 ? [`${cellName(i - 1)}Run; // runs after ${cellName(i - 1)} (failed or not), whose table it may read`] : []),
      `const ${name}Run = db.query(${js(`CREATE OR REPLACE TABLE ${name} AS\n${body}\n`)})`,
      `  .then(() => db.query(${js(`FROM ${name}`)})).then((table) => ({table}), (error) => ({error}));`,
      "```", "", "```js",
      `const ${name} = ${name}Run.error ? (() => { throw ${name}Run.error; })() : ${name}Run.table;`,
      "```", "", "```js", `Inputs.table(${name})`, "```");
    if (cell.spec) lines.push("", chartCode(name, cell.spec, ordersResult(cell.sql)));
  });
  return lines.join("\n") + "\n";
}
