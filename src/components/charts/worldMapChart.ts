// Choropleth world map (world-atlas 1:110m through topojson-client, drawn with Plot), with a
// log or linear colour scale, a legend, hover titles and click-to-select.
import * as Plot from "npm:@observablehq/plot";
import * as topojson from "npm:topojson-client";
import type {Topology, GeometryCollection} from "topojson-specification";
import type {Feature, Geometry} from "geojson";
import {formatNumber} from "../facts/format.js";
import {modelledMark, textWidth} from "./marks.js";
import {countTick, logRampTicks} from "./ticks.js";
import {COLORS, SEQUENTIAL_SCHEME, THEME} from "./palette.js";

export interface MapValue {
  iso2: string;
  name: string;
  /** null: no data for this country. */
  value: number | null;
}

/** Region zooms: [[west, south], [east, north]] in degrees; "world" shows the whole sphere. */
export const REGIONS = {
  world: {label: "the world", box: null},
  europe: {label: "Europe", box: [[-25, 34], [45, 71]]},
  asia: {label: "Asia", box: [[40, -11], [150, 60]]},
  "middle-east": {label: "the Middle East", box: [[25, 12], [63, 42]]},
  africa: {label: "Africa", box: [[-20, -36], [52, 38]]},
  americas: {label: "the Americas", box: [[-170, -56], [-30, 72]]},
  oceania: {label: "Oceania", box: [[110, -48], [180, 0]]}
} as const satisfies Record<string, {label: string; box: readonly [readonly [number, number], readonly [number, number]] | null}>;

export type Region = keyof typeof REGIONS;

export interface WorldMapOptions {
  width: number;
  /** What the value is, with its unit (legend title). */
  label: string;
  scale?: "log" | "linear";
  /** ISO alpha-2 of the selected country (outlined). */
  selected?: string | null;
  /** Called with the ISO alpha-2 of a clicked country. */
  onSelect?: (iso2: string) => void;
  format?: (value: number) => string;
  modelled?: boolean;
  /** Zoom to a region (default: the world). */
  region?: Region;
}

/** The class of the map's layer of country paths (one per feature, in order): what a click selects. */
const COUNTRY_LAYER = "atlas-map-countries";
/** The colour legend's left and right margins together (px): room for the end labels beside the ramp. */
const LEGEND_MARGINS = 28;

type CountryFeature = Feature<Geometry, {name: string; iso2?: string}> & {id?: string | number};

/** Country outlines from the map's topology (loaders/world.ts): properties.iso2 is the pipeline's country code. */
export function worldFeatures(world: unknown): CountryFeature[] {
  const topology = world as Topology<{countries: GeometryCollection<{name: string; iso2?: string}>}>;
  const collection = topojson.feature(topology, topology.objects.countries);
  return collection.features as CountryFeature[];
}

/** values: keyed by the country code (ISO alpha-2, as countries.arrow's `country`). */
export function worldMapChart(world: unknown, values: Map<string, MapValue>, options: WorldMapOptions): HTMLElement | SVGSVGElement {
  const {width, label, scale = "log", selected = null, onSelect, format = formatNumber, modelled, region = "world"} = options;
  const box = REGIONS[region]?.box ?? null;
  const features = worldFeatures(world);
  const valueOf = (f: CountryFeature) => {
    const v = values.get(f.properties.iso2 ?? "")?.value;
    return v == null || !Number.isFinite(v) || (scale === "log" && v <= 0) ? null : v;
  };
  const selectedFeature = features.filter((f) => selected !== null && f.properties.iso2 === selected);
  const positive = features.map(valueOf).filter((v): v is number => v !== null);
  const titleOf = (f: CountryFeature) => {
    const v = values.get(f.properties.iso2 ?? "");
    return `${v?.name ?? f.properties.name}: ${v?.value == null ? "no data" : format(v.value)}`;
  };
  // A region fills more of the height: at 375 px Europe is then about twice as large as on the world map.
  const height = Math.round(width * (box ? 0.75 : 0.5));
  const [[west, south], [east, north]] = box ?? [[0, 0], [0, 0]];
  const domain = box ? {type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south], [(west + east) / 2, south], [(west + east) / 2, north]]} : {type: "Sphere"};
  const clip = box ? "frame" : undefined;
  const legendWidth = Math.min(360, width - 20);
  const plot = Plot.plot({
    width,
    height,
    margin: 0,
    marginTop: modelled ? 20 : 0,
    projection: {type: "equal-earth", domain} as Plot.ProjectionOptions,
    color: {
      type: scale,
      scheme: SEQUENTIAL_SCHEME,
      legend: true,
      label,
      domain: colourDomain(positive, scale),
      // One value alone: label the ramp's two ends, so that the value itself is on the legend. A log ramp: ticks whose
      // labels do not run into each other.
      ...(new Set(positive).size === 1 ? {ticks: colourDomain(positive, scale)}
        : scale === "log" && positive.length > 0 ? {ticks: logRampTicks(colourDomain(positive, scale), legendWidth - LEGEND_MARGINS, (l) => textWidth(l.length))} : {}),
      unknown: COLORS.missing,
      // Each tick alone: "0.83", "3.28", "100k", "1.5M" (an SI format read 0.829 as "829m").
      tickFormat: countTick,
      width: legendWidth,
      // Room for the first and last tick labels ("1", "100k"), which sit centred on the ramp's ends.
      marginLeft: 12,
      marginRight: LEGEND_MARGINS - 12
    } as Plot.ScaleOptions,
    marks: [
      box ? null : Plot.sphere({stroke: THEME.faint}),
      // One layer: each country is projected and drawn once (the costliest step of the first paint); a country
      // without a value takes the scale's "unknown" colour.
      Plot.geo(features, {fill: valueOf, stroke: THEME.background, strokeWidth: 0.5, title: titleOf, clip, className: COUNTRY_LAYER}),
      Plot.geo(selectedFeature, {fill: "none", stroke: COLORS.highlight, strokeWidth: 2.5, clip}),
      Plot.geo(selectedFeature, {fill: "none", stroke: "currentColor", strokeWidth: 0.8, clip}),
      modelledMark(modelled)
    ]
  });
  if (onSelect) {
    // The countries' layer, found by its class (the sphere is a geo layer too), holds one path per feature in order.
    plot.querySelectorAll(`g.${COUNTRY_LAYER} path`).forEach((path, i) => {
      const iso2 = features[i]?.properties.iso2;
      if (!iso2 || !values.has(iso2) || !(path instanceof SVGPathElement)) return;
      path.dataset.iso2 = iso2;
      path.style.cursor = "pointer";
      path.addEventListener("click", () => onSelect(iso2));
    });
  }
  return plot;
}

/** The colour scale's domain: the values' range; one value alone gets a ramp that ends at it (from zero, or a tenth of it on a log scale). */
function colourDomain(values: number[], scale: "log" | "linear"): [number, number] {
  if (!values.length) return [1, 10];
  const lo = Math.min(...values), hi = Math.max(...values);
  return lo < hi ? [lo, hi] : [scale === "log" ? hi / 10 : 0, hi];
}
