// The Explore notebook: SQL cells (each with Run, Stop, its result, a chart the analyst controls and typed downloads;
// a later cell reads an earlier cell's result as table cell1, cell2, …), kept in the page address and in local
// storage with a short history, with "Save as page" for forks. A notebook opened from a link waits for Run unless
// every cell is a shipped example. The page (src/explore.md) only loads the tables and calls exploreApp.
import type {Table} from "npm:apache-arrow";
import {chartFigure} from "../figure/figure.js";
import {defaultSpec, prepareChart, resolveSpec, type ChartSpec, type ResultColumn} from "./autochart.js";
import {chartSummary, drawChart} from "./chart.js";
import {countOf, noun} from "../facts/count.js";
import type {IncidentDataset} from "./datasets.js";
import {OfflineError, StoppedError, type Engine} from "./engine.js";
import {MARKS, cellName, notebookFromSearch, notebookToSearch, onlyShippedQueries, readHistory, remember, type Cell, type ChartChoice, type Notebook} from "./notebook.js";
import {resultColumns, resultTable} from "./result-table.js";
import {notebookPage, pageFileName} from "./save-page.js";
import {sourceTables, type CellSql} from "./sources.js";
import {resultDownloads, resultRows, type ResultMeta} from "./typed.js";

export interface Example {
  label: string;
  sql: string;
}

export interface ExploreOptions {
  engine: Promise<Engine>;
  /** Every table a query can name, for the provenance of results (configuration tables are not listed). */
  catalog: IncidentDataset[];
  incident: {id: string; data: {modelled: boolean; label?: string}};
  examples: Example[];
  buildDate: string;
  /** The first example's result, computed when the site was built: shown at once, replaced by the live run. */
  preview?: Table | null;
  storage: Storage | null;
  /** The status line the engine start-up writes to. */
  status: HTMLElement;
}

const TIME_LIMITS: [string, number][] = [["10 s", 10_000], ["30 s", 30_000], ["2 min", 120_000], ["10 min", 600_000], ["no limit", 0]];
export const DEFAULT_TIME_LIMIT = 30_000;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & {dataset?: Record<string, string>} = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const {dataset, ...rest} = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

interface CellView {
  cell: Cell;
  root: HTMLElement;
  editor: HTMLTextAreaElement;
  output: HTMLElement;
  /** The SQL of the last successful run, to know when a later cell needs this one re-run. */
  ranSql: string | null;
  /** The tables DuckDB said that run read (sources.ts). */
  read: CellSql["read"];
  table: Table | null;
  /** Runs started so far; only the newest may show its outcome. */
  runs: number;
}

export function exploreApp(o: ExploreOptions): {root: HTMLElement; output: HTMLElement} {
  const shipped = o.examples.map((e) => e.sql);
  const fromLink = notebookFromSearch(location.search);
  const notebook: Notebook = fromLink ?? {cells: [{sql: o.examples[0]?.sql ?? "SELECT 42 AS answer", chart: {}}]};
  let timeLimit = DEFAULT_TIME_LIMIT;
  let ready = false;
  const views: CellView[] = [];
  const cellsRoot = el("div", {className: "explore-cells"});

  /** The shipped tables a cell reads, following cell references back to them (sources.ts). */
  const sourcesOf = (index: number): IncidentDataset[] => sourceTables(views.map((v) => ({sql: v.cell.sql, read: v.read})), index, o.catalog);
  const meta = (index: number): ResultMeta => {
    const used = sourcesOf(index);
    const modelled = used.some((d) => d.kind === "modelled");
    const sql = views[index]!.cell.sql;
    return {
      title: `Query result: ${sql.replace(/\s+/g, " ").slice(0, 200)}`,
      incident: o.incident.id,
      modelled,
      label: modelled ? o.incident.data.label : undefined,
      sources: used.length ? used.map((d) => `${d.table}: ${d.provenance}`) : ["Incident Atlas tables"],
      built: o.buildDate,
      query: sql,
      tables: used.map((d) => d.table)
    };
  };

  function save(): void {
    notebook.cells = views.map((v) => v.cell);
    history.replaceState(history.state, "", new URL(notebookToSearch(notebook, location.search), location.href));
  }

  function chartBlock(view: CellView, index: number, table: Table, preview: boolean): HTMLElement {
    const columns = resultColumns(table);
    const holder = el("div", {className: "explore-chart-block"});
    const rows = resultRows(table);
    const picker = (name: keyof ChartChoice, label: string, options: string[], none?: string) => {
      const select = el("select", {name, dataset: {picker: name}});
      if (none !== undefined) select.append(new Option(none, ""));
      for (const option of options) select.append(new Option(option, option));
      select.addEventListener("change", () => {
        view.cell.chart = {...view.cell.chart, [name]: select.value || (name === "series" ? "" : undefined)};
        save();
        draw();
      });
      return {select, label: el("label", {}, `${label} `, select)};
    };
    const names = columns.map((c) => c.name);
    const pickers = {
      mark: picker("mark", "Mark", [...MARKS]),
      x: picker("x", "x", names),
      y: picker("y", "y", columns.filter((c) => c.kind === "number").map((c) => c.name)),
      series: picker("series", "Series", names, "none")
    };
    const controls = el("div", {className: "explore-pickers", role: "group", ariaLabel: `Chart of ${cellName(index)}`}, ...Object.values(pickers).map((p) => p.label));
    const figureHolder = el("div", {className: "card explore-chart"});
    holder.append(controls, figureHolder);
    let spec: ChartSpec | null = null;
    const render = (width: number) => {
      if (!spec) return;
      const prepared = prepareChart(rows, columns, spec, view.cell.sql);
      const used = sourcesOf(index);
      const source = `${preview ? "The query below, computed when the site was built" : "Your query"} on ${used.length ? used.map((d) => d.table).join(", ") : "this site's tables"} (Incident Atlas, data built ${o.buildDate})`;
      const figure = chartFigure(drawChart(spec, prepared, width), {
        id: `query-result${index ? `-${index + 1}` : ""}`,
        title: `${cellName(index)}: ${spec.y} by ${spec.x}${spec.series ? ` and ${spec.series}` : ""} (${spec.mark})`,
        source,
        modelled: used.some((d) => d.kind === "modelled"),
        summary: chartSummary(spec, prepared)
      });
      const notes = prepared.notes.map((n) => el("p", {className: "muted explore-chart-note"}, n));
      figureHolder.replaceChildren(figure, ...notes);
      figureHolder.dataset.mark = spec.mark;
      figureHolder.dataset.x = spec.x;
      figureHolder.dataset.y = spec.y;
      figureHolder.dataset.series = spec.series ?? "";
    };
    let last = 0;
    const draw = () => {
      spec = resolveSpec(columns, view.cell.sql, view.cell.chart);
      holder.hidden = !spec || table.numRows === 0;
      if (!spec) return;
      pickers.mark.select.value = spec.mark;
      pickers.x.select.value = spec.x;
      pickers.y.select.value = spec.y;
      pickers.series.select.value = spec.series ?? "";
      render(last || Math.max(300, (cellsRoot.clientWidth || 680) - 40));
    };
    new ResizeObserver(([entry]) => {
      const width = Math.floor(entry!.contentRect.width);
      if (width > 0 && Math.abs(width - last) > 8) (last = width), render(width);
    }).observe(figureHolder);
    draw();
    if (!defaultSpec(columns, view.cell.sql) && !view.cell.chart.y) holder.hidden = true;
    return holder;
  }

  function showResult(view: CellView, index: number, table: Table, elapsed: number | null): void {
    const columns: ResultColumn[] = resultColumns(table);
    const preview = elapsed === null;
    const head = el("p", {className: "explore-meta"},
      el("strong", {}, table.numRows.toLocaleString("en-GB")), ` ${noun(table.numRows, "row")}, ${countOf(columns.length, "column")} · `,
      preview ? "computed when the site was built; re-running live as soon as the query engine is ready · " : `${elapsed.toFixed(0)} ms · kept as table `,
      ...(preview ? [] : [el("code", {}, cellName(index)), " · "]),
      "download ", resultDownloads(table, `query-result${index ? `-${index + 1}` : ""}`, () => meta(index)));
    view.output.dataset.state = preview ? "preview" : "done";
    view.output.replaceChildren(head, chartBlock(view, index, table, preview), resultTable(table, {caption: `Result of ${cellName(index)}`}));
  }

  function showMessage(view: CellView, state: string, body: Node, role?: string): void {
    view.output.dataset.state = state;
    const box = el("div", {className: state === "error" ? "explore-error" : "explore-note"}, body);
    if (role) box.setAttribute("role", role);
    view.output.replaceChildren(box);
  }

  async function runCell(index: number): Promise<boolean> {
    // Earlier cells that never ran, or changed since, run first: a later cell may read their tables.
    for (let j = 0; j < index; ++j) if (views[j]!.ranSql !== views[j]!.cell.sql && !(await runOne(j))) return false;
    return runOne(index);
  }

  async function runOne(index: number, {keepPreview = false} = {}): Promise<boolean> {
    const view = views[index]!;
    const text = view.cell.sql;
    const sql = text.trim();
    // Only the newest run of a cell may show its outcome: an older one still in flight (the first automatic run, say)
    // ends without touching the output.
    const run = ++view.runs;
    save();
    remember(o.storage, notebook);
    refreshHistory();
    view.root.dataset.running = "true";
    // The build-time result stays on screen until the live one replaces it.
    if (!(keepPreview && view.output.dataset.state === "preview")) showMessage(view, "running", el("p", {className: "muted"}, `Running…${ready ? "" : " (waiting for the query engine to finish loading)"} Press Stop to cancel.`));
    try {
      const engine = await o.engine;
      const {table, elapsed, tables} = await engine.run(sql, {name: cellName(index), timeLimit});
      if (run !== view.runs) return true;
      view.ranSql = view.cell.sql;
      view.read = {sql: text, tables};
      view.table = table;
      showResult(view, index, table, elapsed);
      return true;
    } catch (error) {
      if (run !== view.runs) return false;
      view.ranSql = null;
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof StoppedError) showMessage(view, "stopped", el("p", {}, message), "status");
      else if (error instanceof OfflineError) showMessage(view, "error", el("p", {}, el("strong", {}, "Not run. "), message), "alert");
      else showMessage(view, "error", el("div", {}, el("strong", {}, "The query failed."), " DuckDB says:", el("pre", {}, message)), "alert");
      return false;
    } finally {
      if (run === view.runs) delete view.root.dataset.running;
    }
  }

  function addCell(cell: Cell): CellView {
    const index = views.length;
    const first = index === 0;
    const id = first ? "sql-editor" : `sql-editor-${index + 1}`;
    const editor = el("textarea", {id, className: "explore-sql", spellcheck: false, value: cell.sql, rows: Math.min(14, Math.max(4, cell.sql.split("\n").length + 1))});
    editor.setAttribute("autocapitalize", "off");
    editor.setAttribute("autocomplete", "off");
    editor.setAttribute("aria-describedby", "sql-help");
    const run = el("button", {type: "button", className: "explore-run", textContent: "Run ▸", id: first ? "sql-run" : ""});
    const stop = el("button", {type: "button", className: "explore-stop", textContent: "Stop ■", id: first ? "sql-stop" : ""});
    const remove = el("button", {type: "button", className: "explore-remove", textContent: "Remove cell", hidden: first});
    const output = el("div", {className: "explore-output", id: first ? "sql-output" : `sql-output-${index + 1}`, dataset: {state: "idle"}});
    output.setAttribute("aria-live", "polite");
    const label = el("label", {htmlFor: id, className: "explore-label"}, "SQL ", el("code", {}, cellName(index)));
    const root = el("section", {className: "explore-cell", dataset: {cell: String(index + 1)}}, label, editor, el("div", {className: "explore-actions"}, run, stop, remove), output);
    const view: CellView = {cell, root, editor, output, ranSql: null, read: null, table: null, runs: 0};
    editor.addEventListener("input", () => ((cell.sql = editor.value), save()));
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void runCell(views.indexOf(view));
      }
    });
    run.onclick = () => void runCell(views.indexOf(view));
    stop.onclick = async () => void (await o.engine).stop();
    remove.onclick = async () => {
      const at = views.indexOf(view);
      views.splice(at);
      cellsRoot.replaceChildren(...views.map((v) => v.root));
      (await o.engine).forget(Array.from({length: 20}, (_, k) => cellName(at + k)));
      save();
    };
    views.push(view);
    cellsRoot.append(root);
    return view;
  }

  // The toolbar: examples, add a cell, run all, the time limit, history, save as page, load a file.
  const examples = el("div", {className: "explore-examples", role: "group", ariaLabel: "Example queries"}, el("span", {className: "muted"}, "Examples:"),
    ...o.examples.map((example, i) => {
      const b = el("button", {type: "button", textContent: example.label, dataset: {example: String(i)}});
      b.onclick = () => {
        const view = views[0]!;
        view.cell.sql = view.editor.value = example.sql;
        view.cell.chart = {};
        view.editor.rows = Math.min(14, Math.max(4, example.sql.split("\n").length + 1));
        void runCell(0);
      };
      return b;
    }));
  const limit = el("select", {id: "sql-time-limit"});
  for (const [label, ms] of TIME_LIMITS) limit.append(new Option(label, String(ms), ms === DEFAULT_TIME_LIMIT, ms === DEFAULT_TIME_LIMIT));
  limit.onchange = () => (timeLimit = Number(limit.value));
  const addButton = el("button", {type: "button", id: "sql-add-cell", textContent: "+ Add a cell"});
  addButton.onclick = () => {
    const n = views.length;
    const view = addCell({sql: `-- ${cellName(n)}: the result of ${cellName(n - 1)} is the table ${cellName(n - 1)}\nSELECT *\nFROM ${cellName(n - 1)}\nLIMIT 10`, chart: {}});
    save();
    view.editor.focus();
  };
  const runAll = el("button", {type: "button", id: "sql-run-all", textContent: "Run all cells"});
  runAll.onclick = async () => {
    for (let i = 0; i < views.length; ++i) if (!(await runOne(i, {keepPreview: true}))) break;
  };
  const historySelect = el("select", {id: "sql-history", ariaLabel: "Recent notebooks"});
  const refreshHistory = () => {
    historySelect.replaceChildren(new Option("Recent notebooks…", ""), ...readHistory(o.storage).map((e, i) => new Option(`${e.at.slice(0, 16).replace("T", " ")} · ${e.notebook.cells.length} cell${e.notebook.cells.length === 1 ? "" : "s"} · ${e.notebook.cells[0]!.sql.replace(/\s+/g, " ").slice(0, 50)}`, String(i))));
  };
  historySelect.onchange = () => {
    const entry = readHistory(o.storage)[Number(historySelect.value)];
    if (!entry) return;
    load(entry.notebook);
    save();
  };
  const saveButton = el("button", {type: "button", id: "sql-save-page", textContent: "Save as page"});
  saveButton.onclick = () => {
    const text = notebookPage({cells: views.map((v, i) => ({sql: v.cell.sql, spec: v.table ? resolveSpec(resultColumns(v.table), v.cell.sql, v.cell.chart) : null, tables: sourcesOf(i)}))});
    const url = URL.createObjectURL(new Blob([text], {type: "text/markdown;charset=utf-8"}));
    const a = el("a", {href: url, download: pageFileName(views[0]!.cell.sql)});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  const fileInput = el("input", {type: "file", accept: ".csv,.arrow", id: "sql-load-file"});
  const fileNote = el("span", {className: "muted"});
  fileInput.onchange = async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    const name = file.name.replace(/\.[^.]*$/, "").toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^(\d)/, "t_$1") || "upload";
    try {
      await (await o.engine).loadFile(file, name);
      fileNote.textContent = ` Loaded as table ${name}.`;
    } catch (error) {
      fileNote.textContent = ` Could not load ${file.name}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  function load(next: Notebook): void {
    views.splice(0);
    cellsRoot.replaceChildren();
    next.cells.forEach((cell) => addCell({sql: cell.sql, chart: {...cell.chart}}));
  }

  load(notebook);
  refreshHistory();
  const toolbar = el("div", {className: "explore-toolbar"}, addButton, runAll, el("label", {}, "Time limit ", limit), historySelect, saveButton, el("label", {className: "explore-file"}, "Load a file (CSV or Arrow) ", fileInput), fileNote);
  const root = el("div", {className: "explore-notebook"}, examples, o.status, cellsRoot, toolbar);

  // First result: a shipped query (or the build-time preview of the first example) runs at once; a link with any
  // other query waits for Run.
  const autoRun = !fromLink || onlyShippedQueries(notebook, shipped);
  if (autoRun) {
    if (!fromLink && o.preview) showResult(views[0]!, 0, o.preview, null);
    void (async () => {
      for (let i = 0; i < views.length; ++i) if (!(await runOne(i, {keepPreview: true}))) break;
    })();
  } else {
    showMessage(views[0]!, "waiting", el("p", {}, el("strong", {}, "This notebook came with a link. "), `Read its ${views.length === 1 ? "query" : `${views.length} cells`}, then press Run${views.length > 1 ? " all cells" : ""} to run ${views.length === 1 ? "it" : "them"}.`), "status");
  }
  void o.engine.then(() => (ready = true)).catch(() => undefined);
  // A Stop that had to replace DuckDB's worker lost the kept cell tables: cells re-run when a later cell needs them.
  o.status.addEventListener("engine-restart", () => views.forEach((v) => (v.ranSql = null)));
  return {root, output: views[0]!.output};
}
