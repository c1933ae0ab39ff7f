// Wraps a Framework data loader: bytes to stdout, messages to stderr, non-zero exit on failure (no stack for user errors).
import {isUserError, ThresholdError} from "./errors.ts";

export async function runLoader(name: string, produce: () => Promise<Uint8Array | string>): Promise<void> {
  try {
    const out = await produce();
    process.stdout.write(out);
  } catch (error) {
    if (error instanceof ThresholdError) process.stderr.write(JSON.stringify(error.summary, null, 2) + "\n");
    const message = isUserError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    process.exitCode = 1;
  }
}
