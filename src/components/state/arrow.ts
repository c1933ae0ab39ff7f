import {tableFromIPC, type Table} from "npm:apache-arrow";

/**
 * Reads an Arrow IPC file attachment in full. Framework's `FileAttachment.arrow()`
 * works too, but Arrow JS cancels the response body once it has the last batch,
 * which the browser reports as an aborted request; reading the bytes first does not.
 */
export async function loadArrow(file: {arrayBuffer(): Promise<ArrayBuffer>}): Promise<Table> {
  return tableFromIPC(new Uint8Array(await file.arrayBuffer()));
}
