// chartFigure: the older call the pages make, `chartFigure(chart, options)`, until every figure is a module of
// src/figures/ (a Figure). It turns the drawn chart and its options into a Figure and draws it in the figure panel
// (panel.ts), so every figure already has the Chart, Table, Sources, Download and Embed tabs.
import type {Figure, FigureColumn, FigureRow} from "../../figures/types.js";
import type {FactRow} from "../facts/facts.js";
import {figurePanel, MODELLED_LABEL} from "./panel.js";

export {MODELLED_LABEL};

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
  /** The displayed data and its columns (the Table tab and the CSV downloads); without them the Table tab says why. */
  columns?: FigureColumn[];
  rows?: FigureRow[];
  fullRows?: FigureRow[];
  /** What a reader should know about the data (the Sources tab). */
  caveats?: string[];
  /** How to use the chart on the page ("Drag across the chart…"): shown under the title, never drawn into images. */
  hint?: string;
}

/** Controls and page-only marks that an image leaves out (the time brush, the event key drawn separately). */
const PAGE_ONLY = ".atlas-brush, .atlas-event-key, [data-page-only], input, select, button";

/** Wraps `chart` (an SVG, a Plot figure or any element) in the figure panel. */
export function chartFigure(chart: Element, options: FigureOptions): HTMLElement {
  const {id, title, subtitle, source, modelled = false, summary, query, cites = [], dataFile, columns = [], rows = [], fullRows, caveats = [], hint} = options;
  const figure: Figure = {
    id,
    title,
    subtitle,
    source,
    cites,
    modelled,
    caveats,
    summary,
    query,
    columns,
    rows,
    fullRows,
    draw: (_width, {standalone = false} = {}) => {
      if (!standalone) return chart;
      const copy = chart.cloneNode(true) as Element;
      copy.querySelectorAll(PAGE_ONLY).forEach((node) => node.remove());
      return copy;
    },
    legend: () => (chart.querySelector(".atlas-event-key")?.cloneNode(true) as Element | undefined) ?? null
  };
  const width = chart.querySelector("svg")?.getAttribute("width") ?? chart.getAttribute("width");
  return figurePanel(figure, Number(width) || 640, {
    pageLegend: false,
    dataFile,
    hint,
    noTableReason: "The table of this figure's data is not available yet: its page does not hand the figure its rows."
  });
}
