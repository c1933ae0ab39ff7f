// Small shared pieces for the chart functions: the on-chart "modelled" label and label widths.
import * as Plot from "npm:@observablehq/plot";
import {THEME} from "./palette.js";

/** A halo in the page's background colour behind a label, so it stays legible where it crosses bars or lines. */
export const HALO = {stroke: THEME.background, strokeWidth: 3, paintOrder: "stroke"} as const;

/** "MODELLED" written on the chart itself (top right of the frame), for modelled series. */
export function modelledMark(modelled: boolean | undefined, {text = "modelled data", inside = false}: {text?: string; inside?: boolean} = {}): Plot.Markish {
  if (!modelled) return null;
  return Plot.text([text], {
    frameAnchor: "top-right",
    text: (d: string) => d.toUpperCase(),
    // Above the frame (in the top margin) or just inside it, never across the frame's edge: nothing is clipped.
    lineAnchor: inside ? "top" : "bottom",
    dy: inside ? 4 : -3,
    dx: inside ? -4 : -2,
    fontSize: 10,
    fontWeight: 700,
    fill: "currentColor",
    fillOpacity: 0.7,
    ...HALO
  });
}

/** The width in px of `chars` characters of the charts' 10 px text, as the layout estimates it (bold is wider). */
export function textWidth(chars: number, bold = false): number {
  return chars * (bold ? 6.6 : 6.2);
}

/** The first of `labels` (longest first) that fits `room` px of 10 px chart text, else the last: axis labels that a phone would cut. */
export function fitLabel(labels: string[], room: number): string {
  return labels.find((label) => textWidth(label.length) <= room) ?? labels.at(-1) ?? "";
}

/** A left margin that fits the longest label, but never more than `share` of the width. */
export function labelMargin(labels: string[], width: number, share = 0.4): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.round(Math.min(textWidth(longest) + 14, width * share));
}

// Whole-number ticks, each labelled on its own: ./ticks.ts (pure, unit-tested).
export {countTick, wholeTicks} from "./ticks.js";
