// Parts of the overview page: headline cards for computed and published figures, and the range of
// machines that goes next to every unique-IP headline (machines are not IPs).
import {cite, el, type FactRow} from "./facts.js";
import {term} from "./source-rows.js";

type Part = string | Node;
type Parts = (Part | Parts)[];

/** Nested parts (arrays from conditionals) as one flat list: an array appended as-is would print as text. */
function flatten(parts: Parts): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    if (Array.isArray(p)) out.push(...flatten(p));
    else out.push(p);
  }
  return out;
}


/** A headline card: the figure (text, a query link or a marker-carrying node), what it counts, and a note. */
export function statCard(value: Part, label: Parts, note?: Parts): HTMLElement {
  const card = el("div", "card atlas-headline");
  const number = el("p", "atlas-headline-value");
  number.append(value);
  const text = el("p", "atlas-headline-label");
  text.append(...flatten(label));
  card.append(number, text);
  if (note?.length) {
    const small = el("p", "atlas-headline-source");
    small.append(...flatten(note));
    card.append(small);
  }
  return card;
}

/**
 * The machines range, from the published rows that estimate machines (never from IPs): disrupted before the
 * kill switch (e.g. "a few hundred thousand"), affected afterwards ("2–3 million"), and an official count.
 * Returns null when none of the rows is given.
 */
export function machineRange({before, after, official}: {before?: FactRow; after?: FactRow; official?: FactRow}): HTMLElement | null {
  if (!before && !after && !official) return null;
  const p = el("p", "atlas-machines");
  p.append(el("strong"), " ");
  (p.firstChild as HTMLElement).textContent = "Machines are not addresses.";
  p.append(" ", term("machine", "Machines"), " (computers) were estimated, not counted: ");
  const parts: Part[][] = [];
  if (before) parts.push([`${before.value} disrupted before the kill switch`, " ", cite(before)]);
  if (after) parts.push([`${after.value?.replace(/(\d)000000-(\d)000000/, "$1–$2 million")} more affected afterwards but not disrupted, a “conservative” estimate`, " ", cite(after)]);
  if (official) parts.push([`more than ${Number(official.value).toLocaleString("en-GB")} machines by ${official.as_of ?? official.source_date} (${official.reporter ?? "official"})`, " ", cite(official)]);
  parts.forEach((part, i) => p.append(...(i ? ["; "] : []), ...part));
  p.append(". No public tracker shows machines: the estimates come from the sinkhole's operator and from a government briefing, and one machine sends many hits and may use several addresses.");
  return p;
}
