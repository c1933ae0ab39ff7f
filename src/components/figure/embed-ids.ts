// The charts that can be embedded, with the URL parameters (selections) each accepts. src/embed/charts.js
// defines how each is drawn; observablehq.config.ts builds one /embed/<id> page for each. A chartFigure
// whose id is listed here gets "Copy embed code", carrying the page's current selections for these names.
// No imports: the config file reads this list in Node.
export const EMBED_CHARTS = {
  "countries-map": ["metric", "scale", "country"],
  "timeline-hourly": ["from", "to"],
  "sectors-bars": ["sectors"],
  "proof-detections": ["minimum"]
} as const satisfies Record<string, readonly string[]>;

export type EmbedId = keyof typeof EMBED_CHARTS;

export const EMBED_IDS = Object.keys(EMBED_CHARTS) as EmbedId[];

/** Charts that belong to a case-study page: built (and embeddable) only for an incident that lists the page. */
export const EMBED_CASE_STUDY: Partial<Record<EmbedId, string>> = {"proof-detections": "/proof"};

/** The embeddable charts of an incident with these case-study page paths. */
export function embedIdsFor(pages: readonly string[]): EmbedId[] {
  return EMBED_IDS.filter((id) => {
    const page = EMBED_CASE_STUDY[id];
    return page === undefined || pages.includes(page);
  });
}
