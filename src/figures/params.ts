// Selection readers: each turns a URL or option value into a valid selection or its default. The pages'
// URL state (src/components/state/url-state.ts) and the module export use these same readers.
export type Reader<T> = (value: unknown) => T;

export const number = (fallback: number, min = -Infinity, max = Infinity): Reader<number> => (value) => {
  const n = Number(value);
  return value != null && value !== "" && Number.isFinite(n) && n >= min && n <= max ? n : fallback;
};

export const choice = <T extends string>(options: readonly T[], fallback: T): Reader<T> => (value) =>
  (options as readonly unknown[]).includes(value) ? (value as T) : fallback;

/** ISO 3166 alpha-2 codes (and the unknown bucket XX). */
export const isCountryCode = (value: string) => /^[A-Z]{2}$/.test(value);

export const code: Reader<string | null> = (value) => (typeof value === "string" && isCountryCode(value) ? value : null);

/** A UTC instant written as 2017-05-12T14:00Z (or …T14, …T14:00), else null. */
export const time: Reader<Date | null> = (value) => {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2})?Z?$/.test(value)) return null;
  const date = new Date(value.length === 13 ? `${value}:00Z` : value.endsWith("Z") ? value : `${value}Z`);
  return Number.isNaN(+date) ? null : date;
};

/** A comma-separated list (or an array), without repeats, keeping only valid items. */
export const list = (valid: (value: string) => boolean = () => true): Reader<string[]> => (value) => {
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value.map(String) : [];
  return [...new Set(items.map((v) => v.trim()).filter((v) => v !== "" && valid(v)))];
};

/** Reads every parameter of `readers` from an options object or URLSearchParams. */
export function readAll<S>(readers: {[K in keyof S]: Reader<S[K]>}, options: URLSearchParams | Record<string, unknown> = {}): S {
  const get = (key: string) => (options instanceof URLSearchParams ? options.get(key) : options[key]);
  return Object.fromEntries(Object.entries(readers).map(([key, read]) => [key, (read as Reader<unknown>)(get(key))])) as S;
}
