// The validation summary: per-file and per-reason counts that reconcile exactly
// (rows read = accepted + rejected), examples as "file:line field: reason", threshold check.
import type {Incident} from "./incident.ts";
import {FAMILY_FIELDS, type FamilyField} from "./families.ts";
import {FamilyMatchError} from "./errors.ts";
import {REASONS, type Reason} from "./reasons.ts";
import {UNKNOWN_COUNTRY} from "./country.ts";
import type {Totals} from "./aggregate.ts";
import type {Aggregates, CountRow, FileSummary, ReasonSummary, Summary} from "./types.ts";

export interface FileCounts {
  file: string;
  layout: string;
  notes: string[];
  /** Records DuckDB parsed (accepted + row-level rejections). */
  parsed: number;
  duplicates: number;
  byReason: Map<Reason, number>;
  /** Records DuckDB could not parse, with their line. */
  structural: Array<{line: number; reason: Reason; message: string}>;
  /** Lines that start no record (empty, or inside a multi-line quoted field): lines.ts accountLines. */
  skip?: number[];
  /** Parsed rows by the field their family came from. */
  familyFields: Map<FamilyField, number>;
}

/** A family value that matched none of the incident's families, with its rows. */
export interface OtherFamily {family: string; rows: number}

export interface RejectExample {file: string; fileId: number; line: number; field: string; reason: Reason; value: string}

/** "file:line field: reason (value)"; the value is JSON-quoted so it is always inert text. */
export function formatExample(e: {file: string; line: number; field: string; reason: Reason; value: string}): string {
  const field = e.field === "" ? "" : ` ${e.field}`;
  const value = e.value === "" ? "" : ` ${JSON.stringify(e.value.slice(0, 60))}`;
  return `${e.file}:${e.line}${field}: ${e.reason} (${REASONS[e.reason].text})${value}`;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function buildSummary(input: {
  incident: Incident; inputHash: string; counts: FileCounts[]; examples: RejectExample[];
  aggregates: Aggregates; totals: Totals; threshold: number; dedupe: boolean; otherFamilies: OtherFamily[];
}): Summary {
  const byReason: Partial<Record<Reason, ReasonSummary>> = {};
  const add = (reason: Reason, n: number): void => {
    const r = byReason[reason] ?? {count: 0, kind: REASONS[reason].kind, text: REASONS[reason].text, examples: []};
    r.count += n;
    byReason[reason] = r;
  };
  const files: FileSummary[] = input.counts.map((f) => {
    const reasons = new Map(f.byReason);
    for (const s of f.structural) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    const rejected = [...reasons.values()].reduce((a, b) => a + b, 0);
    const rowsRead = f.parsed + f.structural.length;
    for (const [reason, n] of reasons) add(reason, n);
    const sorted = [...reasons.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const familyFields: Partial<Record<FamilyField, number>> = {};
    for (const field of FAMILY_FIELDS) if ((f.familyFields.get(field) ?? 0) > 0) familyFields[field] = f.familyFields.get(field);
    return {file: f.file, layout: f.layout, notes: f.notes, rows_read: rowsRead, accepted: rowsRead - rejected,
      rejected, duplicates: f.duplicates, by_reason: Object.fromEntries(sorted), family_fields: familyFields};
  });
  // Examples: structural ones (with DuckDB's line) and row-level ones, first 20 per reason in file/line order.
  const all = [
    ...input.counts.flatMap((f, fileId) => f.structural.map((s) => ({file: f.file, fileId, line: s.line, field: "", reason: s.reason, value: ""}))),
    ...input.examples
  ].sort((a, b) => a.fileId - b.fileId || a.line - b.line);
  for (const e of all) {
    const r = byReason[e.reason];
    if (r !== undefined && r.examples.length < 20) r.examples.push(formatExample(e));
  }
  const ordered = Object.fromEntries(Object.entries(byReason).sort((a, b) => (a[0] < b[0] ? -1 : 1))) as Partial<Record<Reason, ReasonSummary>>;
  const sum = (k: "rows_read" | "accepted" | "rejected" | "duplicates"): number => files.reduce((s, f) => s + f[k], 0);
  const kindCount = (kind: "invalid" | "filtered"): number =>
    Object.values(ordered).reduce((s, r) => s + (r !== undefined && r.kind === kind ? r.count : 0), 0);
  const rowsRead = sum("rows_read");
  const invalid = kindCount("invalid");
  const rate = rowsRead === 0 ? 0 : invalid / rowsRead;
  const unknown = input.aggregates.countries.find((c) => c.country === UNKNOWN_COUNTRY.iso2);
  const sectors: Record<string, CountRow> = {};
  for (const s of input.aggregates.sectors) sectors[s.sector] = {hits: s.hits, unique_ips: s.unique_ips};
  return {
    incident: input.incident.id,
    generated_at_input_hash: input.inputHash,
    modelled: input.incident.data.modelled,
    files,
    totals: {rows_read: rowsRead, accepted: sum("accepted"), rejected: sum("rejected"), invalid, filtered: kindCount("filtered"), duplicates: sum("duplicates")},
    by_reason: ordered,
    time_range: {first: iso(input.totals.first), last: iso(input.totals.last)},
    countries: input.aggregates.countries.filter((c) => c.country !== UNKNOWN_COUNTRY.iso2).length,
    unknown_country: {hits: unknown?.hits ?? 0, unique_ips: unknown?.unique_ips ?? 0},
    sectors,
    families: {
      names: input.incident.families,
      // Rows whose family matched: accepted, or filtered after the family rule (time window, de-duplication).
      matched_rows: sum("accepted") + (ordered.outside_window?.count ?? 0) + (ordered.duplicate?.count ?? 0),
      other: input.otherFamilies
    },
    unique_ips: input.totals.unique_ips,
    hits: input.totals.hits,
    threshold: {invalid_rate: Number(rate.toFixed(6)), max_invalid_rate: input.threshold, exceeded: rate > input.threshold},
    dedupe: input.dedupe,
    skipped: []
  };
}

/**
 * Throws a FamilyMatchError when rows reached the family rule and none matched the incident's families: the
 * incident names the wrong families (or the files are of another outbreak). The message lists the commonest seen.
 * A run already over the rejection threshold fails on that instead (its summary still lists the families seen).
 */
export function checkFamiliesMatched(summary: Summary, incident: Incident): void {
  const other = summary.by_reason.other_family?.count ?? 0;
  if (summary.families.matched_rows > 0 || other === 0 || summary.threshold.exceeded) return;
  const seen = summary.families.other.slice(0, 5).map((f) => `${JSON.stringify(f.family)} (${f.rows} row${f.rows === 1 ? "" : "s"})`).join(", ");
  throw new FamilyMatchError(`no row matches the incident's families (${incident.families.join(", ")}): ${other} row${other === 1 ? "" : "s"} `
    + `had other families; the commonest: ${seen}. Name the right family, alias or prefix in "families" in ${incident.id}/incident.json`, summary);
}

/** validation.json text (stable key order, trailing newline). */
export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + "\n";
}
