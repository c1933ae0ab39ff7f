// Embeddable charts: one definition per chart id, used by the iframe pages (/embed/<id>) and exported
// as a JavaScript module (/embed/charts.js) that another site can import:
//
//   import {render} from "https://atlas.example.org/embed/charts.js";
//   document.body.append(await render("proof-detections", {minimum: 20000}));
//
// Files are resolved against this module's own URL (Framework bakes them in at build time), so the
// module works from any origin that may fetch from the site (CORS; see docs/embedding.md).
import {FileAttachment} from "observablehq:stdlib";
import {loadArrow} from "../components/state/arrow.js";
import {chartFigure} from "../components/figure/figure.js";
import {detectionsChart} from "../components/charts/detectionsChart.js";
import {worldMapChart} from "../components/charts/worldMapChart.js";
import {timeSeriesChart, eventKey} from "../components/charts/timeSeriesChart.js";
import {barsChart} from "../components/charts/barsChart.js";
import {formatInteger, formatNumber, formatPercent, formatUtcHour, formatUtcRange} from "../components/facts/format.js";
import {incidentDates, shortNames, displayName} from "../components/state/report-data.js";
import {EMBED_CASE_STUDY} from "../components/figure/embed-ids.js";

/** Parameter readers: each turns a URL/option value into a valid selection or its default. */
const number = (fallback, min = -Infinity, max = Infinity) => (value) => {
  const n = Number(value);
  return value != null && value !== "" && Number.isFinite(n) && n >= min && n <= max ? n : fallback;
};

const choice = (options, fallback) => (value) => (options.includes(value) ? value : fallback);
const code = (value) => (typeof value === "string" && /^[A-Z]{2}$/.test(value) ? value : null);
const time = (value) => {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2})?Z?$/.test(value)) return null;
  const date = new Date(value.length === 13 ? `${value}:00Z` : value.endsWith("Z") ? value : `${value}Z`);
  return Number.isNaN(+date) ? null : date;
};
const list = (value) => (typeof value === "string" && value ? [...new Set(value.split(",").map((v) => v.trim()).filter(Boolean))] : Array.isArray(value) ? value : []);

// Shared data, read once per page however many charts are drawn.
const once = (f) => {
  let p;
  return () => (p ??= f());
};
const incidentJson = once(() => FileAttachment("../data/incident.json").json());
const countriesTable = once(() => loadArrow(FileAttachment("../data/countries.arrow")));
const referenceTable = once(() => loadArrow(FileAttachment("../data/country-reference.arrow")));
const hourlyTable = once(() => loadArrow(FileAttachment("../data/hourly.arrow")));
const sectorsTable = once(() => loadArrow(FileAttachment("../data/sectors.arrow")));
const worldJson = once(() => FileAttachment("../data/world-110m.json").json());
const validationJson = once(() => FileAttachment("../data/validation.json").json());

const METRICS = {
  unique_ips: {label: "Unique IP addresses", unit: "unique IPs"},
  hits: {label: "Sinkhole hits", unit: "hits"},
  per_million_people: {label: "Unique IPs per million people", unit: "unique IPs per million people"},
  per_million_users: {label: "Unique IPs per million internet users", unit: "unique IPs per million internet users"}
};

// The report's charts, drawn as on their pages (src/countries.md, src/timeline.md, src/sectors.md).
const CHARTS = {
  "countries-map": {
    params: {metric: choice(Object.keys(METRICS), "unique_ips"), scale: choice(["log", "linear"], "log"), country: code},
    async build({metric, scale, country}) {
      const [incident, countries, reference, world] = await Promise.all([incidentJson(), countriesTable(), referenceTable(), worldJson()]);
      const short = shortNames(world);
      const modelled = incident.data.modelled;
      const refByIso = new Map([...reference].map((r) => [r.iso2, r.toJSON()]));
      const rows = [...countries].map((c) => {
        const ref = refByIso.get(c.country);
        return {
          country: c.country, iso_numeric: c.iso_numeric,
          name: c.country === "XX" ? "Unknown location" : displayName(c.name, c.iso_numeric, short),
          hits: c.hits, unique_ips: c.unique_ips,
          per_million_people: ref?.population_2017 ? (c.unique_ips * 1e6) / ref.population_2017 : null,
          per_million_users: ref?.internet_users_2017 ? (c.unique_ips * 1e6) / ref.internet_users_2017 : null
        };
      });
      const values = new Map(rows.filter((r) => r.iso_numeric).map((r) => [r.iso_numeric, {iso2: r.country, name: r.name, value: r[metric]}]));
      const ranked = rows.filter((r) => r[metric] != null && r.country !== "XX").sort((a, b) => b[metric] - a[metric]);
      const [a, b, c] = ranked;
      const selected = rows.some((r) => r.country === country) ? country : null;
      return {
        title: `${METRICS[metric].label} by country`,
        subtitle: `${incident.title}; ${scale} colour scale; grey: no data`,
        source: `Incident Atlas pipeline (countries.arrow${modelled ? ", modelled" : ""}); population and internet users 2017: World Bank WDI`,
        modelled,
        summary: ranked.length === 0 ? `No country has data for ${METRICS[metric].unit}.`
          : ranked.length === 1 ? `Only one country has data for ${METRICS[metric].unit}: ${a.name} (${formatNumber(a[metric])}).`
          : ranked.length === 2 ? `${a.name} has the most ${METRICS[metric].unit} (${formatNumber(a[metric])}), then ${b.name} (${formatNumber(b[metric])}); 2 countries have data.`
          : `${a.name} has the most ${METRICS[metric].unit} (${formatNumber(a[metric])}), followed by ${b.name} (${formatNumber(b[metric])}) and ${c.name} (${formatNumber(c[metric])}); ${ranked.length} countries have data.`,
        draw: (width) => worldMapChart(world, values, {width, label: METRICS[metric].label, scale, selected, modelled})
      };
    }
  },
  "timeline-hourly": {
    params: {from: time, to: time},
    async build({from, to}) {
      const [incident, hourly] = await Promise.all([incidentJson(), hourlyTable()]);
      const dates = incidentDates(incident);
      const modelled = incident.data.modelled;
      const byHour = new Map();
      for (const d of hourly) byHour.set(+d.hour, (byHour.get(+d.hour) ?? 0) + d.hits);
      const totals = [];
      for (let t = +dates.window[0]; t < +dates.window[1]; t += 3_600_000) totals.push({hour: new Date(t), value: byHour.get(t) ?? 0});
      const peak = totals.reduce((p, d) => (d.value > p.value ? d : p), totals[0]);
      const selection = from && to && +from < +to && +from >= +dates.window[0] && +to <= +dates.window[1] ? [from, to] : null;
      return {
        title: "Sinkhole hits per hour (UTC)",
        subtitle: selection ? `Highlighted: ${formatUtcRange(...selection)}` : incident.title,
        source: `Incident Atlas pipeline (hourly.arrow${modelled ? ", modelled" : ""})${dates.events.length ? `; events: ${incident.key_events.some((e) => e.source) ? "published timeline (see the atlas's Timeline page)" : "the incident's configuration"}` : ""}`,
        modelled,
        summary: `${!peak || peak.value === 0 ? "No hits in the window" : `Hits peaked at ${formatInteger(peak.value)} in the hour from ${formatUtcHour(peak.hour)}`}${dates.killSwitch ? `; the kill-switch domain was registered between ${formatUtcRange(...dates.killSwitch)}` : ""}.`,
        draw: (width) => {
          const div = document.createElement("div");
          // No hits at all: a flat line at zero says nothing a sentence does not, and its axis would have no scale.
          if (!peak || peak.value === 0) {
            const note = document.createElement("p");
            note.textContent = `No sinkhole hits in the incident window (${formatUtcRange(...dates.window)}).`;
            div.append(note);
            return div;
          }
          div.append(timeSeriesChart(totals, {width, yLabel: "Sinkhole hits per hour", domain: dates.window, events: dates.events, killSwitch: dates.killSwitch, selection, modelled}), eventKey(dates.events, dates.window));
          return div;
        }
      };
    }
  },
  "sectors-bars": {
    params: {sectors: list},
    async build({sectors: chosen}) {
      const [incident, sectors, validation] = await Promise.all([incidentJson(), sectorsTable(), validationJson()]);
      const modelled = incident.data.modelled;
      const rows = [...sectors].map((s) => s.toJSON());
      const labelOf = new Map(rows.map((s) => [s.sector, s.sector_label]));
      const highlight = new Set(chosen.filter((k) => labelOf.has(k)));
      const bars = rows.map((s) => ({label: s.sector_label, value: s.unique_ips, highlight: highlight.has(s.sector)}));
      // Distinct addresses of the whole incident: unique IPs do not add up across sectors.
      const total = validation.unique_ips;
      const organisations = rows.filter((s) => !["residential", "unknown"].includes(s.sector)).sort((a, b) => b.unique_ips - a.unique_ips);
      const residential = rows.find((s) => s.sector === "residential");
      return {
        title: "Infected addresses by sector",
        subtitle: highlight.size ? `Highlighted: ${[...highlight].map((k) => labelOf.get(k)).join(", ")}` : "All sectors",
        source: `Incident Atlas pipeline (sectors from the network owner's NAICS code${modelled ? "; modelled" : ""})`,
        modelled,
        summary: rows.length === 0 ? "No accepted rows, so no sector has data." : `${residential && total > 0 ? `Subscriber lines hold ${formatPercent(residential.unique_ips / total)} of the ${formatInteger(total)} unique IPs; ` : ""}${organisations.length >= 2 ? `among organisations, ${organisations[0].sector_label} (${formatInteger(organisations[0].unique_ips)}) and ${organisations[1].sector_label} (${formatInteger(organisations[1].unique_ips)}) have the most.` : organisations.length === 1 ? `one organisation sector has data: ${organisations[0].sector_label} (${formatInteger(organisations[0].unique_ips)}).` : "no organisation sector has data."}`,
        draw: (width) => barsChart(bars, {width, xLabel: "Unique IP addresses →", modelled, format: formatInteger})
      };
    }
  },
  "proof-detections": {
    params: {minimum: number(0, 0, 1e9)},
    async build({minimum}) {
      const incident = await incidentJson();
      if (!incident.pages.some((p) => p.path === EMBED_CASE_STUDY["proof-detections"])) throw new Error(`Chart "proof-detections" belongs to a case study that ${incident.title} does not have`);
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
.atlas-embed .atlas-figure-subtitle,.atlas-embed .atlas-figure-source{margin:.25rem 0;font-size:.8rem}
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
    // Plot's per-mark names ("geo", "bar") are never read inside role="img"; axe flags them on role-less <g>s.
    chart.querySelectorAll("svg g[aria-label]").forEach((g) => g.removeAttribute("aria-label"));
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
