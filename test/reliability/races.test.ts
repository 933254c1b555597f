/**
 * Races over the wire (issue #9): concurrent requests to POST /soap/archive of the app over its real
 * database (a Postgres server: real concurrency through the pool; PGlite: one connection serialises
 * them, fewer rounds). One consistent outcome each: exactly one winner, the losers refused with a
 * versioning code, the database holding exactly the winner's bytes; replays never store twice.
 * test/integration/version-race.test.ts races storeVersion itself; this file races whole requests.
 * [D06-R15 L25956-25958] [D07-R31 L29169-29171] DESIGN §6
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { sampleBody } from "../../src/cda/samples.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { scenarioDocuments, signedScenario, type ScenarioIds } from "../../src/samples/generate.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { classifyAnswer, freshIds, storeRequest, testSigner, type Answer } from "../../scripts/reliability/lib/wire.js";
import { testConfig } from "../support/config.js";
import { testDatabaseTarget, useTestDatabase } from "../support/database.js";

/** `npm run reliability -- --quick` sets RELIABILITY_QUICK: fewer rounds on a server. */
const onServer = () => testDatabaseTarget().kind === "postgres" && !process.env.RELIABILITY_QUICK;
const sha = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
/** Codes a losing writer may get: the database's conflict, or the storage rule that saw the winner first. */
const LOSER_CODES = ["ARCHIVE-VERSION-CONFLICT", "VER-NUMBER-NOT-NEXT", "VER-NOT-LATEST", "VER-DOCUMENT-ID-EXISTS", "VER-PREVIOUS-CANCELLED", "ARCHIVE-DOCUMENT-EXISTS", "VER-SET-EXISTS"];

describe("races over the wire: one consistent outcome each [D06-R15 L25956-25958] [D07-R31 L29169-29171]", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let ids: ScenarioIds;
  const signer = testSigner();

  const sign = (metadata: DocumentMetadata, note = "") => signCdaDocument(buildCdaDocument(metadata, note ? { ...sampleBody(), xhtml: `<paragraph>${note}</paragraph>` } : sampleBody()), signer);
  const post = async (body: string, contentType = "text/xml; charset=utf-8"): Promise<Answer> => {
    const response = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": contentType }, payload: body });
    return classifyAnswer(response.statusCode, response.body);
  };
  const store = (document: string, serviceRequest: "SP1" | "SP2" = "SP1") => post(storeRequest(document, { serviceRequest }).body);
  const versionsOf = (setId: string) =>
    t.database.db.selectFrom("document_versions").select(["version_number", "status", sql<string>`encode(content_sha256, 'hex')`.as("sha")]).where("set_id", "=", setId).orderBy("version_number").execute();
  /** The assessment (client document) of the fresh client as set `n`, version 1. */
  const firstVersion = (n: number): DocumentMetadata => {
    const base = scenarioDocuments(ids).CLIENT_DOCUMENT;
    const setId = `${ids.setIdPrefix}.${n}`;
    return { ...base, setId, documentId: `${setId}.1` };
  };
  const nextVersion = (previous: DocumentMetadata, extra: Partial<DocumentMetadata> = {}): DocumentMetadata => ({
    ...previous,
    documentId: `${previous.setId}.${previous.versionNumber + 1}`,
    versionNumber: previous.versionNumber + 1,
    replacesDocumentId: previous.documentId,
    ...extra,
  });
  const isAA = (a: Answer) => a.kind === "ack" && a.typeCode === "AA";

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    ids = freshIds("9");
    for (const step of signedScenario(ids).slice(0, 2)) expect(isAA(await store(step.document)), step.title).toBe(true);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("concurrent new versions of one latest version: exactly one AA, the others a versioning refusal, the winner's bytes stored", { timeout: 300_000 }, async () => {
    const rounds = onServer() ? 25 : 5;
    const writers = 4;
    for (let round = 0; round < rounds; round++) {
      const v1 = firstVersion(100 + round);
      expect(isAA(await store(sign(v1))), `round ${round} v1`).toBe(true);
      const candidates = Array.from({ length: writers }, (_, w) => sign(nextVersion(v1, { title: `Bedömning, korrigering ${w}` }), `Korrigering av skrivare ${w} i omgång ${round}.`));
      const answers = await Promise.all(candidates.map((d) => store(d)));
      const winners = answers.flatMap((a, i) => (isAA(a) ? [i] : []));
      expect(winners, `round ${round}: ${JSON.stringify(answers)}`).toHaveLength(1);
      for (const loser of answers.filter((a) => !isAA(a))) {
        expect(loser).toMatchObject({ kind: "ack", typeCode: "AE" });
        expect(loser.kind === "ack" && loser.codes.some((c) => LOSER_CODES.includes(c)), JSON.stringify(loser)).toBe(true);
      }
      const stored = await versionsOf(v1.setId);
      expect(stored.map((r) => r.version_number)).toEqual([1, 2]);
      expect(stored[1]!.sha).toBe(sha(candidates[winners[0]!]!));
    }
  });

  it("concurrent makulering vs new version: exactly one wins; after a makulering no version follows", { timeout: 300_000 }, async () => {
    const rounds = onServer() ? 20 : 5;
    let makuleringWon = 0;
    for (let round = 0; round < rounds; round++) {
      const v1 = firstVersion(200 + round);
      expect(isAA(await store(sign(v1))), `round ${round} v1`).toBe(true);
      const cancel = sign(nextVersion(v1, { status: "cancelled" }));
      const correct = sign(nextVersion(v1, { title: "Bedömning, korrigerad" }), `Korrigering i omgång ${round}.`);
      const order = round % 2 === 0 ? ([cancel, "SP2", correct, "SP1"] as const) : ([correct, "SP1", cancel, "SP2"] as const);
      const [a, b] = await Promise.all([store(order[0], order[1]), store(order[2], order[3])]);
      const cancelAnswer = order[0] === cancel ? a : b;
      const correctAnswer = order[0] === cancel ? b : a;
      expect([isAA(cancelAnswer), isAA(correctAnswer)].filter(Boolean), `round ${round}: ${JSON.stringify([cancelAnswer, correctAnswer])}`).toHaveLength(1);
      const stored = await versionsOf(v1.setId);
      expect(stored.map((r) => r.version_number)).toEqual([1, 2]);
      if (isAA(cancelAnswer)) {
        makuleringWon++;
        expect(stored[1]).toMatchObject({ status: "cancelled", sha: sha(cancel) });
        // A makulerad document takes no further version [D06-R15].
        const v3 = sign({ ...nextVersion(nextVersion(v1), { title: "Efter makulering" }) }, "Efter makulering.");
        expect(isAA(await store(v3))).toBe(false);
        expect((await versionsOf(v1.setId)).length).toBe(2);
      } else {
        expect(stored[1]).toMatchObject({ status: "active", sha: sha(correct) });
      }
    }
    console.log(`[races] makulering vs new version: ${rounds} rounds, makulering won ${makuleringWon}, new version won ${rounds - makuleringWon}`);
  });

  it("the same message (same id, same bytes) sent concurrently: stored once; every answer AA or a duplicate refusal; replays store nothing and answer alike", { timeout: 120_000 }, async () => {
    const rounds = onServer() ? 10 : 4;
    for (let round = 0; round < rounds; round++) {
      const v1 = firstVersion(300 + round);
      const request = storeRequest(sign(v1));
      const answers = await Promise.all(Array.from({ length: 4 }, () => post(request.body)));
      expect(answers.filter(isAA).length, JSON.stringify(answers)).toBeGreaterThanOrEqual(1);
      for (const a of answers.filter((x) => !isAA(x))) expect(a.kind === "ack" && a.codes.some((c) => LOSER_CODES.includes(c) || c === "MSG-ID-REUSED"), JSON.stringify(a)).toBe(true);
      expect((await versionsOf(v1.setId)).length).toBe(1);
      // Replays after the fact: nothing more stored, the same answer each time.
      const replay1 = await post(request.body);
      const replay2 = await post(request.body);
      expect(replay2).toEqual(replay1);
      expect((await versionsOf(v1.setId)).length).toBe(1);
    }
  });

  // DESIGN §6: "the same message id and bytes get the same acknowledgement, once" — and MSG-ID-REUSED
  // (src/archive/errors.ts) for the same id with other bytes (src/archive/pipeline.ts earlierMessage).
  it("a replay of an accepted message gets the same AA and stores nothing more [DESIGN §6]", async () => {
    const request = storeRequest(sign(firstVersion(400)));
    expect(isAA(await post(request.body))).toBe(true);
    expect(isAA(await post(request.body))).toBe(true);
  });

  it("the same message id with other bytes is refused with MSG-ID-REUSED [DESIGN §6]", async () => {
    const first = storeRequest(sign(firstVersion(401)));
    expect(isAA(await post(first.body))).toBe(true);
    const other = storeRequest(sign(firstVersion(402)), { messageId: first.messageId });
    const answer = await post(other.body);
    expect(answer).toMatchObject({ kind: "ack", codes: expect.arrayContaining(["MSG-ID-REUSED"]) });
  });
});
