// Incident configuration: data/incidents/<id>/incident.json, validated into a typed Incident.
import {readFileSync, readdirSync, existsSync} from "node:fs";
import {join, resolve} from "node:path";
import {ConfigError} from "./errors.ts";
import {dataPath, ROOT} from "./paths.ts";
import {familyNames, matchFamily, parseFamilies, type FamilySpec} from "./families.ts";

export interface KeyEvent {
  /** Row id in data/published/timeline.csv, if the event is a published fact. */
  event_id: string | null;
  /** When to draw it (ISO 8601 with Z). */
  at: string;
  label: string;
}

export interface ModelSpec {
  rows: number;
  seed: number;
  /** Path of the model parameters file, relative to the incident folder. */
  params: string;
}

export interface KillSwitch {
  start: string;
  end: string;
  event_ids: string[];
  note: string;
  /** The kill-switch domain, when the incident has one and it is to be named (optional). */
  domain: string | null;
}

/** The vulnerability the incident exploited; pages draw the patch gap only when it is set. */
export interface Vulnerability {
  /** Advisory or CVE id, e.g. "MS17-010". */
  id: string;
  title: string;
  /** Date the patch was released (YYYY-MM-DD). */
  patch_date: string;
  /** Rows of data/published/timeline.csv that source the patch and the exploit. */
  event_ids: string[];
}

/** A cited row with the incident's own words for it ("the attack started in the UK and Spain"). */
export interface ReportClaim {
  row: string;
  text: string;
}

/**
 * The roles of the published rows the generic pages show (incident.json "report", optional): the pages pick rows by
 * role, never by id. Every id must be a row of a table the incident lists in "published" (checked in
 * loaders/published.ts incidentForPages). A role left out means the pages show nothing of that part.
 */
export interface ReportRoles {
  /** The published totals set beside the data's: total hits and unique IPs. */
  published_totals: {hits: string | null; unique_ips: string | null};
  /** Machines (not IPs): disrupted before the kill switch, affected after it, the official count. */
  machines: {before: string | null; after: string | null; official: string | null};
  /** A row whose `countries` column says how many countries the incident reached. */
  reach: string | null;
  /** The timeline row of the outbreak's start. */
  outbreak_start: string | null;
  /** Published points of the early spread (before the sinkhole existed), in table order. */
  early_spread: string[];
  /** The published figure for the most affected country. */
  top_country: string | null;
  /** The timeline row of the exploit's publication (the patch is "vulnerability.event_ids"[0]). */
  exploit_public: string | null;
  /** Where the exploit came from, in the incident's words. */
  exploit_origin: ReportClaim | null;
  /** Timeline rows of patches for unsupported systems released during the outbreak. */
  unsupported_patches: string[];
  /** The ransom wallets: the balance at withdrawal and what had been withdrawn before. */
  ransom: {balance: string | null; withdrawn_before: string | null};
  /** The headline impact figure on organisations and the press release that gave another count. */
  impact: {figure: string | null; press_release: string | null};
  /** A statement the incident's case study tests point by point: its page, who made it, its points, the verdict in brief. */
  statement: {page: string; by: string; points: ReportClaim[]; verdict: string} | null;
}

/** One of the incident's own case-study pages (src/<path>.md), in navigation order. */
export interface CaseStudyPage {
  path: string;
  name: string;
}

export interface Incident {
  id: string;
  /** Short name: the sidebar section heading and page headings ("WannaCry"). */
  name: string;
  title: string;
  description: string;
  /** The canonical (lower-case) names of the incident's families. */
  families: string[];
  /** The families with their aliases and prefixes (families.ts): what rows are matched against. */
  family_specs: FamilySpec[];
  window: {start: string; end: string};
  kill_switch: KillSwitch | null;
  vulnerability: Vulnerability | null;
  key_events: KeyEvent[];
  /** Fact tables of data/published/ that this incident cites ([] = none). */
  published: string[];
  /** The incident's case-study pages, built only for this incident. */
  pages: CaseStudyPage[];
  /** inputs: the input files and folders (CSV or Parquet); databases: the IntelMQ EventDB inputs (eventdb.ts). */
  data: {modelled: boolean; label: string; scale: number; model: ModelSpec | null; inputs: string[]; databases: DbInput[]};
  /** Roles of the published rows the generic pages show; null = the pages show none of those parts. */
  report: ReportRoles | null;
  validation: {rejection_threshold: number; dedupe: boolean};
  /** Absolute path of the incident folder (not in the JSON). */
  dir: string;
}

export const DEFAULT_INCIDENT = "wannacry-2017";

/** The incident chosen by the INCIDENT environment variable (default wannacry-2017). */
export function activeIncidentId(): string {
  return process.env.INCIDENT?.trim() || DEFAULT_INCIDENT;
}

/** A page every incident gets (src/<path>.md) and its sidebar group: the report section or "For analysts". */
export interface GenericPage extends CaseStudyPage {
  group: "report" | "analysts";
}

/**
 * The published tables a case-study page reads, as its front matter declares them (`cites: [nhs_figures, timeline]`
 * in src/<path>.md); [] for a page that declares none or does not exist.
 */
export function pageCites(path: string, root: string = ROOT): string[] {
  const file = join(root, "src", `${path.slice(1)}.md`);
  if (!existsSync(file)) return [];
  const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(file, "utf-8"))?.[1] ?? "";
  const list = /^cites:\s*\[([^\]]*)\]\s*$/m.exec(front)?.[1] ?? "";
  return list.split(",").map((t) => t.trim()).filter((t) => t !== "");
}

/** The generic pages in sidebar order (after the home page "/"); an incident's `pages` may not list them. */
export const GENERIC_PAGES: GenericPage[] = [
  {path: "/countries", name: "Countries", group: "report"},
  {path: "/sectors", name: "Sectors", group: "report"},
  {path: "/timeline", name: "Timeline", group: "report"},
  {path: "/methodology", name: "Methodology", group: "report"},
  {path: "/sources", name: "Sources", group: "report"},
  {path: "/explore", name: "Explore (SQL)", group: "analysts"},
  {path: "/data", name: "Data and downloads", group: "analysts"}
];

/** The sidebar heading of an incident: its short name and the month(s) of its window ("WannaCry, May 2017"). */
export function incidentPeriod(window: {start: string; end: string}): string {
  const month = (d: Date) => d.toLocaleString("en-GB", {month: "long", year: "numeric", timeZone: "UTC"});
  const start = new Date(window.start);
  // The window's end is exclusive: a window ending at midnight on 1 June is a May window.
  const last = new Date(Date.parse(window.end) - 1);
  const a = month(start), b = month(last);
  if (a === b) return a;
  if (start.getUTCFullYear() === last.getUTCFullYear()) return `${start.toLocaleString("en-GB", {month: "long", timeZone: "UTC"})}–${b}`;
  return `${a}–${b}`;
}

/** Fact tables in data/published/ that an incident may cite (one CSV each). */
export const PUBLISHED_TABLES = ["headline_totals", "country_figures", "sector_impacts", "timeline", "nhs_figures",
  "os_breakdown", "ransom_bitcoin", "microsoft_statement", "sources"] as const;

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const PAGE_PATH = /^\/[a-z0-9][a-z0-9-]*$/;

/**
 * Whether an ISO 8601 UTC text (ISO_Z) names a real moment as written: Date.parse() rolls 2021-02-30 over into
 * March and 24:00 into the next day, so the parsed time must print back to the same digits.
 */
function realUtc(v: string): boolean {
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return false;
  const back = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return back.slice(0, 16) === v.slice(0, 16) && (v.length === 17 || back.slice(16, 19) === v.slice(16, 19));
}

/** Reads fields of one object of incident.json; every message names the file and the field's full path. */
/**
 * An IntelMQ EventDB input: {"db": "env:NAME", "where": "SQL condition", "table": "events"}. The connection string
 * (host, database, user) is in the environment variable NAME, and the password in it or in PGPASSWORD: never in a
 * file of the repository, and never in the built site (the pages get this config).
 */
export interface DbInput {db: string; where?: string; table?: string}

const ENV_NAME = /^env:[A-Za-z_][A-Za-z0-9_]*$/;

/** data.inputs: file or folder paths, and EventDB entries. */
function parseInputs(d: Fields): {inputs: string[]; databases: DbInput[]} {
  if (!d.has("inputs")) return {inputs: [], databases: []};
  const list = d.o.inputs;
  if (!Array.isArray(list)) d.fail("inputs", `must be an array of file paths and {"db": "env:NAME"} entries`);
  const inputs: string[] = [];
  const databases: DbInput[] = [];
  (list as unknown[]).forEach((v, i) => {
    if (typeof v === "string" && v !== "") { inputs.push(v); return; }
    if (v === null || typeof v !== "object" || Array.isArray(v)) d.fail(`inputs[${i}]`, `must be a file path or {"db": "env:NAME", "where": "…"}, got ${JSON.stringify(v)}`);
    const e = new Fields(d.file, v as Record<string, unknown>, `${d.at}inputs[${i}].`).only(["db", "where", "table"]);
    const db = e.str("db");
    if (!ENV_NAME.test(db)) {
      e.fail("db", `must be "env:NAME", the environment variable that holds the connection string: credentials and host names stay out of the repository and the site`);
    }
    const table = e.optStr("table");
    if (table !== "" && !/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(table)) e.fail("table", `must be a table name such as events or schema.events, got ${JSON.stringify(table)}`);
    const where = e.optStr("where");
    databases.push({db, ...(where === "" ? {} : {where}), ...(table === "" ? {} : {table})});
  });
  return {inputs, databases};
}

class Fields {
  constructor(readonly file: string, readonly o: Record<string, unknown>, readonly at = "") {}
  path(key: string): string {
    return `"${this.at}${key}"`;
  }
  fail(key: string, reason: string): never {
    throw new ConfigError(this.file, `${this.path(key)} ${reason}`);
  }
  has(key: string): boolean {
    return this.o[key] !== undefined && this.o[key] !== null;
  }
  str(key: string): string {
    const v = this.o[key];
    if (typeof v !== "string" || v.trim() === "") this.fail(key, "must be a non-empty string");
    return v as string;
  }
  optStr(key: string, fallback = ""): string {
    if (!this.has(key)) return fallback;
    const v = this.o[key];
    if (typeof v !== "string") this.fail(key, `must be a string, got ${JSON.stringify(v)}`);
    return v as string;
  }
  time(key: string): string {
    const v = this.str(key);
    if (!ISO_Z.test(v) || Number.isNaN(Date.parse(v))) this.fail(key, `must be ISO 8601 UTC with Z, got ${JSON.stringify(v)}`);
    if (!realUtc(v)) this.fail(key, `is not a real date and time (hours 00–23, minutes and seconds 00–59, a day the month has), got ${JSON.stringify(v)}`);
    return v;
  }
  day(key: string): string {
    const v = this.str(key);
    if (!ISO_DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) this.fail(key, `must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
    if (!realUtc(`${v}T00:00Z`)) this.fail(key, `is not a real date (a day the month has), got ${JSON.stringify(v)}`);
    return v;
  }
  strings(key: string): string[] {
    if (!this.has(key)) return [];
    const v = this.o[key];
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string" && s !== "")) this.fail(key, "must be an array of non-empty strings");
    return v as string[];
  }
  /** Fails on a key not in `known` (a typo would otherwise be dropped silently). */
  only(known: string[]): this {
    const extra = Object.keys(this.o).find((k) => !known.includes(k));
    if (extra !== undefined) this.fail(extra, `is not a known field here (${known.join(", ")})`);
    return this;
  }
  optId(key: string): string | null {
    return this.has(key) ? this.str(key) : null;
  }
  object(key: string): Fields {
    const v = this.o[key];
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(key, "must be an object");
    return new Fields(this.file, v as Record<string, unknown>, `${this.at}${key}.`);
  }
  list(key: string): Fields[] {
    if (!this.has(key)) return [];
    const v = this.o[key];
    if (!Array.isArray(v)) this.fail(key, "must be an array");
    return (v as unknown[]).map((e, i) => {
      if (typeof e !== "object" || e === null || Array.isArray(e)) this.fail(`${key}[${i}]`, "must be an object");
      return new Fields(this.file, e as Record<string, unknown>, `${this.at}${key}[${i}].`);
    });
  }
}

const REPORT_KEYS = ["published_totals", "machines", "reach", "outbreak_start", "early_spread", "top_country", "exploit_public",
  "exploit_origin", "unsupported_patches", "ransom", "impact", "statement"];

function parseReport(r: Fields, pages: CaseStudyPage[]): ReportRoles {
  r.only(REPORT_KEYS);
  const sub = (key: string, keys: string[]): Fields => r.has(key) ? r.object(key).only(keys) : new Fields(r.file, {}, `${r.at}${key}.`);
  const claim = (c: Fields): ReportClaim => (c.only(["row", "text"]), {row: c.str("row"), text: c.str("text")});
  const t = sub("published_totals", ["hits", "unique_ips"]);
  const m = sub("machines", ["before", "after", "official"]);
  const ransom = sub("ransom", ["balance", "withdrawn_before"]);
  const impact = sub("impact", ["figure", "press_release"]);
  let statement: ReportRoles["statement"] = null;
  if (r.has("statement")) {
    const s = r.object("statement").only(["page", "by", "points", "verdict"]);
    const page = s.str("page");
    if (!pages.some((p) => p.path === page)) s.fail("page", `is ${JSON.stringify(page)}, not one of the incident's "pages"`);
    const points = s.list("points").map(claim);
    if (points.length === 0) s.fail("points", "must list at least one {row, text}");
    statement = {page, by: s.str("by"), points, verdict: s.optStr("verdict")};
  }
  return {
    published_totals: {hits: t.optId("hits"), unique_ips: t.optId("unique_ips")},
    machines: {before: m.optId("before"), after: m.optId("after"), official: m.optId("official")},
    reach: r.optId("reach"),
    outbreak_start: r.optId("outbreak_start"),
    early_spread: r.strings("early_spread"),
    top_country: r.optId("top_country"),
    exploit_public: r.optId("exploit_public"),
    exploit_origin: r.has("exploit_origin") ? claim(r.object("exploit_origin")) : null,
    unsupported_patches: r.strings("unsupported_patches"),
    ransom: {balance: ransom.optId("balance"), withdrawn_before: ransom.optId("withdrawn_before")},
    impact: {figure: impact.optId("figure"), press_release: impact.optId("press_release")},
    statement
  };
}

/** Every row id the report block names, with its field path ("report.machines.before"), for checking against the tables. */
export function reportRowIds(report: ReportRoles | null): [field: string, id: string][] {
  if (report === null) return [];
  const out: [string, string][] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") out.push([path, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        // Only ids: a claim's words, the statement's page and verdict are not rows.
        if (k === "text" || k === "page" || k === "by" || k === "verdict") continue;
        walk(v, `${path}.${k}`);
      }
    }
  };
  walk(report, "report");
  return out;
}

/** Validates parsed JSON as an Incident. */
export function parseIncident(json: unknown, file: string, dir: string): Incident {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ConfigError(file, "incident.json must be an object");
  const f = new Fields(file, json as Record<string, unknown>);
  const o = f.o;
  const family_specs = parseFamilies(o.families, file);
  const w = f.object("window");
  const window = {start: w.time("start"), end: w.time("end")};
  if (Date.parse(window.start) >= Date.parse(window.end)) w.fail("start", `must be before "window.end"`);
  let kill: KillSwitch | null = null;
  if (f.has("kill_switch")) {
    const k = f.object("kill_switch");
    kill = {start: k.time("start"), end: k.time("end"), event_ids: k.strings("event_ids"), note: k.optStr("note"), domain: k.has("domain") ? k.str("domain") : null};
    if (Date.parse(kill.start) > Date.parse(kill.end)) k.fail("start", `must not be after "kill_switch.end"`);
  }
  let vulnerability: Vulnerability | null = null;
  if (f.has("vulnerability")) {
    const v = f.object("vulnerability");
    vulnerability = {id: v.str("id"), title: v.optStr("title"), patch_date: v.day("patch_date"), event_ids: v.strings("event_ids")};
  }
  const key_events = f.list("key_events").map((e) => {
    const at = e.time("at");
    // The timeline shows the window only: an event outside it would be left off without a word.
    if (!(Date.parse(at) >= Date.parse(window.start) && Date.parse(at) < Date.parse(window.end))) {
      e.fail("at", `is ${at}, outside the incident's window (from "window.start" ${window.start} to "window.end" ${window.end}, end excluded): the timeline shows only the window`);
    }
    return {event_id: e.has("event_id") ? e.str("event_id") : null, at, label: e.str("label")};
  });
  const published = f.strings("published");
  published.forEach((name, i) => {
    if (!(PUBLISHED_TABLES as readonly string[]).includes(name)) f.fail(`published[${i}]`, `is ${JSON.stringify(name)}, not a table of data/published/ (${PUBLISHED_TABLES.join(", ")})`);
  });
  const generic = new Set(["/", ...GENERIC_PAGES.map((p) => p.path)]);
  const pages = f.list("pages").map((p, i) => {
    const path = p.str("path");
    if (!PAGE_PATH.test(path)) p.fail("path", `must be "/" and lower-case letters, digits and dashes, got ${JSON.stringify(path)}`);
    if (generic.has(path)) p.fail("path", `is ${path}, a page every incident has; list only case-study pages`);
    if (f.list("pages").slice(0, i).some((q) => q.o.path === path)) p.fail("path", `lists ${path} twice`);
    // A case-study page reads the published tables it cites: without them its every cell would fail.
    const missing = pageCites(path).filter((table) => !published.includes(table));
    if (missing.length > 0) p.fail("path", `is ${path}, whose page reads the published tables ${missing.join(", ")}: list them in "published" or leave the page out`);
    return {path, name: p.str("name")};
  });
  const report = f.has("report") ? parseReport(f.object("report"), pages) : null;
  const d = f.object("data");
  if (typeof d.o.modelled !== "boolean") d.fail("modelled", "must be true or false");
  const scale = d.has("scale") ? Number(d.o.scale) : 1;
  if (!Number.isFinite(scale) || scale <= 0) d.fail("scale", `must be a positive number, got ${JSON.stringify(d.o.scale)}`);
  let model: ModelSpec | null = null;
  if (d.has("model")) {
    const m = d.object("model");
    const rows = Number(process.env.ATLAS_MODEL_ROWS ?? m.o.rows);
    if (!(Number.isInteger(rows) && rows > 0 && rows <= 10_000_000)) m.fail("rows", "must be an integer from 1 to 10000000");
    if (!Number.isInteger(m.o.seed)) m.fail("seed", "must be an integer");
    model = {rows, seed: Number(m.o.seed), params: m.str("params")};
  }
  const {inputs, databases} = parseInputs(d);
  if (model === null && inputs.length === 0 && databases.length === 0) d.fail("inputs", `must list at least one input file when there is no "data.model"`);
  const v = f.has("validation") ? f.object("validation") : new Fields(file, {}, "validation.");
  const threshold = v.has("rejection_threshold") ? Number(v.o.rejection_threshold) : 0.01;
  if (!(threshold >= 0 && threshold <= 1)) v.fail("rejection_threshold", "must be between 0 and 1");
  return {
    id: f.str("id"), name: f.str("name"), title: f.str("title"), description: f.optStr("description"),
    families: familyNames(family_specs), family_specs, window, kill_switch: kill, vulnerability, key_events, published, pages,
    data: {modelled: d.o.modelled as boolean, label: d.optStr("label"), scale, model, inputs, databases},
    report,
    validation: {rejection_threshold: threshold, dedupe: v.o.dedupe === true},
    dir
  };
}

/** The case-study page paths every incident in data/incidents/ declares, by incident id. */
export function declaredPages(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const root = dataPath("incidents");
  for (const id of readdirSync(root).sort()) {
    const file = join(root, id, "incident.json");
    if (existsSync(file)) out.set(id, loadIncident(id).pages.map((p) => p.path));
  }
  return out;
}

/** Loads data/incidents/<id>/incident.json. */
export function loadIncident(id: string = activeIncidentId()): Incident {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new ConfigError(id, "incident id must be lower-case letters, digits and dashes");
  const dir = dataPath("incidents", id);
  const file = join(dir, "incident.json");
  if (!existsSync(file)) throw new ConfigError(file, `no such incident "${id}"`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf-8"));
  } catch (error) {
    throw new ConfigError(file, `not valid JSON (${(error as Error).message})`);
  }
  const incident = parseIncident(json, file, dir);
  if (incident.id !== id) throw new ConfigError(file, `"id" is "${incident.id}" but the folder is "${id}"`);
  return incident;
}

/** Absolute paths of the incident's listed input files. */
export function incidentInputs(incident: Incident): string[] {
  return incident.data.inputs.map((p) => resolve(incident.dir, p));
}

/** True if a row's family value belongs to the incident (the rule is families.ts matchFamily). */
export function isIncidentFamily(incident: Incident, family: string): boolean {
  return matchFamily(incident.family_specs, family) !== null;
}
