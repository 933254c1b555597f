import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/errors/catalogue.js";
import { renderErrorsMarkdown } from "../../src/errors/docs.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("error catalogue", () => {
  it("docs/errors.md is generated from the catalogue and up to date (npm run docs:errors)", () => {
    expect(readFileSync("docs/errors.md", "utf8")).toBe(renderErrorsMarkdown());
  });

  it("every code the source can emit is in the catalogue", () => {
    const emitted = new Set<string>();
    for (const file of sourceFiles("src")) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\b(?:finding|fault|refuse|warn)\(\s*"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)"/g)) emitted.add(m[1]!);
    }
    const missing = [...emitted].filter((code) => !CATALOGUE[code]);
    expect(missing).toEqual([]);
  });

  it("every entry has its three texts and a consistent class", () => {
    for (const [code, e] of Object.entries(CATALOGUE)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/);
      for (const lang of ["fi", "sv", "en"] as const) expect(e[lang].trim().length, `${code} ${lang}`).toBeGreaterThan(10);
      expect(["archive", "client-system", "transport"]).toContain(e.enforcement);
      expect(["AE", "AR"]).toContain(e.ack);
    }
  });
});
