/**
 * Versions and makulering of one document (setId): the first version is 1 under a new OID (D06-R11,
 * R13); a new version or a makulering references the latest version, which exists and is not
 * cancelled (D06-R15), with versionNumber = latest + 1 (D06-R14); status Arkiveringsklar on store and
 * version, Raderad on makulering (D06-R16); a KR flagged gammal klientrelation is frozen (D08-R44).
 */
import type { Finding } from "../../errors/types.js";
import { metadataPath } from "./paths.js";
import { report, type StorageCheckInput } from "./types.js";

export function checkVersioning(input: StorageCheckInput): Finding[] {
  const d = input.document;
  const findings: Finding[] = [];
  const expectedStatus = input.operation === "cancel" ? "cancelled" : "ready";
  if (d.status !== expectedStatus) findings.push(report("VER-STATUS-WRONG", metadataPath("status"), `${input.operation} needs status ${expectedStatus === "ready" ? "Arkiveringsklar" : "Raderad"}`));
  if (input.documentIdExists) findings.push(report("VER-DOCUMENT-ID-EXISTS", metadataPath("documentId"), d.documentId));

  if (input.operation === "store") {
    if (input.versions) findings.push(report("VER-SET-EXISTS", metadataPath("setId"), `${d.setId} has ${input.versions.latestVersionNumber} version(s)`));
    if (d.versionNumber !== 1) findings.push(report("VER-FIRST-NOT-ONE", metadataPath("versionNumber"), String(d.versionNumber)));
    return findings;
  }

  const versions = input.versions;
  if (!versions) {
    findings.push(report("VER-PREVIOUS-MISSING", metadataPath("setId"), d.setId));
    return findings;
  }
  if (versions.latestCancelled) findings.push(report("VER-PREVIOUS-CANCELLED", metadataPath("replacesDocumentId"), versions.latestDocumentId));
  // D08-R49: the original controller of old data after a controller change never changes between versions.
  if (input.operation === "version" && JSON.stringify(versions.latest.originalController ?? null) !== JSON.stringify(d.originalController ?? null) && versions.latest.originalController !== undefined) {
    findings.push(report("VER-ORIGINAL-CONTROLLER-CHANGED", metadataPath("originalController"), `${versions.latest.originalController.oid} → ${d.originalController?.oid ?? "none"}`));
  }
  // D08-R44: a KRH stored with "gammal klientrelation" never gets a new version (makulering stays possible).
  if (input.operation === "version" && d.documentGroup === "client-relationship" && versions.latest.oldClientRelationship === true) {
    findings.push(report("VER-KR-OLD-RELATIONSHIP-FROZEN", metadataPath("oldClientRelationship"), versions.latestDocumentId));
  }
  if (d.versionNumber !== versions.latestVersionNumber + 1) {
    findings.push(report("VER-NUMBER-NOT-NEXT", metadataPath("versionNumber"), `expected ${versions.latestVersionNumber + 1}, got ${d.versionNumber}`));
  }
  if (d.replacesDocumentId !== versions.latestDocumentId) {
    findings.push(report("VER-NOT-LATEST", metadataPath("replacesDocumentId"), `expected ${versions.latestDocumentId}, got ${d.replacesDocumentId ?? "none"}`));
  }
  return findings;
}
