// Horizontal bars with the value written at the end of each bar: rankings, breakdowns, mixes.
import * as Plot from "npm:@observablehq/plot";
import {formatNumber} from "../facts/format.js";
import {fitLabel, labelMargin, modelledMark, wholeTicks} from "./marks.js";
import {COLORS} from "./palette.js";

export interface BarDatum {
  label: string;
  value: number;
  /** Drawn in the highlight colour (e.g. the selected sector). */
  highlight?: boolean;
  /** Text at the end of the bar; default: the formatted value. */
  text?: string;
  /** Hover text. */
  title?: string;
}

export interface BarsOptions {
  width: number;
  /** The value axis's label, or labels from longest to shortest: the longest that fits the chart's width is shown. */
  xLabel: string | string[];
  format?: (value: number) => string;
  /** Keep the given order instead of sorting by value. */
  keepOrder?: boolean;
  type?: "linear" | "log";
  modelled?: boolean;
  /** The on-chart label for modelled data (e.g. "modelled data · assumed mix" for an assumption). */
  modelledText?: string;
  color?: string;
  marginLeft?: number;
  /** A fixed end of the value axis (e.g. 100 for percentages), so panels share one axis. */
  xMax?: number;
  /** The value axis's tick labels (e.g. shares as "20%"); Plot's own by default. */
  tickFormat?: (value: number) => string;
}

/** Below this width, each bar's label sits above it (unless a fixed left margin is given). */
export const NARROW_BARS = 560;

export function barsChart(data: BarDatum[], {width, xLabel, format = formatNumber, keepOrder = false, type = "linear", modelled, color = COLORS.primary, marginLeft, xMax, modelledText, tickFormat}: BarsOptions): SVGSVGElement | HTMLElement {
  const rows = keepOrder ? data : [...data].sort((a, b) => b.value - a.value);
  const domain = rows.map((d) => d.label);
  const max = Math.max(1, ...rows.map((d) => d.value));
  const x = {label: fitLabel([xLabel].flat(), width - 8), type, grid: true, nice: true, ...(type === "log" ? {} : {domain: [0, xMax ?? max * 1.02]}),
    ...(type === "log" || xMax !== undefined ? {} : {ticks: wholeTicks(rows.map((d) => d.value)).ticks}), ...(tickFormat ? {tickFormat} : {})};
  const fill = (d: BarDatum) => (d.highlight ? COLORS.highlight : color);
  const title = (d: BarDatum) => d.title ?? `${d.label}: ${d.text ?? format(d.value)}`;
  const valueText = (d: BarDatum) => d.text ?? format(d.value);
  const base = type === "log" ? 1 : 0;
  // Narrow: each label sits above its bar, so long labels are never cut.
  if (width < NARROW_BARS && marginLeft === undefined) {
    return Plot.plot({
      width,
      height: rows.length * 38 + 50,
      marginLeft: 8,
      marginRight: 56,
      marginTop: modelled ? 24 : 10,
      x,
      y: {domain, axis: null, padding: 0.08},
      marks: [
        Plot.barX(rows, {x1: base, x2: "value", y: "label", fill, title, insetTop: 17}),
        Plot.text(rows, {x: base, y: "label", text: "label", textAnchor: "start", dy: -9, fill: "currentColor", lineWidth: (width - 20) / 6, textOverflow: "ellipsis"}),
        Plot.text(rows, {x: "value", y: "label", text: valueText, textAnchor: "start", dx: 4, dy: 8, fill: "currentColor"}),
        type === "log" ? null : Plot.ruleX([0]),
        modelledMark(modelled, modelledText ? {text: modelledText} : {})
      ]
    });
  }
  const left = marginLeft ?? labelMargin(domain, width);
  return Plot.plot({
    width,
    height: Math.max(80, rows.length * 24 + 50),
    marginLeft: left,
    marginRight: 64,
    marginTop: modelled ? 24 : 10,
    x,
    y: {label: null, domain},
    marks: [
      Plot.axisY({lineWidth: (left - 8) / 6, textOverflow: "ellipsis", tickSize: 0}),
      Plot.barX(rows, {x1: base, x2: "value", y: "label", fill, title}),
      Plot.text(rows, {x: "value", y: "label", text: valueText, textAnchor: "start", dx: 4, fill: "currentColor"}),
      type === "log" ? null : Plot.ruleX([0]),
      modelledMark(modelled, modelledText ? {text: modelledText} : {})
    ]
  });
}
