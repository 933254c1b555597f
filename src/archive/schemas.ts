/**
 * Structured content (hl7fi:json) against the Sosmeta-style structure registry in fixtures/schemas/
 * (07 §2.A, L26258-26316, L26533-26545, L27276-27308): the structure OID the document names must be
 * in the registry (D07-R01), its life-cycle status must be accepted by the environment profile
 * (D07-R02 test: i testfas + färdig; production: färdig + föråldrad; D07-R03 samtestning: färdig),
 * a föråldrad structure past its transition period counts as borttagen (D07-R04, R05), a new version
 * needs a supported structure too (D07-R07), and makulering is always allowed (D07-R08 L26545,
 * L27304-27308). Each schema is compiled once (ajv, JSON Schema 2020-12) and the validator reused.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import type { DocumentBody } from "../model/document.js";
import { metadataPath } from "../rules/storage/paths.js";
import type { StorageOperation } from "../rules/storage/types.js";

export const SCHEMAS_DIR = fileURLToPath(new URL("../../fixtures/schemas", import.meta.url));

export type StructureStatus = "utkast" | "i testfas" | "färdig" | "föråldrad" | "borttagen";
export type EnvironmentProfile = "test" | "production" | "samtestning";

export interface StructureEntry {
  oid: string;
  name: string;
  structure: string;
  file: string;
  status: StructureStatus;
  valid_from?: string;
  /** End of a föråldrad structure's transition period (D07-R04); after it: borttagen. */
  valid_to?: string;
  /** JSON pointer to the array of client ids the content names. */
  client_ids_at?: string;
}

/** The statuses each environment profile stores (D07-R02, D07-R03). */
export const ACCEPTED_STATUSES: Readonly<Record<EnvironmentProfile, readonly StructureStatus[]>> = {
  test: ["i testfas", "färdig"],
  production: ["färdig", "föråldrad"],
  samtestning: ["färdig"],
};

/** The status a structure has on a date: a föråldrad one past its transition period is borttagen (D07-R05). */
export function effectiveStatus(entry: StructureEntry, date: string): StructureStatus {
  if (entry.valid_to !== undefined && date > entry.valid_to && (entry.status === "föråldrad" || entry.status === "färdig")) return "borttagen";
  return entry.status;
}

export class SchemaRegistry {
  private readonly byOid: Map<string, StructureEntry>;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true });

  constructor(
    entries: readonly StructureEntry[],
    private readonly dir: string,
  ) {
    this.byOid = new Map(entries.map((e) => [e.oid, e]));
  }

  entry(oid: string): StructureEntry | undefined {
    return this.byOid.get(oid);
  }

  /** The compiled validator of a structure, compiled on first use and reused. */
  validator(entry: StructureEntry): ValidateFunction {
    let validate = this.validators.get(entry.oid);
    if (!validate) {
      // Several registry entries may share one schema file: the $id is dropped so each compiles apart.
      const { $id: _ignored, ...schema } = JSON.parse(readFileSync(join(this.dir, entry.file), "utf8")) as Record<string, unknown>;
      void _ignored;
      validate = this.ajv.compile(schema);
      this.validators.set(entry.oid, validate);
    }
    return validate;
  }
}

export function loadSchemaRegistry(dir = SCHEMAS_DIR): SchemaRegistry {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { structures: StructureEntry[] };
  return new SchemaRegistry(index.structures, dir);
}

let defaultRegistry: SchemaRegistry | undefined;
/** The registry of fixtures/schemas, read once per process. */
export function defaultSchemaRegistry(): SchemaRegistry {
  return (defaultRegistry ??= loadSchemaRegistry());
}

export interface StructuredContentOptions {
  registry: SchemaRegistry;
  environmentProfile: EnvironmentProfile;
  operation: StorageOperation;
  /** Storage date, YYYY-MM-DD. */
  date: string;
}

const JSON_XPATH = metadataPath("body.json");

/** Findings on the document's hl7fi:json; none when the document carries no JSON or is a makulering. */
export function checkStructuredContent(body: DocumentBody, options: StructuredContentOptions): Finding[] {
  if (body.json === undefined || options.operation === "cancel") return [];
  const oid = body.jsonSchemaOid;
  const entry = oid === undefined ? undefined : options.registry.entry(oid);
  if (!entry) return [finding("SCHEMA-UNKNOWN", `${JSON_XPATH}/@schema`, oid ?? "no schema attribute")];
  const findings: Finding[] = [];
  const status = effectiveStatus(entry, options.date);
  const accepted = ACCEPTED_STATUSES[options.environmentProfile];
  if (!accepted.includes(status)) {
    findings.push(finding("SCHEMA-STATUS-NOT-ACCEPTED", `${JSON_XPATH}/@schema`, `${entry.oid} is ${status}; the ${options.environmentProfile} profile accepts ${accepted.join(", ")}`));
  } else if (entry.valid_from !== undefined && options.date < entry.valid_from) {
    findings.push(finding("SCHEMA-STATUS-NOT-ACCEPTED", `${JSON_XPATH}/@schema`, `${entry.oid} is valid from ${entry.valid_from}`));
  }
  const validate = options.registry.validator(entry);
  if (!validate(body.json)) {
    for (const error of validate.errors ?? []) {
      findings.push(finding("SCHEMA-INVALID", JSON_XPATH, `${error.instancePath || "/"}: ${error.message ?? error.keyword}${error.keyword === "enum" ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : ""}`));
    }
  }
  return findings;
}

/** Resolves a JSON pointer (RFC 6901) in a value. */
function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let current: unknown = value;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The client ids the structured content names, where its structure says they are (D06-R21, R28);
 * undefined when the document has no JSON or its structure names no client (content not read).
 */
export function contentClientIds(body: DocumentBody, registry: SchemaRegistry): string[] | undefined {
  if (body.json === undefined || body.jsonSchemaOid === undefined) return undefined;
  const at = registry.entry(body.jsonSchemaOid)?.client_ids_at;
  if (at === undefined) return undefined;
  const ids = atPointer(body.json, at);
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}
