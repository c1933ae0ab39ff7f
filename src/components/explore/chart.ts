// Draws a prepared query-result chart with Plot: bar, line, dot, area or cell, time ticks that fit the data's step,
// a colour per series, and a one-sentence summary for the figure's accessible description.
import * as Plot from "npm:@observablehq/plot";
import {utcDay, utcFormat, utcHour, utcMinute, utcMonth, utcYear, type CountableTimeInterval} from "npm:d3";
import {additive, categoryOrder, type ChartSpec, type PreparedChart, type TimeStep} from "./autochart.js";
import {countOf} from "../facts/count.js";

const INTERVALS: Record<TimeStep, CountableTimeInterval> = {minute: utcMinute, hour: utcHour, day: utcDay, month: utcMonth, year: utcYear};
const EVERY: Record<TimeStep, number[]> = {minute: [1, 5, 15, 30], hour: [1, 2, 3, 6, 12], day: [1, 2, 7, 14], month: [1, 3, 6], year: [1, 2, 5, 10]};
const FORMAT: Record<TimeStep, string> = {minute: "%-d %b %H:%M", hour: "%-d %b %H:%M", day: "%-d %b", month: "%b %Y", year: "%Y"};

/** Tick times on whole steps of the data (never 12-hour ticks for daily data), at most one per ~80 px. */
export function timeTicks(step: TimeStep, from: Date, to: Date, width: number): {ticks: Date[]; format: string} {
  const interval = INTERVALS[step];
  const room = Math.max(2, Math.floor(width / 80));
  // Hourly data over several days gets ticks at midnight (and 6/12-hour steps only when few days are shown).
  const candidates: [CountableTimeInterval, number, string][] = [
    ...EVERY[step].map((k): [CountableTimeInterval, number, string] => [interval, k, FORMAT[step]]),
    ...(step === "hour" || step === "minute" ? [[utcDay, 1, "%-d %b"], [utcDay, 2, "%-d %b"], [utcDay, 7, "%-d %b"]] as [CountableTimeInterval, number, string][] : []),
    ...(step !== "year" ? [[utcMonth, 1, "%b %Y"], [utcYear, 1, "%Y"]] as [CountableTimeInterval, number, string][] : [])
  ];
  for (const [every, k, format] of candidates) {
    const ticks = every.every(k)!.range(from, new Date(+to + 1));
    if (ticks.length <= room) return {ticks: ticks.length ? ticks : [from], format};
  }
  return {ticks: [from, to], format: FORMAT[step]};
}

export function chartSummary(spec: ChartSpec, prepared: PreparedChart): string {
  const {rows} = prepared;
  if (!rows.length) return "No rows to draw.";
  const peak = rows.reduce((a, b) => ((b[spec.y] as number) > (a[spec.y] as number) ? b : a));
  const x = peak[spec.x];
  const at = x instanceof Date ? utcFormat("%Y-%m-%d %H:%M UTC")(x) : String(x);
  return `${countOf(rows.length, spec.mark === "bar" ? "bar" : "point")}; the highest ${spec.y} is ${(peak[spec.y] as number).toLocaleString("en-GB")} at ${spec.x} ${at}${spec.series ? ` (${spec.series} ${String(peak[spec.series])})` : ""}.`;
}

/** The chart element (an SVG, or a figure with a colour legend). */
export function drawChart(spec: ChartSpec, prepared: PreparedChart, width: number): SVGSVGElement | HTMLElement {
  const {rows, xKind, step} = prepared;
  const {x, y, series} = spec;
  const time = xKind === "time";
  const categorical = !time && xKind !== "number";
  const color = series ? {legend: true, type: "categorical" as const} : undefined;
  const fill = series ?? "var(--theme-foreground-focus)";
  const stack = additive(y);
  const xTime = () => {
    const from = rows[0]?.[x] as Date, to = rows.at(-1)?.[x] as Date;
    const {ticks, format} = timeTicks(step ?? "day", from, to, width);
    return {type: "utc" as const, ticks, tickFormat: format, label: `${x} (UTC)`};
  };
  if (spec.mark === "cell") {
    const labelOf = time ? utcFormat(FORMAT[step ?? "day"]) : (v: unknown) => String(v);
    const data = rows.map((r) => ({...r, __x: labelOf(r[x] as Date)}));
    return Plot.plot({
      width, marginLeft: 120, marginBottom: 60, height: Math.max(120, 24 * new Set(rows.map((r) => r[series ?? ""])).size + 80),
      x: {label: x, tickRotate: -45, domain: [...new Set(data.map((r) => r.__x))]},
      y: {label: series},
      color: {legend: true, scheme: "blues", label: y},
      marks: [Plot.cell(data, {x: "__x", y: series ?? (() => y), fill: y, tip: true})]
    });
  }
  if (spec.mark === "bar" && categorical) {
    const label = stack || !series ? (r: Record<string, unknown>) => String(r[x]) : (r: Record<string, unknown>) => `${String(r[x])} · ${String(r[series])}`;
    const bars = new Set(rows.map(label)).size;
    // In the query's order when it has one (ORDER BY); otherwise largest first.
    const domain = categoryOrder(rows, label, prepared.ordered);
    return Plot.plot({
      width, height: Math.min(1200, bars * 22 + 60), marginLeft: Math.min(220, 8 + 7 * Math.max(...rows.map((r) => label(r).length), 4)),
      x: {grid: true, label: `${y} →`}, y: {label: null, ...(domain ? {domain} : {})}, color,
      marks: [Plot.barX(rows, {x: y, y: label, fill, ...(domain ? {} : {sort: {y: "-x"}}), tip: true}), Plot.ruleX([0])]
    });
  }
  const xDomain = categorical ? categoryOrder(rows, (r) => String(r[x]), prepared.ordered) : undefined;
  const xScale = time ? xTime() : categorical ? {label: x, type: "point" as const, ...(xDomain ? {domain: xDomain} : {})} : {label: x, grid: true};
  const z = series ?? undefined;
  const marks: Plot.Markish[] = [];
  if (spec.mark === "bar") {
    if (time) marks.push(Plot.rectY(rows, {x, y, fill, interval: step ?? "day", tip: true, ...(stack ? {} : {mixBlendMode: "multiply", fillOpacity: 0.6, y1: 0, y2: y})}));
    else marks.push(Plot.barY(rows, {x: (r: Record<string, unknown>) => String(r[x]), y, fill, tip: true}));
  } else if (spec.mark === "area") {
    marks.push(stack ? Plot.areaY(rows, {x, y, fill, z, tip: true}) : Plot.areaY(rows, {x, y1: 0, y2: y, fill, z, fillOpacity: 0.35, tip: true}));
  } else if (spec.mark === "line") {
    marks.push(Plot.lineY(rows, {x, y, stroke: series ?? "var(--theme-foreground-focus)", z, tip: true}));
    if (rows.length <= 60) marks.push(Plot.dot(rows, {x, y, fill: series ?? "var(--theme-foreground-focus)", r: 2.5}));
  } else {
    marks.push(Plot.dot(rows, {x, y, fill, r: 4, stroke: "var(--theme-background)", tip: true}));
  }
  marks.push(Plot.ruleY([0]));
  return Plot.plot({
    width, height: 340, marginLeft: 64, marginBottom: categorical ? 70 : 40,
    x: spec.mark === "bar" && !time ? {label: x, tickRotate: -45} : {...xScale, ...(categorical ? {tickRotate: -45} : {})},
    y: {grid: true, label: y},
    color,
    marks
  });
}
