/**
 * Storage forms per document group (D07-R26, domain/07 §3.5) and which groups a register may receive
 * in its phase (01 D01-R11; 07 §3.5): journal entries always JSON; KR and ÄR JSON + XHTML; JSON always
 * with an XHTML display form (D06-R08); old and phase-1 documents unstructured (PDF/A or XHTML);
 * attachments XHTML or PDF/A (D06-R67); unstructured documents typed with one of the three
 * unstructured classes (D06-R62) and named in Beskrivning (D06-R63); the 2016 type classification
 * only for old and phase-1 documents (D06-R69, D05-R03/R04).
 */
import type { Finding } from "../../errors/types.js";
import type { DocumentMetadata } from "../../model/document.js";
import { CODE_SYSTEMS, GENERAL_TYPE_2016_ATTACHMENT, SPECIFIC_TYPE_ATTACHMENT, UNSTRUCTURED_SPECIFIC_TYPES } from "./code-systems.js";
import { metadataPath } from "./paths.js";
import { report, type StorageCheckInput } from "./types.js";

/** Is the document an attachment (bilaga): specifying type Bilaga (2017) or general type Bilaga (2016)? */
export function isAttachment(d: DocumentMetadata): boolean {
  return (
    (d.specificType?.codeSystem === CODE_SYSTEMS.specificType && d.specificType.code === SPECIFIC_TYPE_ATTACHMENT) ||
    (d.generalType?.codeSystem === CODE_SYSTEMS.generalType2016 && d.generalType.code === GENERAL_TYPE_2016_ATTACHMENT)
  );
}

/** Is the document typed with one of the three classes for unstructured documents (D06-R62)? */
export function hasUnstructuredClass(d: DocumentMetadata): boolean {
  return d.specificType?.codeSystem === CODE_SYSTEMS.specificType && UNSTRUCTURED_SPECIFIC_TYPES.has(d.specificType.code);
}

export function checkStorageForm(input: StorageCheckInput): Finding[] {
  if (input.operation === "cancel") return [];
  const d = input.document;
  const group = d.documentGroup;
  const hasJson = input.body.json !== undefined;
  const hasXhtml = input.body.xhtml !== undefined && input.body.xhtml.trim() !== "";
  const hasPdf = input.body.pdf !== undefined && input.body.pdf.length > 0;
  const findings: Finding[] = [];

  if (input.registerPhase === 1 && (group === "phase-2" || group === "journal-entry")) {
    findings.push(report("FORM-GROUP-NOT-IN-PHASE", metadataPath("documentGroup"), `${group} in a phase-1 register`));
  }
  if (!hasJson && !hasXhtml && !hasPdf) {
    findings.push(report("FORM-BODY-MISSING", metadataPath("body")));
    return findings;
  }
  if (hasJson && !hasXhtml) findings.push(report("FORM-XHTML-REQUIRED", metadataPath("body.xhtml")));
  if (!hasJson && (group === "client-relationship" || group === "case" || group === "journal-entry")) {
    findings.push(report("FORM-JSON-REQUIRED", metadataPath("body.json"), group));
  }
  if (hasJson && (group === "old" || group === "phase-1")) findings.push(report("FORM-STRUCTURED-NOT-ALLOWED", metadataPath("body.json"), group));

  if (isAttachment(d) && (hasJson || (!hasPdf && !hasXhtml))) findings.push(report("FORM-ATTACHMENT-FORMAT", metadataPath("body"), hasJson ? "structured JSON body" : "no XHTML or PDF/A"));
  // D06-R62: a PDF-only phase-2 document must use an unstructured class (e.g. not "Aktiveringsplan" for the TE office's plan).
  if (group === "phase-2" && hasPdf && !hasJson && d.specificType?.codeSystem === CODE_SYSTEMS.specificType && !hasUnstructuredClass(d)) {
    findings.push(report("TYPE-UNSTRUCTURED-CLASS", metadataPath("specificType"), `specifying type ${d.specificType.code} with a PDF/A body`));
  }
  if (hasUnstructuredClass(d) && (d.description === undefined || d.description.trim() === "")) findings.push(report("TYPE-DESCRIPTION-MISSING", metadataPath("description")));
  if ((group === "phase-2" || group === "journal-entry") && d.generalType?.codeSystem === CODE_SYSTEMS.generalType2016) {
    findings.push(report("TYPE-2016-IN-PHASE-2", metadataPath("generalType"), `general type ${d.generalType.code} of the 2016 classification in ${group}`));
  }
  return findings;
}
