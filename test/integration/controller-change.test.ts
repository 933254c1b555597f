/**
 * Controller changes (handbook 12.4) end to end through SOAP: domain/08 §7 scenarios 16 (model 1: the
 * archive transfers Exempelstad's register to Testby), 17 (model 2: Omsorg Privat closes and ceases,
 * Testby continues) and 18 (gammal klientrelation freezes a KRH). Changes are recorded through the admin
 * API (`POST /admin/api/controller-changes`, the organisation-register stub); the archive's clock is moved
 * with X-Kanta-Sim-Now. This file has its own database: the changes are global to it.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { documentsOf, soapWorld, WORLD, type Actor, type Doc } from "../support/soap-world.js";

const BEFORE = "2026-11-10T10:00:00Z";
const CLOSING = "2026-11-20T10:00:00Z";
const NOW = "2026-11-28T12:00:00Z";
const E = WORLD.testby;
const D = WORLD.exempelstad;
const P = WORLD.omsorg;
const asE: Actor = { organisation: E, usageSituation: "1" };
const asEAtTransferredUnit: Actor = { organisation: E, usageSituation: "1", unit: D.unit };
const asD: Actor = { organisation: D, usageSituation: "1" };
const asP: Actor = { organisation: P, usageSituation: "1" };
let individual = 700;
const newClient = () => makePersonalIdentityCode("1968-02-11", individual++);

/** The next version of a stored document with other metadata and body. */
function nextVersion(doc: Doc, metadata: Partial<DocumentMetadata> = {}, json: Record<string, unknown> = {}): Doc {
  const m = doc.metadata;
  return {
    metadata: { ...m, documentId: `${m.setId}.${m.versionNumber + 1}`, versionNumber: m.versionNumber + 1, replacesDocumentId: m.documentId, ...metadata },
    body: doc.body.json === undefined ? doc.body : { ...doc.body, json: { ...(doc.body.json as Record<string, unknown>), ...json } },
  };
}

describe("controller changes through SOAP (domain/08 §7 scenarios 16–18)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let world: ReturnType<typeof soapWorld>;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    world = soapWorld(app, { at: NOW });
  });
  afterAll(async () => app.close());

  async function accepted(doc: Doc, actor: Actor, at = NOW, cancel = false) {
    const ack = await world.send(doc, actor, { at, cancel });
    expect(ack.codes, JSON.stringify(ack.details)).toEqual([]);
    expect(ack.typeCode).toBe("AA");
    return doc;
  }
  const change = (model: 1 | 2, from: string, to: string, effectiveDate: string) => app.inject({ method: "POST", url: "/admin/api/controller-changes", payload: { model, from, to, effectiveDate } });
  const versionsOf = async (setId: string) => (await t.database.db.selectFrom("document_versions").select("version_id").where("set_id", "=", setId).execute()).length;

  it("scenario 16: model 1 — Exempelstad's register passes to Testby without new versions; Testby searches it, must version with its own controller ids, and keeps one active KRH per client [D08-R38 L32433-32437, D08-R39 L32473-32481, D08-R40 L32855-32892, D08-R41 L32653-32675]", async () => {
    const client = newClient();
    const d = documentsOf(D);
    const kr = await accepted(d.kr(client), asD, BEFORE);
    const theCase = await accepted(d.case(client), asD, BEFORE);
    const entry = await accepted(d.entry(client, theCase.metadata.caseId!), asD, BEFORE);

    const recorded = await change(1, D.oid, E.oid, "2026-11-20");
    expect(recorded.statusCode).toBe(201);
    expect((await app.inject({ method: "GET", url: "/admin/api/controller-changes" })).json()).toMatchObject({ changes: [{ model: 1, fromOid: D.oid, toOid: E.oid, effectiveDate: "2026-11-20" }] });
    expect((await change(1, D.oid, E.oid, "2026-11-21")).statusCode).toBe(409);
    // No versions are written by the transfer (D08-R38).
    expect([await versionsOf(kr.metadata.setId), await versionsOf(theCase.metadata.setId), await versionsOf(entry.metadata.setId)]).toEqual([1, 1, 1]);

    // Testby's worker at the unit carried over from Exempelstad: the register is Testby's own now.
    const found = await world.query("SP5", client, asEAtTransferredUnit);
    expect(found.codes).toEqual([]);
    expect(found.sets.sort()).toEqual([kr.metadata.setId, theCase.metadata.setId, entry.metadata.setId].sort());
    // Before the effective date the transfer had not happened.
    expect((await world.query("SP5", client, asEAtTransferredUnit, {}, "2026-11-19T10:00:00Z")).sets).toEqual([]);

    // A version still carrying Exempelstad's controller ids is stale; with Testby's it is accepted.
    const stale = await world.send(nextVersion(kr), asEAtTransferredUnit);
    expect(stale.codes).toEqual(["ACCESS-CONTROLLER-METADATA-STALE"]);
    const asTestby = { organiser: { oid: E.oid, name: E.name } };
    await accepted(nextVersion(kr, asTestby), asEAtTransferredUnit);
    // A KH version with Testby's ids that also corrects another metadata item (DT-12.5).
    await accepted(nextVersion(entry, { ...asTestby, producer: { oid: E.oid, name: E.name }, title: "Anteckning (rättad)" }), asEAtTransferredUnit);
    // Exempelstad itself can no longer write.
    expect((await world.send(d.kr(newClient()), asD)).codes).toEqual(["ACCESS-CONTROLLER-METADATA-STALE"]);
    // One active KRH per client in the (phase-2) register, the transferred one included.
    const second = await world.send(documentsOf(E).kr(client), asE);
    expect(second.codes).toContain("STR-KR-DUPLICATE");
  });

  it("scenario 17: model 2 — Omsorg closes its relationship and case while valid, nothing more goes into the closed case, and after the effective date it cannot store; Testby starts anew [D08-R43 L32904-32926, D08-R45 L33174-33178, D08-R46 L33184-33202]", async () => {
    const client = newClient();
    const p = documentsOf(P);
    const kr = await accepted(p.kr(client), asP, BEFORE);
    const theCase = await accepted(p.case(client), asP, BEFORE);
    const entry = await accepted(p.entry(client, theCase.metadata.caseId!), asP, BEFORE);
    expect((await change(2, P.oid, E.oid, "2026-11-25")).statusCode).toBe(201);

    // Closing while still valid: the KRH with end dates, the case Stängt with its end date in content and metadata.
    await accepted(nextVersion(kr, {}, { asiakkuusPaattynyt: "2026-11-24" }), asP, CLOSING);
    const closed = { caseStatus: { code: "2", codeSystem: "1.2.246.10.99990000.3.3" }, caseClosedAt: "2026-11-20" };
    await accepted(nextVersion(theCase, closed, { asianTila: "suljettu", asiaSuljettu: "2026-11-20" }), asP, CLOSING);
    // D08-R45: no new version of a client document in the closed case.
    expect((await world.send(nextVersion(entry, { title: "Sent tillägg" }), asP, { at: CLOSING })).codes).toContain("STR-CASE-CLOSED");
    // After the effective date Omsorg is no longer valid in the organisation register.
    expect((await world.send(nextVersion(nextVersion(kr, {}, { asiakkuusPaattynyt: "2026-11-24" })), asP)).codes).toEqual(["ACCESS-CONTROLLER-NOT-VALID"]);
    // The new controller creates its own KRH, case and client document for the continuing client.
    const e = documentsOf(E);
    await accepted(e.kr(client), asE);
    const newCase = await accepted(e.case(client), asE);
    await accepted(e.entry(client, newCase.metadata.caseId!), asE);
    // Model 2 transfers nothing: Testby's own register shows only its own documents.
    expect((await world.query("SP5", client, asE)).sets).not.toContain(kr.metadata.setId);
  });

  it("scenario 19: the continuing controller stores the ceased controller's old client documents in its own register with the original controller (here an FO-nummer); a new version cannot change it [D08-R49 L33606-33822, Table 12.4.9]", async () => {
    const client = newClient();
    const e = documentsOf(E);
    await accepted(e.kr(client), asE);
    const theCase = await accepted(e.case(client), asE);
    const original = { oid: "9999002-3", name: "Exempelstad (socialväsendet)" };
    // An old client document: unstructured, with its original service task (2011) beside the current one (D07-R111).
    const oldEntry = e.entry(client, theCase.metadata.caseId!, {
      documentGroup: "old",
      originalController: original,
      title: "Gammal anteckning",
      serviceTasks: [{ code: "26", codeSystem: "1.2.246.537.6.1299" }, { code: "10", codeSystem: "1.2.246.10.99990000.3.14" }],
    });
    const old = await accepted({ metadata: oldEntry.metadata, body: { xhtml: "<paragraph>Gammal anteckning.</paragraph>" } }, asE);
    const answer = await world.query("SP6", client, asE, { setId: old.metadata.setId });
    expect(answer.results[0]?.metadata).toMatchObject({ originalController: original });
    await accepted(nextVersion(old, { title: "Gammal anteckning (rättad)" }), asE);
    const changed = await world.send(nextVersion(nextVersion(old), { originalController: { oid: E.oid, name: E.name } }), asE);
    expect(changed.codes).toEqual(["VER-ORIGINAL-CONTROLLER-CHANGED"]);
  });

  it("the admin API refuses a change naming an unknown organisation, the same controller twice, or an impossible date", async () => {
    expect((await change(1, "1.2.246.10.99990077.10.0", E.oid, "2026-11-20")).json()).toMatchObject({ error: "ADMIN-REFERENCE-UNKNOWN" });
    expect((await change(2, E.oid, E.oid, "2026-11-20")).json()).toMatchObject({ error: "ADMIN-BODY-INVALID" });
    expect((await change(2, WORLD.hemhjalp.oid, E.oid, "2026-02-30")).json()).toMatchObject({ error: "ADMIN-BODY-INVALID" });
    expect((await app.inject({ method: "POST", url: "/admin/api/controller-changes", payload: { model: 3, from: E.oid, to: D.oid, effectiveDate: "2026-11-20" } })).statusCode).toBe(400);
  });

  it("scenario 18: a KRH taken out of use with gammal klientrelation (no end date needed) is frozen for good [D08-R44 L32920-32926, L33242-33244, D08-R47 L33204-33244]", async () => {
    const client = newClient();
    const e = documentsOf(E);
    const kr = await accepted(e.kr(client), asE);
    const gammal = await accepted(nextVersion(kr, { oldClientRelationship: true }, { oldClientRelationship: true }), asE);
    const after = await world.send(nextVersion(gammal, { oldClientRelationship: true }, { oldClientRelationship: true }), asE);
    expect(after.codes).toContain("VER-KR-OLD-RELATIONSHIP-FROZEN");
    expect(after.typeCode).not.toBe("AA");
  });
});
