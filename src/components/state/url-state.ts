// Selections kept in the URL query string (?country=GB&metric=hits&from=…), so a link reproduces a view.
// Reading validates every value; writing replaces the current history entry (no back-button spam).

export type Params = Record<string, string | null | undefined>;

function currentUrl(): URL {
  return new URL(window.location.href);
}

/** A query parameter, or `fallback` when it is absent or fails `valid`. */
export function readParam(name: string, fallback: string, valid: (value: string) => boolean = () => true): string {
  const value = currentUrl().searchParams.get(name);
  return value !== null && valid(value) ? value : fallback;
}

/** One of `options`, else `fallback`. */
export function readChoice<T extends string>(name: string, options: readonly T[], fallback: T): T {
  return readParam(name, fallback, (v) => (options as readonly string[]).includes(v)) as T;
}

/** A comma-separated list, keeping only valid items. */
export function readList(name: string, valid: (value: string) => boolean = () => true): string[] {
  const value = currentUrl().searchParams.get(name);
  if (!value) return [];
  return [...new Set(value.split(",").map((v) => v.trim()).filter((v) => v !== "" && valid(v)))];
}

/** A UTC instant written as 2017-05-12T14:00Z, or null. */
export function readTime(name: string): Date | null {
  const value = currentUrl().searchParams.get(name);
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2})?Z?$/.test(value)) return null;
  const date = new Date(value.length === 13 ? `${value}:00Z` : value.endsWith("Z") ? value : `${value}Z`);
  return Number.isNaN(+date) ? null : date;
}

/** 2017-05-12T14:00Z */
export function formatTimeParam(date: Date): string {
  return date.toISOString().slice(0, 16) + "Z";
}

/**
 * Writes parameters into the URL (null, undefined or "" removes one; a value equal to its
 * default in `defaults` is removed too, so the plain page keeps a plain URL).
 */
export function writeParams(params: Params, defaults: Params = {}): void {
  const url = currentUrl();
  for (const [name, value] of Object.entries(params)) {
    if (value == null || value === "" || value === defaults[name]) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  const next = url.pathname + (url.searchParams.size ? `?${url.searchParams}` : "") + url.hash;
  if (next !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, "", next);
  }
}

/** ISO 3166 alpha-2 codes (and the unknown bucket XX). */
export const isCountryCode = (value: string) => /^[A-Z]{2}$/.test(value);
