// The figure contract: one typed module per figure (src/figures/<id>.ts) turns tables and selections into a Figure.
// Pages, /embed/<id> pages, ?embed=, the JS module export, PNG, SVG and the figure panel all take a Figure;
// nothing else composes one.
import type {FactRow} from "../components/facts/facts.js";

/** One column of the figure's displayed data, for the Table tab, the CSV downloads and the metadata JSON. */
export interface FigureColumn {
  key: string;
  label: string;
  /** The unit of the values ("sinkhole hits", "unique IP addresses", "% of NHS devices", …), or "" for labels. */
  unit: string;
  type: "string" | "number" | "date";
}

export type FigureRow = Record<string, string | number | Date | null>;

export interface Figure {
  /** Stable id: anchors, /embed/<id>, download names, ?figure= URL state. */
  id: string;
  title: string;
  subtitle?: string;
  /** Where the figures come from, as plain text (drawn into images and embeds). */
  source: string;
  /** Published rows the figure draws; the Sources tab lists each with its quote, date and verification status. */
  cites: FactRow[];
  /** True when any series comes from modelled data (from the incident, never hard-coded). */
  modelled: boolean;
  /** What a reader should know: assumptions, units, caveats (the Sources tab). */
  caveats: string[];
  /** The figure's main finding in numbers, generated from its data; its text alternative. */
  summary: string;
  /** The Explore query that reproduces the full data, when one exists. */
  query?: string;
  /** The displayed data (what the chart draws, after filters), with its columns. */
  columns: FigureColumn[];
  rows: FigureRow[];
  /** The full dataset behind the figure (before the selection), when it differs from rows. */
  fullRows?: FigureRow[];
  /** Draws the chart alone (no title or source: the chrome adds them) at this width. */
  draw(width: number, options?: {standalone?: boolean}): Element;
  /** Numbered keys and legends that an image must carry to stand alone (e.g. the event list). */
  legend?(width: number): Element | null;
}
