// Data loader: world country outlines at 1:110m (world-atlas TopoJSON, Natural Earth, public domain).
// Country ids are ISO 3166-1 numeric codes as 3-digit strings, which join countries.arrow's iso_numeric.
import {readFileSync} from "node:fs";

const file = "node_modules/world-atlas/countries-110m.json";
const topology = JSON.parse(readFileSync(file, "utf-8"));
process.stderr.write(`world-110m: ${topology.objects.countries.geometries.length} countries from ${file}\n`);
process.stdout.write(JSON.stringify(topology));
