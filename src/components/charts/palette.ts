// Colour-blind-safe colours for every chart (Okabe & Ito 2008; sequential schemes from viridis).
// Each colour keeps enough contrast on both the light (air) and dark (near-midnight) themes.

/** Okabe–Ito categorical palette, without black (invisible on the dark theme). */
export const CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"] as const;

/** Named roles so each page uses the same colour for the same idea. */
export const COLORS = {
  /** The main series (sinkhole hits, unique IPs). */
  primary: "#0072B2",
  /** A highlighted selection (the chosen country, the brushed window). */
  highlight: "#E69F00",
  /** The kill-switch registration window and "after" values. */
  killSwitch: "#D55E00",
  /** Published events and published figures. */
  event: "#009E73",
  /** Modelled series, drawn dashed as well as coloured. */
  modelled: "#CC79A7",
  /** No data. */
  missing: "var(--theme-foreground-faintest)"
} as const;

/** Sequential scheme for magnitudes (maps, heatmaps): perceptually uniform and CVD-safe. */
export const SEQUENTIAL_SCHEME = "viridis";

/** Colour for "before" and "after" the kill switch. */
export const BEFORE_AFTER: Record<"before" | "during" | "after", string> = {
  before: "#0072B2",
  during: "#999999",
  after: "#D55E00"
};
