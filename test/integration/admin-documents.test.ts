import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { storeVersion } from "../../src/archive/store.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { clientDocumentMetadata, TEST_SIGNER } from "../support/metadata.js";

const CLIENT = "190790-981S";
const bytes = (text: string) => new TextEncoder().encode(`<ClinicalDocument>${text}</ClinicalDocument>`);

describe("admin API: the archivist view (/admin/api/documents)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  const first = clientDocumentMetadata({ clients: [CLIENT], title: "Bedömning" });
  const { setId } = first;
  const second: DocumentMetadata = { ...first, documentId: `${setId}.2`, versionNumber: 2, replacesDocumentId: first.documentId, title: "Bedömning, rättad" };
  const cancel: DocumentMetadata = { ...first, documentId: `${setId}.3`, versionNumber: 3, replacesDocumentId: second.documentId, status: "cancelled" };
  const other = clientDocumentMetadata({ clients: [CLIENT, "140375-921H"] });
  const store = async (metadata: DocumentMetadata, text: string, at: string) => {
    const result = await storeVersion(t.database.db, { metadata, content: bytes(text), signer: TEST_SIGNER, messageId: `m-${metadata.documentId}`, receivedAt: new Date(at) });
    expect(result.ok).toBe(true);
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    await store(first, "v1", "2026-11-01T10:00:00Z");
    await store(second, "v2", "2026-11-02T10:00:00Z");
    await store(cancel, "v3 makulerad", "2026-11-03T10:00:00Z");
    await store(other, "joint", "2026-11-04T10:00:00Z");
  });
  afterAll(async () => app.close());

  it("lists every document of a client, a makulerad one with status cancelled", async () => {
    const res = await app.inject({ method: "GET", url: `/admin/api/documents?client=${CLIENT}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({ setId, versions: 3, latestVersion: 3, status: "cancelled", clients: [CLIENT], documentClass: "KH2" }),
      expect.objectContaining({ setId: other.setId, versions: 1, latestVersion: 1, status: "active", clients: [CLIENT, "140375-921H"] }),
    ]);
    const guardian = (await app.inject({ method: "GET", url: "/admin/api/documents?client=140375-921H" })).json();
    expect(guardian.map((d: { setId: string }) => d.setId)).toEqual([other.setId]);
    expect((await app.inject({ method: "GET", url: "/admin/api/documents?client=010101-999X" })).json()).toEqual([]);
  });

  it("lists every version, the earlier ones and the makulering, with status, hash and what replaced what", async () => {
    const res = await app.inject({ method: "GET", url: `/admin/api/documents/${setId}/versions` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ setId, status: "cancelled" });
    expect(body.versions).toEqual([
      expect.objectContaining({ versionNumber: 1, versionId: first.documentId, status: "active", latest: false, replacesVersionId: null, title: "Bedömning", receivedAt: "2026-11-01T10:00:00.000Z", sha256: createHash("sha256").update(bytes("v1")).digest("hex") }),
      expect.objectContaining({ versionNumber: 2, status: "active", latest: false, replacesVersionId: first.documentId, title: "Bedömning, rättad" }),
      expect.objectContaining({ versionNumber: 3, status: "cancelled", latest: true, replacesVersionId: second.documentId, size: bytes("v3 makulerad").length }),
    ]);
  });

  it.each([1, 2, 3])("returns the exact stored bytes of version %i", async (n) => {
    const res = await app.inject({ method: "GET", url: `/admin/api/documents/${setId}/versions/${n}/content` });
    expect(res.statusCode).toBe(200);
    const expected = bytes(["v1", "v2", "v3 makulerad"][n - 1]!);
    expect(res.rawPayload.equals(Buffer.from(expected))).toBe(true);
    expect(res.headers["content-type"]).toMatch(/^application\/xml/);
    expect(res.headers["x-content-sha256"]).toBe(createHash("sha256").update(expected).digest("hex"));
    expect(res.headers["x-version-status"]).toBe(n === 3 ? "cancelled" : "active");
  });

  it.each([
    ["an unknown setId", "/admin/api/documents/1.2.3.4/versions", 404, "ADMIN-DOCUMENT-NOT-FOUND"],
    ["the content of an unknown setId", "/admin/api/documents/1.2.3.4/versions/1/content", 404, "ADMIN-DOCUMENT-NOT-FOUND"],
    ["a version that does not exist", `/admin/api/documents/${setId}/versions/4/content`, 404, "ADMIN-VERSION-NOT-FOUND"],
    ["a version number that is not a number", `/admin/api/documents/${setId}/versions/first/content`, 400, "ADMIN-BODY-INVALID"],
    ["a search without client", "/admin/api/documents", 400, "ADMIN-BODY-INVALID"],
  ])("refuses %s", async (_, url, status, code) => {
    const res = await app.inject({ method: "GET", url });
    expect([res.statusCode, res.json().error]).toEqual([status, code]);
  });

  it("re-checks the hash on every read: bytes changed behind the archive's back → ADMIN-CONTENT-INTEGRITY [DESIGN §6]", async () => {
    // Only this file's database: lift the protections the database itself gives, to simulate damage on disk.
    await sql`ALTER TABLE document_versions DROP CONSTRAINT document_versions_sha256_matches`.execute(t.database.db);
    await sql`ALTER TABLE document_versions DISABLE TRIGGER document_versions_no_update_delete`.execute(t.database.db);
    await sql`UPDATE document_versions SET content = ${bytes("tampered")} WHERE version_id = ${other.documentId}`.execute(t.database.db);
    const res = await app.inject({ method: "GET", url: `/admin/api/documents/${other.setId}/versions/1/content` });
    expect([res.statusCode, res.json().error]).toEqual([500, "ADMIN-CONTENT-INTEGRITY"]);
  });
});
