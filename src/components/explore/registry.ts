// The registry of the shipped tables for the pages: generated from loaders/datasets.ts by `npm run docs:schema` (scripts/docs-schema.ts); do not edit by hand.
// test/unit/datasets.test.ts fails when this file differs from loaders/datasets.ts.
import type {DatasetDef} from "../../../loaders/datasets.ts";

export const DATASETS: readonly DatasetDef[] = [
  {
    "name": "hourly",
    "table": "hourly",
    "rows": "hourly",
    "kind": "pipeline",
    "provenance": "Built by the pipeline (loaders/; docs/pipeline.md) from the input files of the incident chosen at build time (data/incidents/<id>/incident.json): validated, normalised (country, sector) and aggregated.",
    "title": "Sinkhole hits by hour, country and sector",
    "description": "One row per hour, country and sector with at least one hit during the incident window.",
    "order": "hour, country, sector",
    "columns": [
      {
        "name": "hour",
        "type": "timestamp",
        "meaning": "Start of the hour",
        "unit": "UTC timestamp"
      },
      {
        "name": "country",
        "type": "dict",
        "unit": "ISO 3166-1 alpha-2",
        "meaning": "Country of the source IP (geolocated); unknown locations use the bucket documented in docs/data-schema.md"
      },
      {
        "name": "sector",
        "type": "dict",
        "meaning": "Sector of the organisation holding the source IP (taxonomy in data/sectors.csv)",
        "unit": "sector key"
      },
      {
        "name": "hits",
        "type": "count",
        "meaning": "Requests to the sinkhole (connection attempts), not machines",
        "unit": "requests"
      },
      {
        "name": "unique_ips",
        "type": "count",
        "meaning": "Distinct source IP addresses in this bucket; they do not add up across buckets (one IP is seen in many hours)",
        "unit": "IP addresses"
      },
      {
        "name": "modelled",
        "type": "bool",
        "modelledOnly": true,
        "meaning": "True when the row comes from modelled data, not observed telemetry",
        "unit": "boolean"
      }
    ]
  },
  {
    "name": "daily",
    "table": "daily",
    "rows": "daily",
    "kind": "pipeline",
    "provenance": "Built by the pipeline (loaders/; docs/pipeline.md) from the input files of the incident chosen at build time (data/incidents/<id>/incident.json): validated, normalised (country, sector) and aggregated.",
    "title": "Sinkhole hits by day",
    "description": "One row per UTC day of the incident window with at least one hit.",
    "order": "day",
    "columns": [
      {
        "name": "day",
        "type": "timestamp",
        "meaning": "Start of the UTC day",
        "unit": "date"
      },
      {
        "name": "hits",
        "type": "count",
        "meaning": "Requests to the sinkhole (connection attempts), not machines",
        "unit": "requests"
      },
      {
        "name": "unique_ips",
        "type": "count",
        "meaning": "Distinct source IP addresses seen that day; do not add days together",
        "unit": "IP addresses"
      },
      {
        "name": "modelled",
        "type": "bool",
        "modelledOnly": true,
        "meaning": "True when the row comes from modelled data, not observed telemetry",
        "unit": "boolean"
      }
    ]
  },
  {
    "name": "countries",
    "table": "countries",
    "rows": "countries",
    "kind": "pipeline",
    "provenance": "Built by the pipeline (loaders/; docs/pipeline.md) from the input files of the incident chosen at build time (data/incidents/<id>/incident.json): validated, normalised (country, sector) and aggregated.",
    "title": "Sinkhole hits by country",
    "description": "One row per country (and the unknown bucket XX) over the whole incident window.",
    "order": "hits descending, then country",
    "columns": [
      {
        "name": "country",
        "type": "dict",
        "unit": "ISO 3166-1 alpha-2",
        "meaning": "Country of the source IP (geolocated); unknown locations use the bucket documented in docs/data-schema.md"
      },
      {
        "name": "iso3",
        "type": "dict",
        "meaning": "Country code (XXX for unknown)",
        "unit": "ISO 3166-1 alpha-3"
      },
      {
        "name": "iso_numeric",
        "type": "dict",
        "meaning": "Country code, joins the world map's ids (world-atlas TopoJSON id); empty for unknown",
        "unit": "ISO 3166-1 numeric, three digits"
      },
      {
        "name": "name",
        "type": "dict",
        "meaning": "Country name (English, i18n-iso-countries)",
        "unit": ""
      },
      {
        "name": "hits",
        "type": "count",
        "meaning": "Requests to the sinkhole (connection attempts), not machines",
        "unit": "requests"
      },
      {
        "name": "unique_ips",
        "type": "count",
        "meaning": "Distinct source IP addresses in the country over the whole window",
        "unit": "IP addresses"
      },
      {
        "name": "first_seen",
        "type": "timestamp",
        "meaning": "First hit from the country",
        "unit": "UTC timestamp"
      },
      {
        "name": "modelled",
        "type": "bool",
        "modelledOnly": true,
        "meaning": "True when the row comes from modelled data, not observed telemetry",
        "unit": "boolean"
      }
    ]
  },
  {
    "name": "sectors",
    "table": "sectors",
    "rows": "sectors",
    "kind": "pipeline",
    "provenance": "Built by the pipeline (loaders/; docs/pipeline.md) from the input files of the incident chosen at build time (data/incidents/<id>/incident.json): validated, normalised (country, sector) and aggregated.",
    "title": "Sinkhole hits by sector",
    "description": "One row per sector present over the whole incident window.",
    "order": "the taxonomy order of data/sectors.csv",
    "columns": [
      {
        "name": "sector",
        "type": "dict",
        "meaning": "Sector of the organisation holding the source IP (taxonomy in data/sectors.csv)",
        "unit": "sector key"
      },
      {
        "name": "sector_label",
        "type": "dict",
        "meaning": "Sector name for display",
        "unit": ""
      },
      {
        "name": "hits",
        "type": "count",
        "meaning": "Requests to the sinkhole (connection attempts), not machines",
        "unit": "requests"
      },
      {
        "name": "unique_ips",
        "type": "count",
        "meaning": "Distinct source IP addresses in the sector over the whole window",
        "unit": "IP addresses"
      },
      {
        "name": "modelled",
        "type": "bool",
        "modelledOnly": true,
        "meaning": "True when the row comes from modelled data, not observed telemetry",
        "unit": "boolean"
      }
    ]
  },
  {
    "name": "country-sectors",
    "table": "country_sectors",
    "rows": "countrySectors",
    "kind": "pipeline",
    "provenance": "Built by the pipeline (loaders/; docs/pipeline.md) from the input files of the incident chosen at build time (data/incidents/<id>/incident.json): validated, normalised (country, sector) and aggregated.",
    "title": "Sinkhole hits by country and sector",
    "description": "One row per country and sector over the whole incident window.",
    "order": "country, sector",
    "columns": [
      {
        "name": "country",
        "type": "dict",
        "unit": "ISO 3166-1 alpha-2",
        "meaning": "Country of the source IP (geolocated); unknown locations use the bucket documented in docs/data-schema.md"
      },
      {
        "name": "sector",
        "type": "dict",
        "meaning": "Sector of the organisation holding the source IP (taxonomy in data/sectors.csv)",
        "unit": "sector key"
      },
      {
        "name": "hits",
        "type": "count",
        "meaning": "Requests to the sinkhole (connection attempts), not machines",
        "unit": "requests"
      },
      {
        "name": "unique_ips",
        "type": "count",
        "meaning": "Distinct source IP addresses in the country and sector over the whole window",
        "unit": "IP addresses"
      },
      {
        "name": "modelled",
        "type": "bool",
        "modelledOnly": true,
        "meaning": "True when the row comes from modelled data, not observed telemetry",
        "unit": "boolean"
      }
    ]
  },
  {
    "name": "country-reference",
    "table": "country_reference",
    "kind": "reference",
    "title": "Countries in 2017: region, income group, population, internet users",
    "description": "One row per country (all 249 ISO 3166-1 entries of data/reference/countries-2017.csv); the denominators for rates per person or per internet user. Join on country = iso2.",
    "order": "iso2",
    "provenance": "World Bank World Development Indicators (population SP.POP.TOTL; internet users IT.NET.USER.ZS, from ITU), World Bank country classification (region, income group: current classification, not 2017's), ISO 3166-1 codes via DataHub country-codes. Snapshot dates and mirrors: data/reference/README.md.",
    "columns": [
      {
        "name": "iso2",
        "type": "dict",
        "meaning": "Country code",
        "unit": "ISO 3166-1 alpha-2"
      },
      {
        "name": "iso3",
        "type": "dict",
        "meaning": "Country code",
        "unit": "ISO 3166-1 alpha-3"
      },
      {
        "name": "iso_numeric",
        "type": "dict",
        "meaning": "Country code",
        "unit": "ISO 3166-1 numeric, three digits"
      },
      {
        "name": "name",
        "type": "dict",
        "meaning": "Country name (UN M49 English short name)",
        "unit": ""
      },
      {
        "name": "region",
        "type": "dict",
        "meaning": "World Bank region (empty when not a World Bank economy)",
        "unit": ""
      },
      {
        "name": "income_group",
        "type": "dict",
        "meaning": "World Bank income group (current classification, FY2025, not 2017's)",
        "unit": ""
      },
      {
        "name": "population_2017",
        "type": "nullable_int",
        "meaning": "Population, total, 2017 (World Bank SP.POP.TOTL); null = no value at the source",
        "unit": "people"
      },
      {
        "name": "internet_users_2017",
        "type": "nullable_int",
        "meaning": "Internet users in 2017: population × share using the internet (IT.NET.USER.ZS / 100; derived, not a published figure); null = no value",
        "unit": "people"
      },
      {
        "name": "source",
        "type": "dict",
        "meaning": "Where the row's figures come from",
        "unit": ""
      }
    ],
    "notes": "Schema metadata: `source_file`, `readme`, `caveat` and the `*_source_dataset`, `*_source_publisher`, `*_source_url` columns of the CSV (World Bank WDI SP.POP.TOTL and IT.NET.USER.ZS; datasets/country-codes). See `data/reference/README.md` for provenance, gaps and caveats."
  },
  {
    "name": "proof-detections",
    "table": "proof_detections",
    "kind": "published",
    "caseStudy": "/proof",
    "title": "Published detections by country (Avast, 15 May 2017)",
    "description": "Ten rows of a published table, used by the proof page.",
    "order": "as in the source CSV",
    "provenance": "Avast's blog post of 15 May 2017 as copied in data/proof/ (see data/proof/README.md); vendor detections, not infected machines.",
    "columns": [
      {
        "name": "row_id",
        "type": "utf8",
        "meaning": "Row id in the fact sheet",
        "unit": ""
      },
      {
        "name": "country",
        "type": "dict",
        "meaning": "Country as named by the source",
        "unit": ""
      },
      {
        "name": "detections",
        "type": "count",
        "meaning": "Avast detections of the malware",
        "unit": "vendor detections"
      },
      {
        "name": "unit",
        "type": "dict",
        "meaning": "Unit as stated by the source",
        "unit": ""
      },
      {
        "name": "source_title",
        "type": "dict",
        "meaning": "Title of the source",
        "unit": ""
      },
      {
        "name": "source_url",
        "type": "dict",
        "meaning": "Address of the source",
        "unit": "URL"
      },
      {
        "name": "source_date",
        "type": "dict",
        "meaning": "Publication date of the source",
        "unit": "date"
      },
      {
        "name": "verification_status",
        "type": "dict",
        "meaning": "How the figure was checked (data/published/README.md)",
        "unit": ""
      }
    ],
    "notes": "Built by `loaders/proof/detections.ts` from `data/proof/avast-detections-2017-05-15.csv`; no schema metadata."
  }
];

export const PUBLISHED_COLUMNS: Readonly<Record<string, {meaning: string; unit: string}>> = {
  "row_id": {
    "meaning": "Row id in the fact sheet (the anchor of its source marker)",
    "unit": ""
  },
  "event_id": {
    "meaning": "Event id in the fact sheet (the anchor of its source marker)",
    "unit": ""
  },
  "metric_id": {
    "meaning": "Row id in the fact sheet",
    "unit": ""
  },
  "source_key": {
    "meaning": "Key of the source",
    "unit": ""
  },
  "date": {
    "meaning": "Date of the event",
    "unit": "date"
  },
  "time_utc": {
    "meaning": "Time of the event, converted to UTC only where the source states a zone",
    "unit": "HH:MM UTC"
  },
  "time_as_stated": {
    "meaning": "Time as the source states it",
    "unit": ""
  },
  "event": {
    "meaning": "What happened",
    "unit": ""
  },
  "metric": {
    "meaning": "What the figure measures",
    "unit": ""
  },
  "point": {
    "meaning": "The point the statement makes",
    "unit": ""
  },
  "value": {
    "meaning": "The figure as published (text: ranges and approximations are kept)",
    "unit": "see unit"
  },
  "figure": {
    "meaning": "The figure as published (text)",
    "unit": "see unit"
  },
  "unit": {
    "meaning": "Unit of the figure as stated by the source (detections, requests, machines… are not comparable)",
    "unit": ""
  },
  "country": {
    "meaning": "Country as named by the source",
    "unit": ""
  },
  "countries": {
    "meaning": "Countries the figure covers, as stated",
    "unit": ""
  },
  "rank": {
    "meaning": "Rank as published",
    "unit": ""
  },
  "organisation": {
    "meaning": "Organisation named by the source",
    "unit": ""
  },
  "sector": {
    "meaning": "Sector as described by the source (free text)",
    "unit": ""
  },
  "operating_system": {
    "meaning": "Operating system as named by the source",
    "unit": ""
  },
  "reporter": {
    "meaning": "Who published the figure",
    "unit": ""
  },
  "vendor_or_dataset": {
    "meaning": "Vendor or dataset behind the figure",
    "unit": ""
  },
  "as_of": {
    "meaning": "When the figure applies",
    "unit": ""
  },
  "measured_at_or_period": {
    "meaning": "When or over what period the figure was measured",
    "unit": ""
  },
  "period_or_as_of": {
    "meaning": "When or over what period the figure applies",
    "unit": ""
  },
  "event_date": {
    "meaning": "Date of the impact",
    "unit": "date"
  },
  "impact_summary": {
    "meaning": "What happened to the organisation",
    "unit": ""
  },
  "quote": {
    "meaning": "The sentence containing the figure, verbatim",
    "unit": ""
  },
  "source_title": {
    "meaning": "Title of the source",
    "unit": ""
  },
  "source_url": {
    "meaning": "Address of the source",
    "unit": "URL"
  },
  "source_date": {
    "meaning": "Publication date of the source",
    "unit": "date"
  },
  "source_type": {
    "meaning": "Primary or secondary source",
    "unit": ""
  },
  "retrieved_via": {
    "meaning": "How the source was read (archived copy, mirror…)",
    "unit": ""
  },
  "verification_status": {
    "meaning": "verified-primary, verified-secondary, conflicting or unverified (data/published/README.md)",
    "unit": ""
  },
  "notes": {
    "meaning": "Notes of the fact sheet",
    "unit": ""
  },
  "cited_as_row_source": {
    "meaning": "Whether a fact row cites this source",
    "unit": ""
  }
};

export const COLUMN_SQL_TYPES: Readonly<Record<string, string>> = {
  "dict": "VARCHAR",
  "utf8": "VARCHAR",
  "count": "INTEGER",
  "timestamp": "TIMESTAMP",
  "bool": "BOOLEAN",
  "nullable_int": "INTEGER"
};

export const MODELLED_PROVENANCE = " The incident's data are modelled (a seeded simulation calibrated to published figures: data/incidents/<id>/model.json, docs/model.md): every row says so in its modelled column, and the Arrow file's schema metadata too.";
