/**
 * The VYT rules as a table (src/rules/access/will-expression.ts): who may store which will expression,
 * how it is versioned and makulerad, and which consents are in force (D07-R43, R63…R69, R86…R93, R104, R105).
 */
import { describe, expect, it } from "vitest";
import { consentFactsOf, decideWillExpression, type StoredWillExpressionVersion, type WillExpression, type WillExpressionFacts, type WillOperation } from "../../src/rules/access/will-expression.js";

const CHILD = "050912A958F";
const ADULT = "190790-981S";
const GUARDIANS = ["140375-921H", "021182-934E"];

const expression = (o: Partial<WillExpression> = {}): WillExpression => ({ kind: "disclosure-permission", sector: "social", clientId: ADULT, positive: true, inForce: true, issuer: { role: "client", personIds: [] }, channel: "provider", ...o });
const facts = (o: Partial<WillExpressionFacts> = {}): WillExpressionFacts => ({
  clientAgeYears: 36,
  kantaInformation: { issuerRole: "client", storedAt: "2026-01-01T00:00:00Z" },
  guardianIds: [],
  mandateHolderIds: [],
  previousVersions: [],
  guardianHiddenSetIds: [],
  delayedDisplaySetIds: [],
  ...o,
});
const version = (n: number, e: WillExpression, storedAt = `2026-0${n}-01T00:00:00Z`, cancelled = false): StoredWillExpressionVersion => ({ setId: "S", versionNumber: n, expression: e, storedAt, cancelled });
const minorFacts = (o: Partial<WillExpressionFacts> = {}) => facts({ clientAgeYears: 14, guardianIds: GUARDIANS, kantaInformation: { issuerRole: "guardians", storedAt: "2026-01-01T00:00:00Z" }, ...o });
const byGuardians = { role: "guardians" as const, personIds: GUARDIANS };

const TABLE: [string, WillOperation, WillExpression, WillExpressionFacts, string | undefined][] = [
  ["[D07-R63 L30058-30066] permission without Kanta-information → refused", "store", expression(), facts({ kantaInformation: undefined }), "WILL-NO-KANTA-INFORMATION"],
  ["[D07-R63 L30111-30119] prohibition without Kanta-information → refused", "store", expression({ kind: "disclosure-prohibition", target: { kind: "all" } }), facts({ kantaInformation: undefined }), "WILL-NO-KANTA-INFORMATION"],
  ["[D07-R63] Kanta-information itself needs nothing before it", "store", expression({ kind: "kanta-information" }), facts({ kantaInformation: undefined }), undefined],
  ["[D07-R104 L30076-30082] Kanta-information of either sector satisfies the prerequisite", "store", expression(), facts(), undefined],
  ["[D07-R43 L30145-30151] makulering of a lone first version", "cancel", expression(), facts({ previousVersions: [version(1, expression())] }), undefined],
  ["[D07-R43 L30236-30242] makulering after a revocation version → refused", "cancel", expression(), facts({ previousVersions: [version(1, expression()), version(2, expression({ positive: false }))] }), "WILL-CANCEL-NOT-FIRST-VERSION"],
  ["[D07-R43] a revocation is a new version of the same permission", "version", expression({ positive: false }), facts({ previousVersions: [version(1, expression())] }), undefined],
  ["[D07-R43, D07-R66 L30159-30200] a new version cannot move a prohibition to another target", "version", expression({ kind: "disclosure-prohibition", target: { kind: "controller", oid: "2" } }), facts({ previousVersions: [version(1, expression({ kind: "disclosure-prohibition", target: { kind: "controller", oid: "1" } }))] }), "WILL-VERSION-CHANGES-SUBJECT"],
  ["[D07-R43] a new version cannot turn a permission into a prohibition", "version", expression({ kind: "disclosure-prohibition", target: { kind: "all" } }), facts({ previousVersions: [version(1, expression())] }), "WILL-VERSION-CHANGES-SUBJECT"],
  ["[D07-R86 L30547-30563] guardians act for a minor at the provider", "store", expression({ clientId: CHILD, issuer: byGuardians }), minorFacts(), undefined],
  ["[D07-R86] a non-guardian cannot act as guardian", "store", expression({ clientId: CHILD, issuer: { role: "guardians", personIds: ["190790-981S"] } }), minorFacts(), "WILL-ISSUER-NOT-GUARDIAN"],
  ["[D07-R91 L30599-30605] the guardians' role ends at 18", "store", expression({ clientId: ADULT, issuer: byGuardians }), facts({ guardianIds: GUARDIANS }), "WILL-ISSUER-NOT-GUARDIAN"],
  ["[D07-R90 L30686-30715] the minor received Kanta-information: guardians no longer administer", "store", expression({ clientId: CHILD, issuer: byGuardians }), minorFacts({ kantaInformation: { issuerRole: "client", storedAt: "2026-01-01T00:00:00Z" } }), "WILL-GUARDIAN-NOT-ADMINISTERING"],
  ["[D07-R90] guardians cannot receive Kanta-information after the minor did", "store", expression({ kind: "kanta-information", clientId: CHILD, issuer: byGuardians }), minorFacts({ kantaInformation: { issuerRole: "client", storedAt: "2026-01-01T00:00:00Z" } }), "WILL-GUARDIAN-NOT-ADMINISTERING"],
  ["[D07-R87 L30763-30767] guardians give a permission in MittKanta", "store", expression({ clientId: CHILD, issuer: byGuardians, channel: "mittkanta" }), minorFacts(), undefined],
  ["[D07-R87 L30763-30767] guardians cannot prohibit in MittKanta", "store", expression({ kind: "disclosure-prohibition", target: { kind: "all" }, clientId: CHILD, issuer: byGuardians, channel: "mittkanta" }), minorFacts(), "WILL-MINOR-PROHIBITION-IN-MITTKANTA"],
  ["[D07-R87 L30739-30745] a minor's permission is not revoked in MittKanta", "version", expression({ positive: false, clientId: CHILD, issuer: byGuardians, channel: "mittkanta" }), minorFacts({ previousVersions: [version(1, expression({ clientId: CHILD, issuer: byGuardians }))] }), "WILL-MINOR-PROHIBITION-IN-MITTKANTA"],
  ["[D07-R87 L30785-30795] a minor acts at the provider, not in MittKanta", "store", expression({ kind: "kanta-information", clientId: CHILD, channel: "mittkanta" }), minorFacts({ kantaInformation: undefined }), "WILL-MINOR-SELF-IN-MITTKANTA"],
  ["[D07-R87] a minor prohibits at the provider", "store", expression({ kind: "disclosure-prohibition", target: { kind: "all" }, clientId: CHILD }), minorFacts({ kantaInformation: { issuerRole: "client", storedAt: "2026-01-01T00:00:00Z" } }), undefined],
  ["[D07-R93 L30771-30777] guardians cannot target a document hidden from guardians", "store", expression({ kind: "disclosure-prohibition", target: { kind: "document", setId: "H" }, clientId: CHILD, issuer: byGuardians }), minorFacts({ guardianHiddenSetIds: ["H"] }), "WILL-GUARDIAN-TARGET-HIDDEN-DOCUMENT"],
  ["[D07-R93 L30771-30777] guardians cannot target a document with delayed display", "store", expression({ kind: "disclosure-prohibition", target: { kind: "document", setId: "D" }, clientId: CHILD, issuer: byGuardians }), minorFacts({ delayedDisplaySetIds: ["D"] }), "WILL-GUARDIAN-TARGET-HIDDEN-DOCUMENT"],
  ["[D07-R93] guardians target an ordinary document", "store", expression({ kind: "disclosure-prohibition", target: { kind: "document", setId: "O" }, clientId: CHILD, issuer: byGuardians }), minorFacts({ guardianHiddenSetIds: ["H"] }), undefined],
  ["[D07-R86 L30123-30127] a holder of an electronic mandate acts in MittKanta", "store", expression({ issuer: { role: "mandate", personIds: ["250788-987A"] }, channel: "mittkanta" }), facts({ mandateHolderIds: ["250788-987A"] }), undefined],
  ["[D07-R86 L30605-30611] no mandate, no will expression", "store", expression({ issuer: { role: "mandate", personIds: ["250788-987A"] }, channel: "mittkanta" }), facts(), "WILL-ISSUER-NO-MANDATE"],
  ["[D07-R105 L30197-30203] an adult prohibits another controller's document at any provider", "store", expression({ kind: "disclosure-prohibition", target: { kind: "document", setId: "X" } }), facts(), undefined],
];

describe("will expressions (VYT) as a decision table", () => {
  it.each(TABLE)("%s", (_title, operation, e, f, code) => {
    const decision = decideWillExpression(operation, e, f);
    expect(decision.code).toBe(code);
    expect(decision.allow).toBe(code === undefined);
    expect(decision.rule).toMatch(/^D07-R\d+$/);
  });
});

describe("consents in force from the stored will expressions", () => {
  const kanta = (storedAt: string, sector: "social" | "health" = "health"): StoredWillExpressionVersion => ({ setId: "K", versionNumber: 1, expression: expression({ kind: "kanta-information", sector }), storedAt, cancelled: false });
  it("[D07-R104 L30076-30082] Kanta-information of health care counts; [D07-R69 L30153-30157] a health-care permission does not", () => {
    const facts = consentFactsOf([kanta("2026-01-01T00:00:00Z"), { ...version(1, expression({ sector: "health", positive: true })), setId: "H" }]);
    expect(facts.kantaInformationGivenAt).toBe("2026-01-01T00:00:00Z");
    expect(facts.permissions).toEqual([]);
  });
  it("[D07-R43 L30145-30151] a makulerad permission counts as never stored; a revocation version replaces the permission", () => {
    const facts = consentFactsOf([
      { ...version(1, expression()), setId: "P1" },
      { ...version(2, expression(), "2026-02-02T00:00:00Z", true), setId: "P1" },
      { ...version(1, expression(), "2026-03-01T00:00:00Z"), setId: "P2" },
      { ...version(2, expression({ positive: false }), "2026-04-01T00:00:00Z"), setId: "P2" },
    ]);
    expect(facts.permissions).toEqual([{ positive: true, storedAt: "2026-03-01T00:00:00Z" }, { positive: false, storedAt: "2026-04-01T00:00:00Z" }]);
  });
  it("[D07-R65 L30210-30216, D07-R66] a prohibition is in force from its storing until a version removes it", () => {
    const target = { kind: "service-task" as const, code: "23", codeSystem: "1.2.246.537.6.1299" };
    const facts = consentFactsOf([
      { ...version(1, expression({ kind: "disclosure-prohibition", target }), "2026-05-01T00:00:00Z"), setId: "F" },
      { ...version(2, expression({ kind: "disclosure-prohibition", target, inForce: false }), "2026-06-01T00:00:00Z"), setId: "F" },
    ]);
    expect(facts.prohibitions).toEqual([{ target, storedAt: "2026-05-01T00:00:00Z", revokedAt: "2026-06-01T00:00:00Z" }]);
  });
});
