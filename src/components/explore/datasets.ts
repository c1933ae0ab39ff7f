// The catalog of the datasets the site ships: what each column means and in what unit, and where
// the rows come from. The Data page shows it beside the real Arrow schema read from each file (and
// flags any column missing here); the Explore page lists it beside the SQL editor.
// Whether the pipeline's tables are "modelled" or "observed" is not fixed here: it is the incident's
// `data.modelled` (datasetsFor), so real data never carries a modelled label.

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
  /**
   * "pipeline" rows are built from the incident's inputs (modelled or observed, as the incident says);
   * "reference" and "published" rows come from cited sources.
   */
  kind: "pipeline" | "reference" | "published";
  provenance: string;
  columns: Record<string, ColumnDoc>;
  /** Shipped only for incidents that list this case-study page in their `pages` (e.g. "/proof"). */
  caseStudy?: string;
}

/** A dataset as the active incident has it: pipeline tables are "modelled" or "observed". */
export interface IncidentDataset extends Omit<DatasetDoc, "kind"> {
  kind: "modelled" | "observed" | "reference" | "published";
}

/** What the catalog needs to know of the incident (data/incident.json). */
export interface IncidentFacts {
  id: string;
  data: {modelled: boolean; label?: string};
  pages?: {path: string}[];
}

/** The published tables the incident cites (data/published.json). */
export interface PublishedJson {
  tables: Record<string, {file: string; columns: string[]; rows: Record<string, string>[]}>;
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
  "Built by the pipeline (loaders/; docs/pipeline.md) from the input files of the incident chosen at build time (data/incidents/<id>/incident.json): validated, normalised (country, sector) and aggregated.";
const PIPELINE_MODELLED =
  " The incident's data are modelled (a seeded simulation calibrated to published figures: data/incidents/<id>/model.json, docs/model.md): every row says so in its modelled column, and the Arrow file's schema metadata too.";

export const DATASETS: DatasetDoc[] = [
  {
    name: "hourly",
    table: "hourly",
    title: "Sinkhole hits by hour, country and sector",
    description: "One row per hour, country and sector with at least one hit during the incident window.",
    kind: "pipeline",
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
    kind: "pipeline",
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
    kind: "pipeline",
    provenance: PIPELINE,
    columns: {
      country: COUNTRY,
      iso3: {meaning: "Country code", unit: "ISO 3166-1 alpha-3"},
      iso_numeric: {meaning: "Country code (joins the world map's ids)", unit: "ISO 3166-1 numeric, three digits"},
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
    kind: "pipeline",
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
    kind: "pipeline",
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
      iso_numeric: {meaning: "Country code", unit: "ISO 3166-1 numeric, three digits"},
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
    caseStudy: "/proof",
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

/**
 * The site's datasets for one incident: pipeline tables labelled "modelled" only when the incident's data are
 * (and only then documented with a `modelled` column, which the pipeline writes only for modelled data);
 * case-study datasets only for the incident that has the page.
 */
export function datasetsFor(incident: IncidentFacts): IncidentDataset[] {
  const modelled = incident.data.modelled;
  const pages = new Set((incident.pages ?? []).map((p) => p.path));
  return DATASETS.filter((d) => d.caseStudy === undefined || pages.has(d.caseStudy)).map((d) => {
    if (d.kind !== "pipeline") return {...d, kind: d.kind};
    const columns = Object.fromEntries(Object.entries(d.columns).filter(([name]) => modelled || name !== "modelled"));
    return {...d, kind: modelled ? "modelled" : "observed", columns, provenance: d.provenance + (modelled ? PIPELINE_MODELLED : "")};
  });
}

/** A reader's heading for a dataset's kind. */
export function kindLabel(kind: IncidentDataset["kind"]): string {
  return {modelled: "Modelled", observed: "Observed", reference: "Reference data", published: "Published figures"}[kind];
}

// Meanings of the fact sheet's columns (data/published/README.md); a column not listed here is documented by its file.
const FACT_COLUMNS: Record<string, ColumnDoc> = {
  row_id: {meaning: "Row id in the fact sheet (the anchor of its source marker)", unit: ""},
  event_id: {meaning: "Event id in the fact sheet (the anchor of its source marker)", unit: ""},
  metric_id: {meaning: "Row id in the fact sheet", unit: ""},
  source_key: {meaning: "Key of the source", unit: ""},
  date: {meaning: "Date of the event", unit: "date"},
  time_utc: {meaning: "Time of the event, converted to UTC only where the source states a zone", unit: "HH:MM UTC"},
  time_as_stated: {meaning: "Time as the source states it", unit: ""},
  event: {meaning: "What happened", unit: ""},
  metric: {meaning: "What the figure measures", unit: ""},
  point: {meaning: "The point the statement makes", unit: ""},
  value: {meaning: "The figure as published (text: ranges and approximations are kept)", unit: "see unit"},
  figure: {meaning: "The figure as published (text)", unit: "see unit"},
  unit: {meaning: "Unit of the figure as stated by the source (detections, requests, machines… are not comparable)", unit: ""},
  country: {meaning: "Country as named by the source", unit: ""},
  countries: {meaning: "Countries the figure covers, as stated", unit: ""},
  rank: {meaning: "Rank as published", unit: ""},
  organisation: {meaning: "Organisation named by the source", unit: ""},
  sector: {meaning: "Sector as described by the source (free text)", unit: ""},
  operating_system: {meaning: "Operating system as named by the source", unit: ""},
  reporter: {meaning: "Who published the figure", unit: ""},
  vendor_or_dataset: {meaning: "Vendor or dataset behind the figure", unit: ""},
  as_of: {meaning: "When the figure applies", unit: ""},
  measured_at_or_period: {meaning: "When or over what period the figure was measured", unit: ""},
  period_or_as_of: {meaning: "When or over what period the figure applies", unit: ""},
  event_date: {meaning: "Date of the impact", unit: "date"},
  impact_summary: {meaning: "What happened to the organisation", unit: ""},
  quote: {meaning: "The sentence containing the figure, verbatim", unit: ""},
  source_title: {meaning: "Title of the source", unit: ""},
  source_url: {meaning: "Address of the source", unit: "URL"},
  source_date: {meaning: "Publication date of the source", unit: "date"},
  source_type: {meaning: "Primary or secondary source", unit: ""},
  retrieved_via: {meaning: "How the source was read (archived copy, mirror…)", unit: ""},
  verification_status: {meaning: "verified-primary, verified-secondary, conflicting or unverified (data/published/README.md)", unit: ""},
  notes: {meaning: "Notes of the fact sheet", unit: ""},
  cited_as_row_source: {meaning: "Whether a fact row cites this source", unit: ""}
};

/** The incident's cited fact tables (published.json) as datasets: SQL table `<name>` on Explore, all columns text. */
export function publishedDatasets(published: PublishedJson): IncidentDataset[] {
  return Object.entries(published.tables).map(([name, table]) => ({
    name: `published-${name.replace(/_/g, "-")}`,
    table: name,
    title: `Published figures: ${name.replace(/_/g, " ")}`,
    description: `${table.rows.length} rows of the fact sheet, as text exactly as published.`,
    kind: "published",
    provenance: `The fact sheet's ${table.file} (see data/published/README.md): every row keeps its quote, source and verification status.`,
    columns: Object.fromEntries(table.columns.map((c) => [c, FACT_COLUMNS[c] ?? {meaning: `As in ${table.file}`, unit: ""}]))
  }));
}
