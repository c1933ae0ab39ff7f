// Builds the whole site for another incident in a temporary copy of the project (its own Framework cache, pipeline
// cache and dist/), so the main dist/ that the other browser tests use is untouched. Same steps as `npm run build`.
import {execFile} from "node:child_process";
import {cp, mkdtemp, rm, symlink} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {promisify} from "node:util";

const run = promisify(execFile);
const ROOT = resolve(".");

export interface IncidentBuild {
  /** The project copy. */
  dir: string;
  /** Its built site. */
  dist: string;
  remove(): Promise<void>;
}

/** `prepare(dir)` may change the copy before the build (e.g. add an incident folder under dir/data/incidents/). */
export async function buildIncident(incident: string, prepare?: (dir: string) => Promise<void>): Promise<IncidentBuild> {
  const dir = await mkdtemp(join(tmpdir(), `atlas-${incident}-`));
  for (const entry of ["src", "loaders", "data", "scripts", "observablehq.config.ts", "package.json", "tsconfig.json"]) {
    await cp(join(ROOT, entry), join(dir, entry), {
      recursive: true,
      // Framework's cache (loader outputs of the default incident) stays behind: the copy builds its own.
      filter: (source) => !source.startsWith(join(ROOT, "src", ".observablehq", "cache"))
    });
  }
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  await prepare?.(dir);
  const env = {...process.env, INCIDENT: incident};
  const opts = {cwd: dir, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000};
  await run("npx", ["tsx", "scripts/offline-cache.ts"], opts);
  await run("npx", ["observable", "build"], {...opts, env: {...env, NODE_OPTIONS: "--import=./scripts/offline-guard.mjs"}});
  await run("npx", ["tsx", "scripts/postbuild.ts", "dist"], opts);
  return {dir, dist: join(dir, "dist"), remove: () => rm(dir, {recursive: true, force: true})};
}
