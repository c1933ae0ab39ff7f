// Node preload for the data loaders that `observable build` runs (scripts/source-date.ts explains why).
// Framework runs a loader with its stdout open on the output file in its cache, and later reads that file's mtime
// into the built pages. When ATLAS_SOURCE_DATE_EPOCH is set (by scripts/build.ts) and this process is a loader
// under src/ whose stdout is a regular file, the file's times are set to the source date as the process exits,
// after its last write. Any other process (Framework itself, tsx's launcher, a loader writing to a pipe) is left
// alone; a stamp that still leaks is caught by scripts/check-stamps.ts.
import {fstatSync, futimesSync} from "node:fs";
import {resolve, sep} from "node:path";

const epoch = process.env.ATLAS_SOURCE_DATE_EPOCH;
const script = process.argv[1] ? resolve(process.argv[1]) : "";

if (epoch && /^\d+$/.test(epoch) && script.startsWith(resolve("src") + sep)) {
  process.on("exit", () => {
    try {
      if (fstatSync(1).isFile()) futimesSync(1, Number(epoch), Number(epoch));
    } catch (error) {
      process.stderr.write(`source-date-stamp: could not stamp ${script}'s output: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
}
