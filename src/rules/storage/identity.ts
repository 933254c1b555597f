/**
 * Client identification on storage (06 §2.4, §2.9, decision table §5.2): the identity code is valid
 * (D06-R18) and matches the stated birth date (D06-R19); a temporary id is an OID (D06-R52); the same
 * clients in frame, metadata and content (D06-R21); a structured document names its client (D06-R28);
 * the temporary → official switch happens once, first in the client relationship document (D06-R55,
 * R56), after which the temporary id is dead for every sender (D06-R57, R78); an official code never
 * becomes another (D06-R60).
 */
import type { Finding } from "../../errors/types.js";
import { checkPersonalIdentityCode } from "../identity.js";
import { isClosedStatus } from "./metadata-matrix.js";
import { metadataItemPath, metadataPath } from "./paths.js";
import { report, type IdentityLink, type StorageCheckInput } from "./types.js";

const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;
/** Looks like an attempt at a personal identity code (DDMMYY + sign + NNN + check). */
const PIC_SHAPE = /^\d{6}.{4,5}$/;

export type ClientIdKind = { kind: "official"; birthDate: string } | { kind: "temporary" } | { kind: "invalid-official"; problem: string } | { kind: "invalid" };

/** Tells an official personal identity code from a temporary id (a globally unique OID, D06-R52). */
export function classifyClientId(id: string): ClientIdKind {
  if (OID.test(id)) return { kind: "temporary" };
  if (PIC_SHAPE.test(id)) {
    const check = checkPersonalIdentityCode(id);
    return check.valid ? { kind: "official", birthDate: check.birthDate } : { kind: "invalid-official", problem: check.problem };
  }
  return { kind: "invalid" };
}

const isOfficial = (id: string) => classifyClientId(id).kind === "official";
const isTemporary = (id: string) => classifyClientId(id).kind === "temporary";

export function checkClientIdentity(input: StorageCheckInput): Finding[] {
  const d = input.document;
  const findings: Finding[] = [];

  d.clients.forEach((id, i) => {
    const kind = classifyClientId(id);
    if (kind.kind === "invalid-official") findings.push(report("CLI-PIC-INVALID", metadataItemPath("clients", i), kind.problem));
    else if (kind.kind === "invalid") findings.push(report("CLI-ID-INVALID", metadataItemPath("clients", i)));
    else if (kind.kind === "official") {
      const stated = input.clientIds.statedBirthDates?.[id];
      if (stated !== undefined && stated !== kind.birthDate) findings.push(report("CLI-BIRTH-DATE-MISMATCH", metadataItemPath("clients", i), `code says ${kind.birthDate}, stated ${stated}`));
    }
  });

  // D06-R21: the same clients in the message frame, the metadata and the content.
  const metadataIds = new Set(d.clients);
  if (input.clientIds.frameClientIds !== undefined) {
    const frameIds = new Set(input.clientIds.frameClientIds);
    const notInFrame = d.clients.filter((id) => !frameIds.has(id));
    const onlyInFrame = [...frameIds].filter((id) => !metadataIds.has(id));
    if (notInFrame.length || onlyInFrame.length) {
      findings.push(report("CLI-ID-MISMATCH", metadataPath("clients"), `frame and metadata differ: ${[...notInFrame, ...onlyInFrame].join(", ")}`));
    }
  }
  const content = input.clientIds.contentClientIds;
  if (content !== undefined) {
    if (input.body.json !== undefined && content.length === 0) findings.push(report("CLI-CONTENT-ID-MISSING", metadataPath("body.json")));
    else {
      const contentIds = new Set(content);
      const previousIds = new Set(input.versions?.latest.clients ?? []);
      // The content keeps a switched temporary id beside the new official code (D06-R54).
      const allowedExtra = (id: string) => isTemporary(id) && (previousIds.has(id) || input.identityLinks.some((l) => l.temporaryId === id && metadataIds.has(l.officialCode)));
      const missingFromContent = d.clients.filter((id) => !contentIds.has(id));
      const extraInContent = content.filter((id) => !metadataIds.has(id) && !allowedExtra(id));
      if (missingFromContent.length || extraInContent.length) {
        findings.push(report("CLI-ID-MISMATCH", metadataPath("body.json"), `metadata and content differ: ${[...missingFromContent, ...extraInContent].join(", ")}`));
      }
    }
  }

  if (input.operation === "cancel") return findings;

  // D06-R57, R78: once switched in the register, the temporary id is dead for new documents and versions.
  d.clients.forEach((id, i) => {
    const link = linkOf(input.identityLinks, id);
    if (link) findings.push(report("CLI-TEMP-ID-AFTER-SWITCH", metadataItemPath("clients", i), `${id} was switched to an official code`));
  });

  if (input.operation === "version" && input.versions) findings.push(...checkSwitch(input));
  return findings;
}

function linkOf(links: readonly IdentityLink[], temporaryId: string): IdentityLink | undefined {
  return links.find((l) => l.temporaryId === temporaryId);
}

/** A version that changes the client ids: temporary → official switch rules and official-code changes. */
function checkSwitch(input: StorageCheckInput): Finding[] {
  const d = input.document;
  const previous = input.versions!.latest;
  const now = new Set(d.clients);
  const before = new Set(previous.clients);
  const removed = previous.clients.filter((id) => !now.has(id));
  const added = d.clients.filter((id) => !before.has(id));
  const addedOfficial = added.filter(isOfficial);
  const findings: Finding[] = [];
  const where = metadataPath("clients");
  const isKr = d.documentGroup === "client-relationship";

  for (const temporaryId of removed.filter(isTemporary)) {
    if (addedOfficial.length === 0) continue; // a change of clients, not a switch
    const link = linkOf(input.identityLinks, temporaryId);
    if (isKr) {
      if (link) findings.push(report("CLI-SWITCH-TWICE", where, `${temporaryId} was already switched to an official code`));
      else {
        const other = input.identityLinks.find((l) => addedOfficial.includes(l.officialCode));
        if (other) findings.push(report("CLI-SWITCH-TWICE", where, `the official code was already set in client relationship document ${other.clientRelationshipSetId}`));
      }
      continue;
    }
    if (!link) {
      findings.push(report("CLI-SWITCH-NOT-FIRST-IN-KR", where, `${temporaryId} is still the id in the client relationship document`));
    } else if (!addedOfficial.includes(link.officialCode)) {
      findings.push(report("CLI-OFFICIAL-CODE-CHANGED", where, `${temporaryId} was switched to another official code`));
    } else if (d.documentGroup === "case" && isClosedStatus(previous)) {
      findings.push(report("CLI-CLOSED-CASE-ID-CHANGE", where));
    }
  }

  // D06-R60: an official code never becomes another one. Checked where the client set is single and
  // fixed — the client relationship document and single-client client documents; a case document
  // may legitimately change its clients (D04 §5.2 #2).
  const singleClient = previous.clients.length === 1 && d.clients.length === 1 && d.documentGroup !== "case";
  if (isKr || singleClient) {
    const removedOfficial = removed.filter(isOfficial);
    if (removedOfficial.length && added.length) findings.push(report("CLI-OFFICIAL-CODE-CHANGED", where, `${removedOfficial.join(", ")} → ${added.join(", ")}`));
  }
  return findings;
}
