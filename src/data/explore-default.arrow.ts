// Data loader: the Explore page's default query (its first example) computed at build time. See loaders/explore-preview.ts.
import {exampleQueries} from "../components/explore/examples.ts";
import {DATASETS} from "../components/explore/datasets.ts";
import {queryArrowTables} from "../../loaders/explore-preview.ts";
import {pipelineFile} from "../../loaders/pipeline.ts";
import {runLoader} from "../../loaders/run-loader.ts";

await runLoader("explore-default.arrow", async () => {
  const sql = exampleQueries({killSwitch: false, factTables: []})[0]!.sql;
  const read = DATASETS.filter((d) => new RegExp(`\\b${d.table}\\b`, "i").test(sql));
  return queryArrowTables(sql, Object.fromEntries(await Promise.all(read.map(async (d) => [d.table, await pipelineFile(`${d.name}.arrow`)] as const))));
});
