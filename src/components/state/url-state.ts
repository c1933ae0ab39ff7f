// Selections kept in the URL query string (?country=GB&metric=hits&from=…), so a link reproduces a view.
// Reading validates every value; writing replaces the current history entry (no back-button spam).

import {list, time} from "../../figures/params.js";
export {isCountryCode} from "../../figures/params.js";

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
  return list(valid)(currentUrl().searchParams.get(name));
}

/** A UTC instant written as 2017-05-12T14:00Z, or null. */
export function readTime(name: string): Date | null {
  return time(currentUrl().searchParams.get(name));
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
