// Where a figure download is made: the active incident (its id and modelled-data label) and the build date of its
// configuration, read once, when the first data file is downloaded.
import {FileAttachment} from "observablehq:stdlib";
import {isoDate} from "./download.js";
import type {FigureContext} from "./figure-data.js";

let pending: Promise<FigureContext> | null = null;

export function figureContext(): Promise<FigureContext> {
  return (pending ??= (async () => {
    const file = FileAttachment("../../data/incident.json");
    const incident = (await file.json()) as {id?: string; data?: {label?: string}};
    return {incident: incident.id ?? "", modelledLabel: incident.data?.label, built: isoDate(file.lastModified ?? Date.now())};
  })());
}
