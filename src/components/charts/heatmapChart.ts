// Country × sector heatmap: each cell's value (e.g. a sector's share of a country's unique IPs).
import * as Plot from "npm:@observablehq/plot";
import {formatNumber} from "../facts/format.js";
import {labelMargin, modelledMark} from "./marks.js";
import {SEQUENTIAL_SCHEME} from "./palette.js";

export interface HeatCell {
  row: string;
  column: string;
  value: number;
  title?: string;
}

export interface HeatmapOptions {
  width: number;
  rows: string[];
  columns: string[];
  label: string;
  format?: (value: number) => string;
  /** Columns to emphasise; the others are faded. */
  highlightColumns?: string[];
  modelled?: boolean;
  percent?: boolean;
}

export function heatmapChart(cells: HeatCell[], {width, rows, columns, label, format = formatNumber, highlightColumns = [], modelled, percent = false}: HeatmapOptions): HTMLElement | SVGSVGElement {
  const marginLeft = labelMargin(rows, width, 0.3);
  const narrow = width < 600;
  const fade = new Set(highlightColumns.length ? columns.filter((c) => !highlightColumns.includes(c)) : []);
  return Plot.plot({
    width,
    height: rows.length * (narrow ? 20 : 24) + (narrow ? 130 : 110),
    marginLeft,
    marginBottom: narrow ? 110 : 90,
    marginTop: modelled ? 20 : 6,
    padding: 0.04,
    x: {domain: columns, label: null, tickRotate: -45},
    y: {domain: rows, label: null},
    color: {type: "sqrt", scheme: SEQUENTIAL_SCHEME, legend: true, label: percent && !label.includes("%") ? `${label} (%)` : label, percent, tickFormat: percent ? (v: number) => `${v}%` : undefined, width: Math.min(320, width - 20)} as Plot.ScaleOptions,
    marks: [
      Plot.axisY({lineWidth: (marginLeft - 8) / 6, textOverflow: "ellipsis", tickSize: 0}),
      Plot.axisX({tickRotate: -45, lineWidth: 14, textOverflow: "ellipsis", tickSize: 0}),
      Plot.cell(cells, {
        x: "column",
        y: "row",
        fill: "value",
        fillOpacity: (d: HeatCell) => (fade.has(d.column) ? 0.25 : 1),
        title: (d: HeatCell) => d.title ?? `${d.row}, ${d.column}: ${format(d.value)}`
      }),
      modelledMark(modelled)
    ]
  });
}
