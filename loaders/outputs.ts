// The files served to pages: aggregate Arrow tables (+ validation.json) built from an ingest result.
import {buildTable, toIpc, type ColumnSpec} from "./arrow.ts";
import type {Incident} from "./incident.ts";
import type {Aggregates, Summary} from "./types.ts";

export const AGGREGATE_FILES = ["hourly.arrow", "countries.arrow", "sectors.arrow", "country-sectors.arrow", "daily.arrow"] as const;
export type AggregateFile = (typeof AGGREGATE_FILES)[number];

export function outputMetadata(incident: Incident, inputHash: string): Record<string, string> {
  return {
    incident: incident.id,
    modelled: String(incident.data.modelled),
    label: incident.data.label,
    scale: String(incident.data.scale),
    generated_by: "incident-atlas loaders/pipeline.ts",
    input_hash: inputHash
  };
}

/**
 * The `modelled` column, written only when the incident's data are modelled: every row of modelled data says so,
 * and real data carries no modelled label at all (the schema metadata's "modelled" says "false").
 */
const flag = (n: number, value: boolean): ColumnSpec[] => (value ? [{name: "modelled", type: "bool", values: new Array<boolean>(n).fill(true)}] : []);

/** Arrow IPC bytes of each aggregate file. */
export function aggregateArrow(a: Aggregates, incident: Incident, inputHash: string): Record<AggregateFile, Uint8Array> {
  const meta = outputMetadata(incident, inputHash);
  const m = incident.data.modelled;
  return {
    "hourly.arrow": toIpc(buildTable([
      {name: "hour", type: "timestamp", values: a.hourly.map((r) => r.hour)},
      {name: "country", type: "dict", values: a.hourly.map((r) => r.country)},
      {name: "sector", type: "dict", values: a.hourly.map((r) => r.sector)},
      {name: "hits", type: "count", values: a.hourly.map((r) => r.hits)},
      {name: "unique_ips", type: "count", values: a.hourly.map((r) => r.unique_ips)},
      ...flag(a.hourly.length, m)
    ], meta)),
    "countries.arrow": toIpc(buildTable([
      {name: "country", type: "dict", values: a.countries.map((r) => r.country)},
      {name: "iso3", type: "dict", values: a.countries.map((r) => r.iso3)},
      {name: "iso_numeric", type: "dict", values: a.countries.map((r) => r.iso_numeric)},
      {name: "name", type: "dict", values: a.countries.map((r) => r.name)},
      {name: "hits", type: "count", values: a.countries.map((r) => r.hits)},
      {name: "unique_ips", type: "count", values: a.countries.map((r) => r.unique_ips)},
      {name: "first_seen", type: "timestamp", values: a.countries.map((r) => r.first_seen)},
      ...flag(a.countries.length, m)
    ], meta)),
    "sectors.arrow": toIpc(buildTable([
      {name: "sector", type: "dict", values: a.sectors.map((r) => r.sector)},
      {name: "sector_label", type: "dict", values: a.sectors.map((r) => r.sector_label)},
      {name: "hits", type: "count", values: a.sectors.map((r) => r.hits)},
      {name: "unique_ips", type: "count", values: a.sectors.map((r) => r.unique_ips)},
      ...flag(a.sectors.length, m)
    ], meta)),
    "country-sectors.arrow": toIpc(buildTable([
      {name: "country", type: "dict", values: a.countrySectors.map((r) => r.country)},
      {name: "sector", type: "dict", values: a.countrySectors.map((r) => r.sector)},
      {name: "hits", type: "count", values: a.countrySectors.map((r) => r.hits)},
      {name: "unique_ips", type: "count", values: a.countrySectors.map((r) => r.unique_ips)},
      ...flag(a.countrySectors.length, m)
    ], meta)),
    "daily.arrow": toIpc(buildTable([
      {name: "day", type: "timestamp", values: a.daily.map((r) => r.day)},
      {name: "hits", type: "count", values: a.daily.map((r) => r.hits)},
      {name: "unique_ips", type: "count", values: a.daily.map((r) => r.unique_ips)},
      ...flag(a.daily.length, m)
    ], meta))
  };
}

/** validation.json text (stable key order, trailing newline). */
export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + "\n";
}
