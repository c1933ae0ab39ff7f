// Data loader: country-reference.arrow for the active incident (INCIDENT env var, default wannacry-2017). See docs/data-schema.md.
import {serve} from "../../loaders/serve.ts";

await serve("country-reference.arrow");
