import { describe, expect, it } from "vitest";
import type { DocumentMetadata } from "../../src/model/document.js";
import type { StorageCheckInput, VersionFacts } from "../../src/rules/storage/types.js";
import { checkVersioning } from "../../src/rules/storage/versioning.js";
import { clientDocument, codesOf, request } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[]];
const v1 = clientDocument();
const stored = (latestVersionNumber: number, latestCancelled = false): VersionFacts => ({
  latestVersionNumber,
  latestDocumentId: `${v1.setId}.${latestVersionNumber}`,
  latestCancelled,
  latest: { ...v1, versionNumber: latestVersionNumber, documentId: `${v1.setId}.${latestVersionNumber}` },
});
const next = (n: number, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata => ({ ...v1, versionNumber: n, documentId: `${v1.setId}.${n}`, replacesDocumentId: `${v1.setId}.${n - 1}`, ...overrides });

// 06 §5.3 decision table (L25939-25964).
const rows: Row[] = [
  ["new OID, version 1 [D06-R13 L25950]", () => request(v1), []],
  ["new OID, version 2 [D06-R13 L25950]", () => request({ ...v1, versionNumber: 2 }), ["VER-FIRST-NOT-ONE"]],
  ["existing setId sent again as a first version [D06-R11 L25939]", () => request(v1, { versions: stored(1) }), ["VER-SET-EXISTS"]],
  ["document id already used anywhere in Kanta [D06-R11 L25939]", () => request(v1, { documentIdExists: true }), ["VER-DOCUMENT-ID-EXISTS"]],
  ["version n+1 of an active version n [D06-R14 L25952-25954]", () => request(next(3), { operation: "version", versions: stored(2) }), []],
  ["version n+2 skips one [D06-R14 L25952-25954]", () => request(next(4, { replacesDocumentId: `${v1.setId}.2` }), { operation: "version", versions: stored(2) }), ["VER-NUMBER-NOT-NEXT"]],
  ["version of a setId not in the archive [D06-R15 L25956-25958]", () => request(next(2), { operation: "version" }), ["VER-PREVIOUS-MISSING"]],
  ["version n+1 of a cancelled version n [D06-R15 L25956-25958]", () => request(next(3), { operation: "version", versions: stored(2, true) }), ["VER-PREVIOUS-CANCELLED"]],
  ["new version replaces an older version, not the latest [D06-R15 L25956-25958] [DESIGN §6]", () =>
    request(next(3, { replacesDocumentId: `${v1.setId}.1` }), { operation: "version", versions: stored(2) }), ["VER-NOT-LATEST"]],
  ["new version without a replaced-document reference [DESIGN §6]", () => request(next(2, { replacesDocumentId: undefined }), { operation: "version", versions: stored(1) }), ["VER-NOT-LATEST"]],
  ["store with status Raderad [D06-R16 L25960]", () => request({ ...v1, status: "cancelled" }), ["VER-STATUS-WRONG"]],
  ["new version with status Raderad is a makulering sent as a version [D06-R16 L25960]", () => request(next(2, { status: "cancelled" }), { operation: "version", versions: stored(1) }), ["VER-STATUS-WRONG"]],
  ["makulering with status Raderad, version n+1 of the latest [D06-R16 L25960] [D07-R39 L29294-29300]", () =>
    request(next(2, { status: "cancelled" }), { operation: "cancel", versions: stored(1) }), []],
  ["makulering with status Arkiveringsklar [D06-R16 L25960]", () => request(next(2), { operation: "cancel", versions: stored(1) }), ["VER-STATUS-WRONG"]],
  ["makulering of an already cancelled document [D06-R15 L25956-25958]", () => request(next(3, { status: "cancelled" }), { operation: "cancel", versions: stored(2, true) }), ["VER-PREVIOUS-CANCELLED"]],
  ["new version reusing the latest version's document id [D06-R11 L25939]", () => request(next(2), { operation: "version", versions: stored(1), documentIdExists: true }), ["VER-DOCUMENT-ID-EXISTS"]],
];

describe("versions and makulering of one document [06 §5.3]", () => {
  it.each(rows)("%s", (_, build, expected) => {
    expect(codesOf(checkVersioning(build()))).toEqual(expected);
  });

  it("tells the expected version number [D06-R14 L25952-25954]", () => {
    const [f] = checkVersioning(request(next(4, { replacesDocumentId: `${v1.setId}.2` }), { operation: "version", versions: stored(2) }));
    expect(f?.detail).toBe("expected 3, got 4");
  });
});
