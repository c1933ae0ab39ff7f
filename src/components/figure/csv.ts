// CSV for downloads. Spreadsheets treat a cell that starts with = + - @ (or a tab,
// carriage return or line feed, or = + - @ after leading white space) as a formula; a downloaded value such as "=HYPERLINK(…)"
// or "@SUM(…)" must stay text. Such cells are prefixed with a single quote (the
// OWASP "CSV injection" advice), then quoted like any other cell that needs it.

/**
 * Cells a spreadsheet may read as a formula: starting with = + - @, tab, CR or LF, or with = + - @ after leading
 * white space or control characters (some spreadsheets trim them before parsing, so "\n=1+2" is a formula too).
 */
const FORMULA_PREFIX = /^[\t\r\n]|^[\s\u0000-\u001f]*[=+\-@]/;

/** Numbers that are data, not formulas: "-3" and "-0.5e2" keep their sign. */
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Text of one value: ISO 8601 for dates, "" for null/undefined/NaN. */
export function cellText(value: unknown): string {
  if (value == null) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  if (typeof value === "number") return Number.isNaN(value) ? "" : String(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("");
  if (typeof value === "object" && typeof (value as {toJSON?: unknown}).toJSON === "function") {
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * One CSV field: formula prefixes neutralised (except for numbers, which a
 * spreadsheet would read as numbers anyway), quotes doubled, and the field
 * quoted when it holds a comma, quote, or line break.
 */
export function csvField(value: unknown): string {
  let text = cellText(value);
  const isNumber = typeof value === "number" || typeof value === "bigint" || PLAIN_NUMBER.test(text);
  if (!isNumber && FORMULA_PREFIX.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table as CSV text with a header row; rows are objects keyed by column name. */
export function toCsv(rows: Iterable<Record<string, unknown>>, columns: readonly string[]): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column])).join(","));
  return lines.join("\r\n") + "\r\n";
}

// Provenance of a download (docs/data-schema.md, "Downloads"): whether its rows are modelled and where they come from.

/** What a download is and where its rows come from; written into every CSV and Arrow download. */
export interface DownloadMeta {
  title: string;
  /** The incident id the rows belong to ("" for tables that belong to none). */
  incident: string;
  /** True when any row comes from modelled data. */
  modelled: boolean;
  /** The incident's modelled-data label, when modelled. */
  label?: string;
  /** Where the rows come from (tables, files, cited sources). */
  sources: string[];
  /** Build date of the data (YYYY-MM-DD). */
  built: string;
}

/** The metadata as ordered key/value pairs (the same keys in CSV and Arrow). */
export function metaEntries(meta: DownloadMeta): [string, string][] {
  const one = (s: string) => s.replace(/\s+/g, " ").trim();
  return [
    ["title", one(meta.title)],
    ["incident", one(meta.incident)],
    ["modelled", String(meta.modelled)],
    ...(meta.modelled && meta.label ? [["label", one(meta.label)] as [string, string]] : []),
    ["sources", meta.sources.map(one).join(" | ")],
    ["built", meta.built],
    ["generated_by", "Incident Atlas"]
  ];
}

/**
 * CSV text with the metadata first: a first line saying how many lines to skip before the header row
 * (pandas `skiprows=N`, R `skip = N`, DuckDB `skip = N`), then one `# key: value` line per entry, each a single
 * CSV field (quoted when it holds a comma or a quote).
 */
export function csvWithMeta(csv: string, meta: DownloadMeta): string {
  return csvWithEntries(csv, metaEntries(meta));
}

/** `csv` under `# key: value` metadata lines, the first saying how many lines to skip (every site download's form). */
export function csvWithEntries(csv: string, entries: ReadonlyArray<readonly [string, string]>): string {
  const n = entries.length + 1;
  // Each metadata line is one CSV field (quoted when it holds a comma or quote), so a spreadsheet shows it in one cell
  // and no part of a value (a query's text, say) can become a cell of its own, let alone a formula.
  const lines = [`# Incident Atlas download: ${n} metadata lines before the header row (pandas skiprows=${n}; R skip = ${n}; DuckDB skip = ${n})`,
    ...entries.map(([k, v]) => csvField(`# ${k}: ${v}`))];
  return lines.join("\r\n") + "\r\n" + csv;
}
