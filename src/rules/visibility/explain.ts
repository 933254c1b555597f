/**
 * Explain mode: every document of a subject with its decision, the eligibility of the viewer, and
 * whether MittKanta shows the info text (D03-R06/R07). Also the landing-page use of the
 * klientrelationshandling (D03-R11–R14, R75). Pure, like the rest of the engine.
 */
import { evaluate, notEligible, viewContext } from "./decide.js";
import { decideProxyEligibility, type EligibilityDecision } from "./eligibility.js";
import { INFO_TEXT } from "./policy.js";
import type { VisibilityDecision, VisibilityDocument, VisibilityInput } from "./types.js";

export type ViewingContext = Omit<VisibilityInput, "document">;

export interface ExplainedDocument {
  documentId: string;
  setId: string;
  title?: string;
  decision: VisibilityDecision;
}

export interface VisibilityExplanation {
  eligibility: EligibilityDecision;
  documents: ExplainedDocument[];
  /** The §4.1 info text when at least one hiding counts for it; null otherwise. */
  infoText: { rule: string; seedLines: string; sv: string; fi: string; en: string } | null;
}

export function explainVisibility(documents: readonly VisibilityDocument[], context: ViewingContext): VisibilityExplanation {
  const eligibility = decideProxyEligibility(context);
  const ctx = viewContext(context);
  const explained = documents.map((document) => ({
    documentId: document.metadata.documentId,
    setId: document.metadata.setId,
    ...(document.metadata.title === undefined ? {} : { title: document.metadata.title }),
    decision: eligibility.eligible ? evaluate(document, ctx) : notEligible(eligibility),
  }));
  const showInfoText = explained.some((entry) => !entry.decision.shown && entry.decision.countsForInfoText);
  return { eligibility, documents: explained, infoText: showInfoText ? { ...INFO_TEXT } : null };
}

export interface LandingDataDecision {
  usable: boolean;
  reason:
    | "LANDING-DATA-SHOWN"
    | "LANDING-DATA-NOT-ELIGIBLE"
    | "LANDING-DATA-NOT-A-CLIENT-RELATIONSHIP-DOCUMENT"
    | "LANDING-DATA-NOT-A-CLIENT"
    | "LANDING-DATA-EARLIER-VERSION"
    | "LANDING-DATA-CANCELLED"
    | "LANDING-DATA-PHASE-1-SCHEMA"
    | "LANDING-DATA-SPECIAL-CONTENT"
    | "LANDING-DATA-DELAYED"
    | "LANDING-DATA-GUARDIAN-BAN";
  rule: string;
  seedLines: string;
}

/**
 * May the landing page use this klientrelationshandling's dates and contact person (D03-R11–R13)?
 * The KR document itself is hidden in phase 1 (V4) but its data are used, unless a restriction
 * applies: specialinnehåll (D03-R14), and — inference R75 — a running delay, or codes 2/4 in a proxy view.
 */
export function decideClientRelationshipLandingData(kr: VisibilityDocument, context: ViewingContext): LandingDataDecision {
  const result = (usable: boolean, reason: LandingDataDecision["reason"], rule: string, seedLines: string): LandingDataDecision => ({
    usable,
    reason,
    rule,
    seedLines,
  });
  const eligibility = decideProxyEligibility(context);
  if (!eligibility.eligible) return result(false, "LANDING-DATA-NOT-ELIGIBLE", eligibility.rule, eligibility.seedLines);
  const m = kr.metadata;
  if (m.documentGroup !== "client-relationship") return result(false, "LANDING-DATA-NOT-A-CLIENT-RELATIONSHIP-DOCUMENT", "D03-R11", "L7709-7713");

  // Evaluate as phase 2 so the phase-1 hiding of the KR *document* (V4) does not hide its data.
  const decision = evaluate(kr, viewContext({ ...context, settings: { ...context.settings, mittkantaPhase: 2 } }));
  if (decision.shown) return result(true, "LANDING-DATA-SHOWN", "D03-R11", "L7698-7713");
  const byReason: Partial<Record<VisibilityDecision["reason"], LandingDataDecision["reason"]>> = {
    "HIDDEN-NOT-A-CLIENT": "LANDING-DATA-NOT-A-CLIENT",
    "HIDDEN-EARLIER-VERSION": "LANDING-DATA-EARLIER-VERSION",
    "HIDDEN-CANCELLED": "LANDING-DATA-CANCELLED",
    "HIDDEN-CLIENT-RELATIONSHIP-PHASE-1-SCHEMA": "LANDING-DATA-PHASE-1-SCHEMA",
    "HIDDEN-SPECIAL-CONTENT": "LANDING-DATA-SPECIAL-CONTENT",
    "HIDDEN-CASE-SPECIAL-CONTENT": "LANDING-DATA-SPECIAL-CONTENT",
    "HIDDEN-DELAYED": "LANDING-DATA-DELAYED",
    "HIDDEN-CASE-DELAYED": "LANDING-DATA-DELAYED",
    "HIDDEN-GUARDIAN-BAN": "LANDING-DATA-GUARDIAN-BAN",
  };
  const reason = byReason[decision.reason];
  if (reason === undefined) {
    // Any other hiding of a phase-2 KR (e.g. a joint-case rule) is not a reason the seed names for its
    // landing data; the data stay usable.
    return result(true, "LANDING-DATA-SHOWN", "D03-R11", "L7698-7713");
  }
  if (reason === "LANDING-DATA-SPECIAL-CONTENT") return result(false, reason, "D03-R14", "L8385-8391");
  if (reason === "LANDING-DATA-PHASE-1-SCHEMA") return result(false, reason, "D03-R23", "L7780-7785");
  if (reason === "LANDING-DATA-DELAYED" || reason === "LANDING-DATA-GUARDIAN-BAN") return result(false, reason, "D03-R75", "L11039-11051");
  return result(false, reason, decision.rule, decision.seedLines);
}
