/** The samtestning-style scenarios of domain/08 §7 that fall to the access engine, step by step. */
import { describe, expect, it } from "vitest";
import { decideAccess } from "../../src/rules/access/decide.js";
import { filterDisclosableDocuments } from "../../src/rules/access/disclosure.js";
import { redactNonDisclosure } from "../../src/rules/access/non-disclosure.js";
import type { ClientRelationshipFacts, OrganisationFacts } from "../../src/rules/access/types.js";
import {
  A, A_SU1, A_SU2, B, B_SU1, DAYS_AGO_3, G, G_SU1, K1, K2, K3, K4, NOW, ORGANISATIONS, P, P2, P2_SU1, P_SU1, T, T_SU1, THL, TOMORROW, X1, X1_SU1, X1_SU9, X2, X2_SU1, YESTERDAY,
  context, doc, entry, principal, resource,
} from "./access-fixtures.js";

const krh = (clientId: string, units = [entry(A_SU1, A, "organiser", "2025-01-01"), entry(P_SU1, P, "producer", DAYS_AGO_3)], registerId = A): ClientRelationshipFacts => ({ registerId, clientId, units });
const anv2 = (o: Parameters<typeof context>[0] = {}) => context({ usageSituation: "2", clientRelationship: krh(K1), ...o });

describe("domain/08 §7 scenarios", () => {
  it("1. happy path registeråtkomst: P searches and stores; two usage-log entries in A's register naming P-SU1, ANV 2 [D08-R10 D08-R12 D08-R17 L32186-32330, DT-8.2 L34349-34353]", () => {
    const search = decideAccess(principal(P, P_SU1), "search-metadata", resource(), anv2());
    const store = decideAccess(principal(P, P_SU1), "store", resource({ document: doc() }), anv2());
    expect([search.allow, store.allow]).toEqual([true, true]);
    const entries = [...search.log, ...store.log];
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e).toMatchObject({ log: "usage", registerId: A, serviceUnitOid: P_SU1, organisationOid: P, usageSituation: "2", outcome: "allowed", basis: "register-access" });
  });

  it("2. window boundaries: start tomorrow → denied; ended yesterday → denied; organiser versions P's KH after the end [D08-R12 D08-R23 L32220-32386]", () => {
    expect(decideAccess(principal(P, P_SU1), "search-case", resource(), anv2({ clientRelationship: krh(K1, [entry(P_SU1, P, "producer", TOMORROW)]) })).code).toBe("ACCESS-NO-REGISTER-ACCESS");
    const ended = krh(K1, [entry(A_SU1, A, "organiser", "2025-01-01"), entry(P_SU1, P, "producer", DAYS_AGO_3, YESTERDAY)]);
    expect(decideAccess(principal(P, P_SU1), "store", resource({ document: doc() }), anv2({ clientRelationship: ended })).code).toBe("ACCESS-NO-REGISTER-ACCESS");
    expect(decideAccess(principal(A, A_SU1), "new-version", resource({ document: doc(), creatorOrganisationOid: P }), context({ clientRelationship: ended })).allow).toBe(true);
  });

  it("3. producer forbidden document types: KRH version, new AH, AH cancel, invented case code [D08-R17 D08-R21 L32318-32348]", () => {
    const codes = [
      decideAccess(principal(P, P_SU1), "new-version", resource({ document: doc({ documentGroup: "client-relationship" }), creatorOrganisationOid: A }), anv2()).code,
      decideAccess(principal(P, P_SU1), "store", resource({ document: doc({ documentGroup: "case" }) }), anv2()).code,
      decideAccess(principal(P, P_SU1), "cancel", resource({ document: doc({ documentGroup: "case" }), creatorOrganisationOid: A }), anv2()).code,
      decideAccess(principal(P, P_SU1), "store", resource({ document: doc({ caseId: "1.2.246.10.9990002.56.1" }) }), anv2()).code,
    ];
    expect(codes).toEqual(["ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN", "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN", "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN", "ACCESS-CASE-NOT-ORGANISER"]);
  });

  it("4. authorship: P versions and cancels KH-p; not KH-a; not KH-p2 [D08-R20 D08-R22 L32342-32356]", () => {
    const act = (action: "new-version" | "cancel", creator: string) => decideAccess(principal(P, P_SU1), action, resource({ document: doc(), creatorOrganisationOid: creator }), anv2()).allow;
    expect([act("new-version", P), act("cancel", P), act("new-version", A), act("cancel", P2)]).toEqual([true, true, false, false]);
    // P2 (recorded too) may of course version its own KH-p2
    expect(decideAccess(principal(P2, P2_SU1), "new-version", resource({ document: doc(), creatorOrganisationOid: P2 }), anv2({ clientRelationship: krh(K1, [entry(P2_SU1, P2, "producer", DAYS_AGO_3)]) })).allow).toBe(true);
  });

  it("5. old data via normal access → refused [D08-R19 L32338-32342]", () => {
    expect(decideAccess(principal(P, P_SU1), "store", resource({ document: doc({ documentGroup: "old" }) }), anv2()).code).toBe("ACCESS-OLD-DATA-FORBIDDEN");
  });

  it("6. servicegivare G recorded under P-SU1 stores; tenant T searching → refused [D08-R13 D08-R26 L32236 L32388-32409]", () => {
    const units = [entry(P_SU1, P, "producer", DAYS_AGO_3), entry(G_SU1, G, "subcontractor", DAYS_AGO_3, undefined, P_SU1)];
    const g = decideAccess(principal(G, G_SU1), "store", resource({ document: doc({ subcontractor: { oid: G } }) }), anv2({ clientRelationship: krh(K1, units), registerAccess: { agreements: [{ organiserOid: A, producerOid: G }], extendedGrants: [] } }));
    expect(g.allow).toBe(true);
    expect(g.log[0]).toMatchObject({ organisationOid: G, serviceUnitOid: G_SU1, log: "usage" });
    const t = decideAccess(principal(T, T_SU1, { sharedConnection: { kind: "joint", mainJoinerOid: P } }), "search-case", resource(), anv2({ clientRelationship: krh(K1, units) }));
    expect(t.code).toBe("ACCESS-SHARED-CONNECTION-NO-RIGHT");
  });

  it("7. phase rules and joining [D08-R14 D08-R15 L32264-32306]", () => {
    const orgs = (f: (o: OrganisationFacts) => OrganisationFacts) => ORGANISATIONS.map(f);
    const run = (organisations: OrganisationFacts[]) => decideAccess(principal(P, P_SU1), "search-case", resource(), anv2({ organisations }));
    expect(run(orgs((o) => (o.oid === A ? { ...o, phase: 1 } : o))).code).toBe("ACCESS-PHASE-INCOMPATIBLE");
    expect(run(orgs((o) => (o.oid === P ? { ...o, phase: 1 } : o))).allow).toBe(true);
    expect(run(orgs((o) => (o.oid === A ? { ...o, joinedArchive: false } : o))).code).toBe("ACCESS-ORGANISATION-NOT-JOINED");
  });

  it("8. joint case for K1 and K3: denied until A adds P to K3's KRH; then one log entry per client [D08-R25 L32204-32218, Q4]", () => {
    const joint = doc({ clients: [K1, K3] });
    const caseFacts = { caseId: joint.caseId!, registerId: A, clientIds: [K1, K3], createdByOrganisationOid: A };
    const before = decideAccess(principal(P, P_SU1), "store", resource({ document: joint }), anv2({ caseFacts, otherClientRelationships: [krh(K3, [entry(A_SU1, A, "organiser", "2025-01-01")])] }));
    expect(before.code).toBe("ACCESS-JOINT-CASE-CLIENT-NOT-COVERED");
    const after = decideAccess(principal(P, P_SU1), "store", resource({ document: joint }), anv2({ caseFacts, otherClientRelationships: [krh(K3)] }));
    expect(after.allow).toBe(true);
    expect(after.log.map((l) => l.clientId)).toEqual([K1, K3]);
  });

  it("9. extended access (skyddshem) [D08-R27…R34 L33826-33943]", () => {
    const k4 = (units: ReturnType<typeof entry>[]): ClientRelationshipFacts => krh(K4, units, THL);
    const x1 = principal(X1, X1_SU1);
    const x2 = principal(X2, X2_SU1);
    const thl = (o: Parameters<typeof resource>[0]) => resource({ registerId: THL, organiserOid: THL, clientId: K4, ...o });
    const kd = (o: Parameters<typeof doc>[0] = {}) => doc({ organiser: { oid: THL }, producer: { oid: X1 }, clients: [K4], ...o });
    const anv4 = (rel?: ClientRelationshipFacts) => context({ usageSituation: "4", ...(rel ? { clientRelationship: rel } : { clientRelationship: undefined }) });
    const x1Only = k4([entry(X1_SU1, X1, "producer", DAYS_AGO_3)]);
    const both = k4([entry(X1_SU1, X1, "producer", DAYS_AGO_3), entry(X2_SU1, X2, "producer", DAYS_AGO_3)]);
    expect(decideAccess(x1, "store", thl({ document: kd({ documentGroup: "client-relationship" }), relationshipAfter: x1Only }), anv4()).allow).toBe(true);
    expect(decideAccess(x1, "store", thl({ document: kd({ documentGroup: "case" }) }), anv4(x1Only)).allow).toBe(true);
    expect(decideAccess(x1, "store", thl({ document: kd() }), anv4(x1Only)).allow).toBe(true);
    expect(decideAccess(x2, "new-version", thl({ document: kd({ documentGroup: "client-relationship" }), creatorOrganisationOid: X1, relationshipAfter: both }), anv4(x1Only)).allow).toBe(true);
    expect(decideAccess(x2, "cancel", thl({ document: kd({ documentGroup: "client-relationship" }), creatorOrganisationOid: X1 }), anv4(both)).code).toBe("ACCESS-NOT-DOCUMENT-CREATOR");
    expect(decideAccess(x2, "new-version", thl({ document: kd(), creatorOrganisationOid: X1 }), anv4(both)).allow).toBe(true);
    expect(decideAccess(x2, "cancel", thl({ document: kd(), creatorOrganisationOid: X1 }), anv4(both)).code).toBe("ACCESS-NOT-DOCUMENT-CREATOR");
    expect(decideAccess(x1, "cancel", thl({ document: kd({ documentGroup: "case" }), creatorOrganisationOid: X1 }), anv4(both)).allow).toBe(true);
    expect(decideAccess(principal(P, P_SU1), "store", thl({ document: kd({ documentGroup: "client-relationship" }), relationshipAfter: x1Only }), anv4()).code).toBe("ACCESS-NO-EXTENDED-GRANT");
    expect(decideAccess(x1, "store", thl({ document: kd({ documentGroup: "client-relationship" }), relationshipAfter: k4([entry(X1_SU9, X1, "producer", DAYS_AGO_3)]) }), anv4()).code).toBe("ACCESS-EXTENDED-UNIT-NOT-GRANTED");
  });

  it("10. extended old data: no agreement / joint case / missing Socialservice-metadata / complete [D08-R35 L33945-33967]", () => {
    const rel = krh(K4, [entry(X1_SU1, X1, "producer", DAYS_AGO_3)], THL);
    const grants = (old: boolean) => ({ agreements: [], extendedGrants: [{ organiserOid: THL, producerOid: X1, serviceUnitOids: [X1_SU1], validFrom: "2025-01-01", oldDataAgreement: old }] });
    const shelter = { code: "56", codeSystem: "1.2.246.10.99990000.3.2" };
    const old = (o: Parameters<typeof doc>[0] = {}) => doc({ documentGroup: "old", organiser: { oid: THL }, producer: { oid: X1, name: "X1 Oy" }, serviceUnit: { oid: X1_SU1, name: "Skyddshem" }, socialServices: [shelter], clients: [K4], ...o });
    const run = (agreement: boolean, document: ReturnType<typeof doc>) =>
      decideAccess(principal(X1, X1_SU1), "store", resource({ registerId: THL, organiserOid: THL, clientId: K4, document }), context({ usageSituation: "4", clientRelationship: rel, registerAccess: grants(agreement) }));
    expect(run(false, old()).code).toBe("ACCESS-OLD-DATA-FORBIDDEN");
    expect(run(true, old({ clients: [K4, K1] })).code).toBe("ACCESS-OLD-DATA-JOINT-CASE");
    expect(run(true, old({ producer: { oid: X1 } })).code).toBe("ACCESS-OLD-SHELTER-METADATA-MISSING");
    expect(run(true, old()).allow).toBe(true);
  });

  it("11. saklig anknytning and särskild anledning [D08-R52…R55 L34226-34286]", () => {
    const onlySu1 = krh(K1, [entry(A_SU1, A, "organiser", "2025-01-01")]);
    expect(decideAccess(principal(A, A_SU2), "search-case", resource(), context({ clientRelationship: onlySu1 })).code).toBe("ACCESS-NO-SAKLIG-ANKNYTNING");
    const withCode = decideAccess(principal(A, A_SU2), "search-case", resource(), context({ clientRelationship: onlySu1, specialReasonCode: "1" }));
    expect(withCode.allow).toBe(true);
    expect(withCode.log[0]).toMatchObject({ log: "usage", specialReasonCode: "1", basis: "special-reason" });
    // child-welfare worker searches the parent V1, who is no client at the unit, with a code
    expect(decideAccess(principal(A, A_SU1), "search-client-relationship", resource({ clientId: "V1" }), context({ clientRelationship: undefined, specialReasonCode: "1" })).allow).toBe(true);
    // after K1's relationship at A-SU1 ended, the A-SU1 worker's search without a code is refused
    const ended = krh(K1, [entry(A_SU1, A, "organiser", "2025-01-01", YESTERDAY)]);
    expect(decideAccess(principal(A, A_SU1), "search-case", resource(), context({ clientRelationship: ended })).code).toBe("ACCESS-NO-SAKLIG-ANKNYTNING");
  });

  it("13. spärr — disclosure: B's search returns K2's documents without the covered items; after the spärr ends the address comes back [D08-R63 D08-R66 L34361-34387 L34503-34515]", () => {
    const consent = { kantaInformationGivenAt: "2025-01-01T00:00:00Z", permissions: [{ positive: true, storedAt: "2025-01-01T00:00:01Z" }], prohibitions: [] };
    const ownB = krh(K2, [entry(B_SU1, B, "organiser", "2025-01-01")], B);
    const search = decideAccess(principal(B, B_SU1), "disclosure-search", resource({ clientId: K2 }), context({ usageSituation: "3", consent, searcherRelationship: ownB }));
    expect(search.allow).toBe(true);
    expect(search.log[0]).toMatchObject({ log: "disclosure", registerId: A, organisationOid: B });
    const stored = { registerId: A, metadata: doc({ clients: [K2] }), personalData: [{ personId: K2, items: { permanentAddressFinland: "Gatan 1", homeMunicipality: "Alfa" } }] };
    const during = [{ personId: K2, validFrom: "2024-01-01", validUntil: "2028-12-31" }];
    const ctx = { mode: "simple" as const, now: NOW, clientId: K2, searcherOrganisationOid: B, searcherKind: "public" as const, consent };
    expect(filterDisclosableDocuments([stored], { ...ctx, nonDisclosure: during })[0]!.document.personalData?.[0]?.items).toEqual({});
    const ended = [{ personId: K2, validFrom: "2019-01-01", validUntil: "2024-01-01" }];
    expect(filterDisclosableDocuments([stored], { ...ctx, nonDisclosure: ended })[0]!.document.personalData?.[0]?.items).toEqual({ permanentAddressFinland: "Gatan 1", homeMunicipality: "Alfa" });
    // the KRH itself: A (own register) keeps everything
    expect(redactNonDisclosure(stored, A, { nonDisclosure: during, now: NOW }).withheld).toEqual([]);
  });

  it("20. parallel connection: ANV 2 AH denied, ANV 2 KH accepted, ANV 1 own register accepted, ANV 1 read of A's register denied [D08-R71 L34584-34610]", () => {
    const viaA = principal(P, P_SU1, { sharedConnection: { kind: "parallel", mainJoinerOid: A } });
    expect(decideAccess(viaA, "store", resource({ document: doc({ documentGroup: "case" }) }), anv2()).allow).toBe(false);
    expect(decideAccess(viaA, "store", resource({ document: doc() }), anv2()).allow).toBe(true);
    const own = krh(K1, [entry(P_SU1, P, "organiser", "2025-01-01")], P);
    expect(decideAccess(viaA, "store", resource({ registerId: P, organiserOid: P, document: doc({ organiser: { oid: P } }) }), context({ clientRelationship: own })).allow).toBe(true);
    expect(decideAccess(viaA, "fetch-document", resource(), context()).allow).toBe(false);
  });
});
