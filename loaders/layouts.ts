// Report layouts: header names → canonical fields. Columns are matched by name, never by position,
// so reordered or added columns still work. detectLayout() names the layout or explains why none fits: a header
// that looks like a Shadowserver report that is not about infected machines (http_referer, honeypot, scan, …)
// is refused by name. Field lists: Shadowserver's report documentation as mirrored by IntelMQ's shadowserver
// parser (docs/data-schema.md, "Input formats").
import {InputError} from "./errors.ts";
import type {FamilyField} from "./families.ts";

/** The canonical fields an input row is reduced to (RawRow keys). */
export type Field = "timestamp" | "ip" | "country" | "naics" | "sector" | "family" | "infection" | "type" | "tag" | "hits";

export type LayoutId = "shadowserver-event-sinkhole" | "shadowserver-event-sinkhole-http" | "shadowserver-drone-legacy"
  | "shadowserver-sinkhole-http-legacy" | "normalised-events";

export interface Layout {
  id: LayoutId;
  title: string;
  /** The Shadowserver report names (or formats) with this header. */
  reports: string[];
  /** Header name → field, for the headers this layout uses. */
  columns: Partial<Record<Field, string>>;
  /** Fields whose header must be present; besides them, at least one of the family fields. */
  required: Field[];
  /** The fields a row's family may come from, in the order they win (families.ts FAMILY_FIELDS order). */
  familyFields: FamilyField[];
  /** Headers that identify the layout (all present): the family columns are not among them, any one of them will do. */
  signature: string[];
  /** Headers that rule the layout out (a header with any of them is another layout's). */
  unless?: string[];
}

const EVENT_COLUMNS: Layout["columns"] = {
  timestamp: "timestamp", ip: "src_ip", country: "src_geo", naics: "src_naics", sector: "src_sector",
  infection: "infection", family: "family", tag: "tag"
};

/** Checked in this order: the first whose signature is all present is the layout. */
export const LAYOUTS: Layout[] = [
  {
    id: "shadowserver-event-sinkhole-http",
    title: "Shadowserver sinkhole HTTP events (event4/event6_sinkhole_http, event4_microsoft_sinkhole_http)",
    reports: ["event4_sinkhole_http", "event6_sinkhole_http", "event4_microsoft_sinkhole_http"],
    columns: EVENT_COLUMNS,
    required: ["timestamp", "ip", "country"],
    familyFields: ["infection", "family", "tag"],
    signature: ["src_ip", "src_geo", "http_url"]
  },
  {
    id: "shadowserver-event-sinkhole",
    title: "Shadowserver sinkhole events (event4/event6_sinkhole, event4_microsoft_sinkhole)",
    reports: ["event4_sinkhole", "event6_sinkhole", "event4_microsoft_sinkhole"],
    columns: EVENT_COLUMNS,
    required: ["timestamp", "ip", "country"],
    familyFields: ["infection", "family", "tag"],
    signature: ["src_ip", "src_geo"]
  },
  {
    id: "shadowserver-sinkhole-http-legacy",
    title: "Shadowserver sinkhole_http_drone / microsoft_sinkhole (legacy)",
    reports: ["sinkhole_http_drone", "microsoft_sinkhole"],
    // The family is in `type` (e.g. "downadup", "b68-zeroaccess-1-64bit"); one row per request, no count column.
    columns: {timestamp: "timestamp", ip: "ip", country: "geo", naics: "naics", sector: "sector", type: "type"},
    required: ["timestamp", "ip", "country"],
    familyFields: ["type"],
    signature: ["ip", "geo", "http_host"],
    // botnet_drone has `infection` and no `http_host`: a header with both is a drone report's.
    unless: ["infection"]
  },
  {
    id: "shadowserver-drone-legacy",
    title: "Shadowserver botnet_drone (legacy, 2017-era)",
    reports: ["botnet_drone"],
    // `type` here is the transport protocol (tcp/udp), not a family.
    columns: {timestamp: "timestamp", ip: "ip", country: "geo", naics: "naics", sector: "sector", infection: "infection", family: "family", tag: "tag", hits: "count"},
    required: ["timestamp", "ip", "country"],
    familyFields: ["infection", "family", "tag"],
    signature: ["ip", "geo"]
  },
  {
    id: "normalised-events",
    title: "Incident Atlas normalised events CSV",
    reports: [],
    columns: {timestamp: "timestamp", ip: "src_ip", country: "country", naics: "naics", sector: "sector", family: "family", hits: "hits"},
    required: ["timestamp", "ip", "country", "hits"],
    familyFields: ["family"],
    signature: ["src_ip", "country", "hits"]
  }
];

/**
 * Shadowserver reports that are not about infected machines, told apart by columns the infection reports never have.
 * Checked before LAYOUTS: several share the sinkhole columns (the event4_honeypot_* reports have every
 * event4_sinkhole column plus their own).
 */
export const LOOKALIKES: Array<{report: string; about: string; all: string[]; none?: string[]}> = [
  {report: "event4_sinkhole_http_referer / event6_sinkhole_http_referer", about: "web sites that referred visitors to a sinkhole",
    all: ["http_referer_ip", "http_referer_geo"], none: ["src_ip", "ip"]},
  {report: "event4_sinkhole_dns", about: "DNS lookups of sinkholed domains, whose source is often a resolver rather than the infected machine",
    all: ["src_ip", "query", "query_type"]},
  {report: "event4_honeypot_ddos_amp", about: "amplification DDoS traffic seen by honeypots", all: ["src_ip", "request", "bytes"]},
  {report: "event4_honeypot_ddos / event4_honeypot_ddos_target / event4_ddos_participant", about: "DDoS attacks and the machines taking part in or targeted by them",
    all: ["src_ip", "attack"]},
  {report: "event4_honeypot_brute_force", about: "brute-force login attempts on honeypots", all: ["src_ip", "username", "password"]},
  {report: "event4_honeypot_http_scan", about: "HTTP scans seen by honeypots", all: ["src_ip", "pattern", "http_request_method"]},
  {report: "event4_honeypot_*_scan (smb, rdp, adb, ikev2, rocketmq, …)", about: "scans and exploit attempts seen by honeypots",
    all: ["src_ip", "target_class"]},
  {report: "event4_honeypot_ics_scan", about: "industrial-protocol scans seen by honeypots", all: ["src_ip", "function_code"]},
  {report: "event4_honeypot_darknet", about: "traffic to unused (darknet) addresses", all: ["src_ip", "infection", "count"]},
  {report: "event4_ip_spoofer / caida_ip_spoofer", about: "networks that allow spoofed source addresses", all: ["routedspoof"]},
  {report: "spam_url", about: "URLs in spam and the machines that sent it", all: ["url", "sender"]},
  {report: "drone_brute_force", about: "brute-force login attempts", all: ["ip", "username", "password"]},
  {report: "blocklist", about: "addresses on a blocklist", all: ["ip", "reason", "source"], none: ["infection"]},
  {report: "compromised_iot / compromised_website", about: "compromised devices and web sites found by scanning", all: ["ip", "category", "detail"]},
  {report: "sandbox_conn / sandbox_url", about: "connections made by malware samples in a sandbox", all: ["ip", "md5"], none: ["infection"]},
  {report: "malware_url", about: "URLs that serve malware", all: ["ip", "url", "sha256"], none: ["infection"]},
  {report: "sandbox_dns", about: "DNS lookups made by malware samples in a sandbox", all: ["md5", "request", "response"]},
  {report: "ransomware_victim", about: "organisations named on ransomware leak sites", all: ["entity_name", "leak_site_url"]},
  {report: "compromised_account", about: "leaked account credentials", all: ["email", "username"]},
  {report: "sinkhole_dns", about: "DNS queries for sinkholed domains", all: ["ip", "query", "response"]},
  {report: "darknet (legacy)", about: "traffic to unused (darknet) addresses", all: ["ip", "dst_ip", "count"], none: ["infection", "http_host"]},
  {report: "hp_* honeypot (legacy)", about: "traffic seen by honeypots", all: ["ip", "sensorid"]},
  {report: "scan_* / population_* / device_id / special", about: "exposed or vulnerable services and devices found by scanning",
    all: ["ip", "port", "tag"], none: ["infection", "http_host"]}
];

/** The column name a layout uses for a field, if it has one. */
export function columnFor(layout: Layout, field: Field): string | undefined {
  return layout.columns[field];
}

const SUPPORTED = LAYOUTS.map((l) => `${l.id} (${neededColumns(l).map((options) => options.join("/")).join(", ")})`).join("; ");

/** Picks the layout from a header row, or throws an InputError naming what is missing or what the file looks like. */
export function detectLayout(headers: string[], file: string): Layout {
  const names = new Set(headers.map((h) => h.trim().toLowerCase()));
  for (const look of LOOKALIKES) {
    if (look.all.every((n) => names.has(n)) && !(look.none ?? []).some((n) => names.has(n))) {
      const has = [...look.all, ...(look.none ?? []).map((n) => `no ${n}`)].join(", ");
      throw new InputError(file, 1, null, `wrong report type: looks like a Shadowserver ${look.report} report (has ${has}), which lists ${look.about}, `
        + `not infected machines; supported infection reports: ${LAYOUTS.flatMap((l) => l.reports).join(", ")} (or the normalised events layout)`);
    }
  }
  const layout = LAYOUTS.find((l) => l.signature.every((name) => names.has(name)) && !(l.unless ?? []).some((name) => names.has(name)));
  if (layout !== undefined) {
    const missing = missingColumns(layout, names);
    if (missing.length > 0) throw missingError(file, layout, missing);
    return layout;
  }
  // No layout's identifying columns are all there: name what the nearest layout lacks, when the header has at least
  // half of the columns that layout needs (a report with a column dropped or renamed), else list the layouts.
  const nearest = LAYOUTS.map((l) => ({l, missing: missingColumns(l, names), needed: neededColumns(l).length}))
    .sort((a, b) => a.missing.length - b.missing.length || b.needed - a.needed)[0];
  if (nearest !== undefined && nearest.missing.length * 2 <= nearest.needed) throw missingError(file, nearest.l, nearest.missing);
  throw new InputError(file, 1, null, `wrong report type: the header matches no supported layout; expected the columns of one of: ${SUPPORTED}`);
}

/** The columns a layout needs: its identifying and required columns, and its family columns (any one of them). */
function neededColumns(layout: Layout): string[][] {
  const single = [...new Set([...layout.signature, ...layout.required.map((f) => layout.columns[f] ?? f)])].map((c) => [c]);
  return [...single, layout.familyFields.map((f) => layout.columns[f] ?? f)];
}

/** What a layout needs that the header lacks, each as its alternatives ("infection", "family", "tag" for the family). */
function missingColumns(layout: Layout, names: Set<string>): string[][] {
  return neededColumns(layout).filter((options) => !options.some((c) => names.has(c)));
}

function missingError(file: string, layout: Layout, missing: string[][]): InputError {
  const list = missing.map((options) => options.length === 1 ? options[0] : `one of ${options.join(", ")}`).join("; ");
  return new InputError(file, 1, missing[0]?.[0] ?? null, `missing required column(s) ${list} for layout ${layout.id} (${layout.reports.join(", ") || layout.title})`);
}
