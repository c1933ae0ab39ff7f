// Atomic file writes: write a sibling temp file, then rename over the target (never a partial file).
import {mkdirSync, renameSync, rmSync, writeFileSync, createWriteStream, type WriteStream} from "node:fs";
import {dirname} from "node:path";

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
