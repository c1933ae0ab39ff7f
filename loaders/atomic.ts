// Atomic file writes: write a sibling temp file, then rename over the target (never a partial file).
import {closeSync, createWriteStream, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync,
  statSync, symlinkSync, writeFileSync, writeSync, type Stats, type WriteStream} from "node:fs";
import {basename, dirname, join, resolve as resolvePath} from "node:path";

function tempName(path: string): string {
  return `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), {recursive: true});
  const temp = tempName(path);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, {force: true});
    throw error;
  }
}

/** A write stream to a temp file; commit() renames it into place, abort() deletes it. */
export interface AtomicStream {
  stream: WriteStream;
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
}

export function openAtomic(path: string): AtomicStream {
  mkdirSync(dirname(path), {recursive: true});
  const temp = tempName(path);
  const stream = createWriteStream(temp);
  return {
    stream,
    write: (text) => new Promise((resolve, reject) => {
      const ok = stream.write(text, (error) => { if (error) reject(error); });
      if (ok) resolve(); else stream.once("drain", () => resolve());
    }),
    commit: () => new Promise((resolve, reject) => {
      stream.end(() => {
        try { renameSync(temp, path); resolve(); } catch (error) { reject(error as Error); }
      });
    }),
    abort: () => { stream.destroy(); rmSync(temp, {force: true}); }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Publishing a set of files as one (npm run ingest -- --out DIR). DIR is a symbolic link to a complete set folder
// beside it (`.DIR.set-<id>/`); a new set is written in full into a temp folder (`.DIR.tmp-<pid>-<id>/`, every file
// fsynced), renamed to its set name, and published by renaming a new link over DIR: one rename, atomic on POSIX.
// A reader that resolves DIR once (realpath) reads one complete set; the previous set is kept until the next
// publish, so a reader that resolved the link just before a switch still finishes on a complete set. Publishers
// take a lock (`.DIR.lock/`, atomic mkdir, owner pid); a second publisher waits for it, and a lock whose owner is
// gone is removed. Leftovers of a killed publisher (temp folder, temp link, lock) are removed by the next one.
// Fault model and test: docs/pipeline.md "Publishing outputs"; test/unit/publish-faults.test.ts.

/** How long a publisher waits for another one's lock before giving up. */
const PUBLISH_WAIT_MS = 10 * 60_000;

let faultStep = 0;

/**
 * Fault injection for tests: with ATLAS_FAULT_AT=N the process kills itself (SIGKILL, no clean-up) just before
 * the N-th write or rename step of a publish, after saying which on stderr.
 */
function step(name: string): void {
  faultStep++;
  if (process.env.ATLAS_FAULT_AT !== undefined && Number(process.env.ATLAS_FAULT_AT) === faultStep) {
    process.stderr.write(`fault injection: killed before step ${faultStep} (${name})\n`);
    process.kill(process.pid, "SIGKILL");
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); return true; } catch (error) { return (error as NodeJS.ErrnoException).code === "EPERM"; }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function takeLock(lock: string, what: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      step("take the lock");
      mkdirSync(lock);
      writeFileSync(join(lock, "owner"), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner = 0;
      try { owner = Number(readFileSync(join(lock, "owner"), "utf-8")); } catch { /* being created, or left empty by a kill */ }
      const age = (() => { try { return Date.now() - statSync(lock).mtimeMs; } catch { return 0; } })();
      // No owner file a second after the folder appeared: its creator was killed in between.
      if ((owner > 0 && !pidAlive(owner)) || (owner === 0 && age > 1000)) {
        rmSync(lock, {recursive: true, force: true});
        continue;
      }
      if (Date.now() - started > PUBLISH_WAIT_MS) throw new Error(`${what}: another process (pid ${owner}) has been publishing there for over ${PUBLISH_WAIT_MS / 60_000} minutes (lock ${lock})`);
      await sleep(100);
    }
  }
}

/** Writes a file and forces it to disk. */
function writeSynced(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, "w");
  try {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(path: string): void {
  const fd = openSync(path, "r");
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/** The sibling names publishSet uses for DIR. */
export function publishNames(out: string): {parent: string; link: string; setPrefix: string; tmpPrefix: string; lock: string} {
  const parent = dirname(resolvePath(out));
  const base = basename(resolvePath(out));
  return {parent, link: join(parent, base), setPrefix: `.${base}.set-`, tmpPrefix: `.${base}.tmp-`, lock: join(parent, `.${base}.lock`)};
}

/**
 * Publishes `files` (name → bytes) as the complete new content of `out` in one step (see above). `out` must be
 * absent, an empty folder, or a link made by an earlier publish; a plain folder with files in it is refused
 * (nothing is moved or deleted). Returns the set folder's path.
 */
export async function publishSet(out: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const {parent, link, setPrefix, tmpPrefix, lock} = publishNames(out);
  mkdirSync(parent, {recursive: true});
  await takeLock(lock, out);
  try {
    // Leftovers of a killed publisher (only the lock holder writes these).
    for (const name of readdirSync(parent).filter((n) => n.startsWith(tmpPrefix))) {
      step("remove a leftover temp file");
      rmSync(join(parent, name), {recursive: true, force: true});
    }
    let existing: Stats | null = null;
    try { existing = lstatSync(link); } catch { /* absent */ }
    if (existing !== null && !existing.isSymbolicLink()) {
      if (!existing.isDirectory()) throw new Error(`${out}: exists and is not a folder; --out needs a folder name (it becomes a link to the published set)`);
      if (readdirSync(link).length > 0) {
        throw new Error(`${out}: is a plain folder with files in it; --out now publishes each set whole, as a link to a complete set folder beside it (docs/pipeline.md), so it will not write into or replace this folder: give a new name or remove it`);
      }
    }
    // The set the link points to now: kept after the switch for readers that resolved the link before it.
    const before = existing?.isSymbolicLink() === true ? readlinkSync(link) : null;
    const id = `${Date.now().toString(36)}-${process.pid}`;
    const temp = join(parent, `${tmpPrefix}${id}`);
    step("create the temp folder");
    mkdirSync(temp);
    for (const [name, data] of Object.entries(files)) {
      step(`write ${name}`);
      writeSynced(join(temp, name), data);
    }
    syncDir(temp);
    const setName = `${setPrefix}${id}`;
    step("rename the temp folder to its set name");
    renameSync(temp, join(parent, setName));
    const tempLink = join(parent, `${tmpPrefix}link-${id}`);
    step("create the new link");
    symlinkSync(setName, tempLink);
    if (existing !== null && existing.isDirectory() && !existing.isSymbolicLink()) {
      step("remove the empty folder");
      rmdirSync(link);
    }
    step("switch the link (publish)");
    renameSync(tempLink, link);
    syncDir(parent);
    // Keep the new set and the one before it (a reader may still be on it); remove older ones and sets a killed
    // publisher wrote but never published.
    for (const name of readdirSync(parent).filter((n) => n.startsWith(setPrefix) && n !== setName && n !== before).sort()) {
      step("remove an old set");
      rmSync(join(parent, name), {recursive: true, force: true});
    }
    return join(parent, setName);
  } finally {
    step("release the lock");
    rmSync(lock, {recursive: true, force: true});
  }
}
