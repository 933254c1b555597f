import { createHash } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database.js";

// [D07-R30 L29165-29171] stored documents are immutable originals; [D07-R31 L29169-29171] every change is a new version.
describe("document_versions is append-only, enforced by the database [D07-R30 L29165-29171]", () => {
  const t = useTestDatabase();
  const bytes = new TextEncoder().encode("<ClinicalDocument xmlns='urn:hl7-org:v3'/>");
  const sha = (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());

  beforeAll(async () => {
    const db = t.database.db;
    await db.insertInto("documents").values({ set_id: "1.2.246.10.99990001.55.1", register_id: "1.2.246.10.99990001.10.0:1", client_ids: ["140375-921H"], document_class: "KR" }).execute();
    await db
      .insertInto("document_versions")
      .values({ version_id: "1.2.246.10.99990001.55.1.1", set_id: "1.2.246.10.99990001.55.1", version_number: 1, status: "active", received_at: new Date(), metadata: "{}", content: bytes, content_sha256: sha(bytes) })
      .execute();
  });

  it("refuses UPDATE", async () => {
    await expect(sql`UPDATE document_versions SET status = 'cancelled'`.execute(t.database.db)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.database.db.updateTable("document_versions").set({ version_number: 2 }).where("version_id", "=", "1.2.246.10.99990001.55.1.1").execute()).rejects.toThrow(/append-only/);
  });

  it("refuses DELETE", async () => {
    await expect(sql`DELETE FROM document_versions`.execute(t.database.db)).rejects.toThrow(/append-only: DELETE refused/);
  });

  it("refuses TRUNCATE", async () => {
    await expect(t.database.exec("TRUNCATE document_versions CASCADE")).rejects.toThrow(/append-only: TRUNCATE refused/);
  });

  it("keeps the row byte-identical after the refused changes", async () => {
    const row = await t.database.db.selectFrom("document_versions").select(["content", "content_sha256", "status"]).executeTakeFirstOrThrow();
    expect(Buffer.from(row.content).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(row.content_sha256).equals(Buffer.from(sha(bytes)))).toBe(true);
    expect(row.status).toBe("active");
  });

  it("refuses content whose SHA-256 does not match", async () => {
    const other = new TextEncoder().encode("tampered");
    await expect(
      t.database.db
        .insertInto("document_versions")
        .values({ version_id: "x.2", set_id: "1.2.246.10.99990001.55.1", version_number: 2, status: "active", received_at: new Date(), metadata: "{}", content: other, content_sha256: sha(bytes) })
        .execute(),
    ).rejects.toThrow(/document_versions_sha256_matches/);
  });

  it("lets exactly one version have a given number in a document", async () => {
    await expect(
      t.database.db
        .insertInto("document_versions")
        .values({ version_id: "x.3", set_id: "1.2.246.10.99990001.55.1", version_number: 1, status: "active", received_at: new Date(), metadata: "{}", content: bytes, content_sha256: sha(bytes) })
        .execute(),
    ).rejects.toThrow(/document_versions_set_version_unique/);
  });
});

describe("documents follows its latest version, kept by the database (migration 0009, issue #8)", () => {
  const t = useTestDatabase();
  const bytes = new TextEncoder().encode("<ClinicalDocument xmlns='urn:hl7-org:v3'/>");
  const sha = new Uint8Array(createHash("sha256").update(bytes).digest());
  const setId = "1.2.246.10.99990001.56.1";
  const version = (n: number) => ({ version_id: `${setId}.${n}`, set_id: setId, version_number: n, status: "active" as const, received_at: new Date(), metadata: "{}", content: bytes, content_sha256: sha });
  const row = () => t.database.db.selectFrom("documents").select(["latest_version_id", "latest_version_number", "version_count"]).where("set_id", "=", setId).executeTakeFirstOrThrow();

  it("every inserted version moves latest_version_id and version_count, whoever inserts it", async () => {
    const db = t.database.db;
    await db.insertInto("documents").values({ set_id: setId, register_id: "1.2.246.10.99990001.10.0:1", client_ids: ["140375-921H"], document_class: "KH" }).execute();
    expect(await row()).toEqual({ latest_version_id: null, latest_version_number: null, version_count: 0 });
    await db.insertInto("document_versions").values(version(1)).execute();
    expect(await row()).toEqual({ latest_version_id: `${setId}.1`, latest_version_number: 1, version_count: 1 });
    await db.insertInto("document_versions").values([version(2), version(3)]).execute();
    expect(await row()).toEqual({ latest_version_id: `${setId}.3`, latest_version_number: 3, version_count: 3 });
  });
});
