import { describe, expect, it } from "vitest";
import { readVersion, storeVersion } from "../../src/archive/store.js";
import { clientDocumentMetadata, TEST_SIGNER } from "../support/metadata.js";
import { useTestDatabase } from "../support/database.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("archive store: versions are appended in one transaction and races have one winner", () => {
  const t = useTestDatabase();

  it("stores a first version with its exact bytes and SHA-256, readable byte-identical [D07-R30 L29165-29171]", async () => {
    const metadata = clientDocumentMetadata();
    const content = bytes("<ClinicalDocument xmlns='urn:hl7-org:v3'>é</ClinicalDocument>");
    const result = await storeVersion(t.database.db, { metadata, content, signer: TEST_SIGNER, messageId: "m1", receivedAt: new Date() });
    expect(result).toMatchObject({ ok: true, versionId: metadata.documentId, registerId: "1.2.246.10.99990001.10.0:1" });
    const stored = await readVersion(t.database.db, metadata.documentId);
    expect(Buffer.from(stored!.content).equals(Buffer.from(content))).toBe(true);
  });

  it("refuses a second first version of the same setId", async () => {
    const metadata = clientDocumentMetadata();
    await storeVersion(t.database.db, { metadata, content: bytes("a"), signer: TEST_SIGNER, messageId: "m2", receivedAt: new Date() });
    const again = await storeVersion(t.database.db, { metadata: { ...metadata, documentId: `${metadata.setId}.9` }, content: bytes("b"), signer: TEST_SIGNER, messageId: "m3", receivedAt: new Date() });
    expect(again).toEqual({ ok: false, findings: [expect.objectContaining({ code: "ARCHIVE-DOCUMENT-EXISTS" })] });
  });

  it("refuses a reused version id", async () => {
    const first = clientDocumentMetadata();
    await storeVersion(t.database.db, { metadata: first, content: bytes("a"), signer: TEST_SIGNER, messageId: "m4", receivedAt: new Date() });
    const other = clientDocumentMetadata({ documentId: first.documentId });
    const result = await storeVersion(t.database.db, { metadata: other, content: bytes("b"), signer: TEST_SIGNER, messageId: "m5", receivedAt: new Date() });
    expect(result).toEqual({ ok: false, findings: [expect.objectContaining({ code: "ARCHIVE-DOCUMENT-ID-EXISTS" })] });
    // the failed transaction left no documents row behind
    const docs = await t.database.db.selectFrom("documents").select("set_id").where("set_id", "=", other.setId).execute();
    expect(docs).toEqual([]);
  });

  it("refuses a document of an organiser without that register", async () => {
    const metadata = clientDocumentMetadata({ organiser: { oid: "1.2.246.10.99990004.10.0" } });
    const result = await storeVersion(t.database.db, { metadata, content: bytes("a"), signer: TEST_SIGNER, messageId: "m6", receivedAt: new Date() });
    expect(result).toEqual({ ok: false, findings: [expect.objectContaining({ code: "ARCHIVE-UNKNOWN-REGISTER" })] });
  });

  it("lets exactly one of several concurrent writers of the same next version win (20 rounds × 4 writers) [D06-R15 L25956-25958]", async () => {
    for (let round = 0; round < 20; round++) {
      const v1 = clientDocumentMetadata();
      await storeVersion(t.database.db, { metadata: v1, content: bytes("v1"), signer: TEST_SIGNER, messageId: `r${round}`, receivedAt: new Date() });
      const writers = Array.from({ length: 4 }, (_, w) =>
        storeVersion(t.database.db, {
          metadata: { ...v1, documentId: `${v1.setId}.2.${w}`, versionNumber: 2, replacesDocumentId: v1.documentId },
          content: bytes(`v2 by writer ${w}`),
          signer: TEST_SIGNER,
          messageId: `r${round}w${w}`,
          receivedAt: new Date(),
        }),
      );
      const results = await Promise.all(writers);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const lost of results.filter((r) => !r.ok)) expect(lost).toEqual({ ok: false, findings: [expect.objectContaining({ code: "ARCHIVE-VERSION-CONFLICT" })] });
    }
  });
});
