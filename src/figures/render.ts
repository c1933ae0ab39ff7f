// The one place a Figure becomes page chrome: the figure panel (src/components/figure/panel.ts) with its Chart,
// Table, Sources, Download and Embed tabs.
import type {Figure} from "./types.js";
import {figurePanel, type PanelOptions} from "../components/figure/panel.js";

/** Extra chrome a page may add (e.g. a link to the pipeline file the figure reads). */
export type ChromeExtras = Pick<PanelOptions, "dataFile">;

/** The figure's chrome around an already drawn chart (the module export passes a chart that follows its width). */
export function figureChrome(figure: Figure, chart: Element, extras: ChromeExtras = {}): HTMLElement {
  const width = Number(chart.querySelector("svg")?.getAttribute("width") ?? chart.getAttribute("width")) || 640;
  const drawn: Figure = {...figure, draw: (w, options) => (options?.standalone ? figure.draw(w, options) : chart)};
  return figurePanel(drawn, width, {pageLegend: false, ...extras});
}

/** The figure drawn at `width` in its chrome: what every page shows (inside resize((width) => …)). */
export function figureElement(figure: Figure, width: number, extras: ChromeExtras = {}): HTMLElement {
  // The page's drawing already carries the figure's key (e.g. the numbered events); images add legend() themselves.
  return figurePanel(figure, width, {pageLegend: false, ...extras});
}
