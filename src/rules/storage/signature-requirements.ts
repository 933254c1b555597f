/**
 * Which documents need a professional's electronic signature (table 9.10.1, L24656-25255; D06-R38).
 * The storage-check list of 9.12 does not name this check, so it is a client-system duty
 * (DESIGN §7.6): a warning by default, a refusal in strict mode. No finding when
 * - the document is an attachment or a makulering (may be system-signed, D06-R39 L24582-24584);
 * - a private person signs the document by hand, so the professional signs by hand too
 *   (L24586-24596): types signed by professionals and private persons, "Underskriftens typ" = by hand;
 * - the type may be signed by a private person instead (Ansökan om specialomsorg…, "Privatperson
 *   eller yrkesutbildad person");
 * - the document is not a phase-2 client document (old and phase-1 documents predate the duty,
 *   06 §5.1 "Phase-1 or legacy document").
 * Every decision needs it, listed in table 9.10.1 or not ("alla beslut", L24572-24574).
 */
import type { Finding } from "../../errors/types.js";
import { CODE_SYSTEMS, GENERAL_TYPE_DECISION } from "./code-systems.js";
import { isAttachment } from "./storage-form.js";
import { report, type StorageCheckInput } from "./types.js";

export type ProfessionalSignatureNeed = "required" | "required-unless-hand-signed" | "not-required";

export function professionalSignatureNeed(input: StorageCheckInput): ProfessionalSignatureNeed {
  const d = input.document;
  if (input.operation === "cancel" || isAttachment(d) || d.documentGroup !== "phase-2") return "not-required";
  const byType = d.specificType?.codeSystem === CODE_SYSTEMS.specificType ? input.professionalSignatureOf(d.specificType.code) : undefined;
  if (byType === "professional-and-private") return "required-unless-hand-signed";
  if (byType === "professional") return "required";
  if (byType === "private-or-professional") return "not-required";
  const decision = (d.generalType?.codeSystem === CODE_SYSTEMS.generalType || d.generalType?.codeSystem === CODE_SYSTEMS.generalType2016) && d.generalType.code === GENERAL_TYPE_DECISION;
  return decision ? "required" : "not-required";
}

export function checkSignatureRequirements(input: StorageCheckInput): Finding[] {
  const need = professionalSignatureNeed(input);
  if (need === "not-required") return [];
  if (need === "required-unless-hand-signed" && input.signature.signedByHand === true) return [];
  if (input.signature.signer?.kind === "professional") return [];
  const type = input.document.specificType?.code ?? input.document.generalType?.code ?? "";
  return [report("SIG-PROF-REQUIRED", "/ClinicalDocument/hl7fi:signatures/ds:Signature", `document type ${type}, signed by ${input.signature.signer?.kind ?? "nobody"}`)];
}
