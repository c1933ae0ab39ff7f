// The files of the datasets of the case-study page /proof: generated from loaders/datasets.ts by `npm run docs:schema` (scripts/docs-schema.ts); do not edit by hand.
// Built only for an incident whose `pages` list /proof (observablehq.config.ts dynamicPaths); ../dataset-files.js
// imports it at run time. Only this module and the page itself may attach these files (scripts/postbuild.ts removes
// them with the page from other incidents' builds), or every incident's build would ship them.
import {FileAttachment} from "observablehq:stdlib";

export const files = [
  ["proof-detections", "proof_detections", FileAttachment("../../../data/proof-detections.arrow")]
];
