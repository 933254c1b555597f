import { describe, expect, it } from "vitest";
import { storeVersion } from "../../src/archive/store.js";
import { clientDocumentMetadata, TEST_SIGNER } from "../support/metadata.js";
import { testDatabaseTarget, useTestDatabase } from "../support/database.js";

const bytes = (s: string) => new TextEncoder().encode(s);

/**
 * Issue 4 acceptance: in each round several writers send a new version of the same latest version at
 * once; the database's unique constraints let exactly one win and the others get the conflict code.
 * 1 000 rounds on a Postgres server (real concurrency over a connection pool); on PGlite, one
 * connection serialises the writers, so fewer rounds say the same.
 * [D06-R15 L25956-25958] [D07-R31 L29169-29171] DESIGN §6
 */
describe("concurrent new versions of one latest version: exactly one winner per round", () => {
  const t = useTestDatabase();
  const onServer = testDatabaseTarget().kind === "postgres";
  const rounds = onServer ? 1000 : 50;
  const writers = 4;

  it(`${rounds} rounds × ${writers} writers`, { timeout: 600_000 }, async () => {
    let winners = 0;
    let conflicts = 0;
    for (let round = 0; round < rounds; round++) {
      const v1 = clientDocumentMetadata();
      const first = await storeVersion(t.database.db, { metadata: v1, content: bytes(`v1 ${round}`), signer: TEST_SIGNER, messageId: `race-${round}`, receivedAt: new Date() });
      expect(first.ok).toBe(true);
      const results = await Promise.all(
        Array.from({ length: writers }, (_, w) =>
          storeVersion(t.database.db, {
            metadata: { ...v1, documentId: `${v1.setId}.2.${w}`, versionNumber: 2, replacesDocumentId: v1.documentId },
            content: bytes(`v2 of round ${round} by writer ${w}`),
            signer: TEST_SIGNER,
            messageId: `race-${round}-${w}`,
            receivedAt: new Date(),
          }),
        ),
      );
      const won = results.filter((r) => r.ok);
      expect(won, `round ${round}`).toHaveLength(1);
      for (const lost of results.filter((r) => !r.ok)) {
        expect(lost).toEqual({ ok: false, findings: [expect.objectContaining({ code: "ARCHIVE-VERSION-CONFLICT", location: "/ClinicalDocument/versionNumber" })] });
      }
      winners += won.length;
      conflicts += results.length - won.length;
    }
    const stored = await t.database.db
      .selectFrom("document_versions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("version_number", "=", 2)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(rounds);
    console.log(`[race] ${testDatabaseTarget().kind}: ${rounds} rounds, ${winners} winners, ${conflicts} conflicts`);
  });
});
