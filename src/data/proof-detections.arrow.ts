// Data loader: the proof page's table of published detections (loaders/proof/detections.ts). See docs/data-schema.md.
import {serve} from "../../loaders/serve.ts";
import {proofDetectionsArrow} from "../../loaders/proof/detections.ts";

await serve("proof-detections.arrow", proofDetectionsArrow);
