import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE_DIR, CatalogueError, casesForProfile, loadCatalogue, PROFILES } from "../../src/rehearsal/catalogue.js";
import { fingerprintOf, matchesFingerprint, readTag } from "../../src/rehearsal/match.js";
import { ENABLED_FEATURES } from "../../src/rehearsal/features.js";
import { SEARCH_VARIANTS, VARIANTS } from "../../src/rehearsal/player.js";
import type { ObservedMessage } from "../../src/rehearsal/types.js";

/**
 * The samtestning rehearsal catalogue (issue 7): data validated by a JSON Schema, grouped by the
 * information-system profiles of D02 §4.7-4.8 [D02 L6349-6839 L6841-7243], with positive and negative
 * cases built on the §7 scenarios S1-S19 [D02 L7407-7435].
 */
describe("rehearsal catalogue", () => {
  const catalogue = loadCatalogue();

  it("loads every file against the schema: at least 60 cases in the profile groups [D02 L6383-6391 L6890-7243]", () => {
    expect(catalogue.cases.length).toBeGreaterThanOrEqual(60);
    expect(catalogue.groups.map((g) => g.profile)).toEqual(["phase2-base", "obligation-structured", "phase2-sender", "phase2-search", "register-access", "disclosure"]);
    for (const profile of PROFILES) expect(casesForProfile(catalogue, profile).length, profile).toBeGreaterThan(0);
  });

  it("has positive and negative cases, each with seed lines, fi/sv/en titles and an outcome", () => {
    const steps = catalogue.cases.flatMap((c) => c.steps);
    expect(steps.filter((s) => s.expect.ack === "AA").length).toBeGreaterThanOrEqual(20);
    expect(steps.filter((s) => s.expect.ack !== "AA").length).toBeGreaterThanOrEqual(30);
    for (const c of catalogue.cases) {
      expect(c.seed_lines.length, c.id).toBeGreaterThan(0);
      expect(Object.keys(c.title).sort()).toEqual(["en", "fi", "sv"]);
      for (const s of c.steps) if (s.expect.ack !== "AA") expect(s.expect.error, `${c.id} names the refusal code`).toBeDefined();
    }
  });

  it("every variant a case names is one the reference client can build", () => {
    for (const c of catalogue.cases) {
      for (const s of c.steps) {
        const v = s.send.variant ?? "valid";
        expect(s.send.kind === "search" ? SEARCH_VARIANTS.has(v) : v in VARIANTS, `${c.id}: ${v}`).toBe(true);
        if (s.send.kind === "store-will") expect(s.send.will, `${c.id} names its will expression`).toBeDefined();
      }
    }
  });

  it("disclosure and spärrmarkering cases require their feature, and both features are enabled (issue 7 follow-up) [D02 L6857-6865]", () => {
    const requiring = catalogue.cases.filter((c) => c.requires);
    expect(requiring.map((c) => c.requires).sort()).toEqual(expect.arrayContaining(["disclosure", "sparrmarkering"]));
    expect(requiring.every((c) => c.profile === "disclosure" || c.profile === "register-access")).toBe(true);
    for (const c of requiring) expect(ENABLED_FEATURES.has(c.requires!), `${c.id} requires ${c.requires}`).toBe(true);
  });

  it("the disclosure group has its negative paths: no Kanta-information, no or a negative permission, prohibitions of all data and by service task, a private organisation on SP9 [D07-R70 L31058-31064] [D07-R66 L30159-30200] [D07-R73 L30535-30537]", () => {
    const disclosure = casesForProfile(catalogue, "disclosure");
    const refusals = disclosure.flatMap((c) => c.steps.map((s) => s.expect.error)).filter(Boolean);
    expect(refusals).toEqual(
      expect.arrayContaining(["ACCESS-DISCLOSURE-NO-KANTA-INFORMATION", "ACCESS-DISCLOSURE-NO-PERMISSION", "ACCESS-DISCLOSURE-PROHIBITED-ALL", "ACCESS-EXTENDED-INFO-PRIVATE-ORGANISATION", "ACCESS-EXTENDED-INFO-NO-BASIS", "WILL-NO-KANTA-INFORMATION"]),
    );
    const stored = (id: string) => disclosure.find((c) => c.id === id)!.preconditions.stored ?? [];
    expect(stored("DIS-SP8-06")).toContain("will-permission-negative");
    expect(stored("DIS-SP8-07")).toContain("will-prohibition-service-task");
    expect(disclosure.find((c) => c.id === "DIS-SP9-01")!.preconditions.sender).toBe("1.2.246.10.99990003.10.0");
  });

  it("refuses a catalogue file that breaks the schema, naming the file and the path", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearsal-"));
    cpSync(CATALOGUE_DIR, dir, { recursive: true });
    const file = join(dir, "10-phase2-base.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("seed_lines: [L25940-25948, L16051-16053]", "seed_lines: []"));
    expect(() => loadCatalogue(dir)).toThrow(CatalogueError);
    expect(() => loadCatalogue(dir)).toThrow(/10-phase2-base\.yaml: \/cases\/0\/seed_lines/);
  });

  it("refuses a case that expects a code the error catalogue does not have", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearsal-"));
    cpSync(CATALOGUE_DIR, dir, { recursive: true });
    const file = join(dir, "10-phase2-base.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("error: STR-KR-MISSING", "error: STR-NO-SUCH-CODE"));
    expect(() => loadCatalogue(dir)).toThrow(/STR-NO-SUCH-CODE/);
  });
});

describe("rehearsal matching rules", () => {
  const message = (summary: Record<string, unknown>, serviceRequest = "SP1"): ObservedMessage => ({ logId: 1, receivedAt: "2026-11-28T10:00:00Z", endpoint: "/soap/archive", senderOid: "x", serviceRequest, result: "AA", summary, findings: [] });

  it("reads the case tag from a message id", () => {
    expect(readTag("1.2.246.10.99990001.10.0:rehearse:P2-KR-01:1:5f0c")).toEqual({ kind: "case", caseId: "P2-KR-01", step: 1 });
    expect(readTag("1.2.3:rehearse:P2-KR-01")).toEqual({ kind: "case", caseId: "P2-KR-01" });
    expect(readTag("1.2.3:rehearse:setup:123abc")).toEqual({ kind: "setup" });
    expect(readTag("1.2.3:9b1c")).toEqual({ kind: "none" });
    expect(readTag(undefined)).toEqual({ kind: "none" });
  });

  it("derives a step's fingerprint from what is sent and matches the logged summary", () => {
    const fp = fingerprintOf({ send: { kind: "new-version", document: "assessment" }, expect: { ack: "AA" } });
    expect(fp).toEqual({ service_request: "SP1", document_group: "phase-2", version: "later", status: "ready" });
    expect(matchesFingerprint(fp, message({ documentGroup: "phase-2", versionNumber: 2, status: "ready" }))).toBe(true);
    expect(matchesFingerprint(fp, message({ documentGroup: "phase-2", versionNumber: 1, status: "ready" }))).toBe(false);
    expect(matchesFingerprint(fp, message({ versionNumber: 2 }))).toBe(false);
    expect(matchesFingerprint(fingerprintOf({ send: { kind: "search", service_request: "SP5" }, expect: { ack: "AA" } }), message({}, "SP5"))).toBe(true);
    const will = fingerprintOf({ send: { kind: "store-will", will: "permission" }, expect: { ack: "AA" } });
    expect(will).toEqual({ service_request: "SP1", document_group: "will-expression", version: "first" });
    expect(matchesFingerprint(will, message({ documentGroup: "will-expression", versionNumber: 1 }))).toBe(true);
    expect(matchesFingerprint(will, message({ documentGroup: "client-relationship", versionNumber: 1 }))).toBe(false);
  });
});
