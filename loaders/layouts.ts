// Report layouts: header names → canonical fields. Columns are matched by name, never by position,
// so reordered or added columns still work. detectLayout() names the layout or explains why none fits.
import {InputError} from "./errors.ts";

/** The canonical fields an input row is reduced to (RawRow keys). */
export type Field = "timestamp" | "ip" | "country" | "naics" | "sector" | "family" | "infection" | "tag" | "hits";

export interface Layout {
  id: "shadowserver-event-sinkhole" | "shadowserver-drone-legacy" | "normalised-events";
  title: string;
  /** Header name → field, for the headers this layout uses. */
  columns: Partial<Record<Field, string>>;
  /** Fields whose header must be present. */
  required: Field[];
}

export const LAYOUTS: Layout[] = [
  {
    id: "shadowserver-event-sinkhole",
    title: "Shadowserver event4_sinkhole / event6_sinkhole (and _http)",
    columns: {
      timestamp: "timestamp", ip: "src_ip", country: "src_geo", naics: "src_naics", sector: "src_sector",
      family: "family", infection: "infection", tag: "tag"
    },
    required: ["timestamp", "ip", "country", "infection"]
  },
  {
    id: "shadowserver-drone-legacy",
    title: "Shadowserver botnet_drone (legacy, 2017-era)",
    columns: {
      timestamp: "timestamp", ip: "ip", country: "geo", naics: "naics", sector: "sector",
      family: "family", infection: "infection", tag: "tag", hits: "count"
    },
    required: ["timestamp", "ip", "country", "infection"]
  },
  {
    id: "normalised-events",
    title: "Incident Atlas normalised events CSV",
    columns: {
      timestamp: "timestamp", ip: "src_ip", country: "country", naics: "naics", sector: "sector",
      family: "family", hits: "hits"
    },
    required: ["timestamp", "ip", "country", "family", "hits"]
  }
];

/** Headers that tell the layouts apart (checked in order). */
const SIGNATURES: Array<[Layout["id"], string[]]> = [
  ["shadowserver-event-sinkhole", ["src_ip", "src_geo", "infection"]],
  ["shadowserver-drone-legacy", ["ip", "geo", "infection"]],
  ["normalised-events", ["src_ip", "country", "family", "hits"]]
];

/** The column name a layout uses for a field, if it has one. */
export function columnFor(layout: Layout, field: Field): string | undefined {
  return layout.columns[field];
}

/** Picks the layout from a header row, or throws an InputError naming what is missing. */
export function detectLayout(headers: string[], file: string): Layout {
  const names = new Set(headers.map((h) => h.trim().toLowerCase()));
  for (const [id, signature] of SIGNATURES) {
    if (signature.every((name) => names.has(name))) {
      const layout = LAYOUTS.find((l) => l.id === id);
      if (layout === undefined) break;
      const missing = layout.required.map((f) => layout.columns[f] ?? f).filter((c) => !names.has(c));
      if (missing.length > 0) {
        throw new InputError(file, 1, missing[0] ?? null, `missing required column(s) ${missing.join(", ")} for layout ${layout.id}`);
      }
      return layout;
    }
  }
  const known = SIGNATURES.map(([id, sig]) => `${id} (${sig.join(", ")})`).join("; ");
  throw new InputError(file, 1, null, `wrong report type: the header matches no supported layout; expected the columns of one of: ${known}`);
}
