/**
 * Order and structure of the client's documents:
 * - storage order KR → ÄR → client documents (D06-R12): a case needs its clients' KRs, a client
 *   document needs its case, stored in the same register;
 * - one current KR per client and organiser; old client relationships may coexist (D06-R27,
 *   D05-R26/R27, DESIGN §7.10); a case of an old client relationship is closed (D05-R24);
 * - one case document per case id (D04-R33); nothing new in a closed case (D04-R35) — except old
 *   documents, which are packed into closed cases (D01-R71 L1692-1710, D05-R24);
 * - case names: the 2017 or 2023 classification, 99 with a text, 2017 only until 31.8.2024 on open
 *   cases, 2023 from 1.1.2023 (D04-R36..R38);
 * - case links (Ärendekoppling) within one controller and register (D07-R106);
 * - joint cases from phase 2 only (D04-R49); a document names the case's clients at its creation time
 *   (D06-R23, D04-R40/R50; client-system duty, DESIGN §7.11);
 * - an attachment has one existing main document, and only attachments are attached (D06-R64..R66);
 * - makulering order: nothing still referenced is cancelled (D06-R17, D07-R40);
 * - case-level marks are never propagated: the document must carry them itself (DESIGN §7.12).
 */
import type { Finding } from "../../errors/types.js";
import type { DocumentMetadata } from "../../model/document.js";
import { CASE_NAME_OTHER, CODE_SYSTEMS } from "./code-systems.js";
import { isClosedStatus } from "./metadata-matrix.js";
import { metadataItemPath, metadataPath } from "./paths.js";
import { isAttachment } from "./storage-form.js";
import { dateOf, isClientDocumentGroup, report, type CaseFacts, type StorageCheckInput, type StorageCheckSettings } from "./types.js";

/** The makulering order (D07-R40, L29300-29308): what must be cancelled first. */
const CANCEL_ORDER = ["attachment", "client-document", "case"] as const;

export function checkStructure(input: StorageCheckInput, settings: StorageCheckSettings): Finding[] {
  if (input.operation === "cancel") return checkCancelOrder(input);
  const d = input.document;
  const findings: Finding[] = [];
  if (d.documentGroup === "client-relationship") findings.push(...checkClientRelationship(input));
  if (d.documentGroup === "case") findings.push(...checkCaseDocument(input, settings));
  if (isClientDocumentGroup(d.documentGroup)) findings.push(...checkClientDocument(input));
  findings.push(...checkAttachment(input));
  return findings;
}

function checkClientRelationship(input: StorageCheckInput): Finding[] {
  const d = input.document;
  if (input.operation !== "store" || d.oldClientRelationship === true) return [];
  const current = input.clientRelationships.find(
    (kr) => d.clients.includes(kr.clientId) && kr.organiserOid === d.organiser.oid && !kr.oldClientRelationship && !kr.cancelled && kr.setId !== d.setId,
  );
  return current ? [report("STR-KR-DUPLICATE", metadataPath("clients"), `current client relationship document ${current.setId}`)] : [];
}

function checkCaseDocument(input: StorageCheckInput, settings: StorageCheckSettings): Finding[] {
  const d = input.document;
  const findings: Finding[] = [];
  for (const clientId of d.clients) {
    const krs = input.clientRelationships.filter((kr) => kr.clientId === clientId && !kr.cancelled);
    if (krs.length === 0) findings.push(report("STR-KR-MISSING", metadataPath("clients"), clientId));
    else if (krs.every((kr) => kr.oldClientRelationship) && !isClosedStatus(d)) findings.push(report("STR-OPEN-CASE-ON-OLD-KR", metadataPath("caseStatus"), clientId));
  }
  if (d.clients.length > 1 && input.registerPhase === 1) findings.push(report("STR-JOINT-CASE-PHASE-1", metadataPath("clients"), `${d.clients.length} clients`));
  if (input.caseIdHeldBySetId !== undefined && input.caseIdHeldBySetId !== d.setId) {
    findings.push(report("STR-CASE-ID-TAKEN", metadataPath("caseId"), `${d.caseId} belongs to case document ${input.caseIdHeldBySetId}`));
  }
  findings.push(...checkCaseName(d, dateOf(input.now), settings));
  // D07-R106: Ärendekoppling only within the same controller and register.
  (d.caseLinks ?? []).forEach((linked, i) => {
    const target = input.linkedCases?.find((c) => c.caseId === linked);
    if (target && (target.organiserOid !== d.organiser.oid || (target.registerCode !== undefined && d.registerCode !== undefined && target.registerCode !== d.registerCode.code))) {
      findings.push(report("STR-CASE-LINK-OTHER-REGISTER", metadataItemPath("caseLinks", i), linked));
    }
  });
  return findings;
}

/** D04-R36..R38: the case name's classification, 99 text and 2017/2023 validity on the storage date. */
export function checkCaseName(d: DocumentMetadata, date: string, settings: StorageCheckSettings): Finding[] {
  const name = d.caseName;
  if (!name) return []; // missing: metadata-matrix.ts
  const where = metadataPath("caseName");
  const system = name.code.codeSystem;
  if (system !== CODE_SYSTEMS.caseName2017 && system !== CODE_SYSTEMS.caseName2023) return [report("CASE-NAME-CLASSIFICATION", where, system)];
  const findings: Finding[] = [];
  if (name.code.code === CASE_NAME_OTHER && (name.text === undefined || name.text.trim() === "")) findings.push(report("CASE-NAME-TEXT-MISSING", metadataPath("caseName.text")));
  // Closed cases keep their 2017 names (L16108-16110); a reopened case takes a 2023 name (L16110).
  if (system === CODE_SYSTEMS.caseName2017 && !isClosedStatus(d) && date > settings.caseName2017ValidTo) findings.push(report("CASE-NAME-2017-EXPIRED", where, `storage date ${date}`));
  if (system === CODE_SYSTEMS.caseName2023 && date < settings.caseName2023ValidFrom) findings.push(report("CASE-NAME-2023-NOT-YET", where, `storage date ${date}`));
  return findings;
}

function checkClientDocument(input: StorageCheckInput): Finding[] {
  const d = input.document;
  if (d.caseId === undefined) return []; // missing: metadata-matrix.ts
  const theCase = input.case;
  if (!theCase || theCase.cancelled || theCase.caseId !== d.caseId) return [report("STR-CASE-MISSING", metadataPath("caseId"), d.caseId)];
  if (theCase.registerCode !== undefined && d.registerCode !== undefined && theCase.registerCode !== d.registerCode.code) {
    return [report("STR-CASE-MISSING", metadataPath("caseId"), `${d.caseId} is in register ${theCase.registerCode}, not ${d.registerCode.code}`)];
  }
  const findings: Finding[] = [];
  // No new client document and no new version of one in a closed case (D08-R45 L33174-33178, L33194-33198).
  if (input.operation !== "cancel" && theCase.closed && d.documentGroup !== "old") findings.push(report("STR-CASE-CLOSED", metadataPath("caseId"), d.caseId));
  // Phase-1 documents may name the applicant or the family's contact person only (L16648-16652).
  if (d.documentGroup === "phase-2" || d.documentGroup === "journal-entry") {
    const expected = activeClientsAt(theCase, d.createdAt);
    const missing = expected.filter((id) => !d.clients.includes(id));
    const extra = d.clients.filter((id) => !expected.includes(id));
    if (missing.length || extra.length) {
      findings.push(report("STR-JOINT-CLIENTS-MISMATCH", metadataPath("clients"), [missing.length ? `missing ${missing.join(", ")}` : "", extra.length ? `not in the case at ${d.createdAt}: ${extra.join(", ")}` : ""].filter(Boolean).join("; ")));
    }
  }
  findings.push(...checkCaseMarks(input, theCase));
  return findings;
}

/** The case's clients at an instant: joined at or before it, not yet left (D04-R50, R51). */
export function activeClientsAt(theCase: CaseFacts, at: string): string[] {
  return theCase.participants.filter((p) => (p.joinedAt === undefined || p.joinedAt <= at) && (p.leftAt === undefined || at < p.leftAt)).map((p) => p.clientId);
}

/** DESIGN §7.12: delay, specialinnehåll and guardian restriction of the case must be on the document itself. */
function checkCaseMarks(input: StorageCheckInput, theCase: CaseFacts): Finding[] {
  const d = input.document;
  const previous = input.operation === "version" ? input.versions?.latest : undefined;
  const findings: Finding[] = [];
  const mark = (field: "specialContent" | "delayedUntil" | "guardianDisclosure", caseHas: boolean, docHas: (m: DocumentMetadata) => boolean, what: string) => {
    if (!caseHas || docHas(d)) return;
    const removed = previous !== undefined && docHas(previous);
    findings.push(report(removed ? "STR-CASE-MARK-REMOVED" : "STR-CASE-MARK-MISSING", metadataPath(field), what));
  };
  mark("specialContent", theCase.specialContent === true, (m) => m.specialContent === true, "special content (Specialinnehåll)");
  mark("delayedUntil", theCase.delayedUntil !== undefined, (m) => m.delayedUntil !== undefined, `delayed display (case: ${theCase.delayedUntil})`);
  mark("guardianDisclosure", theCase.guardianDisclosure !== undefined, (m) => m.guardianDisclosure === theCase.guardianDisclosure, `guardian disclosure ${theCase.guardianDisclosure}`);
  return findings;
}

function checkAttachment(input: StorageCheckInput): Finding[] {
  const d = input.document;
  if (!isAttachment(d)) return d.attachmentOf !== undefined ? [report("ATT-NOT-ATTACHMENT-TYPE", metadataPath("attachmentOf"), d.specificType?.code ?? d.generalType?.code)] : [];
  if (d.attachmentOf === undefined || d.attachmentOf.trim() === "") return [report("ATT-MAIN-MISSING", metadataPath("attachmentOf"))];
  const main = input.mainDocument;
  if (!main || main.cancelled || main.setId !== d.attachmentOf) return [report("ATT-MAIN-NOT-FOUND", metadataPath("attachmentOf"), d.attachmentOf)];
  return [];
}

/** D06-R17, D07-R40: a document still referenced by non-cancelled documents cannot be cancelled. */
function checkCancelOrder(input: StorageCheckInput): Finding[] {
  if (input.dependants.length === 0) return [];
  const first = CANCEL_ORDER.find((kind) => input.dependants.some((dep) => dep.kind === kind))!;
  const names = input.dependants.filter((dep) => dep.kind === first).map((dep) => dep.setId);
  return [report("STR-CANCEL-HAS-DEPENDANTS", metadataPath("setId"), `cancel first the ${first} document(s) ${names.join(", ")}`)];
}
