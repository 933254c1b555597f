/**
 * Parallel connection (handbook 13.6, D08-R71, DT-7) end to end through SOAP: Omsorg Privat's professional
 * works in Testby's client system — the messages come from Testby's system (its device id and signing
 * certificate) and name Omsorg and Omsorg's unit as the actor. The archive decides on the acting
 * organisation and unit, never on the sending system (D08-R26): domain/08 §7 scenario 20 and domain/02 §7
 * S2 (case chain with a private producer) and S8 (joint connection isolation).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { documentsOf, soapWorld, WORLD, type Actor, type Doc } from "../support/soap-world.js";

const NOW = "2026-11-28T12:00:00Z";
const A = WORLD.testby;
const P = WORLD.omsorg;

describe("parallel connection through SOAP (domain/08 §7 scenario 20)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let world: ReturnType<typeof soapWorld>;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    world = soapWorld(app, { at: NOW });
    const agreement = await app.inject({ method: "POST", url: "/admin/api/world/agreements", payload: { id: "a-testby-omsorg-normal", organiser_oid: A.oid, producer_oid: P.oid, access: "normal", service_unit_oids: [P.unit], valid_from: "2024-01-01" } });
    expect(agreement.statusCode).toBe(201);
  });
  afterAll(async () => app.close());

  it("scenario 20: via the organiser's system the producer stores a KH under register access, never a case document; in its own register it may do anything; it cannot read the organiser's register as its own [D08-R71 L34584-34610, DT-7.1–7.5, D08-R26 L32388-32409]", async () => {
    const client = makePersonalIdentityCode("1959-09-09", 811);
    const a = documentsOf(A);
    const kr = a.kr(client, { producerUnits: [{ serviceUnitOid: P.unit, organisationOid: P.oid, start: "2026-11-01" }] });
    const accepted = async (doc: Doc, actor: Actor) => {
      const ack = await world.send(doc, actor);
      expect(ack.codes, JSON.stringify(ack.details)).toEqual([]);
      return doc;
    };
    await accepted(kr, { organisation: A, usageSituation: "1" });
    const theCase = await accepted(a.case(client), { organisation: A, usageSituation: "1" });

    const viaA = (usageSituation: Actor["usageSituation"]): Actor => ({ organisation: P, usageSituation, viaSystemOf: A });
    // DT-7.3: no case or KR documents under register access.
    const producerCase = a.case(client);
    const refusedCase = await world.send({ ...producerCase, metadata: { ...producerCase.metadata, producer: { oid: P.oid, name: P.name }, serviceUnit: { oid: P.unit } } }, viaA("2"));
    expect(refusedCase.codes).toContain("ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN");
    // DT-7.2: a KH produced in the service is stored.
    const entry = a.entry(client, theCase.metadata.caseId!, { producer: { oid: P.oid, name: P.name }, serviceUnit: { oid: P.unit } });
    await accepted(entry, viaA("2"));
    // DT-7.1: it searches what it needs in the organiser's register.
    expect((await world.query("SP5", client, viaA("2"), { registerOrganiserOid: A.oid })).sets).toContain(entry.metadata.setId);
    // DT-7.4: in its own register (Omsorg's register 2) there are no restrictions.
    const own = documentsOf(P);
    await accepted(own.kr(client), viaA("1"));
    await accepted(own.case(client), viaA("1"));
    // DT-7.5: the organiser's data is not the producer's own: usage situation 1 on Testby's register is refused.
    expect((await world.query("SP5", client, viaA("1"), { registerOrganiserOid: A.oid })).codes).toEqual(["ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"]);
  });

  it("02 S2: case chain with a private producer on a parallel connection — a case query in the organiser's register returns the organiser's and the producer's K1 documents, never the producer's own register's [L5101-5133, L6108-6136, L7308-7312]", async () => {
    const client = makePersonalIdentityCode("1961-06-16", 812);
    const a = documentsOf(A);
    const asA: Actor = { organisation: A, usageSituation: "1" };
    const viaA = (usageSituation: Actor["usageSituation"]): Actor => ({ organisation: P, usageSituation, viaSystemOf: A });
    const ok = async (doc: Doc, actor: Actor) => {
      const ack = await world.send(doc, actor);
      expect(ack.codes, JSON.stringify(ack.details)).toEqual([]);
      return doc.metadata;
    };
    await ok(a.kr(client, { producerUnits: [{ serviceUnitOid: P.unit, organisationOid: P.oid, start: "2026-11-01" }] }), asA);
    const k1 = await ok(a.case(client), asA);
    const organiserDocs = [k1.setId];
    for (const title of ["Bedömning av servicebehov", "Klientplan", "Beslut om serviceboende"]) organiserDocs.push((await ok(a.entry(client, k1.caseId!, { title }), asA)).setId);
    const delivery = await ok(a.entry(client, k1.caseId!, { title: "Genomförande av tjänsten", producer: { oid: P.oid, name: P.name }, serviceUnit: { oid: P.unit } }), viaA("2"));
    const own = documentsOf(P);
    await ok(own.kr(client), viaA("1"));
    const ownCase = await ok(own.case(client), viaA("1"));
    const selfPaying = await ok(own.entry(client, ownCase.caseId!, { title: "Självbetalande klient" }), viaA("1"));

    const k1Query = await world.query("SP4", client, asA, { caseId: k1.caseId! });
    expect(k1Query.codes).toEqual([]);
    const inCase = await world.query("SP5", client, asA, { caseId: k1.caseId! });
    expect(inCase.sets.sort()).toEqual([...organiserDocs, delivery.setId].sort());
    expect(inCase.sets).not.toContain(selfPaying.setId);
    // The same store without the register owner (the producer names itself as organiser): not accepted.
    const ownerless = own.entry(client, k1.caseId!, { title: "Utan registerägare" });
    expect((await world.send(ownerless, viaA("2"))).typeCode).not.toBe("AA");
  });

  it("02 S8: joint connection isolation — the tenant stores in its own register; the main connector never sees it without register access, and then only by naming the tenant's register [L6077-6099, L7308-7312]", async () => {
    const client = makePersonalIdentityCode("1972-12-24", 813);
    // T = Omsorg Privat Ab, a tenant on H = Testby's joint connection (its messages come from Testby's system).
    const tenant = (usageSituation: Actor["usageSituation"]): Actor => ({ organisation: P, usageSituation, viaSystemOf: A });
    const t = documentsOf(P);
    const ack = async (doc: Doc, actor: Actor) => expect((await world.send(doc, actor)).codes).toEqual([]);
    // (a) T stores into T's register; the register is T's (controller T).
    const kr = t.kr(client, { producerUnits: [{ serviceUnitOid: A.unit, organisationOid: A.oid, start: "2026-11-01" }] });
    await ack(kr, tenant("1"));
    const theCase = t.case(client);
    await ack(theCase, tenant("1"));
    const entry = t.entry(client, theCase.metadata.caseId!);
    await ack(entry, tenant("1"));
    // (b) H searching in its own use does not see T's documents.
    expect((await world.query("SP5", client, { organisation: A, usageSituation: "1", unit: A.otherUnit }, { specialReason: { code: "1", codeSystem: "1.2.246.10.99990000.3.12" } })).sets).toEqual([]);
    // (d) H under register access without naming the register owner: refused.
    expect((await world.query("SP5", client, { organisation: A, usageSituation: "2" })).codes).toEqual(["ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"]);
    // (c) T grants H register access (an agreement; T's KR records H's unit): naming T's register, H gets T's documents.
    expect((await world.query("SP5", client, { organisation: A, usageSituation: "2" }, { registerOrganiserOid: P.oid })).codes).toEqual(["ACCESS-NO-PRODUCTION-AGREEMENT"]);
    const grant = await app.inject({ method: "POST", url: "/admin/api/world/agreements", payload: { id: "a-omsorg-testby-normal", organiser_oid: P.oid, producer_oid: A.oid, access: "normal", service_unit_oids: [A.unit], valid_from: "2024-01-01" } });
    expect(grant.statusCode).toBe(201);
    const granted = await world.query("SP5", client, { organisation: A, usageSituation: "2" }, { registerOrganiserOid: P.oid });
    expect(granted.codes).toEqual([]);
    expect(granted.sets.sort()).toEqual([kr.metadata.setId, theCase.metadata.setId, entry.metadata.setId].sort());
  });
});
