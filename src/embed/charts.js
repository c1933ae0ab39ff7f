// Embeddable charts: one definition per chart id, used by the iframe pages (/embed/<id>) and exported
// as a JavaScript module (/embed/charts.js) that another site can import:
//
//   import {render} from "https://atlas.example.org/embed/charts.js";
//   document.body.append(await render("proof-detections", {minimum: 20000}));
//
// Files are resolved against this module's own URL (Framework bakes them in at build time), so the
// module works from any origin that may fetch from the site (CORS; see docs/embedding.md).
import {FileAttachment} from "observablehq:stdlib";
import {loadArrow} from "../components/arrow.js";
import {chartFigure} from "../components/figure.js";
import {detectionsChart} from "../components/detectionsChart.js";

/** Parameter readers: each turns a URL/option value into a valid selection or its default. */
const number = (fallback, min = -Infinity, max = Infinity) => (value) => {
  const n = Number(value);
  return value != null && value !== "" && Number.isFinite(n) && n >= min && n <= max ? n : fallback;
};

const CHARTS = {
  "proof-detections": {
    params: {minimum: number(0, 0, 1e9)},
    async build({minimum}) {
      const rows = [...(await loadArrow(FileAttachment("../data/proof-detections.arrow")))].map((d) => ({...d}));
      const selected = rows.filter((d) => d.detections >= minimum);
      const top = [...rows].sort((a, b) => b.detections - a.detections)[0];
      return {
        title: "Published WannaCry detections by country",
        subtitle: minimum > 0 ? `Highlighted: countries with at least ${minimum.toLocaleString("en-GB")} detections` : "Avast detections reported on 15 May 2017",
        source: `${rows[0]?.source_title ?? "Avast"} (${rows[0]?.source_date ?? "2017-05-15"}), ${rows[0]?.source_url ?? ""}. Vendor detections, not infected machines.`,
        modelled: false,
        summary: `${selected.length} of ${rows.length} countries have at least ${minimum.toLocaleString("en-GB")} detections; the most is ${top?.country} with ${top?.detections.toLocaleString("en-GB")}.`,
        draw: (width) => detectionsChart(rows, {width, minimum})
      };
    }
  }
};

/** The ids of every embeddable chart. */
export const charts = Object.keys(CHARTS);

/** The valid selections for chart `id` from an options object or URLSearchParams. */
export function selections(id, options = {}) {
  const chart = CHARTS[id];
  if (!chart) throw new Error(`Unknown chart "${id}"; available: ${charts.join(", ")}`);
  const get = (key) => (options instanceof URLSearchParams ? options.get(key) : options[key]);
  return Object.fromEntries(Object.entries(chart.params).map(([key, read]) => [key, read(get(key))]));
}

const STYLE = `
.atlas-embed{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:100%}
.atlas-embed .atlas-figure{margin:0}
.atlas-embed .atlas-figure-title{margin:0 0 .25rem;font-size:1rem}
.atlas-embed .atlas-figure-subtitle,.atlas-embed .atlas-figure-source{margin:.25rem 0;font-size:.8rem;opacity:.75}
.atlas-embed .atlas-figure-summary{margin:.5rem 0 0;font-size:.85rem}
.atlas-embed .atlas-modelled{display:inline-block;margin:0 0 .5rem;padding:.1rem .5rem;border:1px dashed currentColor;border-radius:4px;font:600 .75rem/1.4 system-ui,sans-serif;text-transform:uppercase}
.atlas-embed svg{max-width:100%;height:auto}`;

function injectStyle() {
  if (document.getElementById("atlas-embed-style")) return;
  const style = document.createElement("style");
  style.id = "atlas-embed-style";
  style.textContent = STYLE;
  document.head.append(style);
}

/** Redraws `draw(width)` whenever the element's width changes; labels each drawing for screen readers. */
function responsive(draw, label, initialWidth) {
  const holder = document.createElement("div");
  holder.className = "atlas-embed-chart";
  let last = -1;
  const paint = (width) => {
    width = Math.max(280, Math.floor(width));
    if (width === last) return;
    last = width;
    const chart = draw(width);
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector("svg");
    if (svg) svg.setAttribute("role", "img"), svg.setAttribute("aria-label", label);
    holder.replaceChildren(chart);
  };
  paint(initialWidth);
  new ResizeObserver(([entry]) => entry.contentRect.width > 0 && paint(entry.contentRect.width)).observe(holder);
  return holder;
}

/**
 * Draws chart `id` with the given selections; resolves to an element holding the chart with its
 * title, "modelled" label, text summary and source line. Options: the chart's selections, and
 * `width` (initial width in px before the element is laid out; it then follows its container).
 */
export async function render(id, options = {}) {
  const chart = CHARTS[id];
  if (!chart) throw new Error(`Unknown chart "${id}"; available: ${charts.join(", ")}`);
  injectStyle();
  const {draw, ...meta} = await chart.build(selections(id, options));
  const width = Number(options instanceof URLSearchParams ? options.get("width") : options.width) || 640;
  const figure = chartFigure(responsive(draw, `${meta.title}. ${meta.summary}`, width), {id, ...meta});
  figure.querySelectorAll(".atlas-chart-actions, .atlas-embed-panel").forEach((node) => node.remove());
  const root = document.createElement("div");
  root.className = "atlas-embed";
  root.dataset.chart = id;
  root.append(figure);
  return root;
}
