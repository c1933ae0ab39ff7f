// Timestamp rules: UTC only, written either "YYYY-MM-DD HH:MM:SS" or ISO 8601 with "Z".
// The regex sources are shared with the SQL form of the rule in read.ts (one definition). Only real times of day:
// hours 00–23, minutes and seconds 00–59 (no 24:00:00, no leap second 23:59:60), so a time is never moved into
// the next minute, hour or day; the date must exist (checked in parseTimestamp and by DuckDB's cast).

/** Shadowserver form, UTC with no zone suffix: 2017-05-12 07:44:00 */
export const SPACE_FORM = "^[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$";
/** ISO 8601 with an explicit Z, optional fraction: 2017-05-12T07:44:00Z, 2017-05-12T07:44:00.123Z */
export const ISO_Z_FORM = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?Z$";

const space = new RegExp(SPACE_FORM);
const isoZ = new RegExp(ISO_Z_FORM);

export type TimestampResult = {ok: true; ms: number} | {ok: false; reason: string};

/** Parses a timestamp to epoch milliseconds (UTC), or says why it is rejected. */
export function parseTimestamp(text: string): TimestampResult {
  if (text === "") return {ok: false, reason: "missing"};
  if (!space.test(text) && !isoZ.test(text)) {
    return {ok: false, reason: "not YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601 with Z"};
  }
  const y = Number(text.slice(0, 4));
  const mo = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const h = Number(text.slice(11, 13));
  const mi = Number(text.slice(14, 16));
  const s = Number(text.slice(17, 19));
  const fraction = text.length > 20 && text[19] === "." ? Number(`0${text.slice(19, -1)}`) : 0;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const back = new Date(0);
  back.setUTCFullYear(y, mo - 1, d);
  back.setUTCHours(h, mi, s, Math.floor(fraction * 1000));
  const ms = back.getTime();
  const valid =
    back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d &&
    back.getUTCHours() === h && back.getUTCMinutes() === mi && back.getUTCSeconds() === s;
  return valid ? {ok: true, ms} : {ok: false, reason: "not a real calendar date or time"};
}

/** Formats epoch ms as "YYYY-MM-DD HH:MM:SS" (the Shadowserver form). */
export function formatSpaceForm(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
