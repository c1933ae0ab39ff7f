// npx tsx scripts/model-totals.ts
//   Runs (or reuses) the pipeline for the active incident and prints the totals measured from its outputs
//   (countries.arrow, daily.arrow, hourly.arrow, validation.json) next to the published figures the model is
//   calibrated to (headline_totals H15, H18; country_figures C22–C31). Used for the numbers in docs/model.md.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {runPipeline} from "../loaders/pipeline.ts";
import {loadIncident} from "../loaders/incident.ts";
import {loadModelParams} from "../loaders/model/params.ts";
import {readDataTable} from "../loaders/tables.ts";

const incident = loadIncident();
const dir = await runPipeline();
const table = (name: string) => tableFromIPC(readFileSync(join(dir, name)));
const rows = (name: string) => table(name).toArray().map((r) => r.toJSON() as Record<string, unknown>);
const summary = JSON.parse(readFileSync(join(dir, "validation.json"), "utf-8")) as {unique_ips: number; time_range: {first: string | null}};
const countries = rows("countries.arrow");
const daily = rows("daily.arrow");
const hourly = rows("hourly.arrow");
const hits = countries.reduce((s, r) => s + Number(r.hits), 0);
const dailyHits = daily.reduce((s, r) => s + Number(r.hits), 0);
const firstHour = hourly.reduce((m, r) => (Number(r.hits) > 0 ? Math.min(m, Number(r.hour)) : m), Infinity);
const published = new Map(readDataTable("published/country_figures.csv").map((r) => [r.row_id ?? "", r]));
const headline = new Map(readDataTable("published/headline_totals.csv").map((r) => [r.row_id ?? "", r]));
const model = incident.data.model;
const params = model === null ? null : loadModelParams(incident.dir, model.params);
const byCode = new Map(countries.map((r) => [String(r.country), r]));
const out = {
  pipeline_dir: dir,
  scale: table("countries.arrow").schema.metadata.get("scale") ?? null,
  hits, hits_daily_sum: dailyHits, hits_published: headline.get("H15")?.value ?? null,
  unique_ips: summary.unique_ips, unique_ips_published: headline.get("H18")?.value ?? null,
  hits_per_ip: Number((hits / summary.unique_ips).toFixed(2)),
  first_row: summary.time_range.first, first_hour_with_hits: new Date(firstHour).toISOString(),
  hourly_rows: hourly.length,
  countries_over_1000_ips: countries.filter((r) => Number(r.unique_ips) > 1000 && r.country !== "XX").length,
  countries_over_1000_ips_published: headline.get("H18")?.countries ?? null,
  top_ten: (params?.countries.top ?? []).map((c) => ({
    row: c.source_row, country: c.iso2, published: Number(published.get(c.source_row)?.figure),
    modelled_hits: Number(byCode.get(c.iso2)?.hits ?? 0), modelled_unique_ips: Number(byCode.get(c.iso2)?.unique_ips ?? 0)
  }))
};
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
