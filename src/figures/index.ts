// The figure registry: every figure of the site, by id. A figure is one module (src/figures/<id>.ts) exporting
// its tables, its selection readers (params) and a builder (tables, selections, incident) → Figure; adding a
// figure is that module and one line here. Pages call the builders directly with what they loaded; the module
// export and the /embed/<id> pages (src/embed/charts.js) load the listed tables and call them through this list.
import type {Figure} from "./types.js";
import type {FigureTables, TableName} from "./tables.js";
import {readAll, type Reader} from "./params.js";
import type {IncidentConfig} from "../components/state/report-data.js";
import * as overviewMap from "./overview-map.js";
import * as overviewTimeline from "./overview-timeline.js";
import * as countriesMap from "./countries-map.js";
import * as countryHourly from "./country-hourly.js";
import * as countrySectors from "./country-sectors.js";
import * as sectorsBars from "./sectors-bars.js";
import * as sectorsHeatmap from "./sectors-heatmap.js";
import * as sectorsCountries from "./sectors-countries.js";
import * as timelineHourly from "./timeline-hourly.js";
import * as timelineCumulative from "./timeline-cumulative.js";
import * as timelineWindowCountries from "./timeline-window-countries.js";
import * as timelineWindowSectors from "./timeline-window-sectors.js";
import * as timelinePatchGap from "./timeline-patch-gap.js";
import * as methodologyHitsPerIp from "./methodology-hits-per-ip.js";
import * as methodologyValidation from "./methodology-validation.js";
import * as dataCoverage from "./data-coverage.js";
import * as nhsTrusts from "./nhs-trusts.js";
import * as nhsPrimaryCare from "./nhs-primary-care.js";
import * as nhsCost from "./nhs-cost.js";
import * as whyPatchGap from "./why-patch-gap.js";
import * as whyOs from "./why-os.js";
import * as whyNhsEstate from "./why-nhs-estate.js";
import * as statementInTime from "./statement-in-time.js";
import * as proofDetections from "./proof-detections.js";

export interface FigureEntry {
  /** The tables the builder reads (the module export loads only these). */
  tables: readonly TableName[];
  /** Selection readers by parameter name (URL parameters of /embed/<id>, options of render()). */
  params: Record<string, Reader<unknown>>;
  /** The page that draws the figure ("/" for the overview); its ?embed=<id> view shows it alone. */
  page: string;
  /** The case-study page the figure belongs to: only an incident that lists it has the figure. */
  caseStudy?: string;
  /** Null when the incident has no data for the figure (e.g. no vulnerability, no country chosen). */
  build(tables: FigureTables, selections: Record<string, unknown>, incident: IncidentConfig): Figure | null;
}

type Module<S, T extends TableName> = {tables: readonly T[]; params: {[K in keyof S]: Reader<S[K]>}; caseStudy?: string};

function entry<S, T extends TableName>(m: Module<S, T>, page: string, build: (t: Pick<FigureTables, T>, s: S, incident: IncidentConfig) => Figure | null): FigureEntry {
  return {tables: m.tables, params: m.params as Record<string, Reader<unknown>>, page, caseStudy: m.caseStudy, build: (t, s, incident) => build(t, s as S, incident)};
}

export const FIGURES: Record<string, FigureEntry> = {
  "overview-map": entry(overviewMap, "/", overviewMap.overviewMap),
  "overview-timeline": entry(overviewTimeline, "/", overviewTimeline.overviewTimeline),
  "countries-map": entry(countriesMap, "/countries", (t, s, i) => countriesMap.countriesMap(t, s, i)),
  "country-hourly": entry(countryHourly, "/countries", countryHourly.countryHourly),
  "country-sectors": entry(countrySectors, "/countries", countrySectors.countrySectors),
  "sectors-bars": entry(sectorsBars, "/sectors", sectorsBars.sectorsBars),
  "sectors-heatmap": entry(sectorsHeatmap, "/sectors", sectorsHeatmap.sectorsHeatmap),
  "sectors-countries": entry(sectorsCountries, "/sectors", sectorsCountries.sectorsCountries),
  "timeline-hourly": entry(timelineHourly, "/timeline", (t, s, i) => timelineHourly.timelineHourly(t, s, i)),
  "timeline-cumulative": entry(timelineCumulative, "/timeline", timelineCumulative.timelineCumulative),
  "timeline-window-countries": entry(timelineWindowCountries, "/timeline", timelineWindowCountries.timelineWindowCountries),
  "timeline-window-sectors": entry(timelineWindowSectors, "/timeline", timelineWindowSectors.timelineWindowSectors),
  "timeline-patch-gap": entry(timelinePatchGap, "/timeline", timelinePatchGap.timelinePatchGap),
  "methodology-hits-per-ip": entry(methodologyHitsPerIp, "/methodology", methodologyHitsPerIp.methodologyHitsPerIp),
  "methodology-validation": entry(methodologyValidation, "/methodology", methodologyValidation.methodologyValidation),
  "data-coverage": entry(dataCoverage, "/data", dataCoverage.dataCoverage),
  "nhs-trusts": entry(nhsTrusts, "/nhs", nhsTrusts.nhsTrusts),
  "nhs-primary-care": entry(nhsPrimaryCare, "/nhs", nhsPrimaryCare.nhsPrimaryCare),
  "nhs-cost": entry(nhsCost, "/nhs", nhsCost.nhsCost),
  "why-patch-gap": entry(whyPatchGap, "/why", whyPatchGap.whyPatchGap),
  "why-os": entry(whyOs, "/why", whyOs.whyOs),
  "why-nhs-estate": entry(whyNhsEstate, "/why", whyNhsEstate.whyNhsEstate),
  "statement-in-time": entry(statementInTime, "/statement", statementInTime.statementInTime),
  "proof-detections": entry(proofDetections, "/proof", proofDetections.proofDetections)
};

export const FIGURE_IDS = Object.keys(FIGURES);

/** The registry entry of `id`, or an error naming the ids there are. */
export function figureEntry(id: string): FigureEntry {
  const found = FIGURES[id];
  if (!found) throw new Error(`Unknown figure "${id}"; available: ${FIGURE_IDS.join(", ")}`);
  return found;
}

/** The figures an incident has: a case-study figure only with its page. */
export function figureIdsFor(incident: Pick<IncidentConfig, "pages">): string[] {
  const pages = new Set((incident.pages ?? []).map((p) => p.path));
  return FIGURE_IDS.filter((id) => {
    const page = FIGURES[id]!.caseStudy;
    return page === undefined || pages.has(page);
  });
}

/** The selections (URL parameters, render() options) figure `id` declares; none for an id outside the registry. */
export function figureParamNames(id: string): string[] {
  return Object.keys(FIGURES[id]?.params ?? {});
}

/** Whether `page` draws figures of the registry (Explore, for one, draws charts of its own). */
export const isFigurePage = (page: string): boolean => Object.values(FIGURES).some((f) => f.page === page);

/**
 * Why figure `id` cannot be shown in this incident's build (on `page`, when given), in words for the reader, or null
 * when it can (it may still have no data for some selections: noDataMessage). The module export and ?embed= say it.
 */
export function figureMissing(id: string, incident: Pick<IncidentConfig, "pages">, page?: string): string | null {
  const found = FIGURES[id];
  if (!found) return `The figure "${id}" is not in this build of Incident Atlas.`;
  if (!figureIdsFor(incident).includes(id)) return `The figure "${id}" is not in this build of Incident Atlas: it belongs to the ${found.caseStudy} case study, which this incident does not have.`;
  if (page !== undefined && page !== found.page) return `The figure "${id}" is not on this page; it is on ${found.page}.`;
  return null;
}

/** The incident has no data for figure `id` with the selections given (its builder returned null). */
export const noDataMessage = (id: string, incident: Pick<IncidentConfig, "title">) => `${incident.title} has no data for the figure "${id}" with these selections.`;

/** The valid selections of figure `id` from an options object or URLSearchParams (invalid values: defaults). */
export function figureSelections(id: string, options: URLSearchParams | Record<string, unknown> = {}): Record<string, unknown> {
  return readAll(figureEntry(id).params, options);
}
