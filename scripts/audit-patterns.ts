// What the figure audit (scripts/audit-figures.ts) counts as a number in a page's text, and what it skips as not a
// figure: dates, times, years, ordinals, and numbers that are part of a name or a definition (MS17-010, SMBv1, IPv4,
// 64-bit, "2–6 digit", ISO 3166-1). Plain data, serialised into the script the audit runs in the page, and tested here.

const MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/** A regular expression as source and flags (what JSON can carry into the page). */
export interface Pattern {source: string; flags: string}
const p = (r: RegExp): Pattern => ({source: r.source, flags: r.flags});

/** Not figures: blanked out before numbers are looked for, in this order. */
export const NOT_FIGURES: readonly Pattern[] = [
  p(/\b1:\d+m\b/g),
  p(/\bISO\s?\d+(?:-\d+)?\b/g),
  p(/\balpha-\d\b/g),
  p(new RegExp("\\b\\d{1,2}(?:[–-]\\d{1,2})?\\s" + MONTH + "(?:\\s(?:19|20)\\d\\d)?", "g")),
  p(new RegExp("\\b" + MONTH + "\\s(?:\\d{1,2},?\\s)?(?:19|20)\\d\\d", "g")),
  p(new RegExp(MONTH + "[–-]" + MONTH + "\\s(?:19|20)\\d\\d", "g")),
  p(/\b(?:19|20)\d\d-\d\d(?:-\d\d)?(?:[ T]\d\d:\d\d(?::\d\d)?)?(?:\s?(?:UTC|Z))?/g),
  p(/\b\d{1,2}[:.]\d\d(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)?(?:\s?(?:UTC|CET|CEST|BST|GMT|EDT|EST))?/gi),
  p(/\b\d{1,2}\s?(?:am|pm)\b/gi),
  p(/\b(?:MS|TA|CVE-?)\d[\w-]*/g),
  p(/\b(?:Windows|Server|HC|para(?:graph)?s?|Figure|Section|SMBv|Week|version|v)\s?\d+(?:\.\d+)?\b/gi),
  p(/\b\d+-bit\b/g),
  // Protocol names ending in a digit (IPv4, IPv6).
  p(/\bIPv\d\b/g),
  // A code's length in a definition ("a 2–6 digit NAICS code", "4-digit"), not a count.
  p(/\b\d+(?:\s?[–-]\s?\d+)?[\s-]digits?\b/g),
  // Names with digits inside them (i18n, FY2025), not figures.
  p(/\b[A-Za-z]+\d+[A-Za-z][\w-]*/g),
  p(/\bFY\d{2,4}\b/g),
  p(/\b\d+(?:st|nd|rd|th)\b/g),
  p(/\[[A-Z]+\d+\]/g),
  p(/\b[A-Z]{1,3}\d{2,3}\b/g),
  p(/\b(?:19|20)\d\d\b/g)
];

/** A number as the audit reads it, with a range, a unit of scale or a per cent sign. */
export const NUMBER: Pattern = p(/[<>~≈]?\d[\d,]*(?:\.\d+)?(?:\s?[–-]\s?\d[\d,]*(?:\.\d+)?)?\s?(?:%|per cent|million|billion|bn|m\b|k\b)?/g);

/** The text with what is not a figure blanked (same length, so offsets hold). */
export function maskNotFigures(text: string): string {
  let out = text;
  for (const {source, flags} of NOT_FIGURES) out = out.replace(new RegExp(source, flags), (m) => " ".repeat(m.length));
  return out;
}

/** The numbers the audit would look for a source of in a text. */
export function figureNumbers(text: string): string[] {
  return [...maskNotFigures(text).matchAll(new RegExp(NUMBER.source, NUMBER.flags))].map((m) => m[0].trim()).filter((v) => /\d/.test(v));
}
