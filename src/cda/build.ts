/**
 * The CDA builder: DocumentMetadata + DocumentBody → a standalone, schema-valid ClinicalDocument
 * (UTF-8 XML text) in the simulator profile (docs/profile/cda.md). Used by tests, samples, the reference
 * client and the demo. It never emits hl7fi:signatures: the signer appends that as the last child.
 * `parseCda` reads back exactly the metadata given here (round-trip property test).
 */
import { checkPersonalIdentityCode } from "../rules/identity.js";
import { DOCUMENT_GROUP_CODES, type Coded, type DocumentBody, type DocumentMetadata, type OrganisationRef } from "../model/document.js";
import {
  CDA_TYPE_ID,
  CONFIDENTIALITY_CODE_SYSTEM,
  DOCUMENT_GROUP_CODE_SYSTEM,
  DOCUMENT_GROUP_NAMES_SV,
  HL7_V3_NS,
  HL7FI_NS,
  PERSONAL_IDENTITY_CODE_ROOT,
  PROFESSIONAL_REGISTRATION_ROOT,
  TEMPORARY_CLIENT_ID_ROOT,
} from "./profile.js";
import { isoToHl7Ts } from "./time.js";

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Attribute list from pairs, skipping undefined values. */
function attrs(pairs: Record<string, string | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v!)}"`)
    .join("");
}

function ts(iso: string, field: string): string {
  const value = isoToHl7Ts(iso);
  if (value === undefined) throw new RangeError(`buildCdaDocument: ${field} "${iso}" is not an ISO 8601 date or date-time`);
  return value;
}

function coded(element: string, c: Coded, extra: Record<string, string | undefined> = {}): string {
  // HL7 "st" attributes cannot be empty: an empty display name is left out.
  return `<${element}${attrs({ code: c.code, codeSystem: c.codeSystem, displayName: c.displayName || undefined, ...extra })}/>`;
}

/** An identifier string of the model as an II: the whole string is the root (an OID or UUID). */
function ii(element: string, id: string): string {
  return `<${element}${attrs({ root: id })}/>`;
}

function organisation(element: string, org: OrganisationRef): string {
  return `<${element}>${ii("id", org.oid)}${org.name !== undefined ? `<name>${escapeXml(org.name)}</name>` : ""}</${element}>`;
}

function personName(given: string | undefined, family: string | undefined): string {
  if (given === undefined && family === undefined) return "";
  return `<name>${given !== undefined ? `<given>${escapeXml(given)}</given>` : ""}${family !== undefined ? `<family>${escapeXml(family)}</family>` : ""}</name>`;
}

function clientId(id: string): string {
  const root = checkPersonalIdentityCode(id).valid ? PERSONAL_IDENTITY_CODE_ROOT : TEMPORARY_CLIENT_ID_ROOT;
  return `<id${attrs({ root, extension: id })}/>`;
}

function localHeader(m: DocumentMetadata): string {
  const parts: string[] = [];
  const add = (name: string, pairs: Record<string, string | undefined>) => parts.push(`<hl7fi:${name}${attrs(pairs)}/>`);
  const addCoded = (name: string, c: Coded | undefined, extra: Record<string, string | undefined> = {}) => {
    if (c) parts.push(coded(`hl7fi:${name}`, c, extra));
  };
  const addText = (name: string, text: string | undefined) => {
    if (text !== undefined) parts.push(`<hl7fi:${name}>${escapeXml(text)}</hl7fi:${name}>`);
  };
  add("documentStatus", { code: m.status });
  if (m.schemaVersion !== undefined) add("schemaVersion", { value: m.schemaVersion });
  if (m.serviceUnit) add("serviceUnit", { root: m.serviceUnit.oid, name: m.serviceUnit.name });
  if (m.subcontractor) add("subcontractor", { root: m.subcontractor.oid, name: m.subcontractor.name });
  if (m.originalController) add("originalController", { root: m.originalController.oid, name: m.originalController.name });
  addCoded("registerCode", m.registerCode);
  if (m.caseName) addCoded("caseName", m.caseName.code, { originalText: m.caseName.text });
  addCoded("caseStatus", m.caseStatus);
  for (const id of m.linkedCaseIds ?? []) add("linkedCase", { root: id });
  for (const id of m.caseLinks ?? []) add("caseLink", { root: id });
  for (const c of m.serviceTasks) addCoded("serviceTask", c);
  for (const c of m.socialServices) addCoded("socialService", c);
  addCoded("generalDocumentType", m.generalType);
  addCoded("specificDocumentType", m.specificType);
  if (m.receivedAt !== undefined) add("receivedAt", { value: ts(m.receivedAt, "receivedAt") });
  addCoded("arrivalMethod", m.arrivalMethod);
  addText("senderOrAgent", m.senderOrAgent);
  addCoded("signerIdentificationMethod", m.signatureMetadata?.identificationMethod);
  addText("description", m.description);
  addCoded("correctionReason", m.correctionReason);
  if (m.delayedUntil !== undefined) add("delayedUntil", { value: ts(m.delayedUntil, "delayedUntil") });
  for (const c of m.restrictionReasons ?? []) addCoded("restrictionReason", c);
  addText("restrictionText", m.restrictionText);
  if (m.guardianDisclosure !== undefined) add("guardianDisclosure", { code: m.guardianDisclosure });
  for (const c of m.disclosureDespiteBanReasons ?? []) addCoded("disclosureDespiteBanReason", c);
  if (m.attachmentOf !== undefined) add("attachmentOf", { root: m.attachmentOf });
  // Archive-produced (D07-R24): written only when the archive itself renders a document.
  if (m.clientDeathDate !== undefined) add("clientDeathDate", { value: ts(m.clientDeathDate, "clientDeathDate") });
  return `<hl7fi:localHeader>${parts.join("")}</hl7fi:localHeader>`;
}

function author(m: DocumentMetadata): string {
  const person = m.storer ? `<assignedPerson>${personName(m.storer.givenName, m.storer.familyName)}</assignedPerson>` : "";
  const org = m.producer ? organisation("representedOrganization", m.producer) : "";
  return `<author><time value="${ts(m.createdAt, "createdAt")}"/><assignedAuthor><id nullFlavor="NI"/>${person}${org}</assignedAuthor></author>`;
}

function legalAuthenticator(m: DocumentMetadata): string {
  const s = m.signatureMetadata;
  if (!s) return "";
  const time = s.signedAt !== undefined ? `<time value="${ts(s.signedAt, "signatureMetadata.signedAt")}"/>` : `<time nullFlavor="NI"/>`;
  const ids = [
    s.signerPersonId !== undefined ? `<id${attrs({ root: PERSONAL_IDENTITY_CODE_ROOT, extension: s.signerPersonId })}/>` : "",
    s.registrationNumber !== undefined ? `<id${attrs({ root: PROFESSIONAL_REGISTRATION_ROOT, extension: s.registrationNumber })}/>` : "",
  ].join("");
  const name = personName(s.givenName, s.familyName);
  return `<legalAuthenticator>${time}<signatureCode code="S"/><assignedEntity>${ids || `<id nullFlavor="NI"/>`}${name ? `<assignedPerson>${name}</assignedPerson>` : ""}</assignedEntity></legalAuthenticator>`;
}

function componentOf(m: DocumentMetadata): string {
  if (m.caseId === undefined && m.caseOpenedAt === undefined && m.caseClosedAt === undefined) return "";
  const low = m.caseOpenedAt !== undefined ? `<low value="${ts(m.caseOpenedAt, "caseOpenedAt")}"/>` : "";
  const high = m.caseClosedAt !== undefined ? `<high value="${ts(m.caseClosedAt, "caseClosedAt")}"/>` : "";
  const time = low || high ? `<effectiveTime>${low}${high}</effectiveTime>` : `<effectiveTime nullFlavor="NI"/>`;
  return `<componentOf><encompassingEncounter>${m.caseId !== undefined ? ii("id", m.caseId) : ""}${time}</encompassingEncounter></componentOf>`;
}

function bodyXml(m: DocumentMetadata, body: DocumentBody): string {
  if (body.pdf) {
    if (body.xhtml !== undefined || body.json !== undefined) throw new RangeError("buildCdaDocument: a PDF/A body cannot be combined with XHTML or JSON in one CDA document");
    return `<component><nonXMLBody><text mediaType="application/pdf" representation="B64">${Buffer.from(body.pdf).toString("base64")}</text></nonXMLBody></component>`;
  }
  const text = body.xhtml !== undefined ? `<text>${body.xhtml}</text>` : "";
  const json =
    body.json !== undefined
      ? `<hl7fi:json${attrs({ schema: body.jsonSchemaOid, representation: "B64" })}>${Buffer.from(JSON.stringify(body.json), "utf8").toString("base64")}</hl7fi:json>`
      : "";
  const title = m.title !== undefined ? `<title>${escapeXml(m.title)}</title>` : "";
  return `<component><structuredBody><component><section>${title}${text}${json}</section></component></structuredBody></component>`;
}

/**
 * A standalone ClinicalDocument for the metadata and body. `body.xhtml` is the display form as a CDA
 * narrative-block fragment (e.g. `<paragraph>…</paragraph>`), inserted as is into section/text.
 * Throws RangeError on metadata it cannot express (a date that is not ISO 8601, PDF mixed with XHTML).
 */
export function buildCdaDocument(metadata: DocumentMetadata, body: DocumentBody): string {
  const m = metadata;
  const group = DOCUMENT_GROUP_CODES[m.documentGroup];
  const confidentiality =
    m.specialContent === undefined ? `<confidentialityCode nullFlavor="NI"/>` : `<confidentialityCode code="${m.specialContent ? "R" : "N"}" codeSystem="${CONFIDENTIALITY_CODE_SYSTEM}"/>`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<ClinicalDocument xmlns="${HL7_V3_NS}" xmlns:hl7fi="${HL7FI_NS}">`,
    `<realmCode code="FI"/>`,
    `<typeId root="${CDA_TYPE_ID.root}" extension="${CDA_TYPE_ID.extension}"/>`,
    ii("id", m.documentId),
    `<code${attrs({ code: group, codeSystem: DOCUMENT_GROUP_CODE_SYSTEM, displayName: DOCUMENT_GROUP_NAMES_SV[m.documentGroup] })}/>`,
    m.title !== undefined ? `<title>${escapeXml(m.title)}</title>` : "",
    `<effectiveTime value="${ts(m.createdAt, "createdAt")}"/>`,
    confidentiality,
    `<languageCode code="fi"/>`,
    ii("setId", m.setId),
    `<versionNumber value="${m.versionNumber}"/>`,
    localHeader(m),
    ...m.clients.map((c) => `<recordTarget><patientRole>${clientId(c)}</patientRole></recordTarget>`),
    author(m),
    `<custodian><assignedCustodian>${organisation("representedCustodianOrganization", m.organiser)}</assignedCustodian></custodian>`,
    legalAuthenticator(m),
    m.serviceProcess ? `<documentationOf><serviceEvent>${coded("code", m.serviceProcess)}</serviceEvent></documentationOf>` : "",
    m.replacesDocumentId !== undefined ? `<relatedDocument typeCode="RPLC"><parentDocument>${ii("id", m.replacesDocumentId)}</parentDocument></relatedDocument>` : "",
    componentOf(m),
    bodyXml(m, body),
    `</ClinicalDocument>`,
  ].join("");
}
