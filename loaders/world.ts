// The map's country outlines: world-atlas's 1:110m TopoJSON (Natural Earth), with each outline keyed by the code
// the pipeline gives a country (ISO alpha-2 in properties.iso2), so a map joins countries.arrow on `country`:
//   - French Guiana (GF) is its own outline: Natural Earth draws it as a polygon of France's;
//   - Kosovo (XK, the code geolocation databases use) has an outline without an ISO numeric id;
//   - Somaliland, which ISO 3166 and geolocation databases count as Somalia (SO), takes Somalia's code.
// N. Cyprus keeps no code (geolocation splits its addresses between CY and TR): it shows as no data.
import countries from "i18n-iso-countries/index.js";
import * as topojson from "topojson-client";
import type {MultiPolygon, Topology} from "topojson-specification";

interface Geometry {type: string; id?: string | number; arcs?: unknown; properties?: {name?: string; iso2?: string}}
export interface WorldTopology {
  type: "Topology";
  arcs: number[][][];
  transform?: {scale: [number, number]; translate: [number, number]};
  objects: {countries: {type: "GeometryCollection"; geometries: Geometry[]}};
}

/** Codes for outlines Natural Earth names but ISO 3166-1 numeric does not identify. */
const BY_NAME: Record<string, string> = {Kosovo: "XK", Somaliland: "SO"};

/**
 * France's polygons in South America (west of 30° W) become French Guiana's outline (ISO 254, GF), as in
 * Natural Earth's own admin-0 map units; everything else is unchanged.
 */
function splitFrenchGuiana(topology: WorldTopology, geometries: Geometry[]): Geometry[] {
  return geometries.flatMap((g) => {
    if (String(g.id) !== "250" || g.type !== "MultiPolygon" || !Array.isArray(g.arcs)) return [g];
    const polygons = g.arcs as number[][][];
    // topojson-client decodes the polygons in the order of their arcs.
    const outline = topojson.feature(topology as unknown as Topology, g as unknown as MultiPolygon).geometry;
    const starts = outline.coordinates.map((rings) => rings[0]?.[0]?.[0] ?? 0);
    const american = polygons.filter((_, i) => (starts[i] ?? 0) < -30);
    if (american.length === 0) return [g];
    const rest = polygons.filter((rings) => !american.includes(rings));
    return [{...g, arcs: rest}, {type: "MultiPolygon", id: "254", arcs: american, properties: {name: "French Guiana"}}];
  });
}

/** The topology with French Guiana split from France and every outline's pipeline code in properties.iso2. */
export function atlasWorld(topology: WorldTopology): WorldTopology {
  const geometries = splitFrenchGuiana(topology, topology.objects.countries.geometries).map((g) => {
    const name = g.properties?.name ?? "";
    const iso2 = g.id === undefined ? BY_NAME[name] : countries.numericToAlpha2(String(g.id));
    return iso2 === undefined ? g : {...g, properties: {...g.properties, iso2}};
  });
  return {...topology, objects: {...topology.objects, countries: {...topology.objects.countries, geometries}}};
}
