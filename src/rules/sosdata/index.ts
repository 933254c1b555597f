/** Sosdata derivation (issue 10): pure functions; the CLI and admin API load documents and call these. */
export { deriveSosdata, latestArchivedVersions, mergeIntoPeriods, positiveDecisionCategory } from "./derive.js";
export { toCsv, toJson, csvField, CSV_COLUMNS } from "./output.js";
export type { SosdataCsv, SosdataJson } from "./output.js";
export { SERVICE_DECISION_TYPES, SERVICE_TASK_CHILD_PROTECTION } from "./codes.js";
export { calendarDate } from "./dates.js";
export type * from "./types.js";
