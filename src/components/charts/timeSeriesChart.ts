// Hourly series over the incident window (UTC), with published events, the kill-switch window,
// an optional highlighted time window and an optional brush that reports the window chosen.
import * as d3 from "npm:d3";
import * as Plot from "npm:@observablehq/plot";
import {crossesYear, formatNumber, formatUtcHour, utcTickFormat, yearLine} from "../facts/format.js";
import {fillHours, HOUR, type HourTotal} from "../time/hours.js";
import {countTick, HALO, modelledMark, textWidth, wholeTicks} from "./marks.js";
import {COLORS, THEME} from "./palette.js";
import {sourcesHref} from "../facts/facts.js";

export interface TimeEvent {
  at: Date;
  label: string;
  /** Published row id (e.g. T07) or "" for configured events. */
  id?: string;
}

export type TimeWindow = [Date, Date];

export interface TimeSeriesOptions {
  width: number;
  height?: number;
  yLabel: string;
  /** The x domain (the incident window); default: the data's extent. */
  domain?: TimeWindow;
  events?: TimeEvent[];
  /** The kill-switch registration window (drawn as a band: it is not known to the minute). */
  killSwitch?: TimeWindow | null;
  /** A window to highlight (e.g. the brushed one). */
  selection?: TimeWindow | null;
  /** Makes the chart a brush: called with the chosen window (snapped to hours) or null when cleared. */
  onBrush?: (window: TimeWindow | null) => void;
  /** Draw running totals instead of hourly values. */
  cumulative?: boolean;
  modelled?: boolean;
  color?: string;
  /** When the sinkhole began logging (the registration window's start): before it, the chart says "no sinkhole yet". */
  sinkholeFrom?: Date | null;
}

/** The kill-switch band's label (drawn above the frame, see timeSeriesChart). */
export const KS_LABEL = "kill switch";

/** Below this many pixels per hour, one bar per hour is thinner than its gap: the series is drawn as a step area. */
export const MIN_BAR_PX = 2;

export function cumulate(points: HourTotal[]): HourTotal[] {
  let total = 0;
  return [...points].sort((a, b) => +a.hour - +b.hour).map((d) => ({hour: d.hour, value: (total += d.value)}));
}

/** Numbered markers on the chart; the page lists the numbers with their events (see eventKey). */
export function timeSeriesChart(data: HourTotal[], options: TimeSeriesOptions): SVGSVGElement | HTMLElement {
  const {width, yLabel, events = [], killSwitch = null, selection = null, onBrush, cumulative = false, modelled, color = COLORS.primary, sinkholeFrom = null} = options;
  const height = options.height ?? (width < 500 ? 240 : 300);
  const points = cumulative ? cumulate(data) : [...data].sort((a, b) => +a.hour - +b.hour);
  const extent = d3.extent(points, (d) => d.hour) as [Date, Date];
  const domain = options.domain ?? extent;
  const inDomain = events.filter((e) => +e.at >= +domain[0] && +e.at <= +domain[1]);
  const marginLeft = 56;
  // Wide enough for half a day label ("16 May") under the last tick.
  const marginRight = 24;
  // Numbered event markers sit above the frame; markers closer than 18 px are stacked in rows.
  const px = d3.scaleUtc().domain(domain).range([marginLeft, width - marginRight]);
  const yAxisLabel = `↑ ${yLabel}`;
  const rowEnds: number[] = [];
  const rows = inDomain.map((e) => {
    const x = px(e.at);
    let row = rowEnds.findIndex((end) => x - end >= 18);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = x;
    return row;
  });
  // The y axis's label sits at the very top, from the left edge: a marker of the top row under it gets a row of its own.
  const underLabel = inDomain.some((e, i) => rows[i] === rowEnds.length - 1 && px(e.at) - 9 < textWidth(yAxisLabel.length));
  const levels = Math.max(1, rowEnds.length) + (underLabel ? 1 : 0);
  // The kill-switch band's label has a strip of its own between the markers and the frame, clear of the bars (the
  // peak often follows the band) and of the markers; it reads to the right of the band, or to its left near the edge.
  const ksShown = killSwitch !== null && +killSwitch[1] >= +domain[0] && +killSwitch[0] <= +domain[1];
  const ksStrip = ksShown ? 14 : 0;
  const ksLeft = ksShown && px(killSwitch[1]) + 3 + textWidth(KS_LABEL.length, true) > width - marginRight;
  const marginTop = 12 + levels * 18 + ksStrip;
  const markerDy = (i: number) => -(rows[i] ?? 0) * 18 - 12 - ksStrip;
  // A window across two years: some ticks carry the year on a line of their own.
  const marginBottom = 36 + yearLine(domain);
  const years = crossesYear(domain[0], domain[1]);
  const hourText = (d: Date) => formatUtcHour(d, {year: years});
  // An hour narrower than MIN_BAR_PX: a step area over every hour (zeros included, so it drops between hits) instead
  // of bars, which would vanish (or have negative width once inset).
  const hourPx = (width - marginLeft - marginRight) / Math.max(1, (+domain[1] - +domain[0]) / HOUR);
  const asArea = !cumulative && hourPx < MIN_BAR_PX;
  const series = asArea ? stepEnd(fillHours(points, sinkholeFrom && +sinkholeFrom > +domain[0] ? sinkholeFrom : domain[0], domain[1])) : points;
  const plot = Plot.plot({
    width,
    height,
    marginTop,
    marginLeft,
    marginRight,
    marginBottom,
    x: {type: "utc", domain, label: "Time (UTC) →", ticks: width < 500 ? 4 : 8, tickFormat: utcTickFormat(domain)},
    // With no hits at all (an empty window) the y scale still needs a domain, or its ticks read NaN.
    y: {label: yAxisLabel, grid: true, nice: true, tickFormat: countTick, labelAnchor: "top", ...wholeTicks(points.map((d) => d.value))},
    marks: [
      sinkholeFrom && +sinkholeFrom > +domain[0]
        ? Plot.rectX([[domain[0], sinkholeFrom]], {x1: (d: TimeWindow) => d[0], x2: (d: TimeWindow) => d[1], fill: THEME.faint, fillOpacity: 0.12})
        : null,
      // The band's label only where the band is wide enough to hold it (the figure's subtitle says it anyway).
      sinkholeFrom && px(sinkholeFrom) - px(domain[0]) >= 100
        ? Plot.text([sinkholeFrom], {x: (d: Date) => d, frameAnchor: "bottom", text: () => "no sinkhole yet ←", textAnchor: "end", dx: -3, dy: -6, fill: "currentColor", fontSize: 10})
        : null,
      killSwitch
        ? Plot.rectX([killSwitch], {x1: (d: TimeWindow) => d[0], x2: (d: TimeWindow) => d[1], fill: COLORS.killSwitch, fillOpacity: 0.18, title: () => `Kill-switch domain registered in this window: ${hourText(killSwitch[0])} – ${hourText(killSwitch[1])}`})
        : null,
      selection
        ? Plot.rectX([selection], {x1: (d: TimeWindow) => d[0], x2: (d: TimeWindow) => d[1], fill: COLORS.highlight, fillOpacity: 0.2})
        : null,
      cumulative
        ? Plot.areaY(points, {x: "hour", y: "value", fill: color, fillOpacity: 0.25, curve: "step-after"})
        : asArea
          ? Plot.areaY(series, {x: "hour", y: "value", fill: color, fillOpacity: 0.6, curve: "step-after"})
          : Plot.rectY(points, {x1: "hour", x2: (d: HourTotal) => new Date(+d.hour + HOUR), y: "value", fill: color, insetLeft: width < 700 ? 0 : 0.5}),
      cumulative ? Plot.lineY(points, {x: "hour", y: "value", stroke: color, curve: "step-after", strokeWidth: 1.5}) : null,
      asArea ? Plot.lineY(series, {x: "hour", y: "value", stroke: color, curve: "step-after", strokeWidth: 1}) : null,
      ksShown
        ? Plot.text([killSwitch], {x: (d: TimeWindow) => (ksLeft ? d[0] : d[1]), frameAnchor: "top", text: () => KS_LABEL, textAnchor: ksLeft ? "end" : "start", lineAnchor: "bottom", dx: ksLeft ? -3 : 3, dy: -3, fill: "currentColor", fontWeight: 600, ...HALO})
        : null,
      Plot.ruleY([0]),
      Plot.ruleX(inDomain, {x: "at", stroke: COLORS.event, strokeDasharray: "3,2", strokeOpacity: 0.9}),
      ...inDomain.map((e, i) => [
        Plot.dot([e], {x: "at", frameAnchor: "top", r: 8, fill: THEME.background, stroke: COLORS.event, dy: markerDy(i)}),
        Plot.text([e], {x: "at", frameAnchor: "top", text: () => String(i + 1), dy: markerDy(i), fontSize: 9, fontWeight: 700, fill: "currentColor"})
      ]),
      Plot.tip(asArea ? series.slice(0, -1) : points, Plot.pointerX({x: "hour", y: "value", title: (d: HourTotal) => `${hourText(d.hour)}\n${formatNumber(d.value)} ${cumulative ? "so far" : "in this hour"}`})),
      modelledMark(modelled, {inside: true})
    ]
  });
  if (onBrush) attachBrush(plot, {domain, selection, onBrush, marginTop, marginLeft, marginRight, marginBottom, width, height});
  return plot;
}

/** The step area's last hour needs an end to be drawn as a step: the hour after it, at the same value. */
function stepEnd(hours: HourTotal[]): HourTotal[] {
  const last = hours[hours.length - 1];
  return last ? [...hours, {hour: new Date(+last.hour + HOUR), value: last.value}] : hours;
}

function attachBrush(
  plot: SVGSVGElement | HTMLElement,
  {domain, selection, onBrush, marginTop, marginLeft, marginRight, marginBottom, width, height}: {
    domain: TimeWindow; selection: TimeWindow | null; onBrush: (w: TimeWindow | null) => void;
    marginTop: number; marginLeft: number; marginRight: number; marginBottom: number; width: number; height: number;
  }
): void {
  const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector("svg");
  if (!svg) return;
  const x = d3.scaleUtc().domain(domain).range([marginLeft, width - marginRight]);
  const brush = d3
    .brushX()
    .extent([[marginLeft, marginTop], [width - marginRight, height - marginBottom]])
    .on("end", (event: d3.D3BrushEvent<unknown>) => {
      if (!event.sourceEvent) return; // moved by code, not by the reader
      if (!event.selection) return onBrush(null);
      const [a, b] = event.selection as [number, number];
      const start = d3.utcHour.floor(x.invert(a));
      let end = d3.utcHour.ceil(x.invert(b));
      if (+end <= +start) end = new Date(+start + HOUR);
      onBrush([start, end]);
    });
  const g = d3.select(svg).append("g").attr("class", "atlas-brush").attr("aria-hidden", "true").call(brush);
  if (selection) g.call(brush.move, [x(selection[0]), x(selection[1])]);
}

/** An ordered list that explains the numbered event markers, each with a marker linking to its source row. */
export function eventKey(events: TimeEvent[], domain?: TimeWindow): HTMLElement {
  const list = document.createElement("ol");
  list.className = "atlas-event-key";
  const shown = domain ? events.filter((e) => +e.at >= +domain[0] && +e.at <= +domain[1]) : events;
  // Dates carry the year when the window (or, without one, the events) spans two years.
  const times = shown.map((e) => +e.at);
  const years = domain ? crossesYear(domain[0], domain[1]) : times.length > 0 && crossesYear(Math.min(...times), Math.max(...times));
  for (const e of shown) {
    const item = document.createElement("li");
    item.textContent = `${formatUtcHour(e.at, {year: years})}: ${e.label}`;
    if (e.id) {
      const marker = document.createElement("a");
      marker.className = "atlas-footnote-marker";
      marker.href = sourcesHref(e.id);
      marker.dataset.cite = e.id;
      marker.textContent = `[${e.id}]`;
      item.append(" ", marker);
    }
    list.append(item);
  }
  return list;
}
