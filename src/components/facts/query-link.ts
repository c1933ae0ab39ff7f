import {siteRoot} from "./facts.js";

// A computed figure with its path to the data: a link that opens the query reproducing it on the
// Explore page (?q=). Pages wrap every number they compute from the pipeline's tables in one of these;
// the figure audit (npm run audit:figures) treats a number inside such a link as sourced.

/** The atlas's Explore URL that runs `sql`. */
export function exploreHref(sql: string): string {
  return `${siteRoot()}explore?q=${encodeURIComponent(sql.trim())}`;
}

/** `text` as a link to the query that reproduces it. */
export function queryLink(text: string, sql: string): HTMLAnchorElement {
  const a = document.createElement("a");
  a.className = "atlas-query-link";
  a.href = exploreHref(sql);
  a.textContent = text;
  a.dataset.query = sql.trim();
  a.title = "Open the query that reproduces this figure";
  return a;
}

/** SQL literal for a UTC instant: TIMESTAMP '2017-05-12 08:00:00'. */
export function sqlTimestamp(at: Date): string {
  return `TIMESTAMP '${at.toISOString().slice(0, 19).replace("T", " ")}'`;
}

/** Calendar days (UTC) from a's date to b's: events dated by day, so the time of day never rounds a gap up. */
export function daysBetween(a: Date, b: Date): number {
  const day = (d: Date): number => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((day(b) - day(a)) / 86_400_000);
}

/** A query that reproduces "N days between two published dates" (calendar days, UTC, as daysBetween counts them). */
export function daysQuery(from: Date, to: Date): string {
  return `SELECT date_diff('day', CAST(${sqlTimestamp(from)} AS DATE), CAST(${sqlTimestamp(to)} AS DATE)) AS days`;
}
