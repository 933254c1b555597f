/**
 * The structure registry of fixtures/schemas (07 §2.A, D07-R01 L26258-26316): every entry is well
 * formed and its schema compiles under JSON Schema 2020-12; validators are compiled once and reused.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACCEPTED_STATUSES, effectiveStatus, loadSchemaRegistry, SCHEMAS_DIR, type StructureEntry } from "../../src/archive/schemas.js";

const index = JSON.parse(readFileSync(join(SCHEMAS_DIR, "index.json"), "utf8")) as { structures: StructureEntry[] };
const STATUSES = ["utkast", "i testfas", "färdig", "föråldrad", "borttagen"];

describe("fixtures/schemas: the structure registry [D07-R01 L26258-26316]", () => {
  const registry = loadSchemaRegistry();

  it.each(index.structures.map((s) => [s.oid, s] as const))("%s: simulator OID, known status, schema compiles", (oid, entry) => {
    expect(oid).toMatch(/^1\.2\.246\.10\.99990000\.6\.\d+$/);
    expect(STATUSES).toContain(entry.status);
    expect(typeof registry.validator(entry)).toBe("function");
  });

  it("OIDs are unique; each structure kind of the brief is there (KR, case, journal entry, decision, assessment)", () => {
    expect(new Set(index.structures.map((s) => s.oid)).size).toBe(index.structures.length);
    expect(index.structures.map((s) => s.structure)).toEqual(expect.arrayContaining(["client-relationship", "case", "journal-entry", "decision", "assessment"]));
  });

  it("a validator is compiled once and reused", () => {
    const entry = registry.entry("1.2.246.10.99990000.6.4")!;
    expect(registry.validator(entry)).toBe(registry.validator(entry));
  });

  it("accepted statuses per environment profile [D07-R02 L26281-26285 L27300-27304; D07-R03 L27302-27304]", () => {
    expect(ACCEPTED_STATUSES).toEqual({ test: ["i testfas", "färdig"], production: ["färdig", "föråldrad"], samtestning: ["färdig"] });
  });

  it("a föråldrad structure is borttagen after its transition period [D07-R04 L26299-26309; D07-R05 L26311-26316]", () => {
    const entry = registry.entry("1.2.246.10.99990000.6.6")!;
    expect(effectiveStatus(entry, entry.valid_to!)).toBe("föråldrad");
    expect(effectiveStatus(entry, "2027-07-01")).toBe("borttagen");
  });
});
