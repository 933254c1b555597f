/** The MittKanta visibility engine (domain/03): pure rules, no I/O. See docs/rules/visibility.md. */
export { decideVisibility, decideVisibilityOfAll, resolveSettings } from "./decide.js";
export { decideProxyEligibility, type EligibilityDecision, type EligibilityInput, type EligibilityReason } from "./eligibility.js";
export {
  decideClientRelationshipLandingData,
  explainVisibility,
  type ExplainedDocument,
  type LandingDataDecision,
  type ViewingContext,
  type VisibilityExplanation,
} from "./explain.js";
export { ageOn, helsinkiDate } from "./dates.js";
export { VISIBILITY_ERRORS, type VisibilityErrorCode } from "./errors.js";
export { INFO_TEXT, NOTICE_TEXTS, REASON_POLICY } from "./policy.js";
export * from "./types.js";
