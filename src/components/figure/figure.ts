// Every chart in the report is wrapped in one figure: title, "modelled" badge,
// the chart, a generated text alternative and its source line travel together,
// so an embedded or downloaded chart still says what it shows and where it came from.
import {attachChartActions} from "./chart-actions.js";
import {embeddedChartId, enterEmbedMode} from "./embed-mode.js";
import {cite, type FactRow} from "../facts/facts.js";
import {queryLink} from "../facts/query-link.js";

export interface FigureOptions {
  /** Stable id, used for anchors, embed URLs and download file names (e.g. "countries-map"). */
  id: string;
  title: string;
  subtitle?: string;
  /** Where the figures come from, as plain text (shown, embedded and printed into downloads). */
  source: string;
  /** True when any series in the chart comes from modelled data. */
  modelled?: boolean;
  /** The chart's main finding in numbers, generated from its data; its text alternative. */
  summary: string;
  /** The Explore query that reproduces the chart's data (shown as a link after the source line). */
  query?: string;
  /** Published rows the chart draws (each gets a marker linking to the sources page). */
  cites?: FactRow[];
  /** The pipeline file the chart is drawn from, when no Explore table holds it (a link to the file). */
  dataFile?: {name: string; href: string};
}

export const MODELLED_LABEL = "Modelled data, not observed telemetry";

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Wraps `chart` (an SVG, a Plot figure or any element) with its title, label, summary and source. */
export function chartFigure(chart: Element, {id, title, subtitle, source, modelled = false, summary, query, cites = [], dataFile}: FigureOptions): HTMLElement {
  const figure = element("figure", "atlas-figure");
  figure.id = `figure-${id}`;
  figure.dataset.chartId = id;
  figure.dataset.modelled = String(modelled);
  figure.setAttribute("role", "group");

  const caption = element("figcaption", "atlas-figure-caption");
  const heading = element("h3", "atlas-figure-title", title);
  heading.id = `figure-${id}-title`;
  caption.append(heading);
  if (subtitle) caption.append(element("p", "atlas-figure-subtitle", subtitle));
  if (modelled) caption.append(element("p", "atlas-modelled", MODELLED_LABEL));

  const body = element("div", "atlas-figure-chart");
  body.append(chart);
  // The chart's own SVG, not a colour legend drawn before it (Plot legends are "-ramp"/"-swatch" SVGs).
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg:not([class*="-ramp"]):not([class*="-swatch"])');
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${title}. ${summary}`);
  }
  // Plot names each mark's <g> (aria-label="rule", "bar", …). Inside a role="img" chart those names are never
  // announced, and axe reports aria-label on a role-less <g> as a serious violation (test/e2e/a11y.test.ts);
  // the figure's title and generated summary are the chart's accessible name and description.
  for (const g of body.querySelectorAll("svg g[aria-label]")) g.removeAttribute("aria-label");

  const text = element("p", "atlas-figure-summary", summary);
  text.id = `figure-${id}-summary`;
  const credit = element("p", "atlas-figure-source", `Source: ${source}`);
  for (const row of cites) credit.append(" ", cite(row));
  if (dataFile) {
    const a = document.createElement("a");
    a.className = "atlas-data-link";
    a.href = dataFile.href;
    a.textContent = dataFile.name;
    credit.append(" · data: ", a);
    figure.dataset.file = dataFile.name;
  }
  if (query) {
    credit.append(" · ");
    credit.append(queryLink("the query behind this chart", query));
    figure.dataset.query = query.trim();
  }

  figure.setAttribute("aria-labelledby", heading.id);
  figure.setAttribute("aria-describedby", text.id);
  figure.append(caption, body, text, credit);
  attachChartActions(figure, {id, title, subtitle, source, modelled, modelledLabel: MODELLED_LABEL});
  if (embeddedChartId() === id) enterEmbedMode(figure, id);
  return figure;
}
