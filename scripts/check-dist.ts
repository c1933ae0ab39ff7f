// `npm run check:dist`: the built site is whole and self-contained. Fails (exit 1, one line per problem) on
//   - an internal link (<a href>) to a page, file or #fragment that does not exist;
//   - a missing asset: any src/href, registered FileAttachment, JS import or CSS url()/@import from a page,
//     followed transitively through the JS and CSS it loads;
//   - a third-party URL that a page would load (script, style, image, font, frame, import, fetch, worker);
//   - a dataset of a case-study page that is not in the build (another incident's): its file, or a page or module
//     that registers or attaches it;
//   - a page without the hashed Content-Security-Policy that scripts/csp.ts writes, or whose hashes are stale;
//   - a time stamp that is not the source date (scripts/source-date.ts): a registered file's lastModified other
//     than the source date, or any epoch-milliseconds number after it and no later than now (a build or checkout
//     time), in a page, script, stylesheet or JSON file. Two builds of one commit must not differ by when they ran.
// Links to other sites (<a href="https://…">, e.g. cited sources) are allowed: following one is the reader's choice.
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {dirname, join, normalize, relative, resolve} from "node:path";
import {inlineScripts, parsePolicy, scriptHash} from "./csp.ts";
import {sourceDate} from "./source-date.ts";
import {strayCaseStudyFiles} from "./postbuild.ts";
import {DATASET_DEFS, datasetFile, type DatasetDef} from "../loaders/datasets.ts";

export interface Problem {
  file: string;
  message: string;
}

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const THIRD_PARTY = /^(?:https?:)?\/\//i;

/** The file a same-site URL path resolves to on a static host with clean URLs, or null. */
export function resolveTarget(root: string, fromFile: string, url: string): string | null {
  const path = decodeURIComponent(url.replace(/[?#].*$/, ""));
  if (path === "") return fromFile;
  const base = path.startsWith("/") ? join(root, path) : join(dirname(fromFile), path);
  for (const candidate of [base, `${base}.html`, join(base, "index.html")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return normalize(candidate);
  }
  return null;
}

function attributes(tag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of tag.matchAll(/\s([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
    map.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return map;
}

function decodeEntities(text: string): string {
  return text.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
}

function ids(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid\s*=\s*"([^"]*)"/g)].map((m) => decodeEntities(m[1]!)));
}

/** Specifiers a JS module loads: static imports/exports, dynamic imports, import.meta.resolve, new URL(…, import.meta.url), workers. */
export function jsReferences(code: string): {url: string; kind: "static" | "dynamic"}[] {
  // Comment lines (// …, /* …, * …) may quote example code, e.g. an embed snippet: not references.
  const source = code.replace(/^\s*(?:\/\/|\/\*|\*).*$/gm, "");
  const refs: {url: string; kind: "static" | "dynamic"}[] = [];
  // Static imports/exports start a statement: at a line start or after ";" (minified bundles).
  for (const m of source.matchAll(/(?:^|;)\s*(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"'\n]+)["']/gm)) refs.push({url: m[1]!, kind: "static"});
  for (const m of source.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) refs.push({url: m[1]!, kind: "dynamic"});
  for (const m of source.matchAll(/import\.meta\.resolve\(\s*["']([^"']+)["']\s*\)/g)) refs.push({url: m[1]!, kind: "dynamic"});
  for (const m of source.matchAll(/new\s+URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)) refs.push({url: m[1]!, kind: "dynamic"});
  for (const m of source.matchAll(/\b(?:importScripts|fetch|new\s+(?:Shared)?Worker)\s*\(\s*["']([^"']+)["']/g)) refs.push({url: m[1]!, kind: "dynamic"});
  return refs;
}

export function cssReferences(source: string): string[] {
  const refs: string[] = [];
  for (const m of source.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g)) refs.push(m[1] ?? m[2] ?? m[3] ?? "");
  for (const m of source.matchAll(/@import\s+["']([^"']+)["']/g)) refs.push(m[1]!);
  return refs.filter((r) => r !== "");
}

/**
 * Framework's own runtime (dist/_observablehq/) names every library a page *might* use and imports each only
 * when a page does (`@0.0.0-not-installed` marks those not installed, unhashed _esm.js and ./stdlib/x.js those no page uses).
 * Such optional imports are not references of this site; every other reference must resolve.
 */
function optionalFrameworkImport(root: string, from: string, url: string): boolean {
  if (!relative(root, from).startsWith("_observablehq")) return false;
  return url.includes("@0.0.0-not-installed") || /\/_esm\.js$/.test(url) || /^\.\/stdlib\/[a-z-]+\.js$/.test(url) || /(^|\/)sample-datasets@/.test(url);
}

export function checkDist(dir = "dist"): {problems: Problem[]; pages: number; files: number} {
  const root = resolve(dir);
  const problems: Problem[] = [];
  const visited = new Set<string>();
  const queue: string[] = [];
  const pageIds = new Map<string, Set<string>>();
  const report = (file: string, message: string) => problems.push({file: relative(root, file) || file, message});
  const want = (from: string, url: string, what: string, optional = false): string | null => {
    if (url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("#")) return null;
    if (THIRD_PARTY.test(url)) {
      report(from, `loads a third-party URL (${what}): ${url}`);
      return null;
    }
    if (ABSOLUTE.test(url)) {
      report(from, `loads a non-HTTP URL (${what}): ${url}`);
      return null;
    }
    const target = resolveTarget(root, from, url);
    if (!target) {
      if (!optional) report(from, `missing ${what}: ${url}`);
      return null;
    }
    if (!target.startsWith(root)) {
      report(from, `${what} points outside dist/: ${url}`);
      return null;
    }
    if (!visited.has(target)) {
      visited.add(target);
      queue.push(target);
    }
    return target;
  };

  const pages = existsSync(root) ? htmlFilesSync(root) : [];
  if (pages.length === 0) report(root, "no HTML pages: run `npm run build` first");
  for (const page of pages) {
    visited.add(page);
    pageIds.set(page, ids(readFileSync(page, "utf8")));
  }
  const links: {from: string; url: string}[] = [];

  for (const page of pages) {
    const html = readFileSync(page, "utf8");
    checkPolicy(html, (message) => report(page, message));
    // Tags written inside scripts (html`<a href=${…}>` templates) are not the page's markup.
    const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, "$1$2");
    for (const m of markup.matchAll(/<(a|link|script|img|iframe|source|video|audio|embed|object|use|image)\b[^>]*>/gi)) {
      const tag = m[1]!.toLowerCase();
      const attrs = attributes(m[0]);
      if (tag === "a") {
        const href = attrs.get("href");
        if (href === undefined || /^(?:mailto:|tel:)/i.test(href)) continue;
        if (THIRD_PARTY.test(href)) continue; // a link the reader may follow, not a load
        links.push({from: page, url: href});
        continue;
      }
      for (const name of ["src", "href", "data", "poster", "xlink:href"]) {
        const value = attrs.get(name);
        if (value !== undefined && value !== "") want(page, value, `${tag} ${name}`);
      }
      const srcset = attrs.get("srcset");
      if (srcset) for (const part of srcset.split(",")) want(page, part.trim().split(/\s+/)[0] ?? "", `${tag} srcset`);
    }
    for (const script of inlineScripts(html)) {
      for (const ref of jsReferences(script)) want(page, ref.url, `${ref.kind} import in an inline script`);
      for (const m of script.matchAll(/registerFile\(\s*"[^"]*"\s*,\s*(\{[^}]*\})/g)) {
        const path = (JSON.parse(m[1]!) as {path?: string}).path;
        if (path) want(page, path, "FileAttachment");
      }
    }
    for (const m of markup.matchAll(/\sstyle\s*=\s*"([^"]*)"/g)) for (const url of cssReferences(decodeEntities(m[1]!))) want(page, url, "style url()");
    for (const m of markup.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) for (const url of cssReferences(m[1]!)) want(page, url, "style url()");
  }

  while (queue.length > 0) {
    const file = queue.shift()!;
    if (file.endsWith(".js") || file.endsWith(".mjs")) {
      const source = readFileSync(file, "utf8");
      for (const ref of jsReferences(source)) {
        if (ref.url.startsWith("node:") || !/^(?:\.{1,2}\/|\/|https?:|\/\/)/.test(ref.url)) continue; // not a URL (bare names are not loadable here)
        want(file, ref.url, `${ref.kind} import`, ref.kind === "dynamic" && optionalFrameworkImport(root, file, ref.url));
      }
    } else if (file.endsWith(".css")) {
      for (const url of cssReferences(readFileSync(file, "utf8"))) want(file, url, "CSS url()/@import");
    }
  }

  for (const {from, url} of links) {
    const target = url.startsWith("#") ? from : resolveTarget(root, from, url);
    if (!target || !target.startsWith(root)) {
      report(from, `broken link: ${url}`);
      continue;
    }
    const fragment = decodeURIComponent(url.split("#")[1] ?? "");
    if (fragment && target.endsWith(".html")) {
      const targetIds = pageIds.get(target) ?? ids(readFileSync(target, "utf8"));
      if (!targetIds.has(fragment)) report(from, `broken link: ${url} (no element with id "${fragment}" in ${relative(root, target)})`);
    }
  }
  for (const problem of caseStudyProblems(root)) report(join(root, problem.file), problem.message);
  return {problems, pages: pages.length, files: visited.size};
}

/**
 * A case-study dataset (loaders/datasets.ts caseStudy) ships only with its page: when the page is not in the build,
 * its file is not in dist/ and no page or module registers or attaches it (`data/<name>.arrow`).
 */
export function caseStudyProblems(root: string, datasets: readonly Pick<DatasetDef, "name" | "caseStudy">[] = DATASET_DEFS): Problem[] {
  const problems: Problem[] = [];
  for (const file of strayCaseStudyFiles(root, datasets)) problems.push({file, message: "a dataset of a case-study page that is not in the build"});
  const absent = datasets.filter((d) => d.caseStudy !== undefined && !existsSync(join(root, `${d.caseStudy.slice(1)}.html`)));
  if (absent.length === 0 || !existsSync(root)) return problems;
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(?:html|js)$/.test(name)) texts.push(path);
    }
  };
  walk(root);
  for (const path of texts.sort()) {
    const text = readFileSync(path, "utf8");
    for (const d of absent) {
      if (text.includes(`data/${datasetFile(d)}`)) problems.push({file: relative(root, path), message: `registers or attaches data/${datasetFile(d)}, a dataset of ${d.caseStudy}, which is not in the build`});
    }
  }
  return problems;
}

function htmlFilesSync(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".html")) out.push(normalize(path));
    }
  };
  walk(root);
  return out.sort();
}

/** The page's CSP: present, first in <head>, strict script-src whose hashes are exactly those of its inline scripts. */
export function checkPolicy(html: string, report: (message: string) => void): void {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/gi)];
  if (metas.length !== 1) {
    report(`has ${metas.length} Content-Security-Policy meta tags, expected 1`);
    return;
  }
  const head = html.slice(0, html.search(/<\/head>/i));
  const firstScriptOrLink = head.search(/<(script|link|style)\b/i);
  if (firstScriptOrLink !== -1 && metas[0]!.index! > firstScriptOrLink) report("the Content-Security-Policy meta tag comes after a script, link or style");
  const policy = parsePolicy(decodeEntities(metas[0]![1]!));
  if ((policy["default-src"] ?? []).join(" ") !== "'self'") report(`default-src is not 'self': ${policy["default-src"]?.join(" ")}`);
  const scriptSrc = policy["script-src"] ?? [];
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:", "http:", "https:"]) {
    if (scriptSrc.includes(bad)) report(`script-src allows ${bad}`);
  }
  const expected = new Set(inlineScripts(html).map(scriptHash));
  const actual = new Set(scriptSrc.filter((v) => v.startsWith("'sha256-")));
  for (const hash of expected) if (!actual.has(hash)) report(`an inline script's hash ${hash} is missing from script-src (run scripts/csp.ts after the build)`);
  for (const hash of actual) if (!expected.has(hash)) report(`script-src lists ${hash}, which matches no inline script`);
  for (const [name, values] of Object.entries(policy)) {
    for (const value of values) if (THIRD_PARTY.test(value) || value === "*" || /^https?:$/.test(value)) report(`${name} allows a third party: ${value}`);
  }
}

const TEXT_FILE = /\.(?:html|js|mjs|css|json)$/;
const DAY_MS = 86_400_000;

/**
 * Times in the built text files that are not the source date (epochMs): lastModified values of registered files,
 * and 13-digit epoch-ms numbers in (max(source date, now − 30 days), now + 1 day], the span in which a checkout's or
 * a build's time falls.
 */
export function stampProblems(root: string, epochMs: number, now = Date.now()): Problem[] {
  const problems: Problem[] = [];
  const from = Math.max(epochMs, now - 30 * DAY_MS);
  const files = readdirSync(root, {recursive: true, withFileTypes: true}).filter((e) => e.isFile() && TEXT_FILE.test(e.name));
  for (const entry of files) {
    const path = join(entry.parentPath, entry.name);
    const file = relative(root, path);
    const text = readFileSync(path, "utf8");
    for (const m of text.matchAll(/"lastModified":\s*(-?[\d.e+]+|null)/g)) {
      if (Number(m[1]) !== epochMs) problems.push({file, message: `a file's lastModified is ${m[1]}, not the source date ${epochMs} (${new Date(epochMs).toISOString()}): a file mtime reached the build (or HEAD moved since this build: rebuild)`});
    }
    for (const m of text.matchAll(/(?<![\d.])\d{13}(?![\d.])/g)) {
      const ms = Number(m[0]);
      if (ms > from && ms <= now + DAY_MS && !problems.some((p) => p.file === file && p.message.includes(m[0]))) {
        problems.push({file, message: `a time stamp ${m[0]} (${new Date(ms).toISOString()}) after the source date ${new Date(epochMs).toISOString()}: a build or checkout time reached the build`});
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "dist";
  const {epoch, from} = sourceDate();
  const result = checkDist(dir);
  const {pages, files} = result;
  const problems = [...result.problems, ...stampProblems(dir, epoch * 1000)];
  for (const {file, message} of problems) console.error(`check:dist: ${file}: ${message}`);
  if (problems.length > 0) {
    console.error(`check:dist: ${problems.length} problem(s) in ${dir}/`);
    process.exit(1);
  }
  console.log(`check:dist: ${pages} page(s), ${files} file(s) referenced, no broken link, no missing asset, no third-party load; CSP on every page; no time stamp other than the source date (${from})`);
}

