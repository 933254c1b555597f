/**
 * filterDisclosableDocuments: which documents of another controller's register a disclosure search
 * (usage situation 3) may return, each with the reason (domain/07 §5.8, Table 11.4.4; D07-R70…R75).
 * Every disclosed copy is redacted of spärr-covered items (D08-R66; DESIGN §7 decision 5: also under
 * the extended right to information).
 */
import type { DocumentMetadata } from "../../model/document.js";
import { prohibitionsInForce, simpleDisclosureBasis } from "./consent.js";
import { redactNonDisclosure } from "./non-disclosure.js";
import { DISCLOSURE_EXCLUSIONS, SHELTER_SERVICE } from "./policy.js";
import type { ArchivedDocument, DisclosureExclusion, DisclosureFilterContext, DisclosureVerdict, ProhibitionTarget } from "./types.js";

function prohibitionExclusion(target: ProhibitionTarget, document: ArchivedDocument): DisclosureExclusion | undefined {
  const m: DocumentMetadata = document.metadata;
  switch (target.kind) {
    case "all":
      return "prohibited-all";
    case "controller":
      return document.registerId === target.oid ? "prohibited-controller" : undefined;
    case "service-task":
      return m.serviceTasks.some((t) => t.code === target.code && t.codeSystem === target.codeSystem) ? "prohibited-service-task" : undefined;
    case "document":
      return m.setId === target.setId ? "prohibited-document" : undefined;
  }
}

function exclusionOf(document: ArchivedDocument, context: DisclosureFilterContext, basis: boolean, prohibitions: readonly ProhibitionTarget[]): DisclosureExclusion | undefined {
  if (!basis) return "no-basis";
  if (document.registerId === context.searcherOrganisationOid) return "own-register";
  const m = document.metadata;
  if (m.documentGroup === "client-relationship") return "client-relationship-document";
  const candidates: (DisclosureExclusion | undefined)[] = [
    m.documentGroup === "old" ? "old-document" : undefined,
    m.documentGroup === "phase-1" ? "phase-1-document" : undefined,
    m.socialServices.some((s) => s.code === SHELTER_SERVICE.code && s.codeSystem === SHELTER_SERVICE.codeSystem) ? "shelter-service" : undefined,
    ...prohibitions.map((t) => prohibitionExclusion(t, document)),
  ];
  return candidates.find((c): c is DisclosureExclusion => c !== undefined && DISCLOSURE_EXCLUSIONS[c][context.mode]);
}

export function filterDisclosableDocuments(documents: readonly ArchivedDocument[], context: DisclosureFilterContext): DisclosureVerdict[] {
  // Request-level basis again, so that no caller can skip decideAccess and still get documents.
  const basis = context.mode === "simple" ? simpleDisclosureBasis(context.consent, context.now) : context.searcherKind === "public";
  const prohibitions = prohibitionsInForce(context.consent, context.now);
  return documents.map((document) => {
    const exclusion = exclusionOf(document, context, basis, prohibitions);
    if (exclusion) {
      const row = DISCLOSURE_EXCLUSIONS[exclusion];
      return { document, disclose: false, exclusion, reason: row.reason, rule: row.rule, seedLines: row.seedLines, withheld: [] };
    }
    const { record, withheld } = redactNonDisclosure(document, context.searcherOrganisationOid, { nonDisclosure: context.nonDisclosure, now: context.now });
    return {
      document: record,
      disclose: true,
      reason: withheld.length > 0 ? "disclosed without the spärr-covered items" : "disclosed",
      rule: context.mode === "simple" ? "D07-R70" : "D07-R72",
      seedLines: context.mode === "simple" ? "L31058-31078" : "L31080-31107",
      withheld,
    };
  });
}
