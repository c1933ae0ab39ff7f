// A private copy of the project for tests that build or preview with edited inputs: its own Framework cache,
// pipeline cache and dist/, so the checkout's dist/ (under test by the other browser tests) and its files are never
// touched. node_modules is a symlink; everything else the build reads is copied (without Framework's cache).
import {cpSync, mkdtempSync, rmSync, symlinkSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";

const ENTRIES = ["src", "loaders", "data", "scripts", "observablehq.config.ts", "package.json", "package-lock.json", "tsconfig.json"];

export interface ProjectCopy {
  root: string;
  remove(): void;
}

export function copyProject(source = process.cwd()): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), "atlas-project-"));
  const skip = join("src", ".observablehq");
  for (const entry of ENTRIES) {
    cpSync(join(source, entry), join(root, entry), {recursive: true, filter: (path) => !relative(source, path).startsWith(skip)});
  }
  symlinkSync(join(source, "node_modules"), join(root, "node_modules"), "dir");
  return {root, remove: () => rmSync(root, {recursive: true, force: true})};
}
