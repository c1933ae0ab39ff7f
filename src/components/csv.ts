// CSV for downloads. Spreadsheets treat a cell that starts with = + - @ (or a tab
// or carriage return) as a formula; a downloaded value such as "=HYPERLINK(…)"
// or "@SUM(…)" must stay text. Such cells are prefixed with a single quote (the
// OWASP "CSV injection" advice), then quoted like any other cell that needs it.

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_PREFIX = /^[=+\-@\t\r]/;

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
