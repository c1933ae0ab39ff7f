// The statement page's parts: one claim, set beside the evidence, with a verdict. Every sentence carries
// its source markers; strings from the data are set as text.
import {cite, el, factId, sourceName, type FactRow} from "./facts.js";

export type Part = string | Node;
export type Verdict = "supported" | "partly supported" | "not established" | "context";

export interface Claim {
  id: string;
  heading: string;
  /** The statement's rows quoted for this point. */
  said: FactRow[];
  /** Sentences of evidence: each a list of parts ending in its markers. */
  evidence: Part[][];
  verdict: Verdict;
  /** Why the verdict, with markers. */
  because: Part[];
}


/** One point of the argument: the quote(s), the evidence, the verdict. */
export function claimSection(claim: Claim): HTMLElement {
  const section = el("section", "atlas-claim");
  section.id = `claim-${claim.id}`;
  section.append(el("h2", undefined, claim.heading));
  for (const row of claim.said) {
    const quote = el("blockquote", "atlas-claim-quote");
    quote.append(`“${row.quote ?? ""}” `, cite(row));
    section.append(quote);
  }
  const last = claim.said[claim.said.length - 1];
  if (last) section.append(el("p", "atlas-claim-who", `— ${(last.source_title ?? sourceName(last)).split(", ")[0]}, ${last.source_date ?? "date not given"} (${last.verification_status ?? "status unknown"})`));
  section.append(el("h3", undefined, "What the sources show"));
  const list = el("ul");
  for (const sentence of claim.evidence) {
    const li = el("li");
    li.append(...sentence);
    list.append(li);
  }
  section.append(list);
  const verdict = el("p", `atlas-verdict atlas-verdict-${claim.verdict.replace(/\s/g, "-")}`);
  verdict.append(el("strong", undefined, `Verdict: ${claim.verdict}. `), ...claim.because);
  section.append(verdict);
  return section;
}

/** Markers for several rows, skipping missing ones. */
export function markers(...rows: (FactRow | undefined)[]): Part[] {
  return rows.filter((r): r is FactRow => !!r).flatMap((r, i) => (i ? [" ", cite(r)] : [cite(r)]));
}

export {factId};
