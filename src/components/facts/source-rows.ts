// The sources page's parts: every row of every cited table with an anchor per row id (the target of
// every `cite()` marker), and the glossary. Strings from the data are set as text, never as HTML.
import {el, factId, sourceLink, type FactRow} from "./facts.js";
import {opening} from "./format.js";


/** "headline_totals" → "Headline totals". */
export function tableLabel(name: string): string {
  return opening(name.replace(/_/g, " "));
}

/** What a row states, from whichever columns its table has (metric/event/point/…, value, unit). */
export function rowStatement(row: FactRow): string {
  const what = row.metric ?? row.event ?? row.point ?? row.impact_summary ?? row.content ?? row.operating_system ?? row.organisation ?? "";
  const value = row.value ?? row.figure ?? "";
  const parts = [what, [value, row.unit].filter(Boolean).join(" ")].filter(Boolean);
  const place = row.country && !what.includes(row.country) ? ` (${row.country})` : "";
  const when = row.as_of ?? row.period_or_as_of ?? row.measured_at_or_period ?? row.time_as_stated ?? "";
  return `${parts.join(": ")}${place}${when ? `; as of ${when}` : ""}${row.date ? `; ${row.date}${row.time_utc ? ` ${row.time_utc} UTC` : ""}` : ""}`;
}

/** One table's rows, each a <tr id="ROWID"> with the statement, full quote, date, status and source link. */
export function sourceRowsTable(rows: FactRow[]): HTMLElement {
  const wrap = el("div", "atlas-table-wrap");
  const table = el("table", "atlas-org-table atlas-source-rows");
  const head = el("thead");
  const hr = el("tr");
  for (const h of ["Row", "What it states", "Quote (verbatim)", "Source and date", "Status"]) {
    const th = el("th", undefined, h);
    th.scope = "col";
    hr.append(th);
  }
  head.append(hr);
  const body = el("tbody");
  for (const row of rows) {
    const id = factId(row);
    const tr = el("tr");
    tr.id = id;
    const idCell = el("td");
    idCell.dataset.label = "Row";
    const self = el("a", undefined, id);
    self.href = `#${encodeURIComponent(id)}`;
    idCell.append(self);
    const what = el("td", undefined, rowStatement(row));
    what.dataset.label = "What it states";
    const quote = el("td");
    quote.dataset.label = "Quote";
    const text = row.quote ?? row.quote_or_excerpt ?? "";
    quote.append(el("blockquote", undefined, text ? `“${text}”` : "(no quote stored)"));
    if (row.notes) quote.append(el("p", "atlas-footnote-note", `Note: ${row.notes}`));
    const source = el("td");
    source.dataset.label = "Source";
    source.append(sourceLink(row), ` (${row.source_date || "date not given"})`);
    if (row.retrieved_via) source.append(el("small", "atlas-read-via", ` Read via: ${row.retrieved_via}`));
    const status = el("td", `atlas-status atlas-status-${(row.verification_status ?? "unknown").split(/\s/)[0]}`, row.verification_status ?? "status unknown");
    status.dataset.label = "Status";
    tr.append(idCell, what, quote, source, status);
    body.append(tr);
  }
  table.append(head, body);
  wrap.append(table);
  return wrap;
}

export interface GlossaryTerm {
  id: string;
  term: string;
  text: string;
  /** Shown only when the incident cites this published table (case-specific words). */
  table?: string;
  /** Shown only when the incident has a kill switch, or data made by a model (src/components/facts/modelled.ts). */
  when?: "kill_switch" | "model";
  /** The text when the incident has no kill switch (for terms that mention it). */
  noKillSwitch?: string;
  /** The text when the incident cites no published tables (for terms that speak of cited figures). */
  noTables?: string;
}

/** Words the report uses in a special sense. Anchors: ./sources#term-<id>. */
export const GLOSSARY: GlossaryTerm[] = [
  {id: "sinkhole", term: "Sinkhole", text: "A server that answers for a domain name a researcher has taken over, and logs every request it receives. It can log only once the domain is registered and resolves to it: nothing before."},
  {id: "kill-switch", term: "Kill switch", when: "kill_switch", text: "A domain name the malware looks up before it acts; if the name answers, the malware stops. Registering the name (and pointing it at a sinkhole) switches the malware off on every machine that can reach it."},
  {id: "hit", term: "Hit (sinkhole hit, kill-switch request)", noKillSwitch: "One request logged by the sinkhole from an infected machine. A machine sends a hit every time it restarts or is reinfected, so hits are not machines.", text: "One request to the kill-switch domain logged by the sinkhole: one run of the malware that looked the domain up and stopped. A machine sends a hit every time it restarts or is reinfected, so hits are not machines."},
  {id: "unique-ip", term: "Unique IP", text: "A distinct internet address seen at least once. Many machines can share one address (offices, NAT) and one machine can use several (home lines whose address changes), so addresses are not machines either. Unique IPs never add up across hours or days."},
  {id: "machine", term: "Machine (system, computer)", text: "A computer. No public tracker counts machines directly; the counts of machines in this report are estimates by named sources.", noTables: "A computer. No public tracker counts machines directly, and this report counts none: its data count hits and addresses."},
  {id: "detection", term: "Detection, attack (vendor telemetry)", text: "An attempt blocked or seen by one security vendor on its own customers' computers: another unit again, from one vendor's customers only."},
  {id: "naics", term: "NAICS", text: "The North American Industry Classification System, a standard list of industry codes; the report maps each address's industry code to a sector."},
  {id: "assumption", term: "Assumption (modelled data)", when: "model", text: "A share or rate the model is given rather than one it measured, e.g. the mix of sectors. Charts drawn from assumptions say so; they are not findings."},
  {id: "acute-trust", term: "Acute trust", text: "An NHS trust in England that runs hospitals providing emergency and specialist care.", table: "nhs_figures"},
  {id: "carecert", term: "CareCERT", text: "NHS Digital's Care Computer Emergency Response Team, which sent security alerts to NHS organisations.", table: "nhs_figures"}
];

/**
 * The glossary as a definition list, skipping terms whose table the incident does not cite, and the kill-switch and
 * model's terms when the incident has neither.
 */
export function glossaryList(tables: string[], {killSwitch = true, model = true}: {killSwitch?: boolean; model?: boolean} = {}): HTMLElement {
  const list = el("dl", "atlas-glossary");
  const shown = GLOSSARY.filter((g) => (!g.table || tables.includes(g.table)) && (g.when !== "kill_switch" || killSwitch) && (g.when !== "model" || model));
  for (const t of shown) {
    const dt = el("dt", undefined, !killSwitch && t.noKillSwitch ? t.term.replace(/, kill-switch request/, "") : t.term);
    dt.id = `term-${t.id}`;
    list.append(dt, el("dd", undefined, !killSwitch && t.noKillSwitch ? t.noKillSwitch : tables.length === 0 && t.noTables ? t.noTables : t.text));
  }
  return list;
}

/** A term as a link to its glossary entry: term("sinkhole") → <a href="./sources#term-sinkhole">sinkhole</a>. */
export function term(id: string, text?: string, {killSwitch = true}: {killSwitch?: boolean} = {}): HTMLAnchorElement {
  const entry = GLOSSARY.find((g) => g.id === id);
  if (!entry) throw new Error(`No glossary term ${id}`);
  const a = el("a", "atlas-term", text ?? entry.term.toLowerCase());
  a.href = `./sources#term-${id}`;
  // The same words as the glossary shows for this incident (glossaryList): no kill switch, no kill-switch wording.
  a.title = !killSwitch && entry.noKillSwitch ? entry.noKillSwitch : entry.text;
  return a;
}

/** The parts of the incident config this needs: its list of cited tables, and its events' resolved sources. */
export interface CitingIncident {
  published?: string[];
  key_events?: {source?: unknown}[];
  kill_switch?: {sources?: unknown[]} | null;
}

/**
 * The published tables this incident cites: those its `published` list names (plus the source documents), or,
 * for a config without that list, all of them when its events resolve against the published timeline, else none.
 * Another incident built from the same pages never shows these rows.
 */
export function citedTables(incident: CitingIncident, facts: Record<string, FactRow[]>): Record<string, FactRow[]> {
  if (Array.isArray(incident.published)) {
    const names = new Set(incident.published);
    if (names.size) names.add("sources");
    return Object.fromEntries(Object.entries(facts).filter(([name]) => names.has(name)));
  }
  const cites = (incident.key_events ?? []).some((e) => e.source) || (incident.kill_switch?.sources ?? []).some(Boolean);
  return cites ? facts : {};
}
