// The Timeline page's From/To lists: one option per hour for short windows, one per day (UTC midnights) for long ones,
// so that a year's window offers 366 days, not 8,760 hours. Pure (test/unit/figures.test.ts).
import {HOUR} from "../components/time/hours.js";

const DAY = 24 * HOUR;

/** Windows up to this long list hours; longer ones list days. */
export const MAX_HOURLY_WINDOW = 62 * DAY;

export interface WindowSteps {
  unit: "hour" | "day";
  /** The instants a window may start at: the window's start, then each hour (or UTC midnight) after it. */
  starts: Date[];
  /** The instants a window may end at: each hour (or UTC midnight) after the start, then the window's end. */
  ends: Date[];
}

export function windowSteps(window: [Date, Date], maxHourly = MAX_HOURLY_WINDOW): WindowSteps {
  const [from, to] = [+window[0], +window[1]];
  const unit = to - from > maxHourly ? "day" : "hour";
  const step = unit === "day" ? DAY : HOUR;
  const inner: Date[] = [];
  for (let t = Math.floor(from / step) * step + step; t < to; t += step) inner.push(new Date(t));
  return to > from ? {unit, starts: [new Date(from), ...inner], ends: [...inner, new Date(to)]} : {unit, starts: [], ends: []};
}

/** The option that shows `at`: the last instant at or before it (`floor`, for a window's start) or the first at or
 * after it (`ceil`, for its end); -1 when none. A brushed window's hours show as the days that hold them. */
export function stepIndex(steps: Date[], at: Date, side: "floor" | "ceil"): number {
  if (side === "ceil") return steps.findIndex((d) => +d >= +at);
  let found = -1;
  steps.forEach((d, i) => {
    if (+d <= +at) found = i;
  });
  return found;
}
