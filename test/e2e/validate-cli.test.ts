import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLES_DIR } from "../../src/samples/generate.js";
import { runCli } from "../support/server-process.js";

describe("kanta-sim validate (offline, nothing stored)", () => {
  it("exits 0 with result AA for a valid sample", async () => {
    const r = await runCli(["validate", join(SAMPLES_DIR, "valid/01-client-relationship.xml")]);
    expect(r.stdout).toContain("result: AA");
    expect(r.code).toBe(0);
  });

  it("exits 1 and explains each finding in the chosen language", async () => {
    const r = await runCli(["validate", "--lang", "fi", join(SAMPLES_DIR, "invalid/SIG-CERT-EXPIRED.xml")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/E SIG-CERT-EXPIRED at \/ClinicalDocument/);
  });

  it("checks a document given apart from the frame, replacing the frame's own", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kanta-sim-validate-"));
    const envelope = readFileSync(join(SAMPLES_DIR, "valid/04-journal-entry.xml"), "utf8");
    const base64 = /representation="B64"[^>]*>([^<]+)</.exec(envelope)![1]!;
    const document = Buffer.from(base64, "base64").toString("utf8").replace("Bedömningen är klar.", "Ändrad.");
    writeFileSync(join(dir, "doc.xml"), document);
    const r = await runCli(["validate", "--json", join(SAMPLES_DIR, "valid/04-journal-entry.xml"), join(dir, "doc.xml")]);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: "AE", findings: [expect.objectContaining({ code: "SIG-DIGEST-MISMATCH" })] });
    expect(r.code).toBe(1);
  });

  it("exits 2 for an envelope that cannot be read (fault)", async () => {
    const r = await runCli(["validate", join(SAMPLES_DIR, "invalid/XML-DOCTYPE-FORBIDDEN--billion-laughs.xml")]);
    expect(r.stdout).toContain("XML-DOCTYPE-FORBIDDEN");
    expect(r.code).toBe(2);
  });
});
