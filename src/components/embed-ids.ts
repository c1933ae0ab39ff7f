// Ids of the charts that can be embedded (src/embed/charts.js defines them; observablehq.config.ts
// builds one /embed/<id> page for each). A chartFigure whose id is listed gets "Copy embed code".
// No imports: the config file reads this list in Node.
export const EMBED_IDS = ["proof-detections"] as const;

export type EmbedId = (typeof EMBED_IDS)[number];
