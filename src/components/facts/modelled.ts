// What an incident's modelled values are, worded once for every caption. Modelled data are either made by a seeded
// simulation (the incident's `data.model`, its parameters in model.json) or are the incident's own input rows, modelled
// rather than observed (no `data.model`: its label says what they are). No caption credits a model to an incident
// that has none.

export interface ModelledSource {
  id: string;
  data: {modelled: boolean; model?: {params: string} | null};
}

export interface ModelledWords {
  /** True when a seeded simulation made the rows; false when the input rows themselves are modelled. */
  simulated: boolean;
  /** Who made the values: "the model" or "the modelled input". */
  maker: string;
  /** Whose values, before a noun: "the model's" or "the modelled". */
  whose: string;
  /** What an assumed value is: "an assumption of the model" or "part of the modelled input". */
  assumption: string;
  /** Where the assumptions are written down, as a repository path. */
  where: string;
  /** How the rows were made, for a dataset's provenance. */
  provenance: string;
}

/** The words for an incident's modelled values; null when its data are observed. */
export function modelledWords(incident: ModelledSource): ModelledWords | null {
  if (!incident.data.modelled) return null;
  const folder = `data/incidents/${incident.id}`;
  const model = incident.data.model;
  if (model) {
    return {
      simulated: true, maker: "the model", whose: "the model's", assumption: "an assumption of the model",
      where: `${folder}/${model.params}`,
      provenance: `a seeded simulation calibrated to published figures: ${folder}/${model.params}, docs/model.md`
    };
  }
  return {
    simulated: false, maker: "the modelled input", whose: "the modelled", assumption: "part of the modelled input",
    where: `${folder}/incident.json`,
    provenance: `its input rows are modelled, not observed: the files listed in ${folder}/incident.json, as its label says`
  };
}

/**
 * True when a country metric's values are modelled assumptions, so no ranking is drawn from them: every metric of
 * modelled input rows; of a simulation, all but hits, which it matches to the published top ten (kill-switch requests).
 */
export function assumedValues(words: ModelledWords | null, metric: string): words is ModelledWords {
  return words !== null && (!words.simulated || metric !== "hits");
}

/**
 * A simulation starts the sinkhole's log at the opening of the kill switch's registration window (model.json
 * `registration`): the caveat of the charts of hits over time; null for other data or without a kill switch.
 */
export function registrationCaveat(words: ModelledWords | null, killSwitch: {start: string; end: string} | null): string | null {
  if (!words?.simulated || killSwitch === null) return null;
  const time = (iso: string): string => new Date(iso).toISOString().slice(11, 16);
  return `The model starts the sinkhole's log at ${time(killSwitch.start)} UTC, when the registration window opens (it closes at ${time(killSwitch.end)} UTC): an assumption, as the time within the window is not established.`;
}

/** The caveat of every chart of a modelled sector mix. */
export function sectorMixCaveat(words: ModelledWords): string {
  return `The sector mix is ${words.assumption}, not a finding.`;
}
