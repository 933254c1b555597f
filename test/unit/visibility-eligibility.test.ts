import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/errors/catalogue.js";
import {
  ageOn,
  decideProxyEligibility,
  VISIBILITY_ERRORS,
  type EligibilityInput,
  type ProxyRelationFacts,
  type ViewerRole,
} from "../../src/rules/visibility/index.js";

// Test world persons (fixtures/world/persons.json).
const ANNA = "140375-921H"; // guardian of DAVID
const DAVID = "050912A958F"; // minor (14)
const IDA = "011208B904J"; // turns 18 on 2026-12-01
const GUSTAV = "190790-981S"; // adult
const NOW = new Date("2026-11-28T12:00:00Z");

const GUARDIAN: ProxyRelationFacts = {
  registeredGuardian: true,
  informationRight: false,
  viewerNonDisclosure: false,
  otherGuardianNonDisclosure: false,
  viewerDeclaredIncapacitated: false,
  viewerHasInterestGuardian: false,
  custodyArrangement: "none",
};

function input(relation: Partial<ProxyRelationFacts>, options: { role?: ViewerRole; child?: string; childNonDisclosure?: boolean; now?: Date } = {}): EligibilityInput {
  return {
    viewer: { role: options.role ?? "guardian", personId: ANNA },
    subject: { personId: options.child ?? DAVID, nonDisclosure: options.childNonDisclosure ?? false },
    relation: { ...GUARDIAN, ...relation },
    now: options.now ?? NOW,
  };
}

// §5.3 proxy eligibility table, one row per table row (seed L8722-8776).
describe("proxy eligibility §5.3 [D03-R67 L8722-8776]", () => {
  it.each([
    ["G not registered as C's guardian", input({ registeredGuardian: false }), false, "MK-PROXY-NOT-GUARDIAN"],
    ["C ≥ 18 (guardianship ends) [D07-R91 L30599-30605]", input({}, { child: GUSTAV }), false, "MK-PROXY-CHILD-ADULT"],
    ["C has spärrmarkering [D03-R68 L8740-8742]", input({}, { childNonDisclosure: true }), false, "MK-PROXY-CHILD-NON-DISCLOSURE"],
    ["the other guardian has spärrmarkering, G none [L8744-8750]", input({ otherGuardianNonDisclosure: true }), false, "MK-PROXY-OTHER-GUARDIAN-NON-DISCLOSURE"],
    ["G has spärrmarkering, the other none (Q12 inference) [L8744-8750]", input({ viewerNonDisclosure: true }), true, "ELIGIBLE-GUARDIAN"],
    ["both guardians have spärrmarkering [L8746-8748]", input({ viewerNonDisclosure: true, otherGuardianNonDisclosure: true }), false, "MK-PROXY-OTHER-GUARDIAN-NON-DISCLOSURE"],
    ["G declared incapacitated [L8752]", input({ viewerDeclaredIncapacitated: true }), false, "MK-PROXY-INCAPACITATED"],
    ["intressebevakare appointed for G [L8754]", input({ viewerHasInterestGuardian: true }), false, "MK-PROXY-INTEREST-GUARDIAN"],
    ["structured custody agreement without social-welfare decision right: read allowed [L8756-8760]", input({ custodyArrangement: "structured-no-social-welfare-decisions" }), true, "ELIGIBLE-GUARDIAN-READ-ONLY"],
    ["custody agreement before structured recording [L8760-8762]", input({ custodyArrangement: "unstructured-before-structured-recording" }), false, "MK-PROXY-UNSTRUCTURED-CUSTODY-AGREEMENT"],
    ["custody agreement on housing only [L8768-8772]", input({ custodyArrangement: "housing-only" }), true, "ELIGIBLE-GUARDIAN"],
    ["C has an intressebevakare [L8764-8766]", input({ childHasInterestGuardian: true }), true, "ELIGIBLE-GUARDIAN"],
    ["C taken into care [L8766]", input({ childTakenIntoCare: true }), true, "ELIGIBLE-GUARDIAN"],
    ["decision not to disclose C's whereabouts: no automatic effect [D03-R69 L9236-9277]", input({ whereaboutsNotDisclosed: true }), true, "ELIGIBLE-GUARDIAN"],
    ["…but spärrmarkering applied for C then blocks [D03-R69 L9236-9277]", input({ whereaboutsNotDisclosed: true }, { childNonDisclosure: true }), false, "MK-PROXY-CHILD-NON-DISCLOSURE"],
    ["§7 information-right holder [D03-R66 L8711-8719]", input({ registeredGuardian: false, informationRight: true }, { role: "information-right" }), true, "ELIGIBLE-INFORMATION-RIGHT"],
    ["§7 role claimed without the right [D03-R66 L8711-8719]", input({ registeredGuardian: true, informationRight: false }, { role: "information-right" }), false, "MK-PROXY-NO-INFORMATION-RIGHT"],
    ["§7 holder of a child with spärrmarkering [D03-R66 L8711-8719]", input({ informationRight: true }, { role: "information-right", childNonDisclosure: true }), false, "MK-PROXY-CHILD-NON-DISCLOSURE"],
  ])("%s → eligible %s", (_label, eligibilityInput, eligible, reason) => {
    expect(decideProxyEligibility(eligibilityInput)).toMatchObject({ eligible, reason });
  });

  it("lists the facts that do not block, for explain mode [L8764-8772]", () => {
    const decision = decideProxyEligibility(input({ childTakenIntoCare: true, custodyArrangement: "housing-only" }));
    expect(decision.nonBlockingFacts).toEqual(["child taken into care (L8766)", "custody agreement concerns housing only (L8768-8772)"]);
  });

  it.each([
    ["2026-11-30T12:00:00Z", true],
    ["2026-11-30T22:30:00Z", false], // already 1 December in Helsinki: Ida is 18
    ["2026-12-01T08:00:00Z", false],
  ])("guardian access to a child turning 18 on 2026-12-01, at %s → %s [D07-R91 L30599-30605]", (at, eligible) => {
    expect(decideProxyEligibility(input({}, { child: IDA, now: new Date(at) })).eligible).toBe(eligible);
  });

  it("needs the relation facts to decide a proxy view [D03-R67 L8722-8736]", () => {
    const { relation: _omitted, ...withoutRelation } = input({});
    expect(decideProxyEligibility(withoutRelation)).toMatchObject({ eligible: false, reason: "MK-PROXY-RELATION-UNKNOWN" });
  });

  it("denies a child whose age cannot be read from a temporary id [D03-R52 L8887-8899]", () => {
    expect(decideProxyEligibility(input({}, { child: "TEMP-123" }))).toMatchObject({ eligible: false, reason: "MK-PROXY-CHILD-AGE-UNKNOWN" });
  });

  it("mandate-based proxy use is honoured only with a verified mandate [D03-R09 L7592-7610]", () => {
    expect(decideProxyEligibility(input({}, { role: "proxy", child: GUSTAV })).reason).toBe("MK-PROXY-NO-MANDATE");
    expect(decideProxyEligibility(input({ electronicMandate: true }, { role: "proxy", child: GUSTAV })).eligible).toBe(true);
  });

  it("a guardian never opens the minor's own view and never acts for himself [D07-R86 L30605-30611]", () => {
    expect(decideProxyEligibility({ viewer: { role: "client", personId: ANNA }, subject: { personId: DAVID, nonDisclosure: false }, now: NOW }).reason).toBe("MK-VIEWER-NOT-SUBJECT");
    expect(decideProxyEligibility({ ...input({}), viewer: { role: "guardian", personId: DAVID } }).reason).toBe("MK-PROXY-FOR-SELF");
    expect(decideProxyEligibility({ viewer: { role: "client", personId: DAVID }, subject: { personId: DAVID, nonDisclosure: true }, now: NOW }).eligible).toBe(true);
  });
});

describe("ageOn [D03-R52 L8887-8899]", () => {
  it.each([
    [DAVID, "2026-11-28T12:00:00Z", 14],
    [IDA, "2026-11-30T21:59:59Z", 17],
    [IDA, "2026-11-30T22:00:00Z", 18], // midnight in Helsinki (UTC+2)
    ["2008-02-29", "2026-02-28T12:00:00Z", 17],
    ["2008-02-29", "2026-03-01T12:00:00Z", 18],
    ["111199+988C", "2026-11-28T12:00:00Z", 127],
  ])("%s on %s is %i", (person, at, age) => {
    expect(ageOn(person, new Date(at))).toBe(age);
  });

  it("is undefined when no birth date can be read", () => {
    expect(ageOn("140375-921A", NOW)).toBeUndefined(); // wrong check character
  });
});

describe("visibility error fragment", () => {
  it.each(Object.entries(VISIBILITY_ERRORS))("%s has fi/sv/en texts, 403 and a rule with seed lines", (code, entry) => {
    expect(code).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
    expect(entry.http).toBe(403);
    for (const text of [entry.fi, entry.sv, entry.en]) expect(text.length).toBeGreaterThan(10);
    expect(entry.rule).toMatch(/^D0\d-R\d+ L\d+(-\d+)?$/);
  });

  it("clashes with no other room's code (before and after the lead merges the fragment into the catalogue)", () => {
    for (const [code, entry] of Object.entries(VISIBILITY_ERRORS)) {
      const merged = CATALOGUE[code];
      if (merged !== undefined) expect(merged).toMatchObject(entry);
    }
  });
});
