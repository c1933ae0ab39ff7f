// A threshold or setting shown in a page's text (e.g. the 500 unique IPs a country needs for a hits-per-address
// ratio), marked with the constant or config field that sets it: the figure audit (npm run audit:figures) counts a
// number inside such a mark as sourced by that setting, not as a finding that needs a query or a citation.

/** `text` marked as the value of `setting` ("MIN_IPS (src/figures/methodology-hits-per-ip.ts)"). */
export function constantText(text: string, setting: string): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = "atlas-constant";
  span.dataset.constant = setting;
  span.title = `Set by ${setting}`;
  span.textContent = text;
  return span;
}
