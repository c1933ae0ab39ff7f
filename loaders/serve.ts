// The one helper of the Framework data loaders (src/data/<file>.ts): serve <file>'s bytes on stdout, messages on
// stderr. Framework needs one loader file per output, so each stays a one-line call of this.
import {pipelineFile} from "./pipeline.ts";
import {runLoader} from "./run-loader.ts";
import {PIPELINE_OUTPUTS} from "./outputs.ts";

/**
 * Serves `file`: by default from the pipeline's outputs for the active incident (INCIDENT, default wannacry-2017;
 * docs/data-schema.md), else from `produce` (a file not built by the pipeline).
 */
export async function serve(file: string, produce?: () => Promise<Uint8Array | string>): Promise<void> {
  await runLoader(file, async () => {
    if (produce !== undefined) return produce();
    if (!PIPELINE_OUTPUTS.includes(file)) throw new Error(`loaders/serve.ts: ${file} is not a pipeline output (${PIPELINE_OUTPUTS.join(", ")})`);
    return pipelineFile(file);
  });
}
