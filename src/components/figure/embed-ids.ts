// The charts that have a dedicated /embed/<id> page; observablehq.config.ts builds one for each. Their selections (URL
// parameters) are the params of the figure's module in the registry (src/figures/<id>.ts), which "Copy embed code"
// carries for every figure. No imports: the config file reads this list in Node.
export const EMBED_IDS = ["countries-map", "timeline-hourly", "sectors-bars", "proof-detections"] as const;

export type EmbedId = (typeof EMBED_IDS)[number];

/** Charts that belong to a case-study page: built (and embeddable) only for an incident that lists the page. */
export const EMBED_CASE_STUDY: Partial<Record<EmbedId, string>> = {"proof-detections": "/proof"};

/** The embeddable charts of an incident with these case-study page paths. */
export function embedIdsFor(pages: readonly string[]): EmbedId[] {
  return EMBED_IDS.filter((id) => {
    const page = EMBED_CASE_STUDY[id];
    return page === undefined || pages.includes(page);
  });
}
