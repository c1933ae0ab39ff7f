// The countries map's words (src/figures/countries-map.ts): its metrics and its summary sentence.
// Pure (no Plot), so test/unit can load it.
import {tiedForTop, tiedNames, MIN_FOR_RATE} from "./compute.js";
import {formatNumber} from "../components/facts/format.js";
import {listJoin} from "../components/facts/list.js";
import type {ModelledWords} from "../components/facts/modelled.js";

export const METRICS = {
  unique_ips: {label: "Unique IP addresses", short: "unique IP addresses", unit: "unique IPs"},
  hits: {label: "Sinkhole hits", short: "sinkhole hits", unit: "hits"},
  per_million_people: {label: "Unique IPs per million people", short: "unique IPs per million people", unit: "unique IPs per million people"},
  per_million_users: {label: "Unique IPs per million internet users", short: "unique IPs per million internet users", unit: "unique IPs per million internet users"}
} as const;
export type Metric = keyof typeof METRICS;

/**
 * The map's summary over the ranked rows (largest first, no unknown location) of `located` countries with data. For a
 * rate, countries under MIN_FOR_RATE unique IPs have data but no rate, and the sentence says how many have one.
 * `assumed`: the words of a model whose values for this metric are assumptions, so nothing is ranked.
 */
export function mapSummary(metric: Metric, ranked: readonly ({name: string} & Partial<Record<Metric, number | null>>)[], located: number,
  assumed: ModelledWords | null): string {
  const m = METRICS[metric];
  const top = ranked[0];
  const value = (r: (typeof ranked)[number]): number => r[metric] ?? 0;
  if (top === undefined) return `No country has enough data for ${m.unit}.`;
  if (assumed) return `The map shows ${assumed.whose} ${m.unit} for ${ranked.length} countries: modelled values (${assumed.assumption}), not measurements, so no ranking is drawn from them.`;
  const rate = metric.startsWith("per_");
  if (ranked.length === 1) {
    return rate && located > 1 ? `Only ${top.name} has ${MIN_FOR_RATE} or more unique IPs, enough for a rate: ${formatNumber(value(top))} ${m.unit}.`
      : `Only one country has data for ${m.unit}: ${top.name} (${formatNumber(value(top))}).`;
  }
  const withData = rate && located > ranked.length
    ? `${ranked.length} of ${located} countries have ${MIN_FOR_RATE} or more unique IPs, enough for a rate` : `${ranked.length} countries have data`;
  const tied = tiedForTop([...ranked], value);
  return tied.length > 1 ? `${tiedNames(tied.map((r) => r.name))} tie for the most ${m.unit} (${formatNumber(value(top))} each); ${withData}.`
    : `${top.name} has the most ${m.unit} (${formatNumber(value(top))}), followed by ${listJoin(ranked.slice(1, 3).map((r) => `${r.name} (${formatNumber(value(r))})`))}; ${withData}.`;
}
