// Error classes: every message names the file, line, field and reason; CLIs print them without a stack.

/** A problem with one input file (or one place in it) that stops its ingestion. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly reason: string
  ) {
    super(`${file}${line === null ? "" : `:${line}`}${field === null ? "" : ` field "${field}"`}: ${reason}`);
  }
}

/** A configuration file (incident.json, mapping table) is invalid. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

/** Too many rows were rejected; carries the summary so the CLI can print it. */
export class ThresholdError extends Error {
  override name = "ThresholdError";
  constructor(readonly rate: number, readonly threshold: number, readonly summary: unknown) {
    super(`rejected ${(rate * 100).toFixed(2)}% of rows as invalid, above the threshold of ${(threshold * 100).toFixed(2)}%`);
  }
}

/** Rows reached the family rule and none matched the incident's families; carries the summary. */
export class FamilyMatchError extends Error {
  override name = "FamilyMatchError";
  constructor(message: string, readonly summary: unknown) {
    super(message);
  }
}

/** True for errors whose message is meant for the user (no stack trace needed). */
export function isUserError(error: unknown): error is InputError | ConfigError | ThresholdError | FamilyMatchError {
  return error instanceof InputError || error instanceof ConfigError || error instanceof ThresholdError || error instanceof FamilyMatchError;
}
