// The country reference table (World Bank WDI 2017 via data/reference/countries-2017.csv) as Arrow.
import {dataset} from "./datasets.ts";
import {datasetArrow} from "./outputs.ts";
import {readDataTable} from "./tables.ts";

const SOURCE_COLUMNS = ["population_source_dataset", "population_source_publisher", "population_source_url",
  "internet_source_dataset", "internet_source_publisher", "internet_source_url",
  "classification_source_dataset", "classification_source_url", "iso_source_dataset", "iso_source_url"];

/** Arrow bytes of the country-reference dataset (columns: loaders/datasets.ts; sources in the metadata). */
export function countryReferenceArrow(): Uint8Array {
  const rows = readDataTable("reference/countries-2017.csv");
  const first = rows[0] ?? {};
  const meta: Record<string, string> = {source_file: "data/reference/countries-2017.csv", readme: "data/reference/README.md",
    caveat: "income_group and region are the FY2025 classification, not 2017; internet_users_2017 is derived (population x share)"};
  for (const c of SOURCE_COLUMNS) meta[c] = first[c] ?? "";
  const s = (k: string) => rows.map((r) => r[k] ?? "");
  // A blank cell (no value at the source) becomes null.
  const n = (k: string) => rows.map((r) => (r[k] === "" || r[k] === undefined ? null : Number(r[k])));
  // Columns as loaders/datasets.ts lists them; each from the CSV column of the same name, except these.
  const from: Record<string, string> = {region: "world_bank_region"};
  const source = "World Bank WDI SP.POP.TOTL and IT.NET.USER.ZS (2017); ISO codes from datasets/country-codes";
  return datasetArrow(dataset("country-reference"), (c) =>
    c.name === "source" ? rows.map(() => source) : c.type === "nullable_int" ? n(from[c.name] ?? c.name) : s(from[c.name] ?? c.name), meta);
}
