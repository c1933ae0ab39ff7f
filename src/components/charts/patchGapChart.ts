// The patch gap: published events from the security update to the outbreak, on a day scale.
import * as d3 from "npm:d3";
import * as Plot from "npm:@observablehq/plot";
import {formatUtcDay} from "../facts/format.js";
import {COLORS, THEME} from "./palette.js";
import {textWidth} from "./marks.js";
import {daysBetween} from "../facts/query-link.js";

export interface GapEvent {
  at: Date;
  label: string;
  id?: string;
  /** "patch", "leak", "outbreak", "kill-switch", "other" */
  kind?: string;
}

export interface PatchGapOptions {
  width: number;
  /** [from, to] event pairs to measure, e.g. patch → outbreak. */
  gaps?: {from: Date; to: Date; label: string}[];
}




export function patchGapChart(events: GapEvent[], {width, gaps = []}: PatchGapOptions): HTMLElement | SVGSVGElement {
  const sorted = [...events].sort((a, b) => +a.at - +b.at);
  const first = sorted[0]?.at ?? new Date();
  const last = sorted[sorted.length - 1]?.at ?? new Date();
  const domain: [Date, Date] = [d3.utcDay.offset(first, -4), d3.utcDay.offset(last, 4)];
  const narrow = width < 600;
  const years = [...new Set([domain[0].getUTCFullYear(), domain[1].getUTCFullYear()])];
  const withYear = years.length > 1;
  const color = (kind?: string) => (kind === "patch" ? COLORS.primary : kind === "leak" ? COLORS.modelled : kind === "outbreak" ? COLORS.killSwitch : COLORS.event);
  // Alternate label rows so neighbouring events do not overlap; with more than four events (a long, crowded time
  // axis) or on a narrow screen, every label gets its own row.
  const rowOf = new Map(sorted.map((e, i) => [e, i]));
  const levels = narrow || sorted.length > 4 ? sorted.length : 3;
  const gapRows = gaps.map((g, i) => ({...g, y: -1 - i}));
  // Each label runs away from the nearer edge, unless it would not fit on that side.
  const px = d3.scaleUtc().domain(domain).range([12, width - 12]);
  const lineWidth = narrow ? Math.max(10, Math.floor((width / 2 - 8) / 10)) : 30;
  const labelOf = (e: GapEvent) => `${formatUtcDay(e.at, {year: withYear})}: ${e.label}${e.id ? ` [${e.id}]` : ""}`;
  const labelWidth = (e: GapEvent) => textWidth(Math.min(labelOf(e).length, lineWidth * 1.65)) + 6;
  // A gap's label is centred on its bracket unless that would cross the plot's edge; then it starts (or ends) at the
  // bracket's end nearer that edge ("62 days" must never be cut off on a phone).
  type GapRow = (typeof gapRows)[number];
  const gapText = (g: GapRow) => `${daysBetween(g.from, g.to)} days: ${g.label}`;
  const gapAnchor = (g: GapRow): "start" | "middle" | "end" => {
    const middle = (px(g.from) + px(g.to)) / 2;
    const half = (textWidth(gapText(g).length, true) + 4) / 2;
    return middle - half < 4 ? "start" : middle + half > width - 4 ? "end" : "middle";
  };
  const gapX = {start: (g: GapRow) => g.from, middle: (g: GapRow) => new Date((+g.from + +g.to) / 2), end: (g: GapRow) => g.to};
  const anchorStart = (e: GapEvent) => {
    const x = px(e.at);
    const fitsRight = x + labelWidth(e) <= width - 4;
    const fitsLeft = x - labelWidth(e) >= 4;
    return fitsRight && (!fitsLeft || x < width / 2) ? true : !fitsLeft;
  };
  return Plot.plot({
    width,
    height: levels * (narrow ? 40 : 30) + gaps.length * 30 + 60,
    marginLeft: 12,
    marginRight: 12,
    marginTop: 10,
    x: {type: "utc", domain, label: `Date (${years.join("–")}, UTC) →`, ticks: narrow ? 3 : 6, tickFormat: (d: Date) => (withYear ? d3.utcFormat("%b %Y")(d) : formatUtcDay(d, {year: false}))},
    y: {axis: null, domain: [-gaps.length - 0.5, levels + 0.2], reverse: false},
    marks: [
      Plot.ruleY([0], {stroke: THEME.faint}),
      Plot.link(gapRows, {x1: "from", x2: "to", y1: "y", y2: "y", stroke: "currentColor", markerStart: "tick", markerEnd: "tick"}),
      ...(["start", "middle", "end"] as const).map((anchor) =>
        Plot.text(gapRows.filter((g) => gapAnchor(g) === anchor), {x: gapX[anchor], y: "y", text: gapText, textAnchor: anchor, dy: -8, fontWeight: 600, fill: "currentColor"})),
      Plot.ruleX(sorted, {x: "at", y1: 0, y2: (e: GapEvent) => 0.6 + (rowOf.get(e)! % levels), stroke: (e: GapEvent) => color(e.kind), strokeOpacity: 0.7}),
      Plot.dot(sorted, {x: "at", y: 0, r: 5, fill: (e: GapEvent) => color(e.kind), stroke: THEME.background}),
      ...[true, false].map((startAnchor) =>
        Plot.text(
          sorted.filter((e) => anchorStart(e) === startAnchor),
          {
            x: "at",
            y: (e: GapEvent) => 0.6 + (rowOf.get(e)! % levels),
            text: labelOf,
            textAnchor: startAnchor ? "start" : "end",
            dx: startAnchor ? 4 : -4,
            dy: -4,
            lineAnchor: "bottom",
            lineWidth,
            fill: "currentColor"
          }
        )
      )
    ]
  });
}
