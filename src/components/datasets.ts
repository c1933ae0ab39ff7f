// The catalog of the datasets the site ships: what each column means and in what unit, and where
// the rows come from. The Data page shows it beside the real Arrow schema read from each file (and
// flags any column missing here); the Explore page lists it beside the SQL editor.

export interface ColumnDoc {
  meaning: string;
  /** Unit of a number, or the code list of a key ("ISO 3166-1 alpha-2"); "" when none applies. */
  unit: string;
}

export interface DatasetDoc {
  /** File stem in src/data/ and in download names: "country-sectors". */
  name: string;
  /** SQL table name on the Explore page: "country_sectors". */
  table: string;
  title: string;
  description: string;
  /** "modelled" rows come from the incident's model; "reference" and "published" from cited sources. */
  kind: "modelled" | "reference" | "published";
  provenance: string;
  columns: Record<string, ColumnDoc>;
}

const MODELLED = {meaning: "True when the row comes from modelled data, not observed telemetry", unit: "boolean"};
const HITS = {meaning: "Requests to the sinkhole (connection attempts), not machines", unit: "requests"};
const UNIQUE_IPS = {
  meaning: "Distinct source IP addresses in this bucket; they do not add up across buckets (one IP is seen in many hours)",
  unit: "IP addresses"
};
const COUNTRY = {meaning: "Country of the source IP (geolocated); unknown locations use the bucket documented in docs/data-schema.md", unit: "ISO 3166-1 alpha-2"};
const SECTOR = {meaning: "Sector of the organisation holding the source IP (taxonomy in data/sectors.csv)", unit: "sector key"};

const PIPELINE =
  "Built by the pipeline (loaders/; docs/pipeline.md) from the input files of the incident chosen at build time (data/incidents/<id>/incident.json): validated, normalised (country, sector) and aggregated. When the incident's data are modelled (a seeded simulation calibrated to published figures: data/incidents/<id>/model.json, docs/model.md), every row says so in its modelled column.";

export const DATASETS: DatasetDoc[] = [
  {
    name: "hourly",
    table: "hourly",
    title: "Sinkhole hits by hour, country and sector",
    description: "One row per hour, country and sector with at least one hit during the incident window.",
    kind: "modelled",
    provenance: PIPELINE,
    columns: {
      hour: {meaning: "Start of the hour", unit: "UTC timestamp"},
      country: COUNTRY,
      sector: SECTOR,
      hits: HITS,
      unique_ips: UNIQUE_IPS,
      modelled: MODELLED
    }
  },
  {
    name: "daily",
    table: "daily",
    title: "Sinkhole hits by day",
    description: "One row per UTC day of the incident window.",
    kind: "modelled",
    provenance: PIPELINE,
    columns: {
      day: {meaning: "UTC day", unit: "date"},
      hits: HITS,
      unique_ips: {...UNIQUE_IPS, meaning: "Distinct source IP addresses seen that day; do not add days together"},
      modelled: MODELLED
    }
  },
  {
    name: "countries",
    table: "countries",
    title: "Sinkhole hits by country",
    description: "One row per country over the whole incident window.",
    kind: "modelled",
    provenance: PIPELINE,
    columns: {
      country: COUNTRY,
      iso3: {meaning: "Country code", unit: "ISO 3166-1 alpha-3"},
      iso_numeric: {meaning: "Country code (joins the world map's ids)", unit: "ISO 3166-1 numeric, 3 digits"},
      name: {meaning: "Country name", unit: ""},
      hits: HITS,
      unique_ips: {...UNIQUE_IPS, meaning: "Distinct source IP addresses in the country over the whole window"},
      first_seen: {meaning: "First hit from the country", unit: "UTC timestamp"},
      modelled: MODELLED
    }
  },
  {
    name: "sectors",
    table: "sectors",
    title: "Sinkhole hits by sector",
    description: "One row per sector over the whole incident window.",
    kind: "modelled",
    provenance: PIPELINE,
    columns: {
      sector: SECTOR,
      sector_label: {meaning: "Sector name for display", unit: ""},
      hits: HITS,
      unique_ips: {...UNIQUE_IPS, meaning: "Distinct source IP addresses in the sector over the whole window"},
      modelled: MODELLED
    }
  },
  {
    name: "country-sectors",
    table: "country_sectors",
    title: "Sinkhole hits by country and sector",
    description: "One row per country and sector over the whole incident window.",
    kind: "modelled",
    provenance: PIPELINE,
    columns: {
      country: COUNTRY,
      sector: SECTOR,
      hits: HITS,
      unique_ips: {...UNIQUE_IPS, meaning: "Distinct source IP addresses in the country and sector over the whole window"},
      modelled: MODELLED
    }
  },
  {
    name: "country-reference",
    table: "country_reference",
    title: "Countries in 2017: region, income group, population, internet users",
    description: "One row per country; the denominators for rates per person or per internet user.",
    kind: "reference",
    provenance:
      "World Bank World Development Indicators (population SP.POP.TOTL; internet users IT.NET.USER.ZS, from ITU), World Bank country classification (region, income group: current classification, not 2017's), ISO 3166-1 codes via DataHub country-codes. Snapshot dates and mirrors: data/reference/README.md.",
    columns: {
      iso2: {meaning: "Country code", unit: "ISO 3166-1 alpha-2"},
      iso3: {meaning: "Country code", unit: "ISO 3166-1 alpha-3"},
      iso_numeric: {meaning: "Country code", unit: "ISO 3166-1 numeric, 3 digits"},
      name: {meaning: "Country name (UN M49 English short name)", unit: ""},
      region: {meaning: "World Bank region", unit: ""},
      income_group: {meaning: "World Bank income group (current classification)", unit: ""},
      population_2017: {meaning: "Population, total, 2017", unit: "people"},
      internet_users_2017: {meaning: "Internet users in 2017: population × share using the internet", unit: "people"},
      source: {meaning: "Where the row's figures come from", unit: ""}
    }
  },
  {
    name: "proof-detections",
    table: "proof_detections",
    title: "Published WannaCry detections by country (Avast, 15 May 2017)",
    description: "Ten rows of a published table, used by the proof page.",
    kind: "published",
    provenance: "Avast's blog post of 15 May 2017 as copied in data/proof/ (see data/proof/README.md); vendor detections, not infected machines.",
    columns: {
      row_id: {meaning: "Row id in the fact sheet", unit: ""},
      country: {meaning: "Country as named by the source", unit: ""},
      detections: {meaning: "Avast detections of WannaCry", unit: "vendor detections"},
      unit: {meaning: "Unit as stated by the source", unit: ""},
      source_title: {meaning: "Title of the source", unit: ""},
      source_url: {meaning: "Address of the source", unit: "URL"},
      source_date: {meaning: "Publication date of the source", unit: "date"},
      verification_status: {meaning: "How the figure was checked (data/published/README.md)", unit: ""}
    }
  }
];

export function datasetByName(name: string): DatasetDoc | undefined {
  return DATASETS.find((d) => d.name === name);
}
