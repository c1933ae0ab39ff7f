// Data loader: the proof page's table of published detections, as Arrow on stdout.
import {readFile} from "node:fs/promises";
import {detectionsToArrow, parseDetections} from "../../loaders/proof/detections.ts";

const file = "data/proof/avast-detections-2017-05-15.csv";
const rows = parseDetections(await readFile(file, "utf-8"), file);
process.stderr.write(`proof-detections: ${rows.length} rows from ${file}\n`);
process.stdout.write(detectionsToArrow(rows));
