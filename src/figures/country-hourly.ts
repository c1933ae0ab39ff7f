// One country's sinkhole hits per hour (the Countries page's detail view).
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {pipelineSource} from "./tables.js";
import {hitsByHour} from "./compute.js";
import {chosenCountry, countryParams, type CountrySelections} from "./country.js";
import {timeSeriesChart} from "../components/charts/timeSeriesChart.js";
import {crossesYear, formatInteger, formatUtcHour} from "../components/facts/format.js";
import {incidentDates, type IncidentConfig} from "../components/state/report-data.js";

export const params = countryParams;
export const tables = ["countries", "world", "hourly"] as const;

/** A country's hits per hour, hours with hits only, in time order. */
export function countryHours(hourly: FigureTables["hourly"], country: string): {hour: Date; hits: number}[] {
  return [...hitsByHour(hourly, country)].sort((a, b) => a[0] - b[0]).map(([h, hits]) => ({hour: new Date(h), hits}));
}

/** Null when no country (with data) is chosen. */
export function countryHourly(t: Pick<FigureTables, (typeof tables)[number]>, {country}: CountrySelections, incident: IncidentConfig): Figure | null {
  const detail = chosenCountry(t, country);
  if (!detail) return null;
  const dates = incidentDates(incident);
  const modelled = incident.data.modelled;
  const hours = countryHours(t.hourly, detail.country);
  // A window across two years: the peak's date says which.
  const hourText = (d: Date) => formatUtcHour(d, {year: crossesYear(...dates.window)});
  const peak = hours.reduce<(typeof hours)[number] | null>((a, b) => (b.hits > (a?.hits ?? -1) ? b : a), null);
  return {
    id: "country-hourly",
    title: `${detail.label}: sinkhole hits per hour (UTC)`,
    subtitle: dates.killSwitch ? "The shaded band is the window in which the kill switch was activated" : "Hits per hour over the incident window",
    source: pipelineSource("hourly.arrow", modelled),
    cites: [],
    modelled,
    caveats: ["Hits are requests to the sinkhole, not machines."],
    query: `SELECT hour, sum(hits) AS hits FROM hourly WHERE country = '${detail.country}' GROUP BY hour ORDER BY hour`,
    summary: !peak ? `${detail.label} has no hourly data.`
      : hours.length === 1 ? `All of ${detail.label}'s ${formatInteger(peak.hits)} hits fall in one hour, from ${hourText(peak.hour)}.`
      : `Hits from ${detail.label} peaked at ${formatInteger(peak.hits)} in the hour from ${hourText(peak.hour)}.`,
    columns: [{key: "hour", label: "Hour (UTC)", unit: "", type: "date"}, {key: "hits", label: "Sinkhole hits", unit: "sinkhole hits", type: "number"}],
    rows: hours,
    draw: (width) => timeSeriesChart(hours.map((d) => ({hour: d.hour, value: d.hits})), {width, yLabel: "Sinkhole hits per hour", domain: dates.window, killSwitch: dates.killSwitch, modelled})
  };
}
