import { describe, expect, it } from "vitest";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { checkSignatureRequirements } from "../../src/rules/storage/signature-requirements.js";
import type { SignatureFacts, StorageCheckInput } from "../../src/rules/storage/types.js";
import { clientDocument, code, codesOf, journalEntry, oldDocument, request } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[]];
const system: SignatureFacts = { signer: { kind: "system" } };
const professional: SignatureFacts = { signer: { kind: "professional" } };
const typed = (specific: string, general = "12") => clientDocument({ generalType: code(CODE_SYSTEMS.generalType, general), specificType: code(CODE_SYSTEMS.specificType, specific) });

// 06 §5.1 decision table and table 9.10.1 (L24656-25255); DESIGN §7.6.
const rows: Row[] = [
  ["decision (table 9.10.1 'Beslut om äldreservice') signed by a professional [D06-R38 L24572-24578]", () => request(typed("308"), { signature: professional }), []],
  ["the same decision with only a system signature [D06-R38 L24572-24578]", () => request(typed("308"), { signature: system }), ["SIG-PROF-REQUIRED"]],
  ["a decision missing from table 9.10.1: 'alla beslut' [D06-R38 L24572-24574]", () => request(typed("602"), { signature: system }), ["SIG-PROF-REQUIRED"]],
  ["statement 'Socialvårdens utlåtande' with only a system signature [D06-R38 L24656-25255]", () => request(typed("301", "7"), { signature: system }), ["SIG-PROF-REQUIRED"]],
  ["contract 'Avtal om social kredit' signed electronically with only a system signature [D06-R38 L24572-24578]", () => request(typed("305", "14"), { signature: system }), ["SIG-PROF-REQUIRED"]],
  ["the same contract signed by hand by the client: the professional signs by hand too [D06-R38 L24586-24596]", () =>
    request(typed("305", "14"), { signature: { ...system, signedByHand: true } }), []],
  ["a decision 'signed by hand' still needs the professional's e-signature [D06-R76 L24586-24590]", () => request(typed("308"), { signature: { ...system, signedByHand: true } }), ["SIG-PROF-REQUIRED"]],
  ["'Ansökan om specialomsorg oberoende av personens vilja' may be signed by a private person [D06-R51 L25499-25521]", () => request(typed("389", "3"), { signature: system }), []],
  ["journal entry with a system signature [06 §5.1 L25314-25316]", () => request(journalEntry(), { signature: system }), []],
  ["application 'Ansökan om äldreservice' with a system signature [D06-R51 L25499-25517]", () => request(typed("501", "3"), { signature: system }), []],
  ["attachment of a decision with a system signature [D06-R39 L24582-24584]", () =>
    request(clientDocument({ generalType: code(CODE_SYSTEMS.generalType, "9"), specificType: code(CODE_SYSTEMS.specificType, "203"), attachmentOf: "x" }), { signature: system }), []],
  ["makulering of a decision with a system signature [D06-R39 L24582-24584]", () => request({ ...typed("308"), status: "cancelled" }, { operation: "cancel", signature: system }), []],
  ["old decision (legacy) with a system signature [06 §5.1 'Phase-1 or legacy document']", () => request(oldDocument({ generalType: code(CODE_SYSTEMS.generalType2016, "12") }), { signature: system }), []],
  ["a professional e-signature on any document is accepted [D06-R77 L24578-24584]", () => request(journalEntry(), { signature: professional }), []],
];

describe("which documents need a professional's e-signature (table 9.10.1)", () => {
  it.each(rows)("%s", (_, build, expected) => {
    expect(codesOf(checkSignatureRequirements(build()))).toEqual(expected);
  });

  it("SIG-PROF-REQUIRED is a client-system warning by default [DESIGN §7.6]", () => {
    expect(checkSignatureRequirements(request(typed("308"), { signature: system }))).toEqual([
      { code: "SIG-PROF-REQUIRED", location: "/ClinicalDocument/hl7fi:signatures/ds:Signature", detail: "document type 308, signed by system", severity: "warning" },
    ]);
  });
});
