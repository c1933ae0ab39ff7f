// The country reference table (World Bank WDI 2017 via data/reference/countries-2017.csv) as Arrow.
import {buildTable, toIpc} from "./arrow.ts";
import {readDataTable} from "./tables.ts";

const SOURCE_COLUMNS = ["population_source_dataset", "population_source_publisher", "population_source_url",
  "internet_source_dataset", "internet_source_publisher", "internet_source_url",
  "classification_source_dataset", "classification_source_url", "iso_source_dataset", "iso_source_url"];

/** Arrow bytes: iso2, iso3, iso_numeric, name, region, income_group, population_2017, internet_users_2017 (+ sources in metadata). */
export function countryReferenceArrow(): Uint8Array {
  const rows = readDataTable("reference/countries-2017.csv");
  const first = rows[0] ?? {};
  const meta: Record<string, string> = {source_file: "data/reference/countries-2017.csv", readme: "data/reference/README.md",
    caveat: "income_group and region are the FY2025 classification, not 2017; internet_users_2017 is derived (population x share)"};
  for (const c of SOURCE_COLUMNS) meta[c] = first[c] ?? "";
  const s = (k: string) => rows.map((r) => r[k] ?? "");
  // A blank cell (no value at the source) becomes null.
  const n = (k: string) => rows.map((r) => (r[k] === "" || r[k] === undefined ? null : Number(r[k])));
  return toIpc(buildTable([
    {name: "iso2", type: "dict", values: s("iso2")},
    {name: "iso3", type: "dict", values: s("iso3")},
    {name: "iso_numeric", type: "dict", values: s("iso_numeric")},
    {name: "name", type: "dict", values: s("name")},
    {name: "region", type: "dict", values: s("world_bank_region")},
    {name: "income_group", type: "dict", values: s("income_group")},
    {name: "population_2017", type: "nullable_int", values: n("population_2017")},
    {name: "internet_users_2017", type: "nullable_int", values: n("internet_users_2017")},
    {name: "source", type: "dict", values: rows.map(() => "World Bank WDI SP.POP.TOTL and IT.NET.USER.ZS (2017); ISO codes from datasets/country-codes")}
  ], meta));
}
