import {loadIncident} from "./loaders/incident.ts";
import {generateModel} from "./loaders/model/generate.ts";
const rows = Number(process.argv[2]);
await generateModel(loadIncident("wannacry-2017"), "model.json", {rows, seed: 20170512, out: `.cache/bench/modelled-${rows}-20170512.csv`});
