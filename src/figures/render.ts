// The one place a Figure becomes page chrome. Today the chrome is chartFigure (title, modelled label, chart,
// summary, source, actions); when the figure panel lands, only this file changes.
import type {Figure} from "./types.js";
import {chartFigure, type FigureOptions} from "../components/figure/figure.js";

/** Extra chrome a page may add (e.g. a link to the pipeline file the figure reads). */
export type ChromeExtras = Pick<FigureOptions, "dataFile">;

/** The figure's chrome around an already drawn chart (the module export passes a chart that follows its width). */
export function figureChrome(figure: Figure, chart: Element, extras: ChromeExtras = {}): HTMLElement {
  const {id, title, subtitle, source, modelled, summary, query, cites} = figure;
  return chartFigure(chart, {id, title, subtitle, source, modelled, summary, query, cites, ...extras});
}

/** The figure drawn at `width` in its chrome: what every page shows (inside resize((width) => …)). */
export function figureElement(figure: Figure, width: number, extras: ChromeExtras = {}): HTMLElement {
  return figureChrome(figure, figure.draw(width), extras);
}
