// Every dataset's file as a FileAttachment: generated from loaders/datasets.ts by `npm run docs:schema` (scripts/docs-schema.ts); do not edit by hand.
// Framework finds attachments only as literal names, so this is the one list of them.
import {FileAttachment} from "observablehq:stdlib";

/** The datasets' files, keyed by dataset name (file stem, "country-sectors") or by Explore table ("country_sectors"). */
export function datasetFiles(by = "name") {
  const files = [
    ["hourly", "hourly", FileAttachment("../../data/hourly.arrow")],
    ["daily", "daily", FileAttachment("../../data/daily.arrow")],
    ["countries", "countries", FileAttachment("../../data/countries.arrow")],
    ["sectors", "sectors", FileAttachment("../../data/sectors.arrow")],
    ["country-sectors", "country_sectors", FileAttachment("../../data/country-sectors.arrow")],
    ["country-reference", "country_reference", FileAttachment("../../data/country-reference.arrow")],
    ["proof-detections", "proof_detections", FileAttachment("../../data/proof-detections.arrow")]
  ];
  return Object.fromEntries(files.map(([name, table, file]) => [by === "table" ? table : name, file]));
}
