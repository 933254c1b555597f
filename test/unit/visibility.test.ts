import { describe, expect, it } from "vitest";
import type { DocumentMetadata } from "../../src/model/document.js";
import {
  decideClientRelationshipLandingData,
  decideVisibility,
  decideVisibilityOfAll,
  explainVisibility,
  INFO_TEXT,
  type ProxyRelationFacts,
  type VersionFacts,
  type ViewingContext,
  type VisibilityDecision,
  type VisibilityDocument,
  type VisibilitySettings,
} from "../../src/rules/visibility/index.js";
import {
  ADOPTION_COUNSELLING_SERVICES,
  PARENTHOOD_INVESTIGATION_SERVICES,
  PAYMENT_COMMITMENT_DOCUMENT_TYPES,
  SHELTER_DOCUMENT_TYPES,
  SHELTER_SERVICES,
  VIOLENCE_PREVENTION_DOCUMENT_TYPES,
  type PolicyCode,
} from "../../src/rules/visibility/policy.js";

// Test world persons (fixtures/world/persons.json); ages relative to 2026-11-28.
const ANNA = "140375-921H"; // adult; guardian of DAVID and ELLA
const BERTIL = "021182-934E"; // adult; second guardian of DAVID
const DAVID = "050912A958F"; // minor (14)
const GUSTAV = "190790-981S"; // adult
const NOW = new Date("2026-11-28T12:00:00Z"); // Helsinki date 2026-11-28
const SERVICE_TASK = { code: "23", codeSystem: "1.2.246.537.6.1299" };

let sequence = 0;
function doc(metadata: Partial<DocumentMetadata> = {}, version: Partial<VersionFacts> = {}, extra: Partial<VisibilityDocument> = {}): VisibilityDocument {
  sequence += 1;
  const full: DocumentMetadata = {
    documentId: `1.2.246.10.99990001.20.${sequence}`,
    setId: `1.2.246.10.99990001.21.${sequence}`,
    versionNumber: 1,
    status: "ready",
    createdAt: "2026-03-01T10:00:00+02:00",
    title: `Beslut ${sequence}`,
    organiser: { oid: "1.2.246.10.99990001.10.0" },
    clients: [GUSTAV],
    serviceTasks: [SERVICE_TASK],
    socialServices: [],
    documentGroup: "phase-2",
    ...metadata,
  };
  return {
    metadata: full,
    version: { versionNumber: full.versionNumber, isLatestVersion: true, cancelled: false, storedAt: "2026-03-01T08:00:00Z", ...version },
    ...extra,
  };
}
const coded = (entry: PolicyCode) => ({ code: entry.code, codeSystem: entry.codeSystem });
const first = (list: readonly PolicyCode[]) => coded(list[0]!);
const REASON_1 = [{ code: "1", codeSystem: "sim-table-5.3.1" }];

const GUARDIAN_FACTS: ProxyRelationFacts = {
  registeredGuardian: true,
  informationRight: false,
  viewerNonDisclosure: false,
  otherGuardianNonDisclosure: false,
  viewerDeclaredIncapacitated: false,
  viewerHasInterestGuardian: false,
  custodyArrangement: "none",
};

function ownView(personId: string, settings: Partial<VisibilitySettings> = {}): ViewingContext {
  return { viewer: { role: "client", personId }, subject: { personId, nonDisclosure: false }, settings, now: NOW };
}
function guardianView(guardian: string, child: string, settings: Partial<VisibilitySettings> = {}): ViewingContext {
  return { viewer: { role: "guardian", personId: guardian }, subject: { personId: child, nonDisclosure: false }, relation: GUARDIAN_FACTS, settings, now: NOW };
}
function informationRightView(holder: string, child: string): ViewingContext {
  return {
    viewer: { role: "information-right", personId: holder },
    subject: { personId: child, nonDisclosure: false },
    relation: { ...GUARDIAN_FACTS, registeredGuardian: false, informationRight: true },
    now: NOW,
  };
}
const decide = (document: VisibilityDocument, context: ViewingContext): VisibilityDecision => decideVisibility({ document, ...context });
const noticeCodes = (decision: VisibilityDecision) => decision.notices.map((n) => n.code);

interface Row {
  name: string;
  document: VisibilityDocument;
  context: ViewingContext;
  shown: boolean;
  reason: string;
  counts?: boolean;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// §5.1 master decision table, one row per table row (V0–V18), in both MittKanta phases where it matters.
// ─────────────────────────────────────────────────────────────────────────────────────────────
const PHASE_2 = { mittkantaPhase: 2 } as const;
const masterTable: Row[] = [
  { name: "V0 earlier version is not returned [D03-R31 L8106-8110]", document: doc({}, { isLatestVersion: false }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-EARLIER-VERSION", counts: false },
  { name: "V1 makulerad document is not returned [D03-R32 L8110-8118]", document: doc({ status: "cancelled" }, { cancelled: true }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-CANCELLED", counts: true },
  { name: "V2 gammal klienthandling never [D03-R22 L7770-7780]", document: doc({ documentGroup: "old", specialContent: true }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-OLD-OR-PHASE-1-DOCUMENT", counts: false },
  { name: "V2 klienthandling i första fasen never [D03-R22 L7770-7780]", document: doc({ documentGroup: "phase-1", specialContent: true }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-OLD-OR-PHASE-1-DOCUMENT", counts: false },
  { name: "V3 KR with schema older than 6/2019 never [D03-R23 L7780-7785]", document: doc({ documentGroup: "client-relationship", schemaVersion: "2019-05-31" }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-CLIENT-RELATIONSHIP-PHASE-1-SCHEMA", counts: false },
  { name: "V4 phase-2 KR hidden as a document in MK phase 1 [D03-R24 L7941-7959]", document: doc({ documentGroup: "client-relationship", schemaVersion: "2022-01-10" }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-CLIENT-RELATIONSHIP-DOCUMENT", counts: false },
  { name: "V4 phase-2 KR shown as a document in MK phase 2 [D03-R24 L7941-7959]", document: doc({ documentGroup: "client-relationship", schemaVersion: "6/2019" }), context: ownView(GUSTAV, PHASE_2), shown: true, reason: "SHOWN" },
  { name: "V5 journal entry hidden in MK phase 1 [D03-R25 L7794-7816]", document: doc({ documentGroup: "journal-entry" }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-JOURNAL-ENTRY-PHASE-1", counts: false },
  { name: "V5 journal entry shown retroactively in MK phase 2 [D03-R25 L7794-7816]", document: doc({ documentGroup: "journal-entry" }), context: ownView(GUSTAV, PHASE_2), shown: true, reason: "SHOWN" },
  { name: "V6 joint-case document hidden in MK phase 1 [D03-R26 L7818-7840]", document: doc({ clients: [GUSTAV, ANNA] }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-JOINT-CASE-PHASE-1", counts: true },
  { name: "V6 joint-case document shown retroactively in MK phase 2 [D03-R26 L7818-7840]", document: doc({ clients: [GUSTAV, ANNA] }), context: ownView(GUSTAV, PHASE_2), shown: true, reason: "SHOWN" },
  { name: "V7 adoption counselling hidden in MK phase 1 [D03-R27 L7842-7877]", document: doc({ socialServices: [first(ADOPTION_COUNSELLING_SERVICES)] }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-ADOPTION-COUNSELLING-PHASE-1", counts: true },
  { name: "V7 adoption counselling without specialinnehåll shown in MK phase 2 [D03-R27 L7865-7867]", document: doc({ socialServices: [first(ADOPTION_COUNSELLING_SERVICES)] }), context: ownView(GUSTAV, PHASE_2), shown: true, reason: "SHOWN" },
  ...PARENTHOOD_INVESTIGATION_SERVICES.map((service) => ({ name: `V8 ${service.sv} never, even in phase 2 [D03-R28 L7879-7901]`, document: doc({ socialServices: [coded(service)] }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-PARENTHOOD-INVESTIGATION", counts: true })),
  ...SHELTER_DOCUMENT_TYPES.map((type) => ({ name: `V9 shelter type "${type.sv}" never [D03-R29 L7903-7939]`, document: doc({ specificType: coded(type) }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-SHELTER-SERVICES", counts: true })),
  { name: "V9 socialservice skyddshemsservice never (e.g. a journal note) [D03-R29 L7927-7931]", document: doc({ documentGroup: "journal-entry", socialServices: [first(SHELTER_SERVICES)] }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-SHELTER-SERVICES", counts: true },
  ...VIOLENCE_PREVENTION_DOCUMENT_TYPES.map((type) => ({ name: `V10 violence-prevention "${type.sv}" with specialinnehåll never [D03-R30 L8042-8060]`, document: doc({ specificType: coded(type), specialContent: true }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-VIOLENCE-PREVENTION", counts: true })),
  { name: "V10 payment commitment with specialinnehåll never [D03-R33 L8118-8124]", document: doc({ specificType: first(PAYMENT_COMMITMENT_DOCUMENT_TYPES), specialContent: true }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-PAYMENT-COMMITMENT", counts: true },
  { name: "V10 document specialinnehåll hides from the client [D03-R35 L8379-8383]", document: doc({ specialContent: true, restrictionReasons: REASON_1 }), context: ownView(GUSTAV, PHASE_2), shown: false, reason: "HIDDEN-SPECIAL-CONTENT", counts: true },
  { name: "V10 case specialinnehåll hides when case marks apply [D03-R46 L8422-8432]", document: doc({}, {}, { case: { specialContent: true } }), context: ownView(GUSTAV, { applyCaseLevelMarks: true }), shown: false, reason: "HIDDEN-CASE-SPECIAL-CONTENT", counts: true },
  { name: "V11 document delay in the future hides [D03-R36 L8288-8308]", document: doc({ delayedUntil: "2026-11-29", restrictionReasons: REASON_1 }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-DELAYED", counts: true },
  { name: "V11 case delay in the future hides when case marks apply [D03-R45 L8332-8340]", document: doc({}, {}, { case: { delayedUntil: "2027-01-01" } }), context: ownView(GUSTAV, { applyCaseLevelMarks: true }), shown: false, reason: "HIDDEN-CASE-DELAYED", counts: true },
  { name: "V12 case closed beyond the active-use period is not listed [D03-R16 L7723-7727]", document: doc({}, {}, { case: { closedAt: "2009-11-27" } }), context: ownView(GUSTAV), shown: false, reason: "HIDDEN-ACTIVE-USE-ENDED", counts: false },
  { name: "V13 own view of an adult, no restriction → shown [D03-R02 L7630-7636]", document: doc(), context: ownView(GUSTAV), shown: true, reason: "SHOWN" },
  { name: "V13 own view of a minor with code 2 → shown [D03-R55 L8934-8950]", document: doc({ clients: [DAVID], guardianDisclosure: "2", restrictionText: "Jag vill inte" }), context: ownView(DAVID), shown: true, reason: "SHOWN" },
  { name: "V14 viewer without a valid proxy relation gets nothing [D03-R67 L8722-8776]", document: doc({ clients: [DAVID], guardianDisclosure: "1" }), context: { ...guardianView(GUSTAV, DAVID), relation: { ...GUARDIAN_FACTS, registeredGuardian: false } }, shown: false, reason: "HIDDEN-PROXY-NOT-ELIGIBLE", counts: false },
  { name: "V15 joint case without the proxy is hidden from the proxy [D03-R65 L9279-9297]", document: doc({ clients: [DAVID, BERTIL], guardianDisclosure: "1" }), context: guardianView(ANNA, DAVID, PHASE_2), shown: false, reason: "HIDDEN-JOINT-CASE-PROXY-NOT-MEMBER", counts: false },
  { name: "V16 proxy who is a client of the joint case sees it despite code 2 [D03-R64 L8788-8792]", document: doc({ clients: [DAVID, ANNA], guardianDisclosure: "2", restrictionText: "x" }), context: guardianView(ANNA, DAVID, PHASE_2), shown: true, reason: "SHOWN" },
  { name: "V17 code 2 hides from the guardian [D03-R55 L8934-8950]", document: doc({ clients: [DAVID], guardianDisclosure: "2", restrictionText: "x" }), context: guardianView(ANNA, DAVID), shown: false, reason: "HIDDEN-GUARDIAN-BAN", counts: true },
  { name: "V17 code 4 hides from the guardian [D03-R58 L9117-9141]", document: doc({ clients: [DAVID], guardianDisclosure: "4", restrictionReasons: REASON_1 }), context: guardianView(ANNA, DAVID), shown: false, reason: "HIDDEN-GUARDIAN-BAN", counts: true },
  { name: "V18 otherwise shown to the guardian (code 1) [D03-R54 L8923-8932]", document: doc({ clients: [DAVID], guardianDisclosure: "1" }), context: guardianView(ANNA, DAVID), shown: true, reason: "SHOWN" },
];

describe("MittKanta master decision table §5.1", () => {
  it.each(masterTable.map((row) => [row.name, row] as const))("%s", (_name, { document, context, shown, reason, counts }) => {
    const decision = decide(document, context);
    expect(decision).toMatchObject({ shown, reason });
    expect(decision.countsForInfoText).toBe(counts ?? false);
    if (!shown) expect(decision.notices).toEqual([]);
  });

  it("deciding a subject's documents all at once (one view context) gives each row's decision [D03-R02 L7630-7636]", () => {
    for (const row of masterTable) {
      const [together] = decideVisibilityOfAll([row.document], row.context);
      expect(together, row.name).toEqual(decide(row.document, row.context));
    }
  });

  it("reports the rule and seed lines of the deciding row [D03-R55 L8934-8950] [D03-R58 L9117-9141]", () => {
    const code2 = decide(doc({ clients: [DAVID], guardianDisclosure: "2", restrictionText: "x" }), guardianView(ANNA, DAVID));
    const code4 = decide(doc({ clients: [DAVID], guardianDisclosure: "4", restrictionReasons: REASON_1 }), guardianView(ANNA, DAVID));
    expect([code2.rule, code2.seedLines]).toEqual(["D03-R55", "L8934-8950"]);
    expect([code4.rule, code4.seedLines]).toEqual(["D03-R58", "L9117-9141"]);
  });

  it("reports every matching row; the first decides, any counting row brings the info text (note under §5.1) [D03-R06 L7660-7671]", () => {
    // A phase-1 journal note that a professional also delayed: V5 (no info text) and V11 (info text).
    const decision = decide(doc({ documentGroup: "journal-entry", delayedUntil: "2027-06-01", restrictionReasons: REASON_1 }), ownView(GUSTAV));
    expect(decision.reason).toBe("HIDDEN-JOURNAL-ENTRY-PHASE-1");
    expect(decision.hits.map((hit) => hit.reason)).toEqual(["HIDDEN-JOURNAL-ENTRY-PHASE-1", "HIDDEN-DELAYED"]);
    expect(decision.countsForInfoText).toBe(true);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
// §2 MUST requirements not already a row above.
// ─────────────────────────────────────────────────────────────────────────────────────────────
describe("general MittKanta behaviour §2.1", () => {
  it("shows phase-2 documents stored before MittKanta went live: no go-live filter [D03-R03 L7632-7636]", () => {
    expect(decide(doc({ createdAt: "2021-02-01" }, { storedAt: "2021-02-01T10:00:00Z" }), ownView(GUSTAV)).shown).toBe(true);
  });

  it.each([
    ["1", true],
    ["2", true],
    ["3", true],
    ["4", true],
  ] as const)("a minor sees his own document whatever the guardian code (%s) [D03-R04 L7636-7640]", (code, shown) => {
    expect(decide(doc({ clients: [DAVID], guardianDisclosure: code }), ownView(DAVID)).shown).toBe(shown);
  });

  it("a guardian sees the same documents as the minor when no guardian restriction applies [D03-R05 L7620-7624]", () => {
    const documents = [doc({ clients: [DAVID], guardianDisclosure: "1" }), doc({ clients: [DAVID], guardianDisclosure: "3" }), doc({ clients: [DAVID], guardianDisclosure: "1", specialContent: true, restrictionReasons: REASON_1 })];
    const shownTo = (context: ViewingContext) => documents.map((d) => decide(d, context).shown);
    expect(shownTo(guardianView(ANNA, DAVID))).toEqual(shownTo(ownView(DAVID)));
    expect(shownTo(ownView(DAVID))).toEqual([true, true, false]);
  });

  it.each([
    ["a document delay", doc({ delayedUntil: "2027-01-01", restrictionReasons: REASON_1 }), true],
    ["a document specialinnehåll", doc({ specialContent: true, restrictionReasons: REASON_1 }), true],
    ["an automatic pre-restriction (parenthood)", doc({ socialServices: [first(PARENTHOOD_INVESTIGATION_SERVICES)], specialContent: true }), true],
    ["an old document only", doc({ documentGroup: "old", specialContent: true }), false],
    ["a phase-1 document only", doc({ documentGroup: "phase-1", specialContent: true }), false],
    ["a journal note in MK phase 1 only", doc({ documentGroup: "journal-entry" }), false],
  ])("info text after %s [D03-R06 L7660-7671] [D03-R07 L7672-7676]", (_label, hiddenDocument, infoText) => {
    const explanation = explainVisibility([doc(), hiddenDocument], ownView(GUSTAV));
    expect(explanation.documents.map((entry) => entry.decision.shown)).toEqual([true, false]);
    expect(explanation.infoText === null ? "none" : explanation.infoText.sv).toBe(infoText ? INFO_TEXT.sv : "none");
  });

  it("an old document a professional marked with a reason code does bring the info text (note under §5.1) [D03-R07 L7672-7676]", () => {
    expect(decide(doc({ documentGroup: "old", specialContent: true, restrictionReasons: REASON_1 }), ownView(GUSTAV)).countsForInfoText).toBe(true);
  });

  it("the info text is the seed's text verbatim [D03-R06 L7660-7666]", () => {
    expect(INFO_TEXT.sv).toContain("Rätten grundar sig på 11 § i lagen om klientens ställning och rättigheter inom socialvården.");
    expect(INFO_TEXT.sv.startsWith("På MittKanta visas inte alla handlingar")).toBe(true);
  });
});

describe("landing page and lists §2.2", () => {
  const kr = (metadata: Partial<DocumentMetadata> = {}) => doc({ documentGroup: "client-relationship", schemaVersion: "2022-01-10", ...metadata });

  it("the KR's dates and contact person are used even though the KR document is hidden in phase 1 [D03-R11 L7698-7713] [D03-R12 L7699-7706] [D03-R13 L7705-7717]", () => {
    const document = kr();
    expect(decide(document, ownView(GUSTAV)).shown).toBe(false);
    expect(decideClientRelationshipLandingData(document, ownView(GUSTAV))).toMatchObject({ usable: true, reason: "LANDING-DATA-SHOWN" });
  });

  it.each([
    ["specialinnehåll", kr({ specialContent: true, restrictionReasons: REASON_1 }), ownView(GUSTAV), "LANDING-DATA-SPECIAL-CONTENT", "D03-R14"],
    ["a schema older than 6/2019", kr({ schemaVersion: "2018-03-01" }), ownView(GUSTAV), "LANDING-DATA-PHASE-1-SCHEMA", "D03-R23"],
    ["a makulerad KR", kr({ status: "cancelled" }), ownView(GUSTAV), "LANDING-DATA-CANCELLED", "D03-R32"],
  ])("no landing-page data from a KR with %s [D03-R14 L8385-8391] [D03-R49 L8385-8391]", (_label, document, context, reason, rule) => {
    expect(decideClientRelationshipLandingData(document, context)).toMatchObject({ usable: false, reason, rule });
  });

  it("codes 2/4 or a running delay on a minor's KR hide its data from the guardian only [D03-R75 L11039-11051]", () => {
    const banned = kr({ clients: [DAVID], guardianDisclosure: "4", restrictionReasons: REASON_1 });
    expect(decideClientRelationshipLandingData(banned, guardianView(ANNA, DAVID))).toMatchObject({ usable: false, reason: "LANDING-DATA-GUARDIAN-BAN" });
    expect(decideClientRelationshipLandingData(banned, ownView(DAVID))).toMatchObject({ usable: true });
    const delayed = kr({ clients: [DAVID], guardianDisclosure: "1", delayedUntil: "2027-02-01", restrictionReasons: REASON_1 });
    expect(decideClientRelationshipLandingData(delayed, guardianView(ANNA, DAVID))).toMatchObject({ usable: false, reason: "LANDING-DATA-DELAYED" });
  });

  it("marks documents stored after the viewer's previous login as Ny [D03-R15 L7688-7692]", () => {
    const document = doc({}, { storedAt: "2026-11-20T10:00:00Z" });
    expect(noticeCodes(decideVisibility({ document, ...ownView(GUSTAV), viewerPreviousLoginAt: "2026-11-19T10:00:00Z" }))).toContain("NEW");
    expect(noticeCodes(decideVisibility({ document, ...ownView(GUSTAV), viewerPreviousLoginAt: "2026-11-21T10:00:00Z" }))).not.toContain("NEW");
  });

  // DESIGN §7.3 / D07-R45 L29193-29195: 15 years from 2 years after closure; the brief's scenario 20 uses offset 0.
  it.each([
    ["closed 17 years ago to the day", "2009-11-28", {}, false],
    ["closed 17 years minus a day ago", "2009-11-29", {}, true],
    ["closed 15 years + 1 day ago, default offset 2 y", "2011-11-27", {}, true],
    ["closed 15 years + 1 day ago, offset 0 (§7 scenario 20)", "2011-11-27", { activeUseStartOffsetYears: 0 }, false],
    ["closed 14 years ago, offset 0 (§7 scenario 20)", "2012-11-28", { activeUseStartOffsetYears: 0 }, true],
    ["case still open", undefined, {}, true],
  ])("active-use period: %s [D03-R16 L7723-7727] [D07-R45 L29193-29195]", (_label, closedAt, settings, shown) => {
    const document = doc({}, {}, closedAt === undefined ? {} : { case: { closedAt } });
    expect(decide(document, ownView(GUSTAV, settings)).shown).toBe(shown);
  });

  it("reads the case closure date from the document's own metadata (#14) when no case facts are given [D03-R16 L7723-7727]", () => {
    expect(decide(doc({ caseClosedAt: "2000-01-01" }), ownView(GUSTAV)).reason).toBe("HIDDEN-ACTIVE-USE-ENDED");
  });

  it("in a minor's own list marks codes 2 and 4 as not shown to the guardian, not codes 1 and 3 [D03-R19 L7735-7737]", () => {
    const marks = (["1", "2", "3", "4"] as const).map((code) => noticeCodes(decide(doc({ clients: [DAVID], guardianDisclosure: code }), ownView(DAVID))).includes("NOT-SHOWN-TO-GUARDIAN"));
    expect(marks).toEqual([false, true, false, true]);
  });

  it("marks a joint-case document shown in phase 2 as created jointly [D03-R20 L7737-7741]", () => {
    expect(noticeCodes(decide(doc({ clients: [GUSTAV, ANNA] }), ownView(GUSTAV, PHASE_2)))).toContain("JOINTLY-CREATED");
    expect(noticeCodes(decide(doc(), ownView(GUSTAV, PHASE_2)))).not.toContain("JOINTLY-CREATED");
  });
});

describe("automatic exclusions §2.3", () => {
  it.each([1, 2] as const)("adoption counselling with specialinnehåll stays hidden in phase %i [D03-R27 L7842-7877]", (phase) => {
    const document = doc({ socialServices: [first(ADOPTION_COUNSELLING_SERVICES)], specialContent: true });
    expect(decide(document, ownView(GUSTAV, { mittkantaPhase: phase })).shown).toBe(false);
  });

  it.each([
    ["violence type, flag missing", doc({ specificType: first(VIOLENCE_PREVENTION_DOCUMENT_TYPES) }), "HIDDEN-VIOLENCE-PREVENTION"],
    ["payment commitment, flag missing", doc({ specificType: first(PAYMENT_COMMITMENT_DOCUMENT_TYPES) }), "HIDDEN-PAYMENT-COMMITMENT"],
  ])("filters %s defensively by type (Q4/Q5) [D03-R30 L8042-8060] [D03-R33 L8118-8124]", (_label, document, reason) => {
    expect(decide(document, ownView(GUSTAV, PHASE_2)).reason).toBe(reason);
    // With the defensive filter off only the flag the client system must set would hide it.
    expect(decide(document, ownView(GUSTAV, { ...PHASE_2, filterRestrictedTypesDefensively: false })).shown).toBe(true);
  });

  it("matches a policy code only within its code system (Q1) [D03-R28 L7879-7901]", () => {
    const foreign = { code: PARENTHOOD_INVESTIGATION_SERVICES[0]!.code, codeSystem: "1.2.3.4" };
    expect(decide(doc({ socialServices: [foreign] }), ownView(GUSTAV)).shown).toBe(true);
  });

  it("returns only the newest version; the corrected v2 is shown and v1 never [D03-R31 L8106-8110]", () => {
    const v1 = doc({ versionNumber: 1 }, { isLatestVersion: false });
    const v2 = doc({ versionNumber: 2, setId: v1.metadata.setId, replacesDocumentId: v1.metadata.documentId });
    expect([decide(v1, ownView(GUSTAV)).shown, decide(v2, ownView(GUSTAV)).shown]).toEqual([false, true]);
  });

  it("a cancelled document's info-text effect follows the Q19 setting [D03-R32 L8110-8118]", () => {
    const cancelled = doc({}, { cancelled: true });
    expect(decide(cancelled, ownView(GUSTAV, { infoTextForCancelled: false })).countsForInfoText).toBe(false);
    expect(decide(cancelled, ownView(GUSTAV)).countsForInfoText).toBe(true);
  });
});

describe("professionals' restrictions §2.4", () => {
  it.each([
    ["2026-11-29", false, "the day after today"],
    ["2026-11-28", true, "today (visible on the date itself)"],
    ["2026-11-27", true, "yesterday"],
    ["2026-11-27T22:30:00Z", true, "an instant that is 2026-11-28 in Helsinki"],
    ["2026-11-28T22:30:00Z", false, "an instant that is 2026-11-29 in Helsinki"],
    ["not a date", false, "an unreadable date (kept hidden)"],
  ])("delay until %s → shown %s: %s [D03-R36 L8288-8308]", (delayedUntil, shown) => {
    expect(decide(doc({ delayedUntil, restrictionReasons: REASON_1 }), ownView(GUSTAV)).shown).toBe(shown);
  });

  it("gives no information at all about a delayed document, to the client or a proxy [D03-R37 L8298-8304]", () => {
    const document = doc({ clients: [DAVID], guardianDisclosure: "1", delayedUntil: "2030-01-01", restrictionReasons: REASON_1 });
    for (const context of [ownView(DAVID), guardianView(ANNA, DAVID)]) {
      const decision = decide(document, context);
      expect(decision).toMatchObject({ shown: false, reason: "HIDDEN-DELAYED", notices: [] });
    }
  });

  it("shows the document with the delay-ended notice once the date has passed [D03-R38 L8308-8312]", () => {
    const decision = decide(doc({ delayedUntil: "2026-11-01", restrictionReasons: REASON_1 }), ownView(GUSTAV));
    expect(decision.shown).toBe(true);
    expect(decision.notices.find((n) => n.code === "DELAY-ENDED")?.sv).toBe("Fördröjningen av handlingen har upphört.");
  });

  it("an attachment can be delayed on its own while its main document is shown [D03-R39 L8312-8314]", () => {
    const main = doc();
    const attachment = doc({ attachmentOf: main.metadata.setId, delayedUntil: "2027-01-01", restrictionReasons: REASON_1 }, {}, { mainDocument: main });
    expect([decide(main, ownView(GUSTAV)).shown, decide(attachment, ownView(GUSTAV)).reason]).toEqual([true, "HIDDEN-DELAYED"]);
  });

  it("an attachment can carry specialinnehåll on its own [D03-R40 L8381-8385]", () => {
    const main = doc();
    const attachment = doc({ attachmentOf: main.metadata.setId, specialContent: true, restrictionReasons: REASON_1 }, {}, { mainDocument: main });
    expect(decide(attachment, ownView(GUSTAV)).reason).toBe("HIDDEN-SPECIAL-CONTENT");
  });

  it("an attachment follows its hidden main document and inherits its info-text effect (Q9) [D03-R72 L8373-8379]", () => {
    const main = doc({ specialContent: true, restrictionReasons: REASON_1 });
    const attachment = doc({ attachmentOf: main.metadata.setId }, {}, { mainDocument: main });
    expect(decide(attachment, ownView(GUSTAV))).toMatchObject({ shown: false, reason: "HIDDEN-MAIN-DOCUMENT-HIDDEN", countsForInfoText: true });
    const journalMain = doc({ documentGroup: "journal-entry" });
    const journalAttachment = doc({ attachmentOf: journalMain.metadata.setId }, {}, { mainDocument: journalMain });
    expect(decide(journalAttachment, ownView(GUSTAV))).toMatchObject({ shown: false, countsForInfoText: false });
  });

  it("never reveals the reason codes or the reason text in a decision [D03-R44 L8328-8330]", () => {
    const text = "anmälarens kontaktuppgifter SECRET-REASON-TEXT";
    const reasonCode = { code: "SECRET-REASON-CODE", codeSystem: "sim-table-5.3.1" };
    const decisions = [
      decide(doc({ delayedUntil: "2026-01-01", restrictionReasons: [reasonCode], restrictionText: text }), ownView(GUSTAV)),
      decide(doc({ specialContent: true, restrictionReasons: [reasonCode], restrictionText: text }), ownView(GUSTAV)),
    ];
    expect(decisions[0]!.shown).toBe(true);
    const serialised = JSON.stringify(decisions);
    expect(serialised).not.toContain("SECRET-REASON");
  });

  it("case-level delay: a later-attached document carrying the inherited date is hidden until it [D03-R45 L8332-8340]", () => {
    const document = doc({ delayedUntil: "2027-03-01", restrictionReasons: REASON_1 }, {}, { case: { delayedUntil: "2027-03-01" } });
    expect(decide(document, ownView(GUSTAV)).reason).toBe("HIDDEN-DELAYED");
    expect(decide(document, ownView(GUSTAV, { applyCaseLevelMarks: true })).hits.map((h) => h.reason)).toEqual(["HIDDEN-DELAYED", "HIDDEN-CASE-DELAYED"]);
  });

  it("case-level specialinnehåll: a document carrying the inherited mark is hidden [D03-R46 L8422-8432]", () => {
    expect(decide(doc({ specialContent: true }, {}, { case: { specialContent: true } }), ownView(GUSTAV)).reason).toBe("HIDDEN-SPECIAL-CONTENT");
  });

  it("no automatic propagation: by default a case marked after the fact does not hide unversioned documents (DESIGN §7.12) [D03-R47 L8355-8359]", () => {
    const earlier = doc({}, {}, { case: { specialContent: true, delayedUntil: "2027-01-01" } });
    expect(decide(earlier, ownView(GUSTAV)).shown).toBe(true);
    expect(decide(earlier, ownView(GUSTAV, { applyCaseLevelMarks: true })).shown).toBe(false);
  });

  it("a new version without the mark is shown; the ärendehandling losing its mark does not unhide marked documents [D03-R48 L8341-8349]", () => {
    const v2 = doc({ versionNumber: 2 }, {}, { case: {} });
    expect(decide(v2, ownView(GUSTAV)).shown).toBe(true);
    const stillMarked = doc({ specialContent: true, restrictionReasons: REASON_1 }, {}, { case: { specialContent: false } });
    expect(decide(stillMarked, ownView(GUSTAV)).shown).toBe(false);
  });

  it("marks on a klientrelationshandling, ärendehandling or klienthandling all hide it [D03-R49 L10885-10897]", () => {
    for (const documentGroup of ["client-relationship", "case", "phase-2"] as const) {
      const decision = decide(doc({ documentGroup, schemaVersion: "2022-01-10", specialContent: true, restrictionReasons: REASON_1 }), ownView(GUSTAV, PHASE_2));
      expect(decision.reason).toBe("HIDDEN-SPECIAL-CONTENT");
    }
  });

  it("a document with no restriction fields at all is shown [D03-R51 L8276-8278]", () => {
    const decision = decide(doc(), ownView(GUSTAV));
    expect(decision).toMatchObject({ shown: true, reason: "SHOWN", countsForInfoText: false, hits: [] });
  });
});

describe("minor and guardians §2.5", () => {
  const minorDocument = (metadata: Partial<DocumentMetadata>) => doc({ clients: [DAVID], ...metadata });

  it.each([
    ["1", true, true],
    ["2", true, false],
    ["3", true, true],
    ["4", true, false],
  ] as const)("Table 5.4.1 code %s: minor sees %s, guardian sees %s [D03-R54 L8923-8932] [D03-R55 L8934-8950] [D03-R58 L9117-9141]", (code, minorSees, guardianSees) => {
    const document = minorDocument({ guardianDisclosure: code, restrictionText: "text", restrictionReasons: REASON_1 });
    expect(decide(document, ownView(DAVID)).shown).toBe(minorSees);
    expect(decide(document, guardianView(ANNA, DAVID)).shown).toBe(guardianSees);
  });

  it("a minor's document without the field is treated as the default code 1 (the storage check rejects it earlier) [D03-R52 L8887-8899]", () => {
    expect(decide(minorDocument({}), guardianView(ANNA, DAVID)).shown).toBe(true);
  });

  it("guardian restrictions apply to all guardians and information-right holders alike [D03-R60 L8641-8643]", () => {
    const document = minorDocument({ guardianDisclosure: "2", restrictionText: "x" });
    const viewers = [guardianView(ANNA, DAVID), guardianView(BERTIL, DAVID), informationRightView(GUSTAV, DAVID)];
    expect(viewers.map((context) => decide(document, context).reason)).toEqual(["HIDDEN-GUARDIAN-BAN", "HIDDEN-GUARDIAN-BAN", "HIDDEN-GUARDIAN-BAN"]);
  });

  it.each([
    ["specialinnehåll", { specialContent: true }, "HIDDEN-SPECIAL-CONTENT"],
    ["a delay", { delayedUntil: "2030-09-05" }, "HIDDEN-DELAYED"],
  ])("%s on a minor's document hides it from the minor too [D03-R61 L9148-9158]", (_label, mark, reason) => {
    const document = minorDocument({ guardianDisclosure: "4", restrictionReasons: REASON_1, ...mark });
    expect(decide(document, ownView(DAVID)).reason).toBe(reason);
    expect(decide(document, guardianView(ANNA, DAVID)).shown).toBe(false);
  });

  it("case-level guardian annotation: the document's own copy decides; the case's applies when case marks apply [D03-R62 L8804-8829]", () => {
    const inherited = minorDocument({ guardianDisclosure: "2", restrictionText: "x" });
    inherited.case = { guardianDisclosure: "2" };
    expect(decide(inherited, guardianView(ANNA, DAVID)).shown).toBe(false);
    const notInherited = minorDocument({ guardianDisclosure: "1" });
    notInherited.case = { guardianDisclosure: "4" };
    expect(decide(notInherited, guardianView(ANNA, DAVID)).shown).toBe(true);
    expect(decide(notInherited, guardianView(ANNA, DAVID, { applyCaseLevelMarks: true })).reason).toBe("HIDDEN-GUARDIAN-BAN");
  });

  it("restrictions edited during a delay: the latest version governs [D03-R63 L8843-8885]", () => {
    const v1 = minorDocument({ guardianDisclosure: "1", delayedUntil: "2026-12-05", restrictionReasons: REASON_1 });
    v1.version.isLatestVersion = false;
    const v2 = minorDocument({ versionNumber: 2, guardianDisclosure: "2", restrictionText: "x", delayedUntil: "2026-12-05", restrictionReasons: REASON_1 });
    expect(decide(v1, guardianView(ANNA, DAVID)).reason).toBe("HIDDEN-EARLIER-VERSION");
    expect(decide(v2, guardianView(ANNA, DAVID)).reason).toBe("HIDDEN-DELAYED");
    const afterDelay = { ...guardianView(ANNA, DAVID), now: new Date("2026-12-05T08:00:00Z") };
    expect(decide(v2, afterDelay).reason).toBe("HIDDEN-GUARDIAN-BAN");
    expect(decide(v2, { ...ownView(DAVID), now: afterDelay.now }).shown).toBe(true);
  });

  it("a guardian who is a client of a joint case with the child sees it despite the child's prohibition [D03-R64 L8788-8792]", () => {
    const document = doc({ clients: [DAVID, ANNA], guardianDisclosure: "2", restrictionText: "x" });
    expect(decide(document, guardianView(ANNA, DAVID, PHASE_2))).toMatchObject({ shown: true, rule: "D03-R64" });
    expect(decide(document, ownView(ANNA, PHASE_2)).shown).toBe(true);
  });

  it("a joint-case document reaches a proxy only when the proxy is a client in it [D03-R65 L9279-9297]", () => {
    const document = doc({ clients: [DAVID, ANNA], guardianDisclosure: "1" });
    expect(decide(document, guardianView(ANNA, DAVID, PHASE_2)).shown).toBe(true);
    expect(decide(document, guardianView(BERTIL, DAVID, PHASE_2)).reason).toBe("HIDDEN-JOINT-CASE-PROXY-NOT-MEMBER");
  });

  it("an information-right holder sees the child's documents under the guardian rules [D03-R66 L8711-8719]", () => {
    const shownTo = (code: "1" | "2" | "3" | "4") => decide(minorDocument({ guardianDisclosure: code }), informationRightView(GUSTAV, DAVID)).shown;
    expect((["1", "2", "3", "4"] as const).map(shownTo)).toEqual([true, false, true, false]);
  });

  it("no guardian sees anything about a child with spärrmarkering [D03-R68 L8740-8742]", () => {
    const context = { ...guardianView(ANNA, DAVID), subject: { personId: DAVID, nonDisclosure: true } };
    const explanation = explainVisibility([minorDocument({ guardianDisclosure: "1" }), minorDocument({ guardianDisclosure: "3" })], context);
    expect(explanation.eligibility.reason).toBe("MK-PROXY-CHILD-NON-DISCLOSURE");
    expect(explanation.documents.every((entry) => entry.decision.reason === "HIDDEN-PROXY-NOT-ELIGIBLE")).toBe(true);
    expect(explanation.infoText).toBeNull();
  });
});

describe("whole documents, joint cases, own view only", () => {
  it("a hidden document carries no notices and no document data in its decision [D03-R72 L8373-8379]", () => {
    const decision = decide(doc({ title: "Hemligt beslut", specialContent: true, restrictionReasons: REASON_1 }), ownView(GUSTAV));
    expect(decision.notices).toEqual([]);
    expect(JSON.stringify(decision)).not.toContain("Hemligt");
  });

  it("a document is shown only to the persons recorded as its clients [D07-R81 L27179-27187]", () => {
    expect(decide(doc({ clients: [ANNA] }), ownView(GUSTAV)).reason).toBe("HIDDEN-NOT-A-CLIENT");
  });

  it("no one opens another person's own view, not even a guardian [D07-R86 L30605-30611]", () => {
    const context: ViewingContext = { viewer: { role: "client", personId: ANNA }, subject: { personId: DAVID, nonDisclosure: false }, now: NOW };
    expect(decide(doc({ clients: [DAVID], guardianDisclosure: "1" }), context).reason).toBe("HIDDEN-VIEWER-NOT-SUBJECT");
  });

  it.each([
    [true, true, "keeps access (default)"],
    [false, false, "loses access"],
  ])("removed from a joint case with keepAccessAfterJointCaseRemoval=%s → shown %s: %s (DESIGN §7.4) [D07-R81 L15508-15518]", (keep, shown) => {
    const document = doc({ clients: [GUSTAV, ANNA] }, {}, { jointCase: { removals: [{ personId: GUSTAV, removedAt: "2026-06-01" }] } });
    expect(decide(document, ownView(GUSTAV, { ...PHASE_2, keepAccessAfterJointCaseRemoval: keep })).shown).toBe(shown);
    // The other member is not affected.
    expect(decide(document, ownView(ANNA, { ...PHASE_2, keepAccessAfterJointCaseRemoval: keep })).shown).toBe(true);
  });

  it("a proxy removed from the joint case is no longer a member when access ends on removal (DESIGN §7.4) [D03-R65 L9279-9297]", () => {
    const document = doc({ clients: [DAVID, ANNA], guardianDisclosure: "1" }, {}, { jointCase: { removals: [{ personId: ANNA, removedAt: "2026-06-01" }] } });
    expect(decide(document, guardianView(ANNA, DAVID, { ...PHASE_2, keepAccessAfterJointCaseRemoval: false })).reason).toBe("HIDDEN-JOINT-CASE-PROXY-NOT-MEMBER");
    expect(decide(document, guardianView(ANNA, DAVID, PHASE_2)).shown).toBe(true);
  });
});
