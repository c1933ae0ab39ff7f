// Downloads in the browser tests: the saved file of a click, and the header and first pixel of a PNG.
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {inflateSync} from "node:zlib";
import type {Download, Page} from "playwright-core";

/** Downloads so far per page: Chromium (156) drops a page's 11th download silently, so a test must open a new page first. */
const downloads = new WeakMap<Page, number>();
const MAX_DOWNLOADS_PER_PAGE = 10;

export async function saved(page: Page, click: () => Promise<void>): Promise<{name: string; bytes: Buffer}> {
  const count = (downloads.get(page) ?? 0) + 1;
  if (count > MAX_DOWNLOADS_PER_PAGE) throw new Error(`download ${count} on one page: Chromium drops a page's 11th download; open a new page for more`);
  downloads.set(page, count);
  const [download]: [Download, void] = await Promise.all([page.waitForEvent("download", {timeout: 20_000}), click()]);
  return {name: download.suggestedFilename(), bytes: await readFile(await download.path())};
}

export interface Png {
  width: number;
  height: number;
  colorType: number;
  /** RGBA of the top-left pixel. */
  firstPixel: number[];
}

/** Reads a PNG's header and its first pixel (which no PNG filter changes: it has no left or upper neighbour). */
export function readPng(bytes: Buffer): Png {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  assert.equal(bytes.toString("latin1", 12, 16), "IHDR");
  const width = bytes.readUInt32BE(16), height = bytes.readUInt32BE(20), depth = bytes[24]!, colorType = bytes[25]!;
  assert.equal(depth, 8);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  assert.ok(channels > 0, `colour type ${colorType}`);
  const firstPixel = [...raw.subarray(1, 1 + channels)];
  if (channels === 3) firstPixel.push(255);
  return {width, height, colorType, firstPixel};
}
