// Data loader: world country outlines at 1:110m (world-atlas TopoJSON, Natural Earth, public domain), each keyed by
// the pipeline's country code (properties.iso2) and with French Guiana apart from France (loaders/world.ts).
import {readFileSync} from "node:fs";
import {atlasWorld, type WorldTopology} from "../../loaders/world.ts";

const file = "node_modules/world-atlas/countries-110m.json";
const topology = atlasWorld(JSON.parse(readFileSync(file, "utf-8")) as WorldTopology);
process.stderr.write(`world-110m: ${topology.objects.countries.geometries.length} outlines from ${file}\n`);
process.stdout.write(JSON.stringify(topology));
