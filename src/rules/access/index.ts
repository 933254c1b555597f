/** Access control as pure decision functions (domain/08, domain/07 §2.F–2.H). See docs/rules/access.md. */
export { decideAccess } from "./decide.js";
export { filterDisclosableDocuments } from "./disclosure.js";
export { redactNonDisclosure, checkNonDisclosureStorage } from "./non-disclosure.js";
export type { RedactableRecord, NonDisclosureFacts, Redacted } from "./non-disclosure.js";
export { ACCESS_ERRORS } from "./errors.js";
export type { AccessErrorCode } from "./errors.js";
export * from "./policy.js";
export type * from "./types.js";
