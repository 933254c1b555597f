/**
 * Property tests over random worlds and requests (fast-check, 2 000 runs each):
 * - no spärr-covered item of a person with a spärrmarkering in force ever reaches another organiser,
 *   through redactNonDisclosure or filterDisclosableDocuments [D08-R66 L34503-34515, DESIGN §7.5];
 * - no allowed decision and no disclosed document lacks a basis: saklig anknytning / special reason in
 *   the own register, a valid register-access entry, an extended grant, or the disclosure consents
 *   [D08-R12 L32220-32250, D08-R27 L33826-33838, D08-R53 L34252-34286, D07-R70…R73 L31058-31119];
 * - every code emitted is in ACCESS_ERRORS.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DocumentGroup } from "../../src/model/document.js";
import { decideAccess } from "../../src/rules/access/decide.js";
import { filterDisclosableDocuments } from "../../src/rules/access/disclosure.js";
import { ACCESS_ERRORS } from "../../src/rules/access/errors.js";
import { redactNonDisclosure } from "../../src/rules/access/non-disclosure.js";
import { NON_DISCLOSURE_ITEMS, NON_DISCLOSURE_ITEM_KEYS, isReadAction } from "../../src/rules/access/policy.js";
import type {
  AccessAction,
  AccessContext,
  ClientRelationshipFacts,
  DisclosureConsentFacts,
  NonDisclosureMarking,
  PersonalDataEntry,
  PersonalDataItem,
  ServiceUnitEntry,
  UsageSituation,
} from "../../src/rules/access/types.js";
import { NOW, TODAY, doc } from "./access-fixtures.js";

const ORGS = ["1.2.246.10.1.10.0", "1.2.246.10.2.10.0", "1.2.246.10.3.10.0", "1.2.246.10.4.10.0"];
const unitOf = (org: string, n: number) => `${org}.${n}`;
const PERSONS = ["P-1", "P-2", "P-3"];
const ITEMS: PersonalDataItem[] = [...NON_DISCLOSURE_ITEMS.map((i) => i.item), "phoneNumber", "name"];
const GROUPS: DocumentGroup[] = ["client-relationship", "case", "old", "phase-1", "phase-2", "journal-entry"];
const ACTIONS: AccessAction[] = ["store", "new-version", "cancel", "search-client-relationship", "search-case", "search-metadata", "fetch-document", "summary", "disclosure-search", "extended-information"];

const base = Date.parse(`${TODAY}T12:00:00Z`);
const dayAt = (offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
const stampAt = (offset: number) => new Date(base + offset * 86_400_000).toISOString();

const arbOrg = fc.constantFrom(...ORGS);
const arbUnit = fc.tuple(arbOrg, fc.integer({ min: 1, max: 2 })).map(([o, n]) => ({ org: o, unit: unitOf(o, n) }));
const arbEntry: fc.Arbitrary<ServiceUnitEntry> = fc
  .record({ u: arbUnit, role: fc.constantFrom<ServiceUnitEntry["role"]>("organiser", "producer", "subcontractor"), start: fc.integer({ min: -5, max: 3 }), end: fc.option(fc.integer({ min: -3, max: 5 }), { nil: undefined }), by: arbUnit })
  .map(({ u, role, start, end, by }) => ({
    serviceUnitOid: u.unit,
    organisationOid: u.org,
    role,
    start: dayAt(start),
    ...(end !== undefined ? { end: dayAt(end) } : {}),
    ...(role === "subcontractor" ? { designatedByServiceUnitOid: by.unit } : {}),
  }));
const arbPersonalData: fc.Arbitrary<PersonalDataEntry[]> = fc.array(
  fc.record({ personId: fc.constantFrom(...PERSONS), items: fc.dictionary(fc.constantFrom(...ITEMS), fc.string({ minLength: 1, maxLength: 4 })) }),
  { maxLength: 3 },
);
const arbMarkings: fc.Arbitrary<NonDisclosureMarking[]> = fc.array(
  fc.record({ personId: fc.constantFrom(...PERSONS), from: fc.integer({ min: -5, max: 3 }), until: fc.option(fc.integer({ min: -3, max: 5 }), { nil: undefined }) }).map(({ personId, from, until }) => ({
    personId,
    validFrom: dayAt(from),
    ...(until !== undefined ? { validUntil: dayAt(until) } : {}),
  })),
  { maxLength: 3 },
);
const arbConsent: fc.Arbitrary<DisclosureConsentFacts | undefined> = fc.option(
  fc.record({
    info: fc.option(fc.integer({ min: -5, max: 2 }), { nil: undefined }),
    permissions: fc.array(fc.record({ positive: fc.boolean(), at: fc.integer({ min: -5, max: 2 }) }), { maxLength: 2 }),
    prohibitions: fc.array(
      fc.record({
        target: fc.oneof(
          fc.constant({ kind: "all" as const }),
          arbOrg.map((oid) => ({ kind: "controller" as const, oid })),
          fc.constantFrom("26", "27").map((code) => ({ kind: "service-task" as const, code, codeSystem: "1.2.246.537.6.1299" })),
        ),
        at: fc.integer({ min: -5, max: 2 }),
      }),
      { maxLength: 2 },
    ),
  }).map(({ info, permissions, prohibitions }) => ({
    ...(info !== undefined ? { kantaInformationGivenAt: stampAt(info) } : {}),
    permissions: permissions.map((p) => ({ positive: p.positive, storedAt: stampAt(p.at) })),
    prohibitions: prohibitions.map((p) => ({ target: p.target, storedAt: stampAt(p.at) })),
  })),
  { nil: undefined },
);
const arbKrh = (registerId: string): fc.Arbitrary<ClientRelationshipFacts | undefined> =>
  fc.option(fc.array(arbEntry, { maxLength: 4 }).map((units) => ({ registerId, clientId: "P-1", units })), { nil: undefined });

const arbWorld = fc
  .record({
    who: arbUnit,
    registerId: arbOrg,
    searcherOwnRegister: fc.boolean(),
    action: fc.constantFrom(...ACTIONS),
    anv: fc.constantFrom<UsageSituation>("1", "2", "3", "4"),
    group: fc.constantFrom(...GROUPS),
    creator: arbOrg,
    reason: fc.constantFrom(undefined, "1", "4", "9"),
    basisCode: fc.constantFrom(undefined, "1", "7"),
    orgs: fc.array(fc.record({ kind: fc.constantFrom<"public" | "private">("public", "private"), joined: fc.boolean(), phase: fc.constantFrom<1 | 2>(1, 2) }), { minLength: ORGS.length, maxLength: ORGS.length }),
    agreements: fc.array(fc.tuple(arbOrg, arbOrg), { maxLength: 4 }),
    grants: fc.array(fc.record({ o: arbOrg, u: arbUnit, from: fc.integer({ min: -3, max: 2 }), old: fc.boolean() }), { maxLength: 3 }),
    markings: arbMarkings,
    consent: arbConsent,
    personalData: arbPersonalData,
    deceased: fc.boolean(),
  })
  .chain((w) => fc.record({ krh: arbKrh(w.registerId), ownKrh: arbKrh(w.who.org), after: arbKrh(w.registerId) }).map((k) => ({ ...w, ...k })));

type World = typeof arbWorld extends fc.Arbitrary<infer W> ? W : never;

function contextOf(w: World): AccessContext {
  return {
    usageSituation: w.anv,
    now: NOW,
    ...(w.reason ? { specialReasonCode: w.reason } : {}),
    ...(w.basisCode ? { extendedInformationBasisCode: w.basisCode } : {}),
    ...(w.krh ? { clientRelationship: w.krh } : {}),
    ...(w.searcherOwnRegister && w.ownKrh ? { searcherRelationship: w.ownKrh } : {}),
    caseFacts: { caseId: "1.2.246.10.9.56.1", registerId: w.registerId, clientIds: ["P-1"], createdByOrganisationOid: w.registerId },
    organisations: ORGS.map((oid, i) => ({ oid, kind: w.orgs[i]!.kind, joinedArchive: w.orgs[i]!.joined, phase: w.orgs[i]!.phase })),
    registerAccess: {
      agreements: w.agreements.map(([organiserOid, producerOid]) => ({ organiserOid, producerOid })),
      extendedGrants: w.grants.map((g) => ({ organiserOid: g.o, producerOid: g.u.org, serviceUnitOids: [g.u.unit], validFrom: dayAt(g.from), oldDataAgreement: g.old })),
    },
    nonDisclosure: w.markings,
    ...(w.consent ? { consent: w.consent } : {}),
    clientDeceased: w.deceased,
  };
}

const activeOn = (e: ServiceUnitEntry) => e.start <= TODAY && (e.end === undefined || TODAY <= e.end);
const unitActive = (krh: ClientRelationshipFacts | undefined, org: string, unit: string) =>
  (krh?.units ?? []).some((e) => e.serviceUnitOid === unit && e.organisationOid === org && activeOn(e));
const inForce = (markings: readonly NonDisclosureMarking[], person: string) =>
  markings.some((m) => m.personId === person && m.validFrom <= TODAY && (m.validUntil === undefined || TODAY <= m.validUntil));

/** The independent oracle: the basis an allowed decision must rest on. */
function hasBasis(w: World, ctx: AccessContext): boolean {
  const { org, unit } = w.who;
  const validReason = w.reason === "1" || w.reason === "4";
  const consentOk = () => {
    const c = w.consent;
    if (!c?.kantaInformationGivenAt || Date.parse(c.kantaInformationGivenAt) > NOW.getTime()) return false;
    const perms = c.permissions.filter((p) => Date.parse(p.storedAt) <= NOW.getTime()).sort((a, b) => Date.parse(a.storedAt) - Date.parse(b.storedAt));
    return perms.at(-1)?.positive === true;
  };
  const joinedPhase2 = () => ctx.organisations.find((o) => o.oid === w.registerId)?.joinedArchive === true && ctx.organisations.find((o) => o.oid === w.registerId)?.phase === 2 && ctx.organisations.find((o) => o.oid === org)?.joinedArchive === true;
  switch (w.anv) {
    case "1":
      if (w.registerId !== org) return false;
      // reads need SA or a valid reason; writes are the client system's duty (warning) but must still be own-register
      return isReadAction(w.action) ? unitActive(w.krh, org, unit) || validReason : true;
    case "2":
      return w.registerId !== org && joinedPhase2() && w.agreements.some(([o, p]) => o === w.registerId && p === org) && (w.krh?.units ?? []).some((e) => e.serviceUnitOid === unit && e.organisationOid === org && e.role !== "organiser" && activeOn(e));
    case "4": {
      const granted = w.grants.some((g) => g.o === w.registerId && g.u.org === org && g.u.unit === unit && dayAt(g.from) <= TODAY);
      const krhWrite = w.group === "client-relationship" && (w.action === "store" || w.action === "new-version");
      return w.registerId !== org && joinedPhase2() && granted && (unitActive(w.krh, org, unit) || krhWrite);
    }
    case "3": {
      const motivated = (w.searcherOwnRegister && w.ownKrh !== undefined && unitActive(w.ownKrh, org, unit)) || validReason;
      if (w.registerId === org || !motivated || w.deceased) return false;
      if (w.action === "extended-information") return ctx.organisations.find((o) => o.oid === org)?.kind === "public" && w.basisCode === "1";
      return consentOk();
    }
  }
}

describe("access properties over random worlds", () => {
  it("no allowed decision without a basis; every code and warning is catalogued; every decision logs [D08-R12 D08-R27 D08-R53 D07-R70…R73]", () => {
    fc.assert(
      fc.property(arbWorld, (w) => {
        const ctx = contextOf(w);
        const document = doc({ clients: ["P-1"], documentGroup: w.group, caseId: "1.2.246.10.9.56.1" });
        const d = decideAccess({ organisationOid: w.who.org, serviceUnitOid: w.who.unit }, w.action, {
          registerId: w.registerId,
          organiserOid: w.registerId,
          clientId: "P-1",
          document,
          creatorOrganisationOid: w.creator,
          ...(w.after ? { relationshipAfter: w.after } : {}),
          personalData: w.personalData,
        }, ctx);
        if (d.allow) expect(hasBasis(w, ctx)).toBe(true);
        else expect(Object.keys(ACCESS_ERRORS)).toContain(d.code);
        for (const warning of d.warnings) expect(Object.keys(ACCESS_ERRORS)).toContain(warning.code);
        expect(d.log.length).toBeGreaterThan(0);
        for (const entry of d.log) {
          expect(entry.outcome).toBe(d.allow ? "allowed" : "refused");
          expect(entry.log).toBe(d.allow && w.anv === "3" ? "disclosure" : "usage");
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("redactNonDisclosure never lets a covered item of a person with spärr in force reach another organiser, and removes nothing else [D08-R64 D08-R66 L34389-34428 L34503-34515]", () => {
    fc.assert(
      fc.property(arbOrg, arbOrg, arbPersonalData, arbMarkings, (registerId, viewer, personalData, markings) => {
        const record = { registerId, personalData };
        const { record: out, withheld } = redactNonDisclosure(record, viewer, { nonDisclosure: markings, now: NOW });
        out.personalData!.forEach((entry, i) => {
          const original = personalData[i]!;
          for (const [item, value] of Object.entries(original.items)) {
            const mustGo = viewer !== registerId && inForce(markings, entry.personId) && NON_DISCLOSURE_ITEM_KEYS.has(item);
            expect(entry.items[item as PersonalDataItem]).toBe(mustGo ? undefined : value);
          }
        });
        expect(withheld.every((w) => NON_DISCLOSURE_ITEM_KEYS.has(w.item))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("filterDisclosableDocuments: every disclosed document has a basis, passes the exclusions of its mode and carries no covered item [D07-R70…R75 D08-R66]", () => {
    const arbDoc = fc.record({
      registerId: arbOrg,
      group: fc.constantFrom(...GROUPS),
      shelter: fc.boolean(),
      task: fc.constantFrom("26", "27"),
      personalData: arbPersonalData,
    });
    fc.assert(
      fc.property(fc.array(arbDoc, { maxLength: 4 }), arbOrg, fc.constantFrom<"public" | "private">("public", "private"), fc.constantFrom<"simple" | "extended">("simple", "extended"), arbConsent, arbMarkings, (docs, searcher, kind, mode, consent, markings) => {
        const documents = docs.map((d) => ({
          registerId: d.registerId,
          personalData: d.personalData,
          metadata: doc({ documentGroup: d.group, serviceTasks: [{ code: d.task, codeSystem: "1.2.246.537.6.1299" }], socialServices: d.shelter ? [{ code: "56", codeSystem: "1.2.246.10.99990000.3.2" }] : [] }),
        }));
        const verdicts = filterDisclosableDocuments(documents, { mode, now: NOW, clientId: "P-1", searcherOrganisationOid: searcher, searcherKind: kind, nonDisclosure: markings, ...(consent ? { consent } : {}) });
        expect(verdicts).toHaveLength(documents.length);
        verdicts.forEach((v, i) => {
          if (!v.disclose) return;
          const source = docs[i]!;
          expect(source.registerId).not.toBe(searcher);
          expect(source.group).not.toBe("client-relationship");
          if (mode === "extended") expect(kind).toBe("public");
          else {
            const info = consent?.kantaInformationGivenAt;
            expect(info !== undefined && Date.parse(info) <= NOW.getTime()).toBe(true);
            const perms = (consent?.permissions ?? []).filter((p) => Date.parse(p.storedAt) <= NOW.getTime()).sort((a, b) => Date.parse(a.storedAt) - Date.parse(b.storedAt));
            expect(perms.at(-1)?.positive).toBe(true);
            expect(["old", "phase-1"]).not.toContain(source.group);
            expect(source.shelter).toBe(false);
            for (const p of consent?.prohibitions ?? []) {
              if (Date.parse(p.storedAt) > NOW.getTime()) continue;
              const t = p.target;
              expect(t.kind === "all" || (t.kind === "controller" && t.oid === source.registerId) || (t.kind === "service-task" && t.code === source.task)).toBe(false);
            }
          }
          for (const entry of v.document.personalData ?? []) {
            if (!inForce(markings, entry.personId)) continue;
            for (const item of Object.keys(entry.items)) expect(NON_DISCLOSURE_ITEM_KEYS.has(item)).toBe(false);
          }
        });
      }),
      { numRuns: 2000 },
    );
  });
});
