import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { extractClientRelationshipFacts, loadClientRelationship, loadClientRelationships, recordClientRelationshipFacts, SERVICE_TASK_CODE_SYSTEM } from "../../src/archive/client-relationships.js";
import { storeVersion } from "../../src/archive/store.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { hasSakligAnknytning } from "../../src/rules/access/relationship.js";
import type { Principal } from "../../src/rules/access/types.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { clientDocumentMetadata, TEST_SIGNER } from "../support/metadata.js";

const ORGANISER = "1.2.246.10.99990001.10.0";
const CITY = "1.2.246.10.99990002.10.0";
const CHILD = "050912A958F";
const CHILD_PROTECTION_UNIT = "1.2.246.10.99990001.10.101";
const FAMILY_WORK_UNIT = "1.2.246.10.99990005.10.501";
const task = { code: "10", codeSystem: SERVICE_TASK_CODE_SYSTEM };

/** Stores a KR version; storeVersion records its client-relationship facts in the same transaction. */
async function storeKr(db: Parameters<typeof storeVersion>[0], metadata: DocumentMetadata, json: unknown, receivedAt: string): Promise<void> {
  const result = await storeVersion(db, { metadata, content: new TextEncoder().encode(`<kr>${metadata.documentId}</kr>`), signer: TEST_SIGNER, messageId: `m-${metadata.documentId}`, receivedAt: new Date(receivedAt), body: { json } });
  expect(result.ok).toBe(true);
}

function krMetadata(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return clientDocumentMetadata({ documentGroup: "client-relationship", clients: [CHILD], serviceUnit: { oid: CHILD_PROTECTION_UNIT }, caseId: undefined, producer: undefined, ...overrides });
}

describe("the client-relationship model: facts of the latest non-makulerad KR version (D05-R29 L20568-20570)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  const v1 = krMetadata();
  const { setId } = v1;
  const v2: DocumentMetadata = { ...v1, documentId: `${setId}.2`, versionNumber: 2, replacesDocumentId: v1.documentId };
  const v3: DocumentMetadata = { ...v1, documentId: `${setId}.3`, versionNumber: 3, replacesDocumentId: v2.documentId, status: "cancelled" };
  const contentV1 = {
    socialCareRelationship: { start: "2026-01-10" },
    childProtectionRelationship: { start: "2026-01-10" },
    serviceTasks: [{ serviceTask: task, organiserUnits: [{ serviceUnitOid: CHILD_PROTECTION_UNIT, start: "2026-01-10" }] }],
    responsibleWorkers: [{ id: "150585-951A", name: "Sara Socionom" }],
  };
  // v2: the producer's unit is added, the organiser's unit relationship ends, the worker is replaced (D05-R31, §5.5).
  const contentV2 = {
    ...contentV1,
    serviceTasks: [{ serviceTask: task, organiserUnits: [{ serviceUnitOid: CHILD_PROTECTION_UNIT, start: "2026-01-10", end: "2026-06-30" }], producerUnits: [{ serviceUnitOid: FAMILY_WORK_UNIT, organisationOid: "1.2.246.10.99990005.10.0", start: "2026-07-01" }] }],
    responsibleWorkers: [{ id: "9999994", name: "Oskar Familjearbetare", serviceUnitOid: FAMILY_WORK_UNIT }],
    nonDisclosure: { note: "spärrmarkering inledd 2026-07-15" },
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    await storeKr(t.database.db, v1, contentV1, "2026-01-10T09:00:00Z");
    await storeKr(t.database.db, v2, contentV2, "2026-07-20T09:00:00Z");
  });
  afterAll(async () => app.close());

  it("reads the latest version as the access rules' ClientRelationshipFacts [D05-R30 L20357-20369, D05-R31 L20608-20637]", async () => {
    const krh = await loadClientRelationship(t.database.db, CHILD, ORGANISER, new Date("2026-08-01T00:00:00Z"));
    expect(krh).toMatchObject({
      setId,
      versionNumber: 2,
      registerId: `${ORGANISER}:1`,
      clientId: CHILD,
      socialCareStart: "2026-01-10",
      childProtectionStart: "2026-01-10",
      oldRelationship: false,
      responsibleWorkers: [{ id: "9999994", serviceUnitOid: FAMILY_WORK_UNIT }],
      nonDisclosureNote: "spärrmarkering inledd 2026-07-15",
    });
    expect(krh?.units).toEqual([
      { serviceUnitOid: CHILD_PROTECTION_UNIT, organisationOid: ORGANISER, role: "organiser", serviceTask: task, start: "2026-01-10", end: "2026-06-30" },
      { serviceUnitOid: FAMILY_WORK_UNIT, organisationOid: "1.2.246.10.99990005.10.0", role: "producer", serviceTask: task, start: "2026-07-01" },
    ]);
    // The pure access rule takes it as it is: the producer's unit has saklig anknytning, the ended organiser unit not.
    const producer: Principal = { organisationOid: "1.2.246.10.99990005.10.0", serviceUnitOid: FAMILY_WORK_UNIT };
    const organiserUnit: Principal = { organisationOid: ORGANISER, serviceUnitOid: CHILD_PROTECTION_UNIT };
    expect(hasSakligAnknytning(krh, producer, "2026-08-01")).toBe(true);
    expect(hasSakligAnknytning(krh, organiserUnit, "2026-08-01")).toBe(false);
  });

  it("reads the version in force at the given time: before v2 was stored, v1 counts", async () => {
    const krh = await loadClientRelationship(t.database.db, CHILD, ORGANISER, new Date("2026-03-01T00:00:00Z"));
    expect(krh).toMatchObject({ versionNumber: 1, responsibleWorkers: [{ id: "150585-951A" }] });
    expect(krh?.units).toHaveLength(1);
    expect(await loadClientRelationship(t.database.db, CHILD, ORGANISER, new Date("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("has nothing for another organiser or another client [D05-R25 L20349-20353]", async () => {
    expect(await loadClientRelationship(t.database.db, CHILD, CITY, new Date("2026-08-01T00:00:00Z"))).toBeUndefined();
    expect(await loadClientRelationship(t.database.db, "300116A962A", ORGANISER, new Date("2026-08-01T00:00:00Z"))).toBeUndefined();
  });

  it("prefers the current relationship to a 'gammal klientrelation' and falls back to it when none is current [D05-R27 L20423-20443]", async () => {
    const old = krMetadata({ clients: ["300116A962A"], oldClientRelationship: true });
    await storeKr(t.database.db, old, { socialCareRelationship: { start: "2010-01-01", end: "2012-12-31" } }, "2026-09-01T09:00:00Z");
    const at = new Date("2026-09-02T00:00:00Z");
    expect(await loadClientRelationship(t.database.db, "300116A962A", ORGANISER, at)).toMatchObject({ setId: old.setId, oldRelationship: true, socialCareEnd: "2012-12-31" });
    const currentMeta = krMetadata({ clients: ["300116A962A"] });
    await storeKr(t.database.db, currentMeta, { socialCareRelationship: { start: "2026-09-01" } }, "2026-09-01T10:00:00Z");
    const both = await loadClientRelationships(t.database.db, "300116A962A", ORGANISER, at);
    expect(both.map((r) => [r.setId, r.oldRelationship])).toEqual([
      [currentMeta.setId, false],
      [old.setId, true],
    ]);
    expect((await loadClientRelationship(t.database.db, "300116A962A", ORGANISER, at))?.setId).toBe(currentMeta.setId);
  });

  it("the admin API shows the model at a time, and refuses a malformed time", async () => {
    const res = await app.inject({ method: "GET", url: `/admin/api/client-relationships?client=${CHILD}&organiser=${ORGANISER}&at=2026-03-01T00:00:00Z` });
    expect(res.statusCode).toBe(200);
    expect(res.json().relationships.map((r: { versionNumber: number }) => r.versionNumber)).toEqual([1]);
    const bad = await app.inject({ method: "GET", url: `/admin/api/client-relationships?client=${CHILD}&organiser=${ORGANISER}&at=yesterday` });
    expect([bad.statusCode, bad.json().error]).toEqual([400, "ADMIN-CLOCK-INVALID"]);
  });

  it("a makulerad KR counts for nothing from the makulering on (D07-R39); before it, the latest earlier version still does", async () => {
    await storeKr(t.database.db, v3, {}, "2026-10-01T09:00:00Z");
    expect(await loadClientRelationship(t.database.db, CHILD, ORGANISER, new Date("2026-10-02T00:00:00Z"))).toBeUndefined();
    expect(await loadClientRelationship(t.database.db, CHILD, ORGANISER, new Date("2026-09-30T00:00:00Z"))).toMatchObject({ versionNumber: 2 });
  });

  it("the recorded facts are append-only, like the versions they come from", async () => {
    await expect(sql`UPDATE client_relationship_versions SET old_relationship = true WHERE set_id = ${setId}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM client_relationship_units WHERE version_id = ${v1.documentId}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    // Facts for a version that was never stored cannot be recorded.
    const ghost = krMetadata();
    await expect(recordClientRelationshipFacts(t.database.db, ghost.documentId, extractClientRelationshipFacts(ghost, { json: contentV1 }))).rejects.toThrow();
  });
});
