// Data loader: sectors.arrow for the active incident (INCIDENT env var, default wannacry-2017). See docs/data-schema.md.
import {pipelineFile} from "../../loaders/pipeline.ts";
import {runLoader} from "../../loaders/run-loader.ts";

await runLoader("sectors.arrow", () => pipelineFile("sectors.arrow"));
