// Every dataset's file as a FileAttachment: generated from loaders/datasets.ts by `npm run docs:schema` (scripts/docs-schema.ts); do not edit by hand.
// Framework finds attachments only as literal names, so this is the one list of them. A case-study dataset is attached
// by its page's module (./case-study-files/<page>.js), which the build includes only for an incident that lists the
// page (observablehq.config.ts): it is loaded here at run time, so no other incident ships or registers its file.
import {FileAttachment} from "observablehq:stdlib";

/** The datasets of case-study pages: name, Explore table, page. */
export const CASE_STUDY_DATASETS = [
  ["proof-detections", "proof_detections", "/proof"]
];

/** The URL of a case-study page's module as the build writes it (at its own path; this module is under _import/). */
const caseStudyUrl = (page) => new URL(`../../../components/explore/case-study-files${page}.js`, import.meta.url).href;

/**
 * The datasets' files, keyed by dataset name (file stem, "country-sectors") or by Explore table ("country_sectors"):
 * every incident's, and those of the case-study pages among `pages` (the incident's page paths, "/proof").
 */
export async function datasetFiles(by = "name", pages = []) {
  const files = [
    ["hourly", "hourly", FileAttachment("../../data/hourly.arrow")],
    ["daily", "daily", FileAttachment("../../data/daily.arrow")],
    ["countries", "countries", FileAttachment("../../data/countries.arrow")],
    ["sectors", "sectors", FileAttachment("../../data/sectors.arrow")],
    ["country-sectors", "country_sectors", FileAttachment("../../data/country-sectors.arrow")],
    ["country-reference", "country_reference", FileAttachment("../../data/country-reference.arrow")]
  ];
  const wanted = [...new Set(CASE_STUDY_DATASETS.map(([, , page]) => page))].filter((page) => pages.includes(page));
  for (const page of wanted) files.push(...(await import(caseStudyUrl(page))).files);
  return Object.fromEntries(files.map(([name, table, file]) => [by === "table" ? table : name, file]));
}
