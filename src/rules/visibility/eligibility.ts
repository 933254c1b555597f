/**
 * May this viewer open the subject's MittKanta at all? Domain/03 §5.3 (seed L8722-8776): MittKanta
 * asks the population register and the Fullmakter service; the simulator passes those facts in.
 * The denial reasons are catalogue codes (./errors.ts) so the MittKanta API can report them as they are.
 */
import { subjectAge } from "./dates.js";
import type { VisibilityErrorCode } from "./errors.js";
import type { ProxyRelationFacts, SubjectClient, Viewer } from "./types.js";

export type EligibilityReason =
  | "ELIGIBLE-OWN-VIEW"
  | "ELIGIBLE-GUARDIAN"
  | "ELIGIBLE-GUARDIAN-READ-ONLY"
  | "ELIGIBLE-INFORMATION-RIGHT"
  | "ELIGIBLE-ELECTRONIC-MANDATE"
  | VisibilityErrorCode;

export interface EligibilityDecision {
  eligible: boolean;
  reason: EligibilityReason;
  rule: string;
  seedLines: string;
  /** Facts present that the handbook says do NOT block (explain mode, L8766-8774). */
  nonBlockingFacts: string[];
}

export interface EligibilityInput {
  viewer: Viewer;
  subject: SubjectClient;
  relation?: ProxyRelationFacts;
  now: Date;
}

const ADULT_AGE = 18;

export function decideProxyEligibility({ viewer, subject, relation, now }: EligibilityInput): EligibilityDecision {
  const decide = (eligible: boolean, reason: EligibilityReason, rule: string, seedLines: string): EligibilityDecision => ({
    eligible,
    reason,
    rule,
    seedLines,
    nonBlockingFacts: relation ? nonBlockingFacts(relation) : [],
  });

  if (viewer.role === "client") {
    // A guardian acts on behalf of the minor and never logs in as the minor (D07-R86).
    return viewer.personId === subject.personId
      ? decide(true, "ELIGIBLE-OWN-VIEW", "D03-R02", "L7630-7636")
      : decide(false, "MK-VIEWER-NOT-SUBJECT", "D07-R86", "L30605-30611");
  }
  if (viewer.personId === subject.personId) return decide(false, "MK-PROXY-FOR-SELF", "D07-R86", "L30605-30611");
  if (!relation) return decide(false, "MK-PROXY-RELATION-UNKNOWN", "D03-R67", "L8722-8736");

  if (viewer.role === "proxy") {
    // Mandate-based proxy use is outside this chapter (D03-R09); the simulator only honours a verified mandate.
    return relation.electronicMandate === true
      ? decide(true, "ELIGIBLE-ELECTRONIC-MANDATE", "D03-R09", "L7592-7610")
      : decide(false, "MK-PROXY-NO-MANDATE", "D03-R09", "L7592-7610");
  }

  if (viewer.role === "guardian" && !relation.registeredGuardian) {
    return decide(false, "MK-PROXY-NOT-GUARDIAN", "D03-R67", "L8722-8736");
  }
  if (viewer.role === "information-right" && !relation.informationRight) {
    return decide(false, "MK-PROXY-NO-INFORMATION-RIGHT", "D03-R66", "L8711-8719");
  }

  const age = subjectAge(subject, now);
  if (age === undefined) return decide(false, "MK-PROXY-CHILD-AGE-UNKNOWN", "D03-R52", "L8887-8899");
  // Custody ends at 18 (inference, domain/03 §5.3 and L30599-30605).
  if (age >= ADULT_AGE) return decide(false, "MK-PROXY-CHILD-ADULT", "D07-R91", "L30599-30605");

  if (subject.nonDisclosure) return decide(false, "MK-PROXY-CHILD-NON-DISCLOSURE", "D03-R68", "L8740-8742");
  // The other guardian's mark blocks this guardian; the viewer's own mark alone does not (Q12 inference).
  if (relation.otherGuardianNonDisclosure) {
    return decide(false, "MK-PROXY-OTHER-GUARDIAN-NON-DISCLOSURE", "D03-R67", "L8744-8750");
  }
  if (relation.viewerDeclaredIncapacitated) return decide(false, "MK-PROXY-INCAPACITATED", "D03-R67", "L8752");
  if (relation.viewerHasInterestGuardian) return decide(false, "MK-PROXY-INTEREST-GUARDIAN", "D03-R67", "L8754");

  if (viewer.role === "information-right") {
    return decide(true, "ELIGIBLE-INFORMATION-RIGHT", "D03-R66", "L8711-8719");
  }
  switch (relation.custodyArrangement) {
    case "unstructured-before-structured-recording":
      return decide(false, "MK-PROXY-UNSTRUCTURED-CUSTODY-AGREEMENT", "D03-R67", "L8756-8762");
    case "structured-no-social-welfare-decisions":
      // "Detta hindrar dock inte att uppgifterna läses": reading stays allowed.
      return decide(true, "ELIGIBLE-GUARDIAN-READ-ONLY", "D03-R67", "L8756-8760");
    case "housing-only":
    case "none":
      return decide(true, "ELIGIBLE-GUARDIAN", "D03-R67", "L8722-8776");
  }
}

function nonBlockingFacts(relation: ProxyRelationFacts): string[] {
  const facts: string[] = [];
  if (relation.childHasInterestGuardian) facts.push("child has an interest guardian (L8764-8766)");
  if (relation.childTakenIntoCare) facts.push("child taken into care (L8766)");
  if (relation.custodyArrangement === "housing-only") facts.push("custody agreement concerns housing only (L8768-8772)");
  if (relation.viewerNonDisclosure) facts.push("viewer's own spärrmarkering (Q12 inference)");
  if (relation.whereaboutsNotDisclosed) facts.push("decision not to disclose the child's whereabouts (D03-R69 L9236-9277)");
  return facts;
}
