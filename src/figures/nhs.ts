// What the three NHS figures share: the NAO's rows and the source line.
import {lookup} from "./gap-events.js";
import {sourceName} from "../components/facts/facts.js";
import type {Facts} from "../components/state/report-data.js";

export function nhsFacts(facts: Facts) {
  const fact = lookup(facts);
  const n04 = fact("N04");
  return {fact, nao: `${sourceName(n04)}, ${(n04.source_title ?? "").split(" (")[0]} (${n04.source_date})`};
}
