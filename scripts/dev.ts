// `npm run dev [-- --port N …]`: Framework's preview server (observable preview, under the offline guard), with the
// build key kept current while it runs. Framework itself reloads pages, components and data loader files when they
// change; it cannot know that a loader's output depends on data/ or loaders/. So this script
//   1. refreshes the loader cache for the current build key before the server starts (scripts/build-key.ts), and
//   2. watches data/ and loaders/: when an edit changes the build key (an incident.json, a model or input file, a
//      shared table, pipeline code), it touches the data loaders in src/data/, so Framework re-runs them and the open
//      pages receive the new data, and drops the stored key, so the next build or dev start clears the cache.
// Arguments after `--` go to `observable preview`. Input files outside data/ are only seen at the next start.
import {spawn} from "node:child_process";
import {readdirSync, rmSync, utimesSync, watch, type FSWatcher} from "node:fs";
import {join} from "node:path";
import {KEY_FILE, loaderCacheDir, prepareLoaderCache} from "./build-key.ts";
import {frameworkEnv, OBSERVABLE} from "./framework.ts";
import {buildKey} from "../loaders/build-key.ts";
import {activeIncidentId} from "../loaders/incident.ts";
import {ROOT} from "../loaders/paths.ts";

const DEBOUNCE_MS = 300;

function touchDataLoaders(): number {
  const dir = join(ROOT, "src", "data");
  const now = new Date();
  const loaders = readdirSync(dir).filter((name) => /\.[a-z0-9]+\.(ts|js|mjs)$/.test(name));
  for (const name of loaders) utimesSync(join(dir, name), now, now);
  return loaders.length;
}

function main(): void {
  let current = prepareLoaderCache().key;
  const preview = spawn(OBSERVABLE, ["preview", ...process.argv.slice(2)], {stdio: "inherit", env: frameworkEnv()});
  let timer: NodeJS.Timeout | null = null;
  const changed = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      try {
        const key = buildKey(ROOT, activeIncidentId());
        if (key === current) return; // saved without a change of content
        current = key;
        // The server re-runs a loader whose file is newer than its cached output, so touching them is enough here;
        // removing the outputs under the running server would race its requests. The stored key is dropped so that
        // the next build or dev start clears every output this session did not re-run.
        rmSync(join(loaderCacheDir(ROOT), KEY_FILE), {force: true});
        console.error(`dev: build key ${key.slice(0, 12)}: inputs changed; touched ${touchDataLoaders()} data loader(s) in src/data/ so that Framework runs them again`);
      } catch (error) {
        console.error(`dev: build key: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, DEBOUNCE_MS);
  };
  const watchers: FSWatcher[] = [join(ROOT, "data"), join(ROOT, "loaders")].map((dir) => watch(dir, {recursive: true}, changed));
  const stop = (signal: NodeJS.Signals): void => {
    preview.kill(signal);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  preview.on("exit", (code, signal) => {
    for (const watcher of watchers) watcher.close();
    if (timer) clearTimeout(timer);
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

main();
