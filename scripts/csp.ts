// Post-build step (part of `npm run build`): makes every page of dist/ carry a strict Content-Security-Policy.
// The policy itself is written once, in the `head` option of observablehq.config.ts. Framework emits inline
// scripts on every page (the page's module and the sidebar restorer), so for each page this step
//   1. computes the sha256 of each inline <script>'s exact text,
//   2. replaces 'unsafe-inline' in script-src (kept there only so `npm run dev` works) by those hashes,
//   3. adds script-src-attr 'unsafe-hashes' with the hashes of htl's attribute placeholders only (see below),
//   4. moves the <meta http-equiv="Content-Security-Policy"> to the top of <head>, before anything it governs.
// It fails if a page has no policy, so dist/ is never shipped without one. Idempotent.
import {createHash} from "node:crypto";
import {readdir, readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";

const META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">\n?/i;
const INLINE_SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;

export interface Policy {
  [directive: string]: string[];
}

export function parsePolicy(text: string): Policy {
  const policy: Policy = {};
  for (const part of text.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) policy[name.toLowerCase()] = values;
  }
  return policy;
}

export function formatPolicy(policy: Policy): string {
  return Object.entries(policy)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/** The texts of a page's inline scripts (those without a src attribute). */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const attributes = match[1] ?? "";
    if (/\ssrc\s*=/i.test(attributes)) continue;
    scripts.push(match[2] ?? "");
  }
  return scripts;
}

/**
 * htl (behind Inputs and html``) parses a template such as <input oninput=${f}> with the placeholder
 * text "::N" as the attribute value, imports it into the document, then replaces the attribute by the
 * function. Chromium checks the attribute on import and reports a script-src-attr violation even though
 * nothing runs. Allowing exactly the texts "::0" … "::63" by hash silences that and grants nothing: "::N"
 * is not valid JavaScript, so such a handler can never execute code. Any other inline handler stays blocked.
 */
export const HTL_PLACEHOLDERS = 64;

/**
 * The policy `npm run dev` (observable preview) serves instead: the strict one relaxed only as far as Framework's
 * live reload needs. Its preview client opens a WebSocket back to the server (connect-src ws: and wss: of this
 * origin; 'self' covers them in CSP Level 3, listed explicitly for older engines) and applies an edited cell or
 * component by eval() of the new cell code (script-src 'unsafe-eval'). Without these an edit undefines the old cells
 * and cannot define the new ones ("sectorKeys is not defined"). Never used for dist/: protectPage rejects
 * 'unsafe-eval', and the built pages get hashes instead of 'unsafe-inline'.
 */
export function previewPolicy(text: string, origins: readonly string[] = ["ws://127.0.0.1:*", "ws://localhost:*"]): string {
  const policy = parsePolicy(text);
  const add = (directive: string, values: readonly string[]): void => {
    const current = policy[directive] ?? [...(policy["default-src"] ?? [])];
    policy[directive] = [...current, ...values.filter((v) => !current.includes(v))];
  };
  add("script-src", ["'unsafe-eval'"]);
  add("connect-src", origins);
  return formatPolicy(policy);
}

/** The policy for the Framework command in argv: previewPolicy(text) under `observable preview`, else text as is. */
export function commandPolicy(argv: readonly string[], text: string): string {
  return argv.slice(2).includes("preview") ? previewPolicy(text) : text;
}

export function scriptHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The page with its policy hashed and placed first in <head>; throws if the page has none. */
export function protectPage(html: string, file: string): string {
  const match = META.exec(html);
  if (!match) throw new Error(`${file}: no <meta http-equiv="Content-Security-Policy"> (is it still in observablehq.config.ts head?)`);
  const policy = parsePolicy(match[1]!.replaceAll("&#39;", "'").replaceAll("&apos;", "'"));
  const scriptSrc = (policy["script-src"] ?? ["'self'"]).filter((v) => v !== "'unsafe-inline'" && !v.startsWith("'sha256-"));
  const hashes = [...new Set(inlineScripts(html).map(scriptHash))].sort();
  policy["script-src"] = [...scriptSrc, ...hashes];
  policy["script-src-attr"] = ["'unsafe-hashes'", ...Array.from({length: HTL_PLACEHOLDERS}, (_, i) => scriptHash(`::${i}`))];
  if ((policy["script-src"] ?? []).includes("'unsafe-eval'")) throw new Error(`${file}: script-src must not allow 'unsafe-eval'`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${formatPolicy(policy)}">\n`;
  const without = html.replace(META, "");
  const charset = /<meta charset="[^"]*">\n?/i.exec(without);
  if (!charset) throw new Error(`${file}: no <meta charset> to place the policy after`);
  const at = charset.index + charset[0].length;
  return without.slice(0, at) + meta + without.slice(at);
}

export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true});
  return entries.filter((e) => e.isFile() && e.name.endsWith(".html")).map((e) => join(e.parentPath, e.name)).sort();
}

async function main(dir = "dist"): Promise<void> {
  const files = await htmlFiles(dir);
  if (files.length === 0) throw new Error(`${dir}: no HTML pages; run observable build first`);
  for (const file of files) {
    const html = await readFile(file, "utf8");
    await writeFile(file, protectPage(html, file));
  }
  console.error(`csp: ${files.length} page(s) in ${dir}/ carry a hashed Content-Security-Policy`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
