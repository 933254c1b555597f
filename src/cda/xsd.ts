/**
 * XSD validation of a standalone ClinicalDocument against the CDA R2 schema with the simulator's
 * Finnish extension (hl7/schemas/kanta-sim/CDA_Kanta.xsd), using libxml2-wasm. The compiled validator
 * is built once, lazily, and reused for every document (DESIGN §8).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ParseOption, XmlDocument, XmlParseError, XmlValidateError, XsdValidator, type ErrorDetail } from "libxml2-wasm";
import { xmlRegisterFsInputProviders } from "libxml2-wasm/lib/nodejs.mjs";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";

/** The schema entry point; its includes and imports are resolved relative to it from the file system. */
export const CDA_SCHEMA_PATH = fileURLToPath(new URL("../../hl7/schemas/kanta-sim/CDA_Kanta.xsd", import.meta.url));

let validator: XsdValidator | undefined;

function cdaValidator(): XsdValidator {
  if (!validator) {
    xmlRegisterFsInputProviders();
    const schema = XmlDocument.fromBuffer(readFileSync(CDA_SCHEMA_PATH), { url: CDA_SCHEMA_PATH });
    try {
      validator = XsdValidator.fromDoc(schema);
    } finally {
      schema.dispose(); // the compiled validator keeps what it needs
    }
  }
  return validator;
}

/**
 * Parse options for untrusted documents: no entity substitution, no DTD loading, no network. Callers
 * are expected to have run parseXmlSafely first (it refuses DOCTYPE), this is defence in depth.
 */
const SAFE_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

function toFinding(detail: ErrorDetail): Finding {
  const message = detail.message.trim();
  const location = detail.xpath;
  return finding("CDA-SCHEMA", location || "/", `line ${detail.line}: ${message}`);
}

/** Validates the document bytes; returns one CDA-SCHEMA finding per schema error (empty when valid). */
export function validateCdaSchema(bytes: Uint8Array | string): Finding[] {
  const input = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  let document: XmlDocument;
  try {
    document = XmlDocument.fromBuffer(input, { option: SAFE_PARSE });
  } catch (error) {
    if (error instanceof XmlParseError) return error.details.map(toFinding);
    throw error;
  }
  try {
    cdaValidator().validate(document);
    return [];
  } catch (error) {
    if (error instanceof XmlValidateError) return error.details.map(toFinding);
    throw error;
  } finally {
    document.dispose();
  }
}
