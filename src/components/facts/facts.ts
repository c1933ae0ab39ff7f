// Published figures with their sources: headline cards, footnotes and source lists.
// Strings from the data are always set as text (never as HTML).

export interface FactRow {
  [column: string]: string | undefined;
  quote?: string;
  source_title?: string;
  source_url?: string;
  source_date?: string;
  verification_status?: string;
  notes?: string;
}

/** The row id, whatever the table calls it (row_id, metric_id, event_id, source_key). */
export function factId(row: FactRow): string {
  return row.row_id ?? row.metric_id ?? row.event_id ?? row.source_key ?? "";
}

/** Verified rows only: `unverified` and `conflicting` never become headline figures. */
export function isHeadlineEligible(row: FactRow | undefined): row is FactRow {
  return !!row && /^verified/.test(row.verification_status ?? "");
}

/** Rows by id from one facts table; throws if an id is missing so a renamed row fails the build's tests. */
export function pick(rows: FactRow[], ids: string[]): FactRow[] {
  return ids.map((id) => {
    const row = rows.find((r) => factId(r) === id);
    if (!row) throw new Error(`No published figure with id ${id}`);
    return row;
  });
}

/** "Kaspersky … (2017-05-13), verified-secondary" */
export function sourceLine(row: FactRow): string {
  return `${row.source_title ?? "unknown source"} (${row.source_date || "date not given"}; ${row.verification_status ?? "status unknown"})`;
}

/** A short name for the row's source: "… (HC 414), National Audit Office" → "National Audit Office"; "Kryptos Logic: …" → "Kryptos Logic". */
export function sourceName(row: FactRow): string {
  const title = row.source_title ?? "unknown source";
  const after = title.split("), ");
  if (after.length > 1) return after[after.length - 1]!.trim();
  return title.split(/:|\s\(/)[0]!.trim();
}

/** An element with an optional class and text content (never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A link to a source that opens in a new tab and sends no referrer. */
export function sourceLink(row: FactRow, text = row.source_title ?? row.source_url ?? ""): HTMLElement {
  if (!row.source_url || !/^https?:\/\//.test(row.source_url)) return el("span", undefined, text);
  const a = el("a", undefined, text);
  a.href = row.source_url;
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  return a;
}

/**
 * The atlas's root URL, from this module's own address (served under <root>/_import/components/facts/): every link a
 * figure builds resolves here, so it leads to the atlas on its pages, its embeds and a host page using the module.
 */
export function siteRoot(): string {
  return new URL("../../../", import.meta.url).href;
}

/** The row's anchor on the atlas's sources page (every cited row has one, id = row id). */
export const sourcesHref = (id: string) => `${siteRoot()}sources#${encodeURIComponent(id)}`;

/** Kept for callers that still ask for a footnote anchor: the anchor now lives on the sources page. */
export const footnoteId = (row: FactRow) => factId(row);

export interface HeadlineSpec {
  /** The published row. */
  row: FactRow;
  /** The figure as shown (e.g. "727,000"); default: the row's value. */
  value?: string;
  /** What it counts, in the reader's words (e.g. "unique IP addresses"). */
  label: string;
  /** Further rows the figure rests on (each gets its own marker). */
  also?: FactRow[];
}

/**
 * A headline figure: the number, what it counts, and a footnote marker whose title shows the
 * source and date on hover. Refuses unverified or conflicting rows.
 */
export function headlineFigure({row, value, label, also = []}: HeadlineSpec): HTMLElement {
  if (!isHeadlineEligible(row)) throw new Error(`Row ${factId(row as FactRow)} is ${(row as FactRow).verification_status}: not a headline figure`);
  const card = el("div", "card atlas-headline");
  card.dataset.factId = factId(row);
  const number = el("p", "atlas-headline-value", value ?? row.value ?? "");
  const text = el("p", "atlas-headline-label", label);
  text.append(" ", cite(row));
  for (const extra of also) text.append(" ", cite(extra));
  const source = el("p", "atlas-headline-source", `${sourceName(row)}, ${row.source_date || "date not given"}`);
  card.append(number, text, source);
  return card;
}

/** A short list of the sources behind `rows`, each linking to its row (full quote, status) on the sources page. */
export function footnotes(rows: FactRow[], {heading = "Sources of the figures on this page"} = {}): HTMLElement {
  const section = el("section", "atlas-footnotes");
  section.append(el("h2", undefined, heading));
  const list = el("ul");
  const seen = new Set<string>();
  for (const row of rows) {
    const id = factId(row);
    if (seen.has(id)) continue;
    seen.add(id);
    const item = el("li");
    item.append(cite(row), ` ${row.source_title ?? "unknown source"} · ${row.source_date || "date not given"} · ${row.verification_status ?? "status unknown"}`);
    list.append(item);
  }
  section.append(list);
  return section;
}

/** Inline citation marker: "[N01]" linking to the row on the sources page (full quote, date, status), source on hover. */
export function cite(row: FactRow): HTMLAnchorElement {
  const id = factId(row);
  const marker = el("a", "atlas-footnote-marker", `[${id}]`);
  marker.href = sourcesHref(id);
  marker.dataset.cite = id;
  marker.title = `Source: ${sourceLine(row)}${row.quote ? `\n“${row.quote}”` : ""}`;
  marker.setAttribute("aria-label", `Source ${id}: ${row.source_title ?? ""}, ${row.source_date || "date not given"}, ${row.verification_status ?? ""}`);
  return marker;
}

/** Several markers in a row: "[T13] [T15]". */
export function cites(...rows: FactRow[]): HTMLElement {
  const span = el("span", "atlas-cites");
  rows.forEach((row, i) => span.append(...(i ? [" "] : []), cite(row)));
  return span;
}

/** "≈98", "<0.1", "60.35" → a number and whether it is approximate or a bound; null when not a number. */
export function parseFigure(value: string | undefined): {value: number; qualifier: "" | "~" | "<" | ">"} | null {
  if (!value) return null;
  const match = /^\s*(~|≈|<|>|about\s+)?\s*([\d,]*\.?\d+)/i.exec(value);
  if (!match) return null;
  const number = Number(match[2]!.replace(/,/g, ""));
  if (!Number.isFinite(number)) return null;
  const q = match[1]?.trim().toLowerCase();
  return {value: number, qualifier: q === "<" ? "<" : q === ">" ? ">" : q ? "~" : ""};
}

/** A lookup by row id over one or more facts tables; throws on an unknown id. */
export function factLookup(...tables: FactRow[][]): (id: string) => FactRow {
  const map = new Map(tables.flat().map((row) => [factId(row), row]));
  return (id: string) => {
    const row = map.get(id);
    if (!row) throw new Error(`No published figure with id ${id}`);
    return row;
  };
}

/** Like factLookup, but returns undefined for an unknown id (pages that must work with any incident's tables). */
export function factFinder(...tables: (FactRow[] | undefined)[]): (id: string) => FactRow | undefined {
  const map = new Map(tables.flatMap((t) => t ?? []).map((row) => [factId(row), row]));
  return (id: string) => map.get(id);
}

/** The numeric value of a row ("19494" → 19494); throws if it is not a number. */
export function factNumber(row: FactRow): number {
  const figure = parseFigure(row.value);
  if (!figure) throw new Error(`Published figure ${factId(row)} is not a number: ${row.value}`);
  return figure.value;
}
