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
  missing: "var(--theme-foreground-faintest, #dfe0e0)"
} as const;

/**
 * The site's theme colours as CSS variables WITH the light theme's values as fallbacks: inside the site they
 * follow the theme (light or dark); in a module embed on a plain page (no --theme-* variables) they fall back to
 * the light theme, so countries with no data, the sphere and the event markers never turn black or vanish.
 * The fallbacks are Framework's air theme as the site's style.css adjusts it (test/e2e/embed.test.ts compares them).
 */
export const THEME = {
  background: "var(--theme-background, #ffffff)",
  foreground: "var(--theme-foreground, #1b1e23)",
  faint: "var(--theme-foreground-faint, #6b6d70)",
  faintest: "var(--theme-foreground-faintest, #dfe0e0)",
  focus: "var(--theme-foreground-focus, #3b5fc0)"
} as const;

/** Sequential scheme for magnitudes (maps, heatmaps): perceptually uniform and CVD-safe. */
export const SEQUENTIAL_SCHEME = "viridis";

/** Colour for "before" and "after" the kill switch. */
export const BEFORE_AFTER: Record<"before" | "during" | "after", string> = {
  before: "#0072B2",
  during: "#999999",
  after: "#D55E00"
};
