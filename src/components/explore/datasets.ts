// The catalog of the datasets the site ships, for the pages: what each column means and in what unit, and where the
// rows come from. The list itself is loaders/datasets.ts (the registry, which also drives the Arrow writers and
// docs/data-schema.md), read here through its generated copy ./registry.ts. The Data page shows it beside the real
// Arrow schema read from each file (and flags any column missing here); the Explore page lists it beside the SQL editor.
// Whether the pipeline's tables are "modelled" or "observed" is not fixed here: it is the incident's
// `data.modelled` (datasetsFor), so real data never carries a modelled label.
import {modelledWords, type ModelledSource} from "../facts/modelled.js";
import {rowCount} from "../facts/count.js";
import {COLUMN_SQL_TYPES, DATASETS as REGISTRY, MODELLED_PROVENANCE, PUBLISHED_COLUMNS} from "./registry.js";

export interface ColumnDoc {
  meaning: string;
  /** Unit of a number, or the code list of a key ("ISO 3166-1 alpha-2"); "" when none applies. */
  unit: string;
  /** The column's type as a DuckDB table on the Explore page ("VARCHAR"). */
  sql?: string;
  /** Written only when the incident's data are modelled. */
  modelledOnly?: boolean;
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
  /** By name, in file order; a modelled-only column only for modelled data (datasetsFor). */
  columns: Record<string, ColumnDoc>;
  /** Shipped only for incidents that list this case-study page in their `pages` (e.g. "/proof"). */
  caseStudy?: string;
}

/** A dataset as the active incident has it: pipeline tables are "modelled" or "observed". */
export interface IncidentDataset extends Omit<DatasetDoc, "kind"> {
  kind: "modelled" | "observed" | "reference" | "published";
}

/** What the catalog needs to know of the incident (data/incident.json). */
export interface IncidentFacts extends ModelledSource {
  data: {modelled: boolean; label?: string; model?: {params: string} | null};
  pages?: {path: string}[];
}

/** The published tables the incident cites (data/published.json). */
export interface PublishedJson {
  tables: Record<string, {file: string; columns: string[]; rows: Record<string, string>[]}>;
}

/** The registry's datasets (every column, the modelled-only ones too). */
export const DATASETS: DatasetDoc[] = REGISTRY.map((d) => ({
  name: d.name, table: d.table, title: d.title, description: d.description, kind: d.kind, provenance: d.provenance,
  columns: Object.fromEntries(d.columns.map((c) => [c.name,
    {meaning: c.meaning, unit: c.unit, sql: COLUMN_SQL_TYPES[c.type] ?? "", ...(c.modelledOnly ? {modelledOnly: true} : {})}])),
  ...(d.caseStudy === undefined ? {} : {caseStudy: d.caseStudy})
}));

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
  const how = modelledWords(incident)?.provenance ?? "";
  const pages = new Set((incident.pages ?? []).map((p) => p.path));
  return DATASETS.filter((d) => d.caseStudy === undefined || pages.has(d.caseStudy)).map((d) => {
    if (d.kind !== "pipeline") return {...d, kind: d.kind};
    const columns = Object.fromEntries(Object.entries(d.columns).filter(([, c]) => modelled || !c.modelledOnly));
    // Data that are not modelled still carry the incident's own words about them (a sample's "the rows are invented").
    const about = modelled ? MODELLED_PROVENANCE.replace("{how}", how) : incident.data.label ? ` ${incident.data.label}` : "";
    return {...d, kind: modelled ? "modelled" : "observed", columns, provenance: d.provenance + about};
  });
}

/** True when any of `tables` (SQL table names) holds modelled data in this incident's build. */
export function readsModelled(incident: IncidentFacts, tables: readonly string[]): boolean {
  return datasetsFor(incident).some((d) => d.kind === "modelled" && tables.includes(d.table));
}

/** A reader's heading for a dataset's kind. */
export function kindLabel(kind: IncidentDataset["kind"]): string {
  return {modelled: "Modelled", observed: "From the input files", reference: "Reference data", published: "Published figures"}[kind];
}

/** The incident's cited fact tables (published.json) as datasets: SQL table `<name>` on Explore, all columns text. */
export function publishedDatasets(published: PublishedJson): IncidentDataset[] {
  return Object.entries(published.tables).map(([name, table]) => ({
    name: `published-${name.replace(/_/g, "-")}`,
    table: name,
    title: `Published figures: ${name.replace(/_/g, " ")}`,
    description: `${rowCount(table.rows.length)} of the fact sheet, as text exactly as published.`,
    kind: "published",
    provenance: `The fact sheet's ${table.file} (see data/published/README.md): every row keeps its quote, source and verification status.`,
    columns: Object.fromEntries(table.columns.map((c) => [c, PUBLISHED_COLUMNS[c] ?? {meaning: `As in ${table.file}`, unit: ""}]))
  }));
}
