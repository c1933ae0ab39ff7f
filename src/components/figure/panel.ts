// The figure panel: every figure of the report, on a page, in an embed or in the module export, is drawn in one
// chrome. Title, subtitle and "modelled" label above; tabs for the Chart, its Table (the displayed data, sortable and
// searchable), its Sources (each cited row with quote, date and verification status; the caveats; the units),
// Download (PNG, SVG, displayed-data CSV, full CSV, metadata JSON) and Embed (iframe, module); the generated summary
// (the chart's text alternative) and the source line below. The active tab and the table's sort and search are kept
// in the URL (<id>.tab, <id>.sort, <id>.q) only where they differ from the defaults.
// The Table, Download and Embed tabs' code (the table, CSV, image and download modules) is imported when a tab is
// first opened or a data URL asks for a file, never before the chart is drawn: a page's first chart waits only for
// this module, the chart and the facts modules (bench: "first chart").
import type {Figure} from "../../figures/types.js";
import {cite, el, factId, sourceLink} from "../facts/facts.js";
import {rowCount} from "../facts/count.js";
import {queryLink} from "../facts/query-link.js";
import {readParam, writeParams} from "../state/url-state.js";
import type {DataDownload, PanelFigure} from "./chart-actions.js";
import {embeddedChartId, enterEmbedMode} from "./embed-mode.js";

export const MODELLED_LABEL = "Modelled data, not observed telemetry";

export const TABS = ["chart", "table", "sources", "download", "embed"] as const;
export type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = {chart: "Chart", table: "Table", sources: "Sources", download: "Download", embed: "Embed"};

export interface PanelOptions {
  /** Draw the figure's legend under the chart on the page (false when the drawn chart already holds it). */
  pageLegend?: boolean;
  /** The pipeline file the chart is drawn from, when no Explore table holds it (a link after the source line). */
  dataFile?: {name: string; href: string};
  /** Why the Table tab is empty, when the figure has no rows. */
  noTableReason?: string;
  /** How to use the chart on the page (brush, controls): shown under the title, never drawn into images. */
  hint?: string;
}

/** URL parameter names of a figure's panel state. */
export const stateParams = (id: string) => ({tab: `${id}.tab`, sort: `${id}.sort`, search: `${id}.q`});

/** Whether a URL parameter is some figure's panel state (an open tab, a table's sort or search), not a selection. */
export const isPanelState = (name: string): boolean => Object.values(stateParams("")).some((suffix) => name.length > suffix.length && name.endsWith(suffix));

/** The panel keeps its state in the page's URL only on the site itself (never in a host page that imports the module). */
function ownsUrl(): boolean {
  try {
    return new URL(import.meta.url).origin === location.origin;
  } catch {
    return false;
  }
}

/** Data files already served for a stable data URL (?figure=<id>&download=…), once per page load. */
const served = new Set<string>();

/** The chrome around any Figure: see the module comment. */
export function figurePanel(figure: Figure, width: number, {pageLegend = true, dataFile, noTableReason, hint}: PanelOptions = {}): HTMLElement {
  const {id, title, subtitle, modelled, summary, query, cites} = figure;
  const root = el("figure", "atlas-figure");
  root.id = `figure-${id}`;
  root.dataset.chartId = id;
  root.dataset.modelled = String(modelled);
  root.setAttribute("role", "group");

  const caption = el("figcaption", "atlas-figure-caption");
  const heading = el("h3", "atlas-figure-title", title);
  heading.id = `figure-${id}-title`;
  caption.append(heading);
  if (subtitle) caption.append(el("p", "atlas-figure-subtitle", subtitle));
  if (modelled) caption.append(el("p", "atlas-modelled", MODELLED_LABEL));
  if (hint) caption.append(el("p", "atlas-figure-hint", hint));

  // Chart tab: the chart, described by the title and the generated summary, and its key.
  const chart = figure.draw(width);
  const body = el("div", "atlas-figure-chart");
  body.append(chart);
  const legend = pageLegend ? figure.legend?.(width) : null;
  if (legend) body.append(legend);
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg:not([class*="-ramp"]):not([class*="-swatch"])');
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${title}. ${summary}`);
  }
  // Plot names each mark's <g>; inside a role="img" chart those names are never announced, and axe reports aria-label
  // on a role-less <g> as a serious violation (test/e2e/a11y.test.ts).
  for (const g of body.querySelectorAll("svg g[aria-label]")) g.removeAttribute("aria-label");

  const text = el("p", "atlas-figure-summary", summary);
  text.id = `figure-${id}-summary`;
  const credit = el("p", "atlas-figure-source", `Source: ${figure.source}`);
  for (const row of cites) credit.append(" ", cite(row));
  if (dataFile) {
    const a = el("a", "atlas-data-link", dataFile.name);
    a.href = dataFile.href;
    credit.append(" · data: ", a);
    root.dataset.file = dataFile.name;
  }
  if (query) {
    credit.append(" · ", queryLink("the query behind this chart", query));
    root.dataset.query = query.trim();
  }

  // Panel state from the URL (only what differs from the defaults is ever written there).
  const keys = stateParams(id);
  const urlState = ownsUrl();
  const read = (name: string, fallback: string) => (urlState ? readParam(name, fallback) : fallback);
  const write = (params: Record<string, string | null>) => {
    if (urlState) writeParams(params, {[keys.tab]: "chart"});
  };
  const hasTable = figure.columns.length > 0;
  // An embedded figure always opens on its chart.
  const opened = embeddedChartId() === id ? "chart" : read(keys.tab, "chart");
  let active: Tab = (TABS as readonly string[]).includes(opened) ? (opened as Tab) : "chart";
  // The table's state as the page opened with it; parsed against the columns when the Table tab is first built.
  const tableParams = {sort: read(keys.sort, ""), search: read(keys.search, "")};

  const panelFigure: PanelFigure = {
    ...figure,
    width,
    modelledLabel: MODELLED_LABEL,
    imageParts: () => ({chart: figure.draw(width, {standalone: true}), legend: figure.legend?.(width) ?? null})
  };

  // Tabs.
  const tablist = el("div", "atlas-figure-tabs atlas-chart-actions");
  tablist.setAttribute("role", "tablist");
  tablist.setAttribute("aria-label", `${title}: chart, table, sources, download, embed`);
  const panels = new Map<Tab, HTMLElement>();
  const buttons = new Map<Tab, HTMLButtonElement>();
  const built = new Set<Tab>();
  const content: Record<Tab, () => Node[] | Promise<Node[]>> = {
    chart: () => [],
    table: async () => {
      if (!hasTable) return [el("p", "atlas-panel-note", noTableReason ?? "This figure does not expose its data as a table yet.")];
      const [{dataTable}, {formatSort, parseSort}] = await Promise.all([import("./data-table.js"), import("./figure-data.js")]);
      return [dataTable(figure.columns, figure.rows, {
        idPrefix: `figure-${id}-table`,
        caption: `${title}: the data the chart shows (${rowCount(figure.rows.length)})`,
        state: {sort: parseSort(tableParams.sort, figure.columns), search: tableParams.search},
        onChange: (s) => write({[keys.sort]: formatSort(s.sort), [keys.search]: s.search || null})
      })];
    },
    sources: () => [sourcesTab(figure)],
    download: async () => {
      const [{downloadTab}, {figureContext}] = await Promise.all([import("./chart-actions.js"), import("./figure-context.js")]);
      return [downloadTab(panelFigure, figureContext)];
    },
    embed: async () => {
      // The selections a figure declares are its registry params (src/figures/index.ts), read only here.
      const [{embedTab}, {figureParamNames}] = await Promise.all([import("./chart-actions.js"), import("../../figures/index.js")]);
      return [embedTab({id, title}, figureParamNames(id))];
    }
  };
  for (const tab of TABS) {
    const button = el("button", "atlas-figure-tab", TAB_LABELS[tab]);
    button.type = "button";
    button.id = `figure-${id}-tab-${tab}`;
    button.setAttribute("role", "tab");
    button.dataset.tab = tab;
    // The hooks the tests and the older chrome used: "embed" opens the embed code.
    button.dataset.action = tab === "embed" ? "embed" : `tab-${tab}`;
    if (tab === "table" && !hasTable) {
      button.setAttribute("aria-disabled", "true");
      button.title = noTableReason ?? "This figure does not expose its data as a table yet";
    }
    const panel = tab === "chart" ? body : el("div", `atlas-figure-panel atlas-figure-panel-${tab}`);
    panel.id = `figure-${id}-panel-${tab}`;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", button.id);
    panel.dataset.tab = tab;
    button.setAttribute("aria-controls", panel.id);
    button.addEventListener("click", () => select(tab, true));
    button.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      const to = event.key === "Home" ? 0 : event.key === "End" ? TABS.length - 1 : step ? (TABS.indexOf(tab) + step + TABS.length) % TABS.length : -1;
      if (to < 0) return;
      event.preventDefault();
      select(TABS[to]!, true);
      buttons.get(TABS[to]!)?.focus();
    });
    tablist.append(button);
    buttons.set(tab, button);
    panels.set(tab, panel);
  }

  function select(tab: Tab, byReader: boolean): void {
    active = tab;
    for (const t of TABS) {
      const on = t === tab;
      const button = buttons.get(t)!;
      button.setAttribute("aria-selected", String(on));
      button.tabIndex = on ? 0 : -1;
      const panel = panels.get(t)!;
      panel.hidden = !on;
      if (on && !built.has(t)) {
        built.add(t);
        fill(panel, content[t]);
      }
    }
    if (byReader) write({[keys.tab]: tab});
  }

  root.setAttribute("aria-labelledby", heading.id);
  root.setAttribute("aria-describedby", text.id);
  root.append(caption, tablist, ...panels.values(), text, credit);
  select(active, false);
  if (embeddedChartId() === id) enterEmbedMode(root, id);
  serveDataUrl(panelFigure);
  return root;
}

/**
 * Appends a tab's content to its panel; content whose code is still loading marks the panel busy (aria-busy) until
 * it is there, and a failure to load says so in the panel.
 */
function fill(panel: HTMLElement, make: () => Node[] | Promise<Node[]>): void {
  const nodes = make();
  if (Array.isArray(nodes)) {
    panel.append(...nodes);
    return;
  }
  panel.setAttribute("aria-busy", "true");
  nodes
    .then((loaded) => panel.append(...loaded))
    .catch((error: unknown) => {
      panel.append(el("p", "atlas-panel-note", "This tab could not be loaded; reload the page to try again."));
      console.error(error);
    })
    .finally(() => panel.removeAttribute("aria-busy"));
}

/** ?figure=<id>&download=csv|csv-full|json: the figure's data file, saved once when the page opens with it. */
function serveDataUrl(figure: PanelFigure): void {
  const params = new URLSearchParams(location.search);
  const kind = params.get("download");
  if (params.get("figure") !== figure.id || !kind || served.has(figure.id)) return;
  void Promise.all([import("./chart-actions.js"), import("./figure-context.js")]).then(async ([{DATA_DOWNLOADS, saveFigureData}, {figureContext}]) => {
    if (!(DATA_DOWNLOADS as readonly string[]).includes(kind) || served.has(figure.id)) return;
    served.add(figure.id);
    saveFigureData(figure, kind as DataDownload, await figureContext());
  });
}

/** The Sources tab: each cited row (quote, source, date, status), what to know about the data, and the units. */
function sourcesTab(figure: Figure): HTMLElement {
  const root = el("div", "atlas-sources-tab");
  root.append(el("h4", undefined, "Sources"), el("p", undefined, figure.source));
  if (figure.cites.length) {
    const list = el("ul", "atlas-cited-rows");
    for (const row of figure.cites) {
      const item = el("li");
      item.dataset.row = factId(row);
      const head = el("p");
      head.append(cite(row), " ", sourceLink(row));
      item.append(head);
      if (row.quote) item.append(el("blockquote", undefined, row.quote));
      item.append(el("p", "atlas-cited-meta", `Published ${row.source_date || "(date not given)"} · verification: ${row.verification_status ?? "status unknown"}`));
      list.append(item);
    }
    root.append(list);
  } else root.append(el("p", "atlas-panel-note", "No published row is drawn in this figure; its data come from the pipeline (see the query or data file below the chart)."));
  root.append(el("h4", undefined, "What you should know about this data"));
  const notes = el("ul", "atlas-caveats");
  if (figure.modelled) notes.append(el("li", undefined, `${MODELLED_LABEL}: the series come from the incident's modelled data, labelled as such on the chart and in every download.`));
  for (const caveat of figure.caveats) notes.append(el("li", undefined, caveat));
  if (!notes.childElementCount) notes.append(el("li", undefined, "No caveats recorded for this figure."));
  root.append(notes);
  const units = figure.columns.filter((c) => c.unit);
  if (units.length) {
    root.append(el("h4", undefined, "Units"));
    const dl = el("dl", "atlas-units");
    for (const c of units) dl.append(el("dt", undefined, c.label), el("dd", undefined, c.unit));
    root.append(dl);
  }
  if (figure.query) {
    const p = el("p");
    p.append("Reproduce the data: ", queryLink("the query behind this chart", figure.query));
    root.append(p);
  }
  return root;
}
