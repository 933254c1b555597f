import { describe, expect, it } from "vitest";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { checkStorageForm } from "../../src/rules/storage/storage-form.js";
import type { StorageCheckInput } from "../../src/rules/storage/types.js";
import { caseDocument, clientDocument, clientRelationshipDocument, code, codesOf, journalEntry, jsonBody, oldDocument, pdfBody, request, xhtmlBody } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[]];
const phase1 = () => clientDocument({ documentGroup: "phase-1", specificType: undefined });
const attachment = (extra = {}) => clientDocument({ generalType: code(CODE_SYSTEMS.generalType, "9"), specificType: code(CODE_SYSTEMS.specificType, "203"), description: "Kvitton", attachmentOf: "1.2.246.10.99990001.10.0.88.1", ...extra });
const receivedCourtDecision = (extra = {}) =>
  clientDocument({ generalType: code(CODE_SYSTEMS.generalType, "9"), specificType: code(CODE_SYSTEMS.specificType, "202"), description: "Förvaltningsdomstolens beslut i ärende som gäller omhändertagande", ...extra });

// D07-R26 (L27561-27567, L28605-28716, L29231-29237): storage forms per document group.
const formRows: Row[] = [
  ["journal entry stored as JSON + XHTML [D07-R26 L28684-28688] [D01-R11 L2279-2283]", () => request(journalEntry()), []],
  ["journal entry as PDF/A only: always JSON [D07-R26 L28684-28688]", () => request(journalEntry(), { body: pdfBody }), ["FORM-JSON-REQUIRED"]],
  ["journal entry as XHTML only: always JSON [D07-R26 L28684-28688]", () => request(journalEntry(), { body: xhtmlBody }), ["FORM-JSON-REQUIRED"]],
  ["JSON without an XHTML display form [D06-R08 L25927] [D07-R26 L27565-27567]", () => request(clientDocument(), { body: { json: {} } }), ["FORM-XHTML-REQUIRED"]],
  ["KR as XHTML only: KR is JSON + XHTML [D07-R26 L27561-27567]", () => request(clientRelationshipDocument(), { body: xhtmlBody, clientRelationships: [] }), ["FORM-JSON-REQUIRED"]],
  ["case document as JSON only [D07-R26 L27561-27567] [D06-R08 L25927]", () => request(caseDocument(), { body: { json: {} } }), ["FORM-XHTML-REQUIRED"]],
  ["case document as JSON + XHTML [D07-R26 L27561-27567]", () => request(caseDocument(), { body: jsonBody }), []],
  ["phase-2 document as XHTML only [D07-R26 L28668-28684]", () => request(clientDocument(), { body: xhtmlBody }), []],
  ["phase-2 document as JSON + XHTML [D07-R26 L28668-28684]", () => request(clientDocument(), { body: jsonBody }), []],
  ["phase-1 document as PDF/A [D07-R26 L28630-28660]", () => request(phase1(), { body: pdfBody }), []],
  ["phase-1 document as XHTML [D07-R26 L28630-28660]", () => request(phase1(), { body: xhtmlBody }), []],
  ["phase-1 document as JSON: phase 1 is unstructured [D07-R26 L28630-28660]", () => request(phase1(), { body: jsonBody }), ["FORM-STRUCTURED-NOT-ALLOWED"]],
  ["old document as JSON: old documents are unstructured [D07-R26 L28605-28612]", () => request(oldDocument(), { body: jsonBody }), ["FORM-STRUCTURED-NOT-ALLOWED"]],
  ["no body at all [D07-R26 L27561-27567]", () => request(clientDocument(), { body: {} }), ["FORM-BODY-MISSING"]],
  ["makulering re-sends the stored body unchecked [D07-R42 L26545]", () => request(journalEntry({ status: "cancelled" }), { operation: "cancel", body: pdfBody }), []],
];

// Which groups a register may receive in its phase (01 D01-R11 L2279-2283; 07 §3.5 L28668-28716).
const phaseRows: Row[] = [
  ["journal entry into a phase-1 register [D01-R11 L2279-2283]", () => request(journalEntry(), { registerPhase: 1 }), ["FORM-GROUP-NOT-IN-PHASE"]],
  ["phase-2 document into a phase-1 register [07 §3.5 L28668-28684]", () => request(clientDocument(), { registerPhase: 1 }), ["FORM-GROUP-NOT-IN-PHASE"]],
  ["phase-1 document into a phase-2 register is still accepted [D06-R69 L23437-23445]", () => request(phase1(), { body: pdfBody, registerPhase: 2 }), []],
  ["KR, case and old documents into a phase-1 register [07 §3.5 L28571-28777]", () => request(oldDocument(), { registerPhase: 1 }), []],
];

// Attachments and unstructured documents (06 §2.10).
const typeRows: Row[] = [
  ["attachment as PDF/A [D06-R67 L24509-24517]", () => request(attachment(), { body: pdfBody }), []],
  ["attachment as XHTML [D06-R67 L24509-24517]", () => request(attachment(), { body: xhtmlBody }), []],
  ["attachment as structured JSON [D06-R67 L24509-24517]", () => request(attachment(), { body: jsonBody }), ["FORM-ATTACHMENT-FORMAT"]],
  ["received court decision as PDF/A typed 'annan handling som inkommit' [D06-R62 L24414-24424]", () => request(receivedCourtDecision(), { body: pdfBody }), []],
  ["TE office's activation plan as PDF/A typed 'Aktiveringsplan' [D06-R62 L24456-24464]", () =>
    request(clientDocument({ generalType: code(CODE_SYSTEMS.generalType, "16"), specificType: code(CODE_SYSTEMS.specificType, "312") }), { body: pdfBody }), ["TYPE-UNSTRUCTURED-CLASS"]],
  ["unstructured class without Beskrivning: client-system duty [D06-R63 L24424-24432]", () => request(receivedCourtDecision({ description: " " }), { body: pdfBody }), ["TYPE-DESCRIPTION-MISSING"]],
  ["2016 general type 'klientjournal' on a phase-2 journal entry [D06-R69 L23423-23445] [D05-R04 L19852-19858]", () =>
    request(journalEntry({ generalType: code(CODE_SYSTEMS.generalType2016, "2") })), ["TYPE-2016-IN-PHASE-2"]],
  ["2016 general type 'klientjournal' on an old document [D06-R69 L23423-23445] [D05-R03 L20106-20120]", () => request(oldDocument()), []],
];

describe("storage forms, phases and unstructured types", () => {
  it.each([...formRows, ...phaseRows, ...typeRows])("%s", (_, build, expected) => {
    expect(codesOf(checkStorageForm(build()))).toEqual(expected);
  });

  it("a missing description is a warning, a wrong form an error [DESIGN §7.0]", () => {
    expect(checkStorageForm(request(receivedCourtDecision({ description: "" }), { body: pdfBody }))[0]?.severity).toBe("warning");
    expect(checkStorageForm(request(journalEntry(), { body: pdfBody }))[0]?.severity).toBe("error");
  });
});
