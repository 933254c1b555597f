import { describe, expect, it } from "vitest";
import { parseCda } from "../../src/cda/parse.js";
import { latestVersionsOfClient } from "../../src/archive/queries.js";
import { readVersion } from "../../src/archive/store.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { seedArchive } from "../../src/seed/seed.js";
import { parseXmlSafely } from "../../src/xml/safe-parse.js";
import { useTestDatabase } from "../support/database.js";

const ORGANISER = "1.2.246.10.99990001.10.0";

describe("kanta-sim seed: synthetic documents through the archive's storage code", () => {
  const t = useTestDatabase();

  it("stores N documents of M clients plus the focus client, readable through the archive's query path", async () => {
    const progress: number[] = [];
    const result = await seedArchive(t.database, { documents: 47, clients: 5, clientWith: 12, batch: 10, onProgress: (done) => progress.push(done) });
    expect(result).toMatchObject({ documents: 47, clients: 6 });
    expect(progress[progress.length - 1]).toBe(47);

    const rows = await t.database.db.selectFrom("documents").select("set_id").where("set_id", "like", `${result.setIdPrefix}.%`).execute();
    expect(rows).toHaveLength(47);

    // The focus client has exactly clientWith documents: KR, case, then client documents.
    const focus = await latestVersionsOfClient(t.database.db, result.focusClient!, ORGANISER);
    expect(focus).toHaveLength(12);
    const groups = focus.map((v) => (v.metadata as DocumentMetadata).documentGroup);
    expect(groups.filter((g) => g === "client-relationship")).toHaveLength(1);
    expect(groups.filter((g) => g === "case")).toHaveLength(1);

    // Each round-robin client: 35 documents over 5 clients = 7 each.
    for (let c = 0; c < 5; c++) expect(await latestVersionsOfClient(t.database.db, result.idsOf(c).client, ORGANISER)).toHaveLength(7);

    // The KR fed the client-relationship model, as a stored KR does.
    const kr = await t.database.db.selectFrom("client_relationship_versions").select("client_id").where("set_id", "like", `${result.setIdPrefix}.%`).execute();
    expect(kr.map((r) => r.client_id).sort()).toEqual([result.focusClient!, ...Array.from({ length: 5 }, (_, c) => result.idsOf(c).client)].sort());
  });

  it("stores rows shaped like a real store: exact bytes with their SHA-256, the metadata the CDA parser reads from them, a signer", async () => {
    const result = await seedArchive(t.database, { documents: 6, clients: 2 });
    const versions = await latestVersionsOfClient(t.database.db, result.idsOf(0).client, ORGANISER);
    expect(versions).toHaveLength(3);
    for (const latest of versions) {
      const stored = await readVersion(t.database.db, latest.versionId); // re-checks the SHA-256
      const parsed = parseXmlSafely(stored!.content);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      const { signer, ...metadata } = stored!.metadata as DocumentMetadata & { signer: { kind: string } };
      expect(parseCda(parsed.document).metadata).toEqual(metadata);
      expect(["system", "professional"]).toContain(signer.kind);
      // The enveloped signature element is there, as in every stored document.
      expect(new TextDecoder().decode(stored!.content)).toContain("<ds:SignatureValue>");
    }
  });

  it("a second run adds documents of other clients (ids are unique per run)", async () => {
    const first = await seedArchive(t.database, { documents: 4, clients: 2 });
    const second = await seedArchive(t.database, { documents: 4, clients: 2 });
    expect(second.setIdPrefix).not.toBe(first.setIdPrefix);
    expect(second.idsOf(0).client).not.toBe(first.idsOf(0).client);
  });
});
