import { describe, expect, it } from "vitest";
import { decideAccess } from "../../src/rules/access/decide.js";
import { filterDisclosableDocuments } from "../../src/rules/access/disclosure.js";
import type { AccessContext, ArchivedDocument, DisclosureConsentFacts, DisclosureFilterContext, ProhibitionTarget } from "../../src/rules/access/types.js";
import { A, A_SU1, B, B_SU1, K1, K2, NOW, PRIVATE_ORG, PRIVATE_SU1, context, doc, entry, principal, resource } from "./access-fixtures.js";

const GIVEN: DisclosureConsentFacts = {
  kantaInformationGivenAt: "2025-03-01T09:00:00Z",
  permissions: [{ positive: true, storedAt: "2025-03-01T09:05:00Z" }],
  prohibitions: [],
};
/** B's own KRH of K1: B-SU1 active, so B's worker has saklig anknytning in its own register. */
const B_OWN = { registerId: B, clientId: K1, units: [entry(B_SU1, B, "organiser", "2025-01-01")] };
const PRIVATE_OWN = { registerId: PRIVATE_ORG, clientId: K1, units: [entry(PRIVATE_SU1, PRIVATE_ORG, "organiser", "2025-01-01")] };

const anv3 = (ctx: Partial<AccessContext> = {}) => context({ usageSituation: "3", consent: GIVEN, searcherRelationship: B_OWN, ...ctx });
const outcome = (d: { allow: boolean; code?: string }) => (d.allow ? "ALLOW" : d.code);

describe("Table 11.4.4: request-level conditions of a disclosure search (ANV 3)", () => {
  const rows: [string, "disclosure-search" | "extended-information", string, string, Partial<AccessContext>, string][] = [
    ["simple, SA in own register, consent", "disclosure-search", B, B_SU1, {}, "ALLOW"],
    ["simple, no SA, urgent-support reason", "disclosure-search", B, B_SU1, { searcherRelationship: undefined, specialReasonCode: "1" }, "ALLOW"],
    ["simple, no SA, no reason", "disclosure-search", B, B_SU1, { searcherRelationship: undefined }, "ACCESS-NO-SAKLIG-ANKNYTNING"],
    ["simple, SA only in the target register does not count", "disclosure-search", B, B_SU1, { searcherRelationship: { ...B_OWN, registerId: A } }, "ACCESS-NO-SAKLIG-ANKNYTNING"],
    ["simple, no Kanta-information", "disclosure-search", B, B_SU1, { consent: { ...GIVEN, kantaInformationGivenAt: undefined } }, "ACCESS-DISCLOSURE-NO-KANTA-INFORMATION"],
    ["simple, no permission", "disclosure-search", B, B_SU1, { consent: { ...GIVEN, permissions: [] } }, "ACCESS-DISCLOSURE-NO-PERMISSION"],
    ["simple, negative permission", "disclosure-search", B, B_SU1, { consent: { ...GIVEN, permissions: [{ positive: false, storedAt: "2025-03-01T09:05:00Z" }] } }, "ACCESS-DISCLOSURE-NO-PERMISSION"],
    [
      "simple, positive then negative: the latest stored wins",
      "disclosure-search",
      B,
      B_SU1,
      { consent: { ...GIVEN, permissions: [{ positive: true, storedAt: "2025-03-01T09:05:00Z" }, { positive: false, storedAt: "2026-01-01T00:00:00Z" }] } },
      "ACCESS-DISCLOSURE-NO-PERMISSION",
    ],
    ["simple, permission stored after now is not yet in force", "disclosure-search", B, B_SU1, { consent: { ...GIVEN, permissions: [{ positive: true, storedAt: "2026-12-01T00:00:00Z" }] } }, "ACCESS-DISCLOSURE-NO-PERMISSION"],
    ["simple, prohibition of all data", "disclosure-search", B, B_SU1, { consent: { ...GIVEN, prohibitions: [{ target: { kind: "all" }, storedAt: "2026-01-01T00:00:00Z" }] } }, "ACCESS-DISCLOSURE-PROHIBITED-ALL"],
    ["simple, private controller may search", "disclosure-search", PRIVATE_ORG, PRIVATE_SU1, { searcherRelationship: PRIVATE_OWN }, "ALLOW"],
    ["simple, deceased client", "disclosure-search", B, B_SU1, { clientDeceased: true }, "ACCESS-DISCLOSURE-CLIENT-DECEASED"],
    ["extended, public, basis code, no consent at all", "extended-information", B, B_SU1, { consent: undefined, extendedInformationBasisCode: "1" }, "ALLOW"],
    ["extended, negative permission bypassed", "extended-information", B, B_SU1, { consent: { ...GIVEN, permissions: [{ positive: false, storedAt: "2025-03-01T09:05:00Z" }] }, extendedInformationBasisCode: "3" }, "ALLOW"],
    ["extended, urgent-support reason + basis", "extended-information", B, B_SU1, { searcherRelationship: undefined, specialReasonCode: "2", extendedInformationBasisCode: "2" }, "ALLOW"],
    ["extended, no basis code", "extended-information", B, B_SU1, {}, "ACCESS-EXTENDED-INFO-NO-BASIS"],
    ["extended, unknown basis code", "extended-information", B, B_SU1, { extendedInformationBasisCode: "9" }, "ACCESS-EXTENDED-INFO-NO-BASIS"],
    ["extended, private controller", "extended-information", PRIVATE_ORG, PRIVATE_SU1, { searcherRelationship: PRIVATE_OWN, extendedInformationBasisCode: "1" }, "ACCESS-EXTENDED-INFO-PRIVATE-ORGANISATION"],
    ["extended, no SA and no reason", "extended-information", B, B_SU1, { searcherRelationship: undefined, extendedInformationBasisCode: "1" }, "ACCESS-NO-SAKLIG-ANKNYTNING"],
  ];
  it.each(rows)("%s → %s [D07-R70…R73, D07-R76 L30509-30545 L30799-30803 L31058-31119]", (_row, action, org, su, ctx, expected) => {
    const d = decideAccess(principal(org, su), action, resource(), anv3(ctx));
    expect(outcome(d)).toBe(expected);
    // Allowed disclosure searches go to the utlämningslogg, refusals to the usage log (DESIGN §7.8) [D07-R77 L30499-30503]
    expect(d.log).toHaveLength(1);
    expect(d.log[0]!.log).toBe(d.allow ? "disclosure" : "usage");
  });
});

const SERVICE_TASK = { code: "26", codeSystem: "1.2.246.537.6.1299" };
const OTHER_TASK = { code: "27", codeSystem: "1.2.246.537.6.1299" };
const archived = (o: Parameters<typeof doc>[0] = {}, registerId = A): ArchivedDocument => ({ registerId, metadata: doc({ serviceTasks: [SERVICE_TASK], ...o }) });
const filterCtx = (o: Partial<DisclosureFilterContext> = {}): DisclosureFilterContext => ({
  mode: "simple",
  now: NOW,
  clientId: K1,
  searcherOrganisationOid: B,
  searcherKind: "public",
  consent: GIVEN,
  nonDisclosure: [],
  ...o,
});
const prohibited = (target: ProhibitionTarget, storedAt = "2026-01-01T00:00:00Z", revokedAt?: string): DisclosureConsentFacts => ({
  ...GIVEN,
  prohibitions: [{ target, storedAt, ...(revokedAt ? { revokedAt } : {}) }],
});

describe("Table 11.4.4 / 07 §5.9: which documents a disclosure search returns", () => {
  const rows: [string, ArchivedDocument, Partial<DisclosureFilterContext>, string, string][] = [
    ["phase-2 KH", archived(), {}, "disclose", "disclose"],
    ["old document", archived({ documentGroup: "old" }), {}, "old-document", "disclose"],
    ["phase-1 KH", archived({ documentGroup: "phase-1" }), {}, "phase-1-document", "disclose"],
    ["shelter service", archived({ socialServices: [{ code: "56", codeSystem: "1.2.246.10.99990000.3.2" }] }), {}, "shelter-service", "disclose"],
    ["KRH is never disclosed as such", archived({ documentGroup: "client-relationship" }), {}, "client-relationship-document", "client-relationship-document"],
    ["prohibition of this controller", archived(), { consent: prohibited({ kind: "controller", oid: A }) }, "prohibited-controller", "disclose"],
    ["prohibition of another controller", archived(), { consent: prohibited({ kind: "controller", oid: "1.2.3.4" }) }, "disclose", "disclose"],
    ["prohibition of the service task (all controllers)", archived(), { consent: prohibited({ kind: "service-task", ...SERVICE_TASK }) }, "prohibited-service-task", "disclose"],
    ["prohibition of another service task", archived(), { consent: prohibited({ kind: "service-task", ...OTHER_TASK }) }, "disclose", "disclose"],
    ["prohibition of the single document", archived({ setId: "1.2.246.10.1.99" }), { consent: prohibited({ kind: "document", setId: "1.2.246.10.1.99" }) }, "prohibited-document", "disclose"],
    ["prohibition stored after now: not yet in force", archived(), { consent: prohibited({ kind: "controller", oid: A }, "2026-12-01T00:00:00Z") }, "disclose", "disclose"],
    ["prohibition revoked before now", archived(), { consent: prohibited({ kind: "controller", oid: A }, "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z") }, "disclose", "disclose"],
    ["no permission: nothing passes", archived(), { consent: { ...GIVEN, permissions: [] } }, "no-basis", "disclose"],
    ["searcher's own register is not disclosure", archived({}, B), {}, "own-register", "own-register"],
  ];
  it.each(rows)("%s → simple: %s, extended: %s [D07-R66…R75 L30159-30262 L31064-31105]", (_row, document, ctx, simple, extended) => {
    const [s] = filterDisclosableDocuments([document], filterCtx(ctx));
    const [e] = filterDisclosableDocuments([document], filterCtx({ ...ctx, mode: "extended" }));
    expect(s!.disclose ? "disclose" : s!.exclusion).toBe(simple);
    expect(e!.disclose ? "disclose" : e!.exclusion).toBe(extended);
  });

  it("a private searcher gets nothing under the extended mode [D07-R73 L30535-30537]", () => {
    const [v] = filterDisclosableDocuments([archived()], filterCtx({ mode: "extended", searcherKind: "private" }));
    expect(v).toMatchObject({ disclose: false, exclusion: "no-basis" });
  });

  it("prohibitions do not affect the controller's own use or register access [D07-R68 L30250-30262]", () => {
    const consent = prohibited({ kind: "all" });
    expect(decideAccess(principal(A, A_SU1), "fetch-document", resource(), context({ consent })).allow).toBe(true);
    expect(decideAccess(principal("1.2.246.10.9990002.10.0", "1.2.246.10.9990002.20.1"), "fetch-document", resource(), context({ usageSituation: "2", consent })).allow).toBe(true);
  });

  it("spärr-covered items are withheld in both modes (DESIGN §7.5) [D08-R66 L34503-34515]", () => {
    const d: ArchivedDocument = { ...archived({ clients: [K2] }), personalData: [{ personId: K2, items: { postalAddress: "Gatan 1", phoneNumber: "040 123" } }] };
    const markings = [{ personId: K2, validFrom: "2024-01-01" }];
    for (const mode of ["simple", "extended"] as const) {
      const [v] = filterDisclosableDocuments([d], filterCtx({ mode, nonDisclosure: markings }));
      expect(v!.disclose).toBe(true);
      expect(v!.document.personalData?.[0]?.items).toEqual({ phoneNumber: "040 123" });
      expect(v!.withheld).toEqual([{ personId: K2, item: "postalAddress" }]);
    }
    expect(d.personalData?.[0]?.items.postalAddress).toBe("Gatan 1");
  });
});
