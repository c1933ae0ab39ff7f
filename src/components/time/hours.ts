// Hourly series: the UTC hour an instant falls in, and series filled with zeros between hours with hits. Below both
// the charts and the figures, so a chart never imports a figure module. Pure (test/unit/figures.test.ts).

/** One hour in milliseconds. */
export const HOUR = 3_600_000;

/** An hour (its start) and its value. */
export interface HourTotal {hour: Date; value: number}

/** The start of the UTC hour an instant falls in (ms since the epoch). */
export const floorHour = (t: Date | number): number => Math.floor(+t / HOUR) * HOUR;

/** Every hour from `from` (floored to the hour) to before `to`, with its hits from `byHour` or 0. */
export function zeroFilled(byHour: Map<number, number>, from: Date | number, to: Date | number): HourTotal[] {
  const filled: HourTotal[] = [];
  for (let t = floorHour(from); t < +to; t += HOUR) filled.push({hour: new Date(t), value: byHour.get(t) ?? 0});
  return filled;
}

/** Every hour from `from` (floored to the hour) to before `to`, each with the points' hits in it and 0 where there
 * are none: a series drawn as a line or area must drop to zero between hours with hits, not bridge them. */
export function fillHours(points: Iterable<HourTotal>, from: Date, to: Date): HourTotal[] {
  const byHour = new Map<number, number>();
  for (const d of points) {
    const h = floorHour(d.hour);
    byHour.set(h, (byHour.get(h) ?? 0) + d.value);
  }
  return zeroFilled(byHour, from, to);
}
