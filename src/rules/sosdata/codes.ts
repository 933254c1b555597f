/**
 * The code values the Sosdata derivation depends on. Code-system OIDs and the general code values are
 * shared with the storage rules (src/rules/storage/code-systems.ts); only the service-decision types are
 * specific to Sosdata.
 */
export { CODE_SYSTEMS, SERVICE_PROCESS_IMPLEMENTATION, CASE_STATUS_CLOSED, GENERAL_TYPE_DECISION } from "../storage/code-systems.js";

/** Service task "Barnskydd" (Serviceuppgift 2016, fixtures/code-lists/service-task.json). */
export const SERVICE_TASK_CHILD_PROTECTION = "10";

/**
 * The nine decision types THL counts as service decisions (servicebeslut, S003 L96-106), as specifying
 * document types (#23) of fixtures/code-lists/document-type-specific.json (simulator-assigned codes).
 * Other decisions (placements, paternity, fees …) are not service decisions and yield no decision rows.
 */
export const SERVICE_DECISION_TYPES: Readonly<Record<string, string>> = {
  "308": "Beslut om äldreservice", // S003 L98
  "311": "Beslut om service för personer i arbetsför ålder", // S003 L99
  "310": "Beslut om service för barnfamiljer", // S003 L100
  "387": "Barnskyddets beslut om tjänster eller stödåtgärder", // S003 L101
  "388": "Barnskyddets beslut om tjänster eller stödåtgärder vid eftervård", // S003 L102
  "360": "Beslut om service inom missbrukarvården", // S003 L103
  "601": "Beslut om specialomsorgstjänster för personer med utvecklingsstörning", // S003 L104
  "390": "Beslut om service för personer med funktionsnedsättning", // S003 L105
  "304": "Beslut om kompletterande eller förebyggande utkomststöd", // S003 L106
};
