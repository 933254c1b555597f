/**
 * The test scenarios of domain/03 §7, as far as they concern the read-side decision. The storage
 * refusals the scenarios mention (E1–E11) belong to the storage rules and are not tested here.
 */
import { describe, expect, it } from "vitest";
import type { DocumentMetadata } from "../../src/model/document.js";
import {
  decideClientRelationshipLandingData,
  decideVisibility,
  explainVisibility,
  type ProxyRelationFacts,
  type ViewingContext,
  type VisibilityDocument,
  type VisibilitySettings,
} from "../../src/rules/visibility/index.js";
import {
  ADOPTION_COUNSELLING_SERVICES,
  PARENTHOOD_INVESTIGATION_SERVICES,
  PAYMENT_COMMITMENT_DOCUMENT_TYPES,
  SHELTER_DOCUMENT_TYPES,
  VIOLENCE_PREVENTION_DOCUMENT_TYPES,
  type PolicyCode,
} from "../../src/rules/visibility/policy.js";

const ANNA = "140375-921H"; // G1: guardian of DAVID, resident parent
const BERTIL = "021182-934E"; // G2: second guardian of DAVID, distance parent
const DAVID = "050912A958F"; // C: minor (14)
const GUSTAV = "190790-981S"; // S: adult
const T = new Date("2026-11-28T12:00:00Z");
const at = (date: string) => new Date(`${date}T12:00:00Z`);
const REASON = (code: string) => [{ code, codeSystem: "sim-table-5.3.1" }];
const M7 = (code: string) => [{ code, codeSystem: "sim-table-5.4.2" }];
const code = (list: readonly PolicyCode[], index = 0) => ({ code: list[index]!.code, codeSystem: list[index]!.codeSystem });

let sequence = 0;
function doc(metadata: Partial<DocumentMetadata> = {}, latest = true): VisibilityDocument {
  sequence += 1;
  return {
    metadata: {
      documentId: `1.2.246.10.99990001.30.${sequence}`,
      setId: `1.2.246.10.99990001.31.${sequence}`,
      versionNumber: 1,
      status: "ready",
      createdAt: "2026-10-01",
      organiser: { oid: "1.2.246.10.99990001.10.0" },
      clients: [GUSTAV],
      serviceTasks: [{ code: "23", codeSystem: "1.2.246.537.6.1299" }],
      socialServices: [],
      documentGroup: "phase-2",
      ...metadata,
    },
    version: { versionNumber: metadata.versionNumber ?? 1, isLatestVersion: latest, cancelled: metadata.status === "cancelled", storedAt: "2026-10-01T10:00:00Z" },
  };
}
const G: ProxyRelationFacts = {
  registeredGuardian: true,
  informationRight: false,
  viewerNonDisclosure: false,
  otherGuardianNonDisclosure: false,
  viewerDeclaredIncapacitated: false,
  viewerHasInterestGuardian: false,
  custodyArrangement: "none",
};
const own = (personId: string, now = T, settings: Partial<VisibilitySettings> = {}): ViewingContext => ({
  viewer: { role: "client", personId },
  subject: { personId, nonDisclosure: false },
  settings,
  now,
});
const asGuardian = (guardian: string, now = T, settings: Partial<VisibilitySettings> = {}, relation: Partial<ProxyRelationFacts> = {}): ViewingContext => ({
  viewer: { role: "guardian", personId: guardian },
  subject: { personId: DAVID, nonDisclosure: false },
  relation: { ...G, ...relation },
  settings,
  now,
});
const shown = (document: VisibilityDocument, context: ViewingContext) => decideVisibility({ document, ...context }).shown;

describe("§7 scenarios", () => {
  it("1. adult baseline: shown, marked Ny after the previous login, no info text [D03-R02 L7630-7636] [D03-R15 L7688-7692]", () => {
    const decision = doc({ title: "Beslut om hemservice" });
    const first = explainVisibility([decision], { ...own(GUSTAV), viewerPreviousLoginAt: "2026-09-01T00:00:00Z" });
    expect(first.documents[0]!.decision.notices.map((n) => n.code)).toEqual(["NEW"]);
    expect(first.infoText).toBeNull();
    const next = explainVisibility([decision], { ...own(GUSTAV), viewerPreviousLoginAt: "2026-11-27T00:00:00Z" });
    expect(next.documents[0]!.decision.notices).toEqual([]);
  });

  it("3. delay until today+3 with reason 6: hidden with info text, then shown with 'delay ended' [D03-R36 L8288-8308] [D03-R38 L8308-8312]", () => {
    const assessment = doc({ delayedUntil: "2026-12-01", restrictionReasons: REASON("6") });
    const during = explainVisibility([assessment], own(GUSTAV));
    expect(during.documents[0]!.decision).toMatchObject({ shown: false, reason: "HIDDEN-DELAYED" });
    expect(during.infoText).not.toBeNull();
    const after = decideVisibility({ document: assessment, ...own(GUSTAV, at("2026-12-01")) });
    expect(after.shown).toBe(true);
    expect(after.notices.map((n) => n.code)).toContain("DELAY-ENDED");
    expect(JSON.stringify(after)).not.toContain("sim-table-5.3.1"); // D03-R44: reason codes never shown
  });

  it("5. specialinnehåll v1 hidden, v2 without it shown, v1 never exposed [D03-R35 L8379-8383] [D03-R48 L8341-8349]", () => {
    const v1 = doc({ specialContent: true, restrictionReasons: REASON("3"), restrictionText: "anmälarens kontaktuppgifter" });
    expect(shown(v1, own(GUSTAV))).toBe(false);
    const v1Superseded = { ...v1, version: { ...v1.version, isLatestVersion: false } };
    const v2 = doc({ setId: v1.metadata.setId, versionNumber: 2 });
    expect([shown(v1Superseded, own(GUSTAV)), shown(v2, own(GUSTAV))]).toEqual([false, true]);
  });

  it("6. case-level specialinnehåll: the attached document with the mark is hidden, and stays hidden after the case loses its mark [D03-R46 L8422-8432] [D03-R48 L8448-8466]", () => {
    const attached = { ...doc({ specialContent: true }), case: { specialContent: true } };
    expect(shown(attached, own(GUSTAV))).toBe(false);
    const caseUnmarked = { ...attached, case: { specialContent: false } };
    expect(shown(caseUnmarked, own(GUSTAV))).toBe(false);
  });

  const scenario8 = () => [
    doc({ documentGroup: "journal-entry" }),
    doc({ clients: [GUSTAV, ANNA] }),
    doc({ socialServices: [code(ADOPTION_COUNSELLING_SERVICES)], specialContent: true }),
    doc({ socialServices: [code(PARENTHOOD_INVESTIGATION_SERVICES)], specialContent: true }),
    doc({ specificType: code(SHELTER_DOCUMENT_TYPES, 2), specialContent: true }),
    doc({ specificType: code(VIOLENCE_PREVENTION_DOCUMENT_TYPES, 1), specialContent: true }),
    doc({ specificType: code(PAYMENT_COMMITMENT_DOCUMENT_TYPES), specialContent: true }),
    doc({ documentGroup: "old", specialContent: true }),
  ];

  it("8. automatic exclusions in phase 1: nothing visible, info text shown; journal note + old document alone → no info text [D03-R22 L7770-7780] [D03-R25 L7794-7816] [D03-R07 L7672-7676]", () => {
    const documents = scenario8();
    const all = explainVisibility(documents, own(GUSTAV));
    expect(all.documents.map((entry) => entry.decision.shown)).toEqual(Array(8).fill(false));
    expect(all.infoText).not.toBeNull();
    const quiet = explainVisibility([documents[0]!, documents[7]!], own(GUSTAV));
    expect(quiet.infoText).toBeNull();
  });

  it("9. phase switch: journal note and joint decision become visible (with the joint marker), the rest stay hidden [D03-R25 L7794-7816] [D03-R26 L7818-7840] [D03-R20 L7737-7741]", () => {
    const result = explainVisibility(scenario8(), own(GUSTAV, T, { mittkantaPhase: 2 }));
    expect(result.documents.map((entry) => entry.decision.shown)).toEqual([true, true, false, false, false, false, false, false]);
    expect(result.documents[1]!.decision.notices.map((n) => n.code)).toContain("JOINTLY-CREATED");
  });

  it("10. revoked decision: the makulerad one disappears, the replacement decision is visible [D03-R32 L8110-8118] [D07-R41 L29294-29298]", () => {
    const v1 = doc();
    expect(shown(v1, own(GUSTAV))).toBe(true);
    const cancelled = doc({ setId: v1.metadata.setId, versionNumber: 2, status: "cancelled" });
    const replacement = doc();
    expect([shown(cancelled, own(GUSTAV)), shown(replacement, own(GUSTAV))]).toEqual([false, true]);
  });

  it("11. klientrelationshandling: data used but no document in the list; specialinnehåll v2 removes the data; schema 2018 never used [D03-R11 L7698-7713] [D03-R14 L8385-8391] [D03-R23 L7780-7785]", () => {
    const kr = doc({ documentGroup: "client-relationship", schemaVersion: "2022-01-10" });
    expect(shown(kr, own(GUSTAV))).toBe(false);
    expect(decideClientRelationshipLandingData(kr, own(GUSTAV)).usable).toBe(true);
    const v2 = doc({ documentGroup: "client-relationship", schemaVersion: "2022-01-10", versionNumber: 2, specialContent: true, restrictionReasons: REASON("1") });
    expect(decideClientRelationshipLandingData(v2, own(GUSTAV)).usable).toBe(false);
    const old = doc({ documentGroup: "client-relationship", schemaVersion: "2018-01-01" });
    expect(decideClientRelationshipLandingData(old, own(GUSTAV)).usable).toBe(false);
  });

  it("12. minor default code 1: visible to C, G1 and G2 [D03-R54 L8923-8932]", () => {
    const d = doc({ clients: [DAVID], guardianDisclosure: "1" });
    expect([shown(d, own(DAVID)), shown(d, asGuardian(ANNA)), shown(d, asGuardian(BERTIL))]).toEqual([true, true, true]);
  });

  it("13. code 2: C sees it with the note, G1 and G2 do not [D03-R55 L8934-8950]", () => {
    const d = doc({ clients: [DAVID], guardianDisclosure: "2", restrictionText: "Jag vill inte att mina föräldrar läser detta." });
    const child = decideVisibility({ document: d, ...own(DAVID) });
    expect(child.notices.map((n) => n.code)).toContain("NOT-SHOWN-TO-GUARDIAN");
    expect([shown(d, asGuardian(ANNA)), shown(d, asGuardian(BERTIL))]).toEqual([false, false]);
  });

  it("14. code 3 with M7: visible to C, G1 and G2 [D03-R57 L8966-8998]", () => {
    const d = doc({ clients: [DAVID], guardianDisclosure: "3", restrictionText: "Inga skäl angivna", disclosureDespiteBanReasons: M7("1") });
    expect([shown(d, own(DAVID)), shown(d, asGuardian(ANNA)), shown(d, asGuardian(BERTIL))]).toEqual([true, true, true]);
  });

  it("15. code 4 with M4: C sees it with the note, G1 and G2 do not [D03-R58 L9117-9141]", () => {
    const d = doc({ clients: [DAVID], guardianDisclosure: "4", restrictionReasons: REASON("2") });
    expect(decideVisibility({ document: d, ...own(DAVID) }).notices.map((n) => n.code)).toContain("NOT-SHOWN-TO-GUARDIAN");
    expect([shown(d, asGuardian(ANNA)), shown(d, asGuardian(BERTIL))]).toEqual([false, false]);
  });

  it("16. serious danger: specialinnehåll + code 4 hides from C and from G1 and G2 [D03-R61 L9148-9158]", () => {
    const d = doc({ clients: [DAVID], guardianDisclosure: "4", specialContent: true, restrictionReasons: REASON("1") });
    expect([shown(d, own(DAVID)), shown(d, asGuardian(ANNA)), shown(d, asGuardian(BERTIL))]).toEqual([false, false, false]);
  });

  it("17. institution counsellor flow (phase 2): delayed note hidden for all; v2 code 2 → after T+7 only C; alternative v2 code 3 → everyone [D03-R63 L8843-8885]", () => {
    const phase2 = { mittkantaPhase: 2 } as const;
    const before = T;
    const after = at("2026-12-05");
    const v1 = doc({ documentGroup: "journal-entry", clients: [DAVID], guardianDisclosure: "1", delayedUntil: "2026-12-05", restrictionReasons: REASON("6") });
    expect([shown(v1, own(DAVID, before, phase2)), shown(v1, asGuardian(ANNA, before, phase2))]).toEqual([false, false]);

    const v2ban = doc({ documentGroup: "journal-entry", clients: [DAVID], versionNumber: 2, guardianDisclosure: "2", restrictionText: "x", delayedUntil: "2026-12-05", restrictionReasons: REASON("6") });
    expect([shown(v2ban, own(DAVID, before, phase2)), shown(v2ban, asGuardian(ANNA, before, phase2))]).toEqual([false, false]);
    expect([shown(v2ban, own(DAVID, after, phase2)), shown(v2ban, asGuardian(ANNA, after, phase2)), shown(v2ban, asGuardian(BERTIL, after, phase2))]).toEqual([true, false, false]);

    const v2refused = doc({ documentGroup: "journal-entry", clients: [DAVID], versionNumber: 2, guardianDisclosure: "3", restrictionText: "x", disclosureDespiteBanReasons: M7("2"), delayedUntil: "2026-12-05", restrictionReasons: REASON("6") });
    expect([shown(v2refused, own(DAVID, after, phase2)), shown(v2refused, asGuardian(ANNA, after, phase2)), shown(v2refused, asGuardian(BERTIL, after, phase2))]).toEqual([true, true, true]);
  });

  it("18. shared matter and distance parent (phase 2): G1 sees it, distance parent G2 does not; code 2 in {C, G1} still visible to G1 [D03-R64 L8788-8792] [D03-R65 L9279-9297]", () => {
    const phase2 = { mittkantaPhase: 2 } as const;
    const familyWork = doc({ clients: [DAVID, ANNA], guardianDisclosure: "1", title: "Beslut om familjearbete" });
    expect([shown(familyWork, own(ANNA, T, phase2)), shown(familyWork, asGuardian(ANNA, T, phase2)), shown(familyWork, asGuardian(BERTIL, T, phase2))]).toEqual([true, true, false]);
    const banned = doc({ clients: [DAVID, ANNA], guardianDisclosure: "2", restrictionText: "x" });
    expect([shown(banned, asGuardian(ANNA, T, phase2)), shown(banned, asGuardian(BERTIL, T, phase2))]).toEqual([true, false]);
  });

  it("19. proxy eligibility matrix applied to a document: spärrmarkering of C or G2, incapacity, housing-only agreement, care, age 18, §7 holder [D03-R67 L8722-8776] [D03-R68 L8740-8742] [D03-R66 L8711-8719]", () => {
    const d = doc({ clients: [DAVID], guardianDisclosure: "1" });
    const banned = doc({ clients: [DAVID], guardianDisclosure: "4", restrictionReasons: REASON("2") });
    expect(shown(d, { ...asGuardian(ANNA), subject: { personId: DAVID, nonDisclosure: true } })).toBe(false);
    expect(shown(d, asGuardian(ANNA, T, {}, { otherGuardianNonDisclosure: true }))).toBe(false);
    expect(shown(d, asGuardian(ANNA, T, {}, { viewerDeclaredIncapacitated: true }))).toBe(false);
    expect(shown(d, asGuardian(ANNA, T, {}, { custodyArrangement: "housing-only" }))).toBe(true);
    expect(shown(d, asGuardian(ANNA, T, {}, { childTakenIntoCare: true }))).toBe(true);
    expect(shown(d, asGuardian(ANNA, at("2030-09-05")))).toBe(false); // DAVID turns 18 on 2030-09-05
    const holder = asGuardian(GUSTAV, T, {}, { registeredGuardian: false, informationRight: true });
    holder.viewer = { role: "information-right", personId: GUSTAV };
    expect([shown(d, holder), shown(banned, holder)]).toEqual([true, false]);
  });

  it.each([
    ["2011-11-27", false, "15 years + 1 day ago"],
    ["2012-11-28", true, "14 years ago"],
  ])("20. active-use window (offset 0 as the scenario counts): case closed %s → listed %s (%s) [D03-R16 L7723-7727]", (closedAt, listed) => {
    const d = { ...doc(), case: { closedAt } };
    expect(shown(d, own(GUSTAV, T, { activeUseStartOffsetYears: 0 }))).toBe(listed);
  });
});
