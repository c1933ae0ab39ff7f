// The data page's coverage chart: sinkhole hits per hour over the incident window. The table lists every hour with hits;
// the chart draws every hour of the window, zeros included, so that gaps show as gaps.
import * as Plot from "npm:@observablehq/plot";
import type {Figure} from "./types.js";
import type {FigureTables} from "./tables.js";
import {hitsByHour} from "./compute.js";
import {fillHours} from "../components/time/hours.js";
import {utcTickFormat, yearLine} from "../components/facts/format.js";
import {THEME} from "../components/charts/palette.js";
import {countTick} from "../components/charts/ticks.js";
import type {IncidentConfig} from "../components/state/report-data.js";

export const params = {};
export const tables = ["hourly", "hourlyBuilt"] as const;

/** Hours with hits, in time order. */
export function coverage(hourly: FigureTables["hourly"]): {hour: Date; hits: number}[] {
  return [...hitsByHour(hourly)].sort((a, b) => a[0] - b[0]).map(([h, hits]) => ({hour: new Date(h), hits}));
}

/** What the chart draws: every hour of the window, 0 where the tables have no hits, and the last hour's end (a step
 * area needs it to draw that hour). */
export function coverageSteps(rows: {hour: Date; hits: number}[], window: [Date, Date]): {hour: Date; hits: number}[] {
  const hours = fillHours(rows.map((d) => ({hour: d.hour, value: d.hits})), window[0], window[1]).map((d) => ({hour: d.hour, hits: d.value}));
  const last = hours[hours.length - 1];
  return last ? [...hours, {hour: window[1], hits: last.hits}] : hours;
}

export function dataCoverage(t: Pick<FigureTables, (typeof tables)[number]>, _selections: object, incident: IncidentConfig): Figure {
  const rows = coverage(t.hourly);
  const busiest = rows.reduce<(typeof rows)[number] | null>((a, d) => (!a || d.hits > a.hits ? d : a), null);
  const domain: [Date, Date] = [new Date(incident.window.start), new Date(incident.window.end)];
  const steps = coverageSteps(rows, domain);
  return {
    id: "data-coverage",
    title: "What the event tables cover: sinkhole hits per hour",
    subtitle: `The incident window, ${incident.window.start.slice(0, 16).replace("T", " ")} to ${incident.window.end.slice(0, 16).replace("T", " ")} UTC`,
    source: `Table hourly (${incident.id}), built ${new Date(t.hourlyBuilt).toISOString().slice(0, 10)}; ${incident.data?.label || "the incident's input files"}`,
    cites: [],
    modelled: Boolean(incident.data?.modelled),
    caveats: ["Hits are requests to the sinkhole, not machines."],
    query: "SELECT hour, sum(hits) AS hits FROM hourly GROUP BY hour ORDER BY hour",
    summary: rows.length && busiest ? `${rows.length} hours with hits; the busiest is ${busiest.hour.toISOString().slice(0, 13).replace("T", " ")}:00 UTC with ${busiest.hits.toLocaleString("en-GB")} hits (requests, not machines).` : "No hits in the window.",
    columns: [{key: "hour", label: "Hour (UTC)", unit: "", type: "date"}, {key: "hits", label: "Sinkhole hits", unit: "sinkhole hits", type: "number"}],
    rows,
    draw: (width) => Plot.plot({
      width, height: 220 + yearLine(domain), marginLeft: 60, marginRight: 24, marginBottom: 48 + yearLine(domain),
      x: {type: "utc", label: "Hour (UTC) →", labelAnchor: "right", labelOffset: 40 + yearLine(domain), domain, ticks: width < 640 ? 4 : 8, tickFormat: utcTickFormat(domain, {twoLines: true})},
      // With no hits the y scale has no extent: a fixed [0, 1] axis with one tick at 0.
      y: {grid: true, label: "Sinkhole hits per hour", tickFormat: countTick, ...(busiest && busiest.hits > 0 ? {} : {domain: [0, 1], ticks: [0]})},
      marks: [Plot.areaY(steps, {x: "hour", y: "hits", fill: THEME.focus, fillOpacity: 0.3, curve: "step-after"}), Plot.lineY(steps, {x: "hour", y: "hits", stroke: THEME.focus, curve: "step-after"}), Plot.ruleY([0])]
    })
  };
}
