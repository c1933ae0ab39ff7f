// Before and after the kill switch: a dot for each period per row, joined by a line.
import * as Plot from "npm:@observablehq/plot";
import {countTick} from "./ticks.js";
import {formatNumber} from "../facts/format.js";
import {labelMargin, modelledMark} from "./marks.js";
import {BEFORE_AFTER, THEME} from "./palette.js";

export interface BeforeAfterRow {
  label: string;
  before: number;
  after: number;
}

export interface BeforeAfterOptions {
  width: number;
  xLabel: string;
  beforeLabel: string;
  afterLabel: string;
  modelled?: boolean;
}

export function beforeAfterChart(rows: BeforeAfterRow[], {width, xLabel, beforeLabel, afterLabel, modelled}: BeforeAfterOptions): HTMLElement | SVGSVGElement {
  const marginLeft = labelMargin(rows.map((r) => r.label), width, 0.35);
  const points = rows.flatMap((r) => [
    {label: r.label, period: beforeLabel, value: r.before},
    {label: r.label, period: afterLabel, value: r.after}
  ]);
  const positive = points.map((p) => p.value).filter((v) => v > 0);
  return Plot.plot({
    width,
    height: rows.length * 30 + 70,
    marginLeft,
    marginRight: 24,
    marginTop: modelled ? 24 : 10,
    x: {type: "log", label: xLabel, grid: true, domain: positive.length ? [Math.min(...positive) / 1.5, Math.max(...positive) * 1.5] : [1, 10], tickFormat: countTick},
    y: {domain: rows.map((r) => r.label), label: null},
    color: {domain: [beforeLabel, afterLabel], range: [BEFORE_AFTER.before, BEFORE_AFTER.after], legend: true},
    symbol: {domain: [beforeLabel, afterLabel], range: ["circle", "diamond"]},
    marks: [
      Plot.axisY({lineWidth: (marginLeft - 8) / 6, textOverflow: "ellipsis", tickSize: 0}),
      Plot.link(rows.filter((r) => r.before > 0 && r.after > 0), {x1: "before", x2: "after", y1: "label", y2: "label", stroke: THEME.faint, strokeWidth: 2}),
      Plot.dot(points.filter((p) => p.value > 0), {x: "value", y: "label", fill: "period", symbol: "period", r: 5, title: (p: {label: string; period: string; value: number}) => `${p.label}, ${p.period}: ${formatNumber(p.value)}`}),
      modelledMark(modelled)
    ]
  });
}
