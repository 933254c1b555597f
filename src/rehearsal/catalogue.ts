/** Loads and validates the rehearsal catalogue (fixtures/rehearsal/*.yaml against catalogue.schema.json). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { CATALOGUE } from "../errors/catalogue.js";
import type { CatalogueFile, RehearsalCase, Texts } from "./types.js";

export const CATALOGUE_DIR = fileURLToPath(new URL("../../fixtures/rehearsal/", import.meta.url));

export interface Catalogue {
  groups: { profile: string; title: Texts; file: string }[];
  cases: RehearsalCase[];
}

export class CatalogueError extends Error {}

/** Every profile a session may be opened for ("all" = every case). */
export const PROFILES = ["phase2-base", "phase2-producer", "phase2-search", "phase2-sender", "obligation-structured", "register-access", "disclosure"] as const;

export function loadCatalogue(dir = CATALOGUE_DIR): Catalogue {
  const schema = JSON.parse(readFileSync(join(dir, "catalogue.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const groups: Catalogue["groups"] = [];
  const cases: RehearsalCase[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    const data = parse(readFileSync(join(dir, file), "utf8"), { merge: true }) as CatalogueFile;
    if (!validate(data)) {
      throw new CatalogueError(`fixtures/rehearsal/${file}: ${(validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")}`);
    }
    groups.push({ profile: data.profile, title: data.title, file });
    for (const c of data.cases) {
      if (seen.has(c.id)) throw new CatalogueError(`fixtures/rehearsal/${file}: case ${c.id} is defined twice`);
      seen.add(c.id);
      for (const step of c.steps) {
        for (const code of [step.expect.error, ...(step.expect.warnings ?? [])]) {
          if (code && !CATALOGUE[code]) throw new CatalogueError(`fixtures/rehearsal/${file}: case ${c.id} expects ${code}, which is not in the error catalogue`);
        }
      }
      cases.push({ ...c, profile: data.profile });
    }
  }
  return { groups, cases };
}

/** The cases a session for a profile runs ("all": every case). */
export function casesForProfile(catalogue: Catalogue, profile: string): RehearsalCase[] {
  if (profile === "all") return catalogue.cases;
  if (!(PROFILES as readonly string[]).includes(profile)) throw new CatalogueError(`unknown profile ${profile}: one of ${PROFILES.join(", ")} or all`);
  return catalogue.cases.filter((c) => c.profiles.includes(profile));
}
