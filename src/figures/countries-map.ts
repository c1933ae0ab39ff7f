// The Countries page's choropleth: a metric (counts or rates), a colour scale, an outlined country, a region zoom.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {choice, code, type Reader} from "./params.js";
import {countryRows, referenceYearCaveat, unlocatedCaveat, unmappedCaveat, MIN_FOR_RATE} from "./compute.js";
import {mapSummary, METRICS, type Metric} from "./countries-map-text.js";
import {worldMapChart, REGIONS, type Region} from "../components/charts/worldMapChart.js";
import {shortNames, type IncidentConfig} from "../components/state/report-data.js";
import {assumedValues, modelledWords} from "../components/facts/modelled.js";

export {METRICS, type Metric};
export const METRIC_KEYS = Object.keys(METRICS) as Metric[];

/** Each metric as an SQL expression over a country row `c` joined to its reference row `r`. */
export const METRIC_SQL: Record<Metric, string> = {unique_ips: "c.unique_ips", hits: "c.hits",
  per_million_people: "c.unique_ips * 1e6 / r.population_2017", per_million_users: "c.unique_ips * 1e6 / r.internet_users_2017"};

/** The SQL (Explore's table names) that reproduces a metric for every country. */
export function metricSql(metric: Metric): string {
  return `SELECT c.country, c.name, ${METRIC_SQL[metric]} AS ${metric}
FROM countries c LEFT JOIN country_reference r ON r.iso2 = c.country
WHERE c.country <> 'XX'${metric.startsWith("per_") ? ` AND c.unique_ips >= ${MIN_FOR_RATE}` : ""}
ORDER BY ${metric} DESC NULLS LAST`;
}

export interface CountriesMapSelections {metric: Metric; scale: "log" | "linear"; country: string | null; region: Region}

export const params: {[K in keyof CountriesMapSelections]: Reader<CountriesMapSelections[K]>} = {
  metric: choice(METRIC_KEYS, "unique_ips"),
  scale: choice(["log", "linear"] as const, "log"),
  country: code,
  region: choice(Object.keys(REGIONS) as Region[], "world")
};

export const tables = ["countries", "reference", "world"] as const;

export function countriesMap(t: Pick<FigureTables, (typeof tables)[number]>, {metric, scale, country, region}: CountriesMapSelections, incident: IncidentConfig, onSelect?: (iso2: string) => void): Figure {
  const short = shortNames(t.world);
  const modelled = incident.data.modelled;
  const words = modelledWords(incident);
  const rows = countryRows(t.countries, t.reference, short);
  const values = new Map(rows.map((r) => [r.country, {iso2: r.country, name: r.name, value: r[metric]}]));
  const ranked = rows.filter((r) => r[metric] != null && r.country !== "XX").sort((a, b) => b[metric]! - a[metric]!);
  const located = rows.filter((r) => r.country !== "XX").length;
  const selected = rows.some((r) => r.country === country) ? country : null;
  const m = METRICS[metric];
  const assumed = assumedValues(words, metric);
  return {
    id: "countries-map",
    title: `${m.label} by country`,
    subtitle: `${incident.title}; ${scale} colour scale; grey: no data${metric.startsWith("per_") ? ` or fewer than ${MIN_FOR_RATE} unique IPs (too few for a rate)` : ""}${assumed ? `; modelled values (${words.assumption}), not findings` : ""}${region !== "world" ? `; zoomed to ${REGIONS[region].label}` : ""}`,
    source: `${pipelineSource("countries.arrow", modelled)}; population and internet users 2017: World Bank WDI`,
    cites: [],
    modelled,
    caveats: ["Counts are internet addresses, not machines.", `Rates are left out for countries with fewer than ${MIN_FOR_RATE} unique IPs.`,
      referenceYearCaveat(incident.window.start), unlocatedCaveat(rows), unmappedCaveat(t.world, ranked)]
      .filter((c): c is string => c !== null),
    query: metricSql(metric),
    summary: mapSummary(metric, ranked, located, assumed ? words : null),
    columns: [{key: "country", label: "Country code", unit: "", type: "string"}, {key: "name", label: "Country", unit: "", type: "string"}, {key: metric, label: m.label, unit: m.unit, type: "number"}],
    rows: ranked.map((r) => ({country: r.country, name: r.name, [metric]: r[metric]})),
    draw: (width) => worldMapChart(t.world, values, {width, label: m.label, scale, selected, onSelect, modelled, region})
  };
}
