// Number and time formats shared by the report pages: en-GB, times always in UTC.

const integer = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 0});
const compact = new Intl.NumberFormat("en-GB", {notation: "compact", maximumFractionDigits: 1});

/** 12,345 */
export function formatInteger(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? "–" : integer.format(value);
}

/** 12.3k, 4.5M */
export function formatCompact(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? "–" : compact.format(value);
}

/** A number with about three significant figures: 0.0123, 1.23, 123, 12,300. */
export function formatNumber(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "–";
  if (Math.abs(value) >= 100) return integer.format(value);
  return new Intl.NumberFormat("en-GB", {maximumSignificantDigits: 3}).format(value);
}

/** 45% */
export function formatPercent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const pad = (n: number) => String(n).padStart(2, "0");

export function toDate(value: Date | number | string | bigint): Date {
  return value instanceof Date ? value : new Date(typeof value === "bigint" ? Number(value) : (value as number | string));
}

/** True when two instants fall in different UTC years: their dates then need the year to be read. */
export function crossesYear(start: Date | number | string, end: Date | number | string): boolean {
  return toDate(start).getUTCFullYear() !== toDate(end).getUTCFullYear();
}

/** "12 May 14:00 UTC", or with the year "12 May 2017 14:00 UTC". */
export function formatUtcHour(value: Date | number | string, {year = false} = {}): string {
  const d = toDate(value);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year ? ` ${d.getUTCFullYear()}` : ""} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "08:00 UTC" */
export function formatUtcTime(value: Date | number | string): string {
  const d = toDate(value);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "Fri 12 May 2017" */
export function formatUtcDay(value: Date | number | string, {weekday = false, year = true} = {}): string {
  const d = toDate(value);
  return `${weekday ? DAYS[d.getUTCDay()] + " " : ""}${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year ? " " + d.getUTCFullYear() : ""}`;
}

/** "12 May 14:00 – 13 May 02:00 UTC"; both ends with their year when they fall in different years
 * ("1 Sep 2016 00:00 – 1 Sep 2017 00:00 UTC"). */
export function formatUtcRange(start: Date | number, end: Date | number): string {
  const year = crossesYear(start, end);
  return `${formatUtcHour(start, {year}).replace(" UTC", "")} – ${formatUtcHour(end, {year})}`;
}

/** Tick labels for a UTC time axis over `domain`: midnight as the day ("14 May"), other ticks as the time
 * ("06:00"); with `twoLines`, every tick as day and time on two lines ("14 May\n06:00"). When the domain crosses a
 * year, the first tick and any tick on 1 January carry the year on a line of their own below ("1 Jan\n2017"), so
 * that ticks stay as narrow as without it: a chart then needs one more line under its axis (see yearLine). */
export function utcTickFormat(domain: [Date, Date], {twoLines = false} = {}): (d: Date, i: number) => string {
  const years = crossesYear(domain[0], domain[1]);
  return (d, i) => {
    const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
    const day = formatUtcDay(d, {year: false});
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const withYear = years && (i === 0 || (midnight && d.getUTCMonth() === 0 && d.getUTCDate() === 1));
    const text = twoLines ? `${day}\n${time}` : midnight ? day : withYear ? `${day} ${time}` : time;
    return withYear ? `${text}\n${d.getUTCFullYear()}` : text;
  };
}

/** The extra pixels under a time axis whose ticks may carry a year line (see utcTickFormat). */
export function yearLine(domain: [Date, Date]): number {
  return crossesYear(domain[0], domain[1]) ? 12 : 0;
}

/** "3 h", "2 days 4 h" */
export function formatDuration(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${days} days${rest ? ` ${rest} h` : ""}`;
}

/** "one", "two" … for small counts in prose; digits beyond ten. */
export function formatCount(n: number): string {
  const words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  return n >= 0 && n <= 10 ? words[n]! : integer.format(n);
}

/** "The model" from "the model": a phrase opening a sentence (or a label). */
export function opening(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}
