import {tableFromIPC, type Table} from "npm:apache-arrow";

/**
 * An Arrow IPC file's bytes as a table. A page can start the download at once
 * (`FileAttachment(…).arrayBuffer()` in a cell without imports) and decode it
 * here, so the download does not wait for Arrow JS to load.
 */
export function arrowTable(bytes: ArrayBuffer): Table {
  return tableFromIPC(new Uint8Array(bytes));
}

/**
 * Reads an Arrow IPC file attachment in full. Framework's `FileAttachment.arrow()`
 * works too, but Arrow JS cancels the response body once it has the last batch,
 * which the browser reports as an aborted request; reading the bytes first does not.
 */
export async function loadArrow(file: {arrayBuffer(): Promise<ArrayBuffer>}): Promise<Table> {
  return arrowTable(await file.arrayBuffer());
}
