// Child process for test/unit/publish.test.ts: runs the real build-and-publish of scripts/build.ts on `dist` with
// stand-in build steps that write a small site whose every file holds `label`. ATLAS_FAULT_AT kills it at a step;
// ATLAS_FAULT_AT=writing kills it halfway through the files Framework's stand-in writes.
import {mkdirSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {buildAndPublish, removeStale} from "../../scripts/build.ts";

export const SITE_FILES = ["index.html", "countries.html", "_file/data/hourly.arrow", "_import/app.js", "_npm/d3/_esm.js"];

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist, label] = process.argv.slice(2) as [string, string];
  const write = (next: string, files: string[]): void => {
    for (const file of files) {
      mkdirSync(dirname(join(next, file)), {recursive: true});
      writeFileSync(join(next, file), `${label} ${file}`);
    }
  };
  removeStale(dist); // as the build command does first
  buildAndPublish(dist, {
    framework(next) {
      write(next, SITE_FILES.slice(0, 2));
      if (process.env.ATLAS_FAULT_AT === "writing") process.kill(process.pid, "SIGKILL");
      write(next, SITE_FILES.slice(2));
    },
    postbuild(next) {
      writeFileSync(join(next, "index.html"), `${label} index.html`); // rewrites a page, as postbuild does
    }
  });
}
