// The overview's map: unique IP addresses by country, log scale.
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {countryRows, tiedForTop, tiedNames, unmappedCaveat} from "./compute.js";
import {worldMapChart} from "../components/charts/worldMapChart.js";
import {formatInteger, formatUtcRange} from "../components/facts/format.js";
import {assumedValues, modelledWords} from "../components/facts/modelled.js";
import {incidentDates, shortNames, type IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["countries", "world"] as const;

export function overviewMap(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure {
  const short = shortNames(t.world);
  const modelled = incident.data.modelled;
  const words = modelledWords(incident);
  const rows = countryRows(t.countries, [], short).filter((r) => r.country !== "XX").sort((a, b) => b.unique_ips - a.unique_ips);
  const tied = tiedForTop(rows, (r) => r.unique_ips);
  const values = new Map(rows.map((r) => [r.country, {iso2: r.country, name: r.name, value: r.unique_ips}]));
  return {
    id: "overview-map",
    title: "Where it struck: unique IP addresses by country",
    subtitle: `Unique IP addresses in the sinkhole data, ${formatUtcRange(...incidentDates(incident).window)}; addresses are not machines`,
    source: `Incident Atlas pipeline${modelled ? " (modelled)" : ""}`,
    cites: [],
    modelled,
    caveats: ["Counts are internet addresses, not machines.", unmappedCaveat(t.world, rows)].filter((c): c is string => c !== null),
    query: "SELECT name, unique_ips FROM countries ORDER BY unique_ips DESC",
    summary: !rows.length ? "No country has data."
      : assumedValues(words, "unique_ips") ? `The map shows ${words.whose} unique IPs for ${rows.length} countries: modelled values (${words.assumption}), not measurements, so no ranking is drawn from them.`
      : tied.length > 1 ? `${tiedNames(tied.map((r) => r.name))} tie for the most unique IPs (${formatInteger(tied[0]!.unique_ips)} each); ${rows.length} countries in all.`
      : `${rows[0]!.name} has the most unique IPs; ${rows.length} countries in all.`,
    columns: [{key: "country", label: "Country code", unit: "", type: "string"}, {key: "name", label: "Country", unit: "", type: "string"}, {key: "unique_ips", label: "Unique IP addresses", unit: "unique IPs", type: "number"}],
    rows: rows.map((r) => ({country: r.country, name: r.name, unique_ips: r.unique_ips})),
    draw: (width) => worldMapChart(t.world, values, {width, label: "Unique IP addresses (log scale)", scale: "log", modelled})
  };
}
