import { describe, expect, it } from "vitest";
import { decideAccess } from "../../src/rules/access/decide.js";
import type { AccessAction, AccessContext, AccessResource, ClientRelationshipFacts, OrganisationFacts, Principal } from "../../src/rules/access/types.js";
import type { DocumentGroup } from "../../src/model/document.js";
import {
  A, A_SU1, A_SU2, B, CASE_X, DAYS_AGO_3, G, G_SU1, K1, K4, ORGANISATIONS, P, P2, P2_SU1, P_SU1, T, T_SU1, THL, TODAY, TOMORROW, X1, X1_SU1, X1_SU9, X2, X2_SU1, YESTERDAY,
  context, doc, entry, krhK1, principal, resource,
} from "./access-fixtures.js";

const outcome = (d: { allow: boolean; code?: string }) => (d.allow ? "ALLOW" : d.code);

function withOrgs(change: (o: OrganisationFacts) => OrganisationFacts): OrganisationFacts[] {
  return ORGANISATIONS.map(change);
}

describe("DT-2 organisation-level preconditions of register access", () => {
  const rows: [string, Partial<AccessContext>, string][] = [
    ["2.1 organiser not joined", { organisations: withOrgs((o) => (o.oid === A ? { ...o, joinedArchive: false } : o)) }, "ACCESS-ORGANISATION-NOT-JOINED"],
    ["2.2 producer not joined", { organisations: withOrgs((o) => (o.oid === P ? { ...o, joinedArchive: false } : o)) }, "ACCESS-ORGANISATION-NOT-JOINED"],
    ["2.3 no agreement", { registerAccess: { agreements: [], extendedGrants: [] } }, "ACCESS-NO-PRODUCTION-AGREEMENT"],
    ["2.5 organiser 2, producer 2", {}, "ALLOW"],
    ["2.6 organiser 2, producer 1", { organisations: withOrgs((o) => (o.oid === P ? { ...o, phase: 1 } : o)) }, "ALLOW"],
    ["2.7 organiser 1, producer 2", { organisations: withOrgs((o) => (o.oid === A ? { ...o, phase: 1 } : o)) }, "ACCESS-PHASE-INCOMPATIBLE"],
    ["2.8 organiser 1, producer 1", { organisations: withOrgs((o) => (o.oid === A || o.oid === P ? { ...o, phase: 1 } : o)) }, "ACCESS-PHASE-INCOMPATIBLE"],
  ];
  it.each(rows)("%s → %s (ANV 2) [D08-R14 L32264-32278, D08-R15 L32132 L32288-32306]", (_row, ctx, expected) => {
    expect(outcome(decideAccess(principal(P, P_SU1), "search-case", resource(), context({ usageSituation: "2", ...ctx })))).toBe(expected);
  });
  it("2.1 extended access: organiser not joined → refused [D08-R14 L32268-32278]", () => {
    const ctx = context({ usageSituation: "4", organisations: withOrgs((o) => (o.oid === THL ? { ...o, joinedArchive: false } : o)), clientRelationship: krhK4() });
    expect(outcome(decideAccess(principal(X1, X1_SU1), "search-case", thlResource(), ctx))).toBe("ACCESS-ORGANISATION-NOT-JOINED");
  });
  it("2.4 extended access without a grant → refused [D08-R27 L33830-33838]", () => {
    const ctx = context({ usageSituation: "4", clientRelationship: krhK4(), registerAccess: { agreements: [], extendedGrants: [] } });
    expect(outcome(decideAccess(principal(X1, X1_SU1), "search-case", thlResource(), ctx))).toBe("ACCESS-NO-EXTENDED-GRANT");
  });
  it.each([
    ["2.10 tenant of P's joint connection, not recorded", principal(T, T_SU1, { sharedConnection: { kind: "joint", mainJoinerOid: P } }), "ACCESS-SHARED-CONNECTION-NO-RIGHT"],
    ["2.9 producer joined via a joint connection, recorded", principal(P, P_SU1, { sharedConnection: { kind: "joint", mainJoinerOid: T } }), "ALLOW"],
  ])("%s → %s [D08-R26 L32388-32409]", (_row, who, expected) => {
    const ctx = context({ usageSituation: "2", registerAccess: { agreements: [{ organiserOid: A, producerOid: P }, { organiserOid: A, producerOid: T }], extendedGrants: [] } });
    expect(outcome(decideAccess(who, "search-metadata", resource(), ctx))).toBe(expected);
  });
});

describe("DT-3 own register: saklig anknytning (ANV 1)", () => {
  const ended = krhK1({ units: [entry(A_SU1, A, "organiser", "2025-01-01", YESTERDAY), entry(A_SU2, A, "organiser", TODAY)] });
  const rows: [string, Principal, AccessAction, Partial<AccessContext>, string, string | undefined][] = [
    ["3.1 search, unit active", principal(A, A_SU1), "search-client-relationship", {}, "ALLOW", "saklig-anknytning"],
    ["3.2 search, unit not in KRH, special reason", principal(A, A_SU2), "search-metadata", { specialReasonCode: "2" }, "ALLOW", "special-reason"],
    ["3.3 search, no SA, no reason", principal(A, A_SU2), "fetch-document", {}, "ACCESS-NO-SAKLIG-ANKNYTNING", undefined],
    ["3.3 search, no KRH at all, no reason", principal(A, A_SU1), "search-case", { clientRelationship: undefined }, "ACCESS-NO-SAKLIG-ANKNYTNING", undefined],
    ["3.8 search after the client moved to A-SU2", principal(A, A_SU1), "summary", { clientRelationship: ended }, "ACCESS-NO-SAKLIG-ANKNYTNING", undefined],
    ["3.8 new unit A-SU2 has SA from its start date", principal(A, A_SU2), "summary", { clientRelationship: ended }, "ALLOW", "saklig-anknytning"],
    ["3.9 parents of a child client, special reason", principal(A, A_SU1), "search-client-relationship", { clientRelationship: undefined, specialReasonCode: "1" }, "ALLOW", "special-reason"],
    ["unknown special reason code", principal(A, A_SU2), "search-case", { specialReasonCode: "99" }, "ACCESS-SPECIAL-REASON-UNKNOWN", undefined],
    ["unit of another organisation with the same OID is not SA", principal(B, A_SU1), "search-case", {}, "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH", undefined],
  ];
  it.each(rows)("%s → %s [D08-R52…R55 L34226-34286]", (_row, who, action, ctx, expected, basis) => {
    const d = decideAccess(who, action, resource(), context(ctx));
    expect(outcome(d)).toBe(expected);
    expect(d.basis).toBe(basis);
  });

  it("3.4 creating the first KRH creates saklig anknytning [D08-R52 L34238-34240]", () => {
    const d = decideAccess(principal(A, A_SU1), "store", resource({ document: doc({ documentGroup: "client-relationship" }) }), context({ clientRelationship: undefined }));
    expect(d).toMatchObject({ allow: true, basis: "new-client-relationship", warnings: [] });
  });
  it("3.5 store with SA → allowed, no warning [D08-R54 L34139-34147]", () => {
    const d = decideAccess(principal(A, A_SU1), "store", resource({ document: doc() }), context());
    expect(d).toMatchObject({ allow: true, warnings: [] });
  });
  it("3.6 store with only a special reason → allowed and the reason logged [D08-R54 L34226-34228, Q9]", () => {
    const d = decideAccess(principal(A, A_SU2), "store", resource({ document: doc() }), context({ specialReasonCode: "2" }));
    expect(d).toMatchObject({ allow: true, basis: "special-reason" });
    expect(d.log[0]).toMatchObject({ log: "usage", specialReasonCode: "2", outcome: "allowed" });
  });
  it("3.7 store without SA or reason → client-system duty: allowed with a warning (DESIGN §7.0, §7.1) [D08-R54 L34139-34147]", () => {
    const d = decideAccess(principal(A, A_SU2), "new-version", resource({ document: doc() }), context());
    expect(d.allow).toBe(true);
    expect(d.warnings.map((w) => w.code)).toEqual(["ACCESS-STORE-WITHOUT-SAKLIG-ANKNYTNING"]);
  });
  it("SA boundaries: start and end dates are inclusive (Q1) [D08-R12 L32236-32240]", () => {
    const krh = krhK1({ units: [entry(A_SU1, A, "organiser", TODAY, TODAY)] });
    expect(decideAccess(principal(A, A_SU1), "search-case", resource(), context({ clientRelationship: krh })).allow).toBe(true);
  });
});

describe("DT-4 normal register access of a producer / servicegivare (ANV 2)", () => {
  const anv2 = (ctx: Partial<AccessContext> = {}) => context({ usageSituation: "2", ...ctx });
  const krhWith = (start: string, end?: string) => krhK1({ units: [entry(A_SU1, A, "organiser", "2025-01-01"), entry(P_SU1, P, "producer", start, end)] });
  const rows: [string, AccessAction, Partial<AccessResource>, Partial<AccessContext>, string][] = [
    ["4.1 not recorded", "search-case", {}, { clientRelationship: krhK1({ units: [entry(A_SU1, A, "organiser", "2025-01-01")] }) }, "ACCESS-NO-REGISTER-ACCESS"],
    ["4.1 client has no KRH", "search-case", {}, { clientRelationship: undefined }, "ACCESS-NO-REGISTER-ACCESS"],
    ["4.2 start tomorrow", "search-case", {}, { clientRelationship: krhWith(TOMORROW) }, "ACCESS-NO-REGISTER-ACCESS"],
    ["4.3 ended yesterday", "store", { document: doc() }, { clientRelationship: krhWith(DAYS_AGO_3, YESTERDAY) }, "ACCESS-NO-REGISTER-ACCESS"],
    ["4.4 search in the window", "search-metadata", {}, {}, "ALLOW"],
    ["4.5 store KH in the organiser's case", "store", { document: doc() }, {}, "ALLOW"],
    ["4.5 store journal entry", "store", { document: doc({ documentGroup: "journal-entry" }) }, {}, "ALLOW"],
    ["4.5 store phase-1 KH (D08-R18)", "store", { document: doc({ documentGroup: "phase-1" }) }, {}, "ALLOW"],
    ["4.6 no case code", "store", { document: doc({ caseId: undefined }) }, {}, "ACCESS-CASE-NOT-ORGANISER"],
    ["4.6 unknown case", "store", { document: doc({ caseId: "1.2.3.999" }) }, {}, "ACCESS-CASE-NOT-ORGANISER"],
    ["4.6 case in another register", "store", { document: doc() }, { caseFacts: { caseId: CASE_X, registerId: THL, clientIds: [K1], createdByOrganisationOid: THL } }, "ACCESS-CASE-NOT-ORGANISER"],
    ["4.6 case created by a producer", "store", { document: doc() }, { caseFacts: { caseId: CASE_X, registerId: A, clientIds: [K1], createdByOrganisationOid: P } }, "ACCESS-CASE-NOT-ORGANISER"],
    ["4.6 case of another client", "store", { document: doc() }, { caseFacts: { caseId: CASE_X, registerId: A, clientIds: [K4], createdByOrganisationOid: A } }, "ACCESS-CASE-NOT-ORGANISER"],
    ["4.8 old documents", "store", { document: doc({ documentGroup: "old" }) }, {}, "ACCESS-OLD-DATA-FORBIDDEN"],
    ["4.9 store KRH", "store", { document: doc({ documentGroup: "client-relationship" }) }, {}, "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN"],
    ["4.9 version KRH", "new-version", { document: doc({ documentGroup: "client-relationship" }), creatorOrganisationOid: A }, {}, "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN"],
    ["4.10 store AH", "store", { document: doc({ documentGroup: "case" }) }, {}, "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN"],
    ["4.11 cancel AH", "cancel", { document: doc({ documentGroup: "case" }), creatorOrganisationOid: A }, {}, "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN"],
    ["4.12 version own KH", "new-version", { document: doc({ versionNumber: 2 }), creatorOrganisationOid: P }, {}, "ALLOW"],
    ["4.13 cancel own KH", "cancel", { document: doc({ status: "cancelled" }), creatorOrganisationOid: P }, {}, "ALLOW"],
    ["4.14 version organiser's KH", "new-version", { document: doc(), creatorOrganisationOid: A }, {}, "ACCESS-NOT-DOCUMENT-CREATOR"],
    ["4.15 cancel other producer's KH", "cancel", { document: doc(), creatorOrganisationOid: P2 }, {}, "ACCESS-NOT-DOCUMENT-CREATOR"],
  ];
  it.each(rows)("%s → %s [D08-R10…R22 L32186-32356]", (_row, action, res, ctx, expected) => {
    expect(outcome(decideAccess(principal(P, P_SU1), action, resource(res), anv2(ctx)))).toBe(expected);
  });

  it("4.13 after the window ended even the own KH cannot be cancelled [D08-R20 L32342-32344]", () => {
    const d = decideAccess(principal(P, P_SU1), "cancel", resource({ document: doc(), creatorOrganisationOid: P }), anv2({ clientRelationship: krhWith(DAYS_AGO_3, YESTERDAY) }));
    expect(d.code).toBe("ACCESS-NO-REGISTER-ACCESS");
  });

  it.each([
    ["servicegivare G with its own active entry under an active producer", krhK1(), "ALLOW"],
    [
      "4.21 servicegivare active but the producer's entry ended (Q3)",
      krhK1({ units: [entry(P_SU1, P, "producer", DAYS_AGO_3, YESTERDAY), entry(G_SU1, G, "subcontractor", DAYS_AGO_3, undefined, P_SU1)] }),
      "ACCESS-SUBCONTRACTOR-PRODUCER-ENDED",
    ],
  ])("%s → %s [D08-R13 L32236]", (_row, krh, expected) => {
    expect(outcome(decideAccess(principal(G, G_SU1), "store", resource({ document: doc({ subcontractor: { oid: G } }) }), anv2({ clientRelationship: krh })))).toBe(expected);
  });

  const K3_KRH = (withP: boolean): ClientRelationshipFacts => ({
    registerId: A,
    clientId: "030390-789J",
    units: withP ? [entry(P_SU1, P, "producer", DAYS_AGO_3)] : [entry(A_SU1, A, "organiser", "2025-01-01")],
  });
  it.each([
    ["4.16 every client lists P", true, "ALLOW"],
    ["4.17 K3 does not list P (Q4)", false, "ACCESS-JOINT-CASE-CLIENT-NOT-COVERED"],
  ])("%s → %s [D08-R25 L32204-32218]", (_row, withP, expected) => {
    const joint = doc({ clients: [K1, "030390-789J"] });
    const d = decideAccess(principal(P, P_SU1), "store", resource({ document: joint }), anv2({ otherClientRelationships: [K3_KRH(withP)] }));
    expect(outcome(d)).toBe(expected);
    if (d.allow) expect(d.log.map((l) => l.clientId)).toEqual([K1, "030390-789J"]);
  });

  it("4.18 store without producer identification → client-system warning [D08-R09 L32160-32166]", () => {
    const d = decideAccess(principal(P, P_SU1), "store", resource({ document: doc({ producer: undefined }) }), anv2());
    expect(d.allow).toBe(true);
    expect(d.warnings.map((w) => w.code)).toContain("ACCESS-PRODUCER-CHAIN-MISSING");
  });

  it("4.20 a producer active in A's register reaches nothing in B's register under ANV 2 [D08-R12 L32232-32236]", () => {
    const inB = krhK1({ registerId: "1.2.246.10.9990006.10.0", units: [] });
    const d = decideAccess(principal(P, P_SU1), "search-case", resource({ registerId: "1.2.246.10.9990006.10.0" }), anv2({ clientRelationship: inB }));
    expect(d.allow).toBe(false);
  });
});

describe("DT-5 the organiser on producer-created documents (ANV 1)", () => {
  const pEnded = krhK1({ units: [entry(A_SU1, A, "organiser", "2025-01-01"), entry(P_SU1, P, "producer", DAYS_AGO_3, YESTERDAY)] });
  it.each([
    ["5.1 producer window active, organiser versions P's KH", "new-version", krhK1()],
    ["5.2 producer window ended, organiser versions P's KH", "new-version", pEnded],
    ["5.4 producer window ended, organiser cancels P's KH", "cancel", pEnded],
  ] as const)("%s → ALLOW [D08-R23 L32358-32386, D08-R24 L32358-32360]", (_row, action, krh) => {
    const d = decideAccess(principal(A, A_SU1), action, resource({ document: doc(), creatorOrganisationOid: P }), context({ clientRelationship: krh }));
    expect(d).toMatchObject({ allow: true, warnings: [] });
  });
  it.each(["client-relationship", "case"] as DocumentGroup[])("5.5 organiser stores %s → ALLOW [D08-R11 L32192-32202]", (group) => {
    expect(decideAccess(principal(A, A_SU1), "store", resource({ document: doc({ documentGroup: group }) }), context()).allow).toBe(true);
  });
});

function krhK4(units = [entry(X1_SU1, X1, "producer", DAYS_AGO_3)]): ClientRelationshipFacts {
  return { registerId: THL, clientId: K4, units };
}
function thlResource(res: Partial<AccessResource> = {}): AccessResource {
  return resource({ registerId: THL, organiserOid: THL, clientId: K4, ...res });
}

describe("DT-6 extended register access (ANV 4)", () => {
  const anv4 = (ctx: Partial<AccessContext> = {}) =>
    context({ usageSituation: "4", clientRelationship: krhK4([entry(X1_SU1, X1, "producer", DAYS_AGO_3), entry(X2_SU1, X2, "producer", DAYS_AGO_3)]), ...ctx });
  const thlDoc = (o: Parameters<typeof doc>[0] = {}) => doc({ organiser: { oid: THL }, producer: { oid: X1, name: "X1 Oy" }, clients: [K4], ...o });
  const krhDoc = thlDoc({ documentGroup: "client-relationship" });
  const rows: [string, Principal, AccessAction, Partial<AccessResource>, Partial<AccessContext>, string][] = [
    ["6.1 no grant", principal(P2, P2_SU1), "search-case", {}, {}, "ACCESS-NO-EXTENDED-GRANT"],
    ["6.1 grant for another unit", principal(X1, X1_SU9), "search-case", {}, {}, "ACCESS-NO-EXTENDED-GRANT"],
    ["6.2 X1 creates K4's KRH", principal(X1, X1_SU1), "store", { document: krhDoc, relationshipAfter: krhK4() }, { clientRelationship: undefined }, "ALLOW"],
    ["6.3 X1 records a non-granted unit", principal(X1, X1_SU1), "store", { document: krhDoc, relationshipAfter: krhK4([entry(X1_SU9, X1, "producer", TODAY)]) }, { clientRelationship: undefined }, "ACCESS-EXTENDED-UNIT-NOT-GRANTED"],
    ["6.4 X2 versions X1's KRH", principal(X2, X2_SU1), "new-version", { document: krhDoc, creatorOrganisationOid: X1, relationshipAfter: krhK4() }, {}, "ALLOW"],
    ["6.4 X2 versions the organiser's KRH", principal(X2, X2_SU1), "new-version", { document: krhDoc, creatorOrganisationOid: THL, relationshipAfter: krhK4() }, {}, "ALLOW"],
    ["6.6 X1 cancels its own KRH", principal(X1, X1_SU1), "cancel", { document: krhDoc, creatorOrganisationOid: X1 }, {}, "ALLOW"],
    ["6.7 X2 cancels X1's KRH", principal(X2, X2_SU1), "cancel", { document: krhDoc, creatorOrganisationOid: X1 }, {}, "ACCESS-NOT-DOCUMENT-CREATOR"],
    ["6.9 X1 stores an AH", principal(X1, X1_SU1), "store", { document: thlDoc({ documentGroup: "case" }) }, {}, "ALLOW"],
    ["6.10 X2 versions X1's AH", principal(X2, X2_SU1), "new-version", { document: thlDoc({ documentGroup: "case" }), creatorOrganisationOid: X1 }, {}, "ALLOW"],
    ["6.11 X1 cancels its own AH", principal(X1, X1_SU1), "cancel", { document: thlDoc({ documentGroup: "case" }), creatorOrganisationOid: X1 }, {}, "ALLOW"],
    ["6.11 X2 cancels X1's AH", principal(X2, X2_SU1), "cancel", { document: thlDoc({ documentGroup: "case" }), creatorOrganisationOid: X1 }, {}, "ACCESS-NOT-DOCUMENT-CREATOR"],
    ["6.12 X1 stores a KH", principal(X1, X1_SU1), "store", { document: thlDoc() }, {}, "ALLOW"],
    ["6.13 X2 versions X1's KH", principal(X2, X2_SU1), "new-version", { document: thlDoc(), creatorOrganisationOid: X1 }, {}, "ALLOW"],
    ["6.14 X2 versions THL's KH (Q6)", principal(X2, X2_SU1), "new-version", { document: thlDoc(), creatorOrganisationOid: THL }, {}, "ACCESS-NOT-DOCUMENT-CREATOR"],
    ["6.15 X2 cancels X1's KH", principal(X2, X2_SU1), "cancel", { document: thlDoc(), creatorOrganisationOid: X1 }, {}, "ACCESS-NOT-DOCUMENT-CREATOR"],
    ["6.16 X1's entry ended", principal(X1, X1_SU1), "store", { document: thlDoc() }, { clientRelationship: krhK4([entry(X1_SU1, X1, "producer", DAYS_AGO_3, YESTERDAY)]) }, "ACCESS-NO-REGISTER-ACCESS"],
    ["6.8 X1 records the end date at its unit (closing step)", principal(X1, X1_SU1), "new-version", { document: krhDoc, creatorOrganisationOid: X1, relationshipAfter: krhK4([entry(X1_SU1, X1, "producer", DAYS_AGO_3, TODAY)]) }, {}, "ALLOW"],
    ["6.17 joint-case AH, both clients' KRHs list X1", principal(X1, X1_SU1), "store", { document: thlDoc({ documentGroup: "case", clients: [K4, K1] }) }, { otherClientRelationships: [{ registerId: THL, clientId: K1, units: [entry(X1_SU1, X1, "producer", DAYS_AGO_3)] }] }, "ALLOW"],
    ["6.17 joint-case KH, K1 has no KRH listing X1", principal(X1, X1_SU1), "store", { document: thlDoc({ clients: [K4, K1] }) }, { otherClientRelationships: [] }, "ACCESS-JOINT-CASE-CLIENT-NOT-COVERED"],
    ["6.22 tenant of X1's joint connection", principal(T, T_SU1, { sharedConnection: { kind: "joint", mainJoinerOid: X1 } }), "search-case", {}, {}, "ACCESS-SHARED-CONNECTION-NO-RIGHT"],
    ["6.23 X2 adds its own granted unit to an existing KRH", principal(X2, X2_SU1), "new-version", { document: krhDoc, creatorOrganisationOid: X1, relationshipAfter: krhK4([entry(X1_SU1, X1, "producer", DAYS_AGO_3), entry(X2_SU1, X2, "producer", TODAY)]) }, { clientRelationship: krhK4() }, "ALLOW"],
  ];
  it.each(rows)("%s → %s [D08-R27…R36 L33826-33991]", (_row, who, action, res, ctx, expected) => {
    expect(outcome(decideAccess(who, action, thlResource(res), anv4(ctx)))).toBe(expected);
  });

  it("DT-8.3 extended-access use is logged in the organiser's usage log [D08-R59 L34349-34353, L33826-33828]", () => {
    const d = decideAccess(principal(X1, X1_SU1), "store", thlResource({ document: thlDoc() }), anv4());
    expect(d.log).toEqual([expect.objectContaining({ log: "usage", registerId: THL, organisationOid: X1, usageSituation: "4", basis: "extended-register-access" })]);
  });

  const shelter = { code: "56", codeSystem: "1.2.246.10.99990000.3.2" };
  const grants = (oldData: boolean) => ({
    agreements: [],
    extendedGrants: [{ organiserOid: THL, producerOid: X1, serviceUnitOids: [X1_SU1], validFrom: "2025-01-01", oldDataAgreement: oldData }],
  });
  const oldDoc = (o: Parameters<typeof doc>[0] = {}) =>
    thlDoc({ documentGroup: "old", serviceUnit: { oid: X1_SU1, name: "Skyddshem X1" }, producer: { oid: X1, name: "X1 Oy" }, socialServices: [shelter], ...o });
  it.each([
    ["6.19 no old-data agreement", false, oldDoc(), "ACCESS-OLD-DATA-FORBIDDEN"],
    ["6.20 agreement, joint case", true, oldDoc({ clients: [K4, K1] }), "ACCESS-OLD-DATA-JOINT-CASE"],
    ["6.21 agreement, shelter KH without the unit name", true, oldDoc({ serviceUnit: { oid: X1_SU1 } }), "ACCESS-OLD-SHELTER-METADATA-MISSING"],
    ["6.21 agreement, shelter KH without the producer", true, oldDoc({ producer: undefined }), "ACCESS-OLD-SHELTER-METADATA-MISSING"],
    ["6.18 agreement, complete", true, oldDoc(), "ALLOW"],
  ])("%s → %s [D08-R35 L33945-33967]", (_row, agreement, document, expected) => {
    expect(outcome(decideAccess(principal(X1, X1_SU1), "store", thlResource({ document }), anv4({ registerAccess: grants(agreement) })))).toBe(expected);
  });
});

describe("DT-7 parallel connection: the producer acting through the organiser's client system", () => {
  const viaA = principal(P, P_SU1, { sharedConnection: { kind: "parallel", mainJoinerOid: A } });
  it.each([
    ["7.1 ANV 2 search", "2", "search-metadata", resource(), "ALLOW"],
    ["7.2 ANV 2 store KH", "2", "store", resource({ document: doc() }), "ALLOW"],
    ["7.3 ANV 2 store AH", "2", "store", resource({ document: doc({ documentGroup: "case" }) }), "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN"],
    ["7.3 ANV 2 version KRH", "2", "new-version", resource({ document: doc({ documentGroup: "client-relationship" }), creatorOrganisationOid: A }), "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN"],
    ["7.4 ANV 1 store in P's own register", "1", "store", resource({ registerId: P, organiserOid: P, document: doc({ organiser: { oid: P } }) }), "ALLOW"],
    ["7.5 ANV 1 read of A's register", "1", "fetch-document", resource(), "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"],
  ] as const)("%s → %s [D08-R71 L34584-34610]", (_row, anv, action, res, expected) => {
    const own = krhK1({ registerId: P, units: [entry(P_SU1, P, "organiser", "2025-01-01")] });
    const ctx = context({ usageSituation: anv, ...(res.registerId === P ? { clientRelationship: own } : {}) });
    expect(outcome(decideAccess(viaA, action, res, ctx))).toBe(expected);
  });
});
