// Post-build step of `npm run build`, run on every page of dist/ after `observable build`:
//   1. accessibility repairs of Framework 1.13's page shell (markup we cannot change through its config):
//      - <html> gets lang="en-GB" (axe html-has-lang; screen readers pick the right voice);
//      - the sidebar toggle checkbox gets an accessible name (axe label-title-only: a title is not a label);
//      - the sidebar's close <label>, emitted as a direct child of an <ol>, is wrapped in <li>
//        (axe list: an <ol> may only contain <li>); src/style.css keeps its position;
//   2. the hashed Content-Security-Policy (scripts/csp.ts), last, so the hashes match the final page.
// Each repair is a no-op on a page that already has it, and fails loudly if Framework's markup changes shape.
import {readFile, writeFile} from "node:fs/promises";
import {htmlFiles, protectPage} from "./csp.ts";

export const LANG = "en-GB";

export function repairShell(html: string, file: string): string {
  let out = html;
  if (/^<html>/m.test(out)) out = out.replace(/^<html>/m, `<html lang="${LANG}">`);
  else if (!/<html\s[^>]*\blang=/.test(out)) throw new Error(`${file}: no <html> tag to give a lang`);
  out = out.replace(/<input id="observablehq-sidebar-toggle" type="checkbox"(?![^>]*aria-label)([^>]*)>/, `<input id="observablehq-sidebar-toggle" type="checkbox" aria-label="Show or hide the list of pages"$1>`);
  out = out.replace(
    /(<ol>\s*)(<label id="observablehq-sidebar-close"[^>]*><\/label>)/,
    `$1<li class="atlas-sidebar-close">$2</li>`
  );
  return out;
}

async function main(dir = "dist"): Promise<void> {
  const files = await htmlFiles(dir);
  if (files.length === 0) throw new Error(`${dir}: no HTML pages; run observable build first`);
  for (const file of files) {
    const html = await readFile(file, "utf8");
    await writeFile(file, protectPage(repairShell(html, file), file));
  }
  console.error(`postbuild: ${files.length} page(s) in ${dir}/: shell repaired for accessibility, hashed Content-Security-Policy added`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
