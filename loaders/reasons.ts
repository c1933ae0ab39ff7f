// Rejection reasons: one code per way a row can be unusable. "invalid" rows count towards the
// rejection threshold; "filtered" rows are valid but outside the incident (family, time window, duplicates).
// REASONS lists them in the order they apply: a row gets the first that applies (the structural ones come from the
// CSV reader; the row rules, read.ts rowRules(), and the normalisation rules, scan.ts, follow this order, and a test
// checks that they do).

export type ReasonKind = "invalid" | "filtered";

export const REASONS = {
  wrong_column_count: {kind: "invalid", text: "wrong number of columns"},
  malformed_quoting: {kind: "invalid", text: "malformed quoting"},
  invalid_utf8: {kind: "invalid", text: "not valid UTF-8"},
  line_too_long: {kind: "invalid", text: "line longer than the maximum line size"},
  unparseable_line: {kind: "invalid", text: "line could not be parsed"},
  missing_field: {kind: "invalid", text: "required field is empty"},
  bad_timestamp: {kind: "invalid", text: "not YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601 with Z, or not a real date"},
  bad_ip: {kind: "invalid", text: "not a valid IPv4 or IPv6 address"},
  bad_number: {kind: "invalid", text: "not a whole number from 1 to 2147483647"},
  bad_country: {kind: "invalid", text: "not an ISO 3166-1 country code or a known placeholder"},
  bad_naics: {kind: "invalid", text: "not a 2–6 digit NAICS code"},
  other_family: {kind: "filtered", text: "family is not one of the incident's families"},
  outside_window: {kind: "filtered", text: "timestamp outside the incident's time window"},
  duplicate: {kind: "filtered", text: "exact duplicate of an earlier row (de-duplication on)"}
} as const satisfies Record<string, {kind: ReasonKind; text: string}>;

export type Reason = keyof typeof REASONS;

export function isReason(code: string): code is Reason {
  return Object.hasOwn(REASONS, code);
}

/** DuckDB reject_errors.error_type → reason. */
const DUCKDB_ERRORS: Record<string, Reason> = {
  "MISSING COLUMNS": "wrong_column_count",
  "TOO MANY COLUMNS": "wrong_column_count",
  "UNQUOTED VALUE": "malformed_quoting",
  "INVALID ENCODING": "invalid_utf8",
  "INVALID UNICODE": "invalid_utf8",
  "LINE SIZE OVER MAXIMUM": "line_too_long"
};

export function reasonFromDuckDb(errorType: string): Reason {
  return DUCKDB_ERRORS[errorType] ?? "unparseable_line";
}
