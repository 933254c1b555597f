/**
 * The CDA parser: a safely parsed ClinicalDocument (DOM) → the typed DocumentMetadata and the body,
 * with findings located by XPath. Placements are documented in docs/profile/cda.md.
 *
 * It reports only what makes the document unreadable or what the archive must refuse whatever the
 * document group (unknown metadata D07-R23, archive-produced metadata D07-R24, undecodable body);
 * which metadata are mandatory per document group is decided by the storage rules.
 */
import { XMLSerializer, type Document, type Element, type Node } from "@xmldom/xmldom";
import { finding, type ErrorCode } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { DOCUMENT_GROUP_CODES, type Coded, type DocumentBody, type DocumentGroup, type DocumentMetadata, type GuardianDisclosureCode, type OrganisationRef } from "../model/document.js";
import { DOCUMENT_GROUP_CODE_SYSTEM, HL7_V3_NS, HL7FI_NS, LOCAL_HEADER_ELEMENTS, PERSONAL_IDENTITY_CODE_ROOT, PROFESSIONAL_REGISTRATION_ROOT, XMLDSIG_NS, type LocalHeaderElement } from "./profile.js";
import { hl7TsToIso } from "./time.js";

export interface ParsedCda {
  /** Present when the identity, group, organiser, clients and creation time could all be read. */
  metadata?: DocumentMetadata;
  body: DocumentBody;
  findings: Finding[];
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

function elementChildren(parent: Element): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) out.push(n as Element);
  return out;
}

function children(parent: Element | undefined, localName: string, ns = HL7_V3_NS): Element[] {
  if (!parent) return [];
  return elementChildren(parent).filter((e) => e.localName === localName && e.namespaceURI === ns);
}

function child(parent: Element | undefined, localName: string, ns = HL7_V3_NS): Element | undefined {
  return children(parent, localName, ns)[0];
}

/** Walks a path of v3 child names from an element; undefined as soon as one step is missing. */
function descend(from: Element | undefined, ...names: string[]): Element | undefined {
  let at = from;
  for (const name of names) at = child(at, name);
  return at;
}

const PREFIXES: Readonly<Record<string, string>> = { [HL7_V3_NS]: "", [HL7FI_NS]: "hl7fi:", [XMLDSIG_NS]: "ds:" };

function step(e: Element): string {
  const prefix = PREFIXES[e.namespaceURI ?? ""];
  const name = prefix !== undefined ? `${prefix}${e.localName}` : `*[local-name()='${e.localName}']`;
  const parent = e.parentNode;
  if (!parent || parent.nodeType !== ELEMENT_NODE) return name;
  const same = elementChildren(parent as Element).filter((s) => s.localName === e.localName && s.namespaceURI === e.namespaceURI);
  return same.length > 1 ? `${name}[${same.indexOf(e) + 1}]` : name;
}

/**
 * XPath of an element (v3 elements unprefixed, hl7fi: and ds: prefixed, positions only where siblings
 * share the name), optionally of one of its attributes.
 */
export function xpathOf(node: Element, attribute?: string): string {
  const steps: string[] = [];
  for (let at: Node | null = node; at && at.nodeType === ELEMENT_NODE; at = at.parentNode) steps.unshift(step(at as Element));
  return `/${steps.join("/")}${attribute ? `/@${attribute}` : ""}`;
}

function text(e: Element): string {
  return (e.textContent ?? "").trim();
}

function attribute(e: Element, name: string): string | undefined {
  return e.hasAttribute(name) ? e.getAttribute(name)! : undefined;
}

/** Collects findings while reading; each reader returns undefined when the value cannot be used. */
class HeaderReader {
  readonly findings: Finding[] = [];
  /** Set when a field the document cannot be read without is missing or invalid. */
  unreadable = false;

  report(code: ErrorCode, location: string, detail?: string): undefined {
    this.findings.push(finding(code, location, detail));
    if (code === "CDA-METADATA-MISSING") this.unreadable = true;
    return undefined;
  }

  /** A required element's identifier (II): root, or root + "." + extension. */
  requiredIdentifier(parent: Element, localName: string, what: string): string | undefined {
    const e = child(parent, localName);
    if (!e) return this.report("CDA-METADATA-MISSING", `${xpathOf(parent)}/${localName}`, what);
    return this.identifier(e, what, true);
  }

  identifier(e: Element, what: string, required: boolean): string | undefined {
    const root = attribute(e, "root");
    if (!root) {
      if (required) return this.report("CDA-METADATA-MISSING", xpathOf(e, "root"), what);
      return this.report("CDA-METADATA-INVALID", xpathOf(e, "root"), `${what}: an identifier needs a root`);
    }
    const extension = attribute(e, "extension");
    return extension ? `${root}.${extension}` : root;
  }

  time(e: Element, attributeName: string, what: string): string | undefined {
    const value = attribute(e, attributeName);
    if (value === undefined) return this.report("CDA-METADATA-INVALID", xpathOf(e, attributeName), `${what}: a point in time is required`);
    const iso = hl7TsToIso(value);
    if (iso === undefined) return this.report("CDA-METADATA-INVALID", xpathOf(e, attributeName), `${what}: "${value}" is not an HL7 TS date (YYYYMMDD[HHMM[SS[.s]]][+ZZZZ])`);
    return iso;
  }

  coded(e: Element, what: string): Coded | undefined {
    const code = attribute(e, "code");
    const codeSystem = attribute(e, "codeSystem");
    if (!code || !codeSystem) return this.report("CDA-METADATA-INVALID", xpathOf(e), `${what}: code and codeSystem are required`);
    const displayName = attribute(e, "displayName");
    return displayName === undefined ? { code, codeSystem } : { code, codeSystem, displayName };
  }

  organisation(e: Element | undefined, what: string): OrganisationRef | undefined {
    if (!e) return undefined;
    const id = child(e, "id");
    if (!id) return this.report("CDA-METADATA-INVALID", `${xpathOf(e)}/id`, `${what}: the organisation OID is missing`);
    const oid = attribute(id, "root");
    if (!oid) return this.report("CDA-METADATA-INVALID", xpathOf(id, "root"), `${what}: the organisation OID is missing`);
    const name = child(e, "name");
    return name ? { oid, name: text(name) } : { oid };
  }
}

const GROUP_BY_CODE = new Map(Object.entries(DOCUMENT_GROUP_CODES).map(([group, code]) => [code, group as DocumentGroup]));
const GUARDIAN_CODES: ReadonlySet<string> = new Set<GuardianDisclosureCode>(["1", "2", "3", "4"]);

export function parseCda(document: Document): ParsedCda {
  const root = document.documentElement;
  if (!root || root.localName !== "ClinicalDocument" || root.namespaceURI !== HL7_V3_NS) {
    const found = root ? `{${root.namespaceURI ?? ""}}${root.localName}` : "no root element";
    return { body: {}, findings: [finding("CDA-NOT-CLINICAL-DOCUMENT", "/", `found ${found}`)] };
  }
  const r = new HeaderReader();
  const at = xpathOf(root);

  // ── identity of this version ──
  const documentId = r.requiredIdentifier(root, "id", "document id (ClinicalDocument/id)");
  const setId = r.requiredIdentifier(root, "setId", "document set id (ClinicalDocument/setId)");
  const versionNumber = readVersionNumber(r, root);
  const documentGroup = readDocumentGroup(r, root);
  const effectiveTime = child(root, "effectiveTime");
  const createdAt = effectiveTime ? r.time(effectiveTime, "value", "creation date") : r.report("CDA-METADATA-MISSING", `${at}/effectiveTime`, "creation date");
  const titleElement = child(root, "title");

  // ── organiser (custodian) and clients (recordTarget) ──
  const custodianOrg = descend(root, "custodian", "assignedCustodian", "representedCustodianOrganization");
  const organiser = custodianOrg
    ? r.organisation(custodianOrg, "service organiser (#1)")
    : r.report("CDA-METADATA-MISSING", `${at}/custodian/assignedCustodian/representedCustodianOrganization`, "service organiser (#1)");
  if (custodianOrg && !organiser) r.unreadable = true;
  const clients = readClients(r, root);

  const metadata: Partial<DocumentMetadata> = { serviceTasks: [], socialServices: [], status: "ready" };
  if (titleElement) metadata.title = text(titleElement);
  readConfidentiality(r, root, metadata);
  readAuthor(r, root, metadata);
  readLegalAuthenticator(r, root, metadata);
  const serviceEventCode = descend(root, "documentationOf", "serviceEvent", "code");
  if (serviceEventCode) metadata.serviceProcess = r.coded(serviceEventCode, "service process (#18)");
  readReplaces(r, root, metadata);
  readCase(r, root, metadata);
  const localHeader = children(root, "localHeader", HL7FI_NS);
  if (localHeader.length > 1) r.report("CDA-METADATA-INVALID", xpathOf(localHeader[1]!), "hl7fi:localHeader occurs more than once");
  if (localHeader[0]) readLocalHeader(r, localHeader[0], metadata);

  const body = readBody(r, root);

  if (r.unreadable || !documentId || !setId || versionNumber === undefined || !documentGroup || !createdAt || !organiser || clients.length === 0) {
    return { body, findings: r.findings };
  }
  const complete: DocumentMetadata = {
    ...metadata,
    documentId,
    setId,
    versionNumber,
    createdAt,
    organiser,
    clients,
    documentGroup,
    serviceTasks: metadata.serviceTasks ?? [],
    socialServices: metadata.socialServices ?? [],
    status: metadata.status ?? "ready",
  };
  return { metadata: dropUndefined(complete), body, findings: r.findings };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function readVersionNumber(r: HeaderReader, root: Element): number | undefined {
  const e = child(root, "versionNumber");
  if (!e) return r.report("CDA-METADATA-MISSING", `${xpathOf(root)}/versionNumber`, "version number");
  const value = attribute(e, "value");
  if (value === undefined) return r.report("CDA-METADATA-MISSING", xpathOf(e, "value"), "version number");
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    r.unreadable = true;
    return r.report("CDA-METADATA-INVALID", xpathOf(e, "value"), `version number "${value}" is not a positive integer`);
  }
  return Number(value);
}

function readDocumentGroup(r: HeaderReader, root: Element): DocumentGroup | undefined {
  const e = child(root, "code");
  if (!e || attribute(e, "code") === undefined) return r.report("CDA-METADATA-MISSING", e ? xpathOf(e, "code") : `${xpathOf(root)}/code`, "document group (#21)");
  const code = attribute(e, "code")!;
  const group = GROUP_BY_CODE.get(code);
  if (attribute(e, "codeSystem") !== DOCUMENT_GROUP_CODE_SYSTEM || !group) {
    r.unreadable = true;
    return r.report("CDA-METADATA-INVALID", xpathOf(e), `document group (#21): expected a code of ${DOCUMENT_GROUP_CODE_SYSTEM} (1-6), found ${code} in ${attribute(e, "codeSystem") ?? "no code system"}`);
  }
  return group;
}

function readClients(r: HeaderReader, root: Element): string[] {
  const targets = children(root, "recordTarget");
  if (targets.length === 0) {
    r.report("CDA-METADATA-MISSING", `${xpathOf(root)}/recordTarget`, "client (#10)");
    return [];
  }
  const clients: string[] = [];
  for (const target of targets) {
    const id = descend(target, "patientRole", "id");
    const value = id ? (attribute(id, "extension") ?? (attribute(id, "root") === PERSONAL_IDENTITY_CODE_ROOT ? undefined : attribute(id, "root"))) : undefined;
    if (!value) r.report("CDA-METADATA-MISSING", id ? xpathOf(id, "extension") : `${xpathOf(target)}/patientRole/id`, "client identifier (#10)");
    else clients.push(value);
  }
  return clients;
}

function readConfidentiality(r: HeaderReader, root: Element, m: Partial<DocumentMetadata>): void {
  const e = child(root, "confidentialityCode");
  if (!e || attribute(e, "nullFlavor") !== undefined) return;
  const code = attribute(e, "code");
  // M2 Specialinnehåll (03 §3.1): R/V restricted = yes, N normal = no.
  if (code === "R" || code === "V") m.specialContent = true;
  else if (code === "N") m.specialContent = false;
  else r.report("CDA-METADATA-INVALID", xpathOf(e, "code"), `confidentialityCode "${code ?? ""}" is not N, R or V (M2 Specialinnehåll)`);
}

function personNames(r: HeaderReader, person: Element | undefined): { given?: string; family?: string } {
  const name = child(person, "name");
  if (!name) return {};
  const given = children(name, "given");
  const family = children(name, "family");
  if (given.length > 1 || family.length > 1) r.report("CDA-METADATA-INVALID", xpathOf(name), "one given and one family name element expected");
  return { ...(given[0] ? { given: text(given[0]) } : {}), ...(family[0] ? { family: text(family[0]) } : {}) };
}

function readAuthor(r: HeaderReader, root: Element, m: Partial<DocumentMetadata>): void {
  const authors = children(root, "author");
  // One storer per document (#8/#9 "Uppgiften upprepas inte", D07-R38): a second author is refused.
  if (authors.length > 1) r.report("CDA-METADATA-INVALID", xpathOf(authors[1]!), "one author (the storer and producer) expected; #8/#9 do not repeat (L27869-27941)");
  const assigned = descend(authors[0], "assignedAuthor");
  if (!assigned) return;
  const person = child(assigned, "assignedPerson");
  if (person) {
    const { given, family } = personNames(r, person);
    m.storer = { givenName: given ?? "", familyName: family ?? "" };
  }
  const producer = r.organisation(child(assigned, "representedOrganization"), "service producer (#3)");
  if (producer) m.producer = producer;
}

function readLegalAuthenticator(r: HeaderReader, root: Element, m: Partial<DocumentMetadata>): void {
  const e = child(root, "legalAuthenticator");
  if (!e) return;
  const s: NonNullable<DocumentMetadata["signatureMetadata"]> = {};
  const time = child(e, "time");
  if (time && attribute(time, "nullFlavor") === undefined) {
    const signedAt = r.time(time, "value", "signing time (#32)");
    if (signedAt) s.signedAt = signedAt;
  }
  const entity = child(e, "assignedEntity");
  for (const id of children(entity, "id")) {
    if (attribute(id, "nullFlavor") !== undefined) continue;
    const root = attribute(id, "root");
    const extension = attribute(id, "extension");
    if (root === PERSONAL_IDENTITY_CODE_ROOT && extension) s.signerPersonId = extension;
    else if (root === PROFESSIONAL_REGISTRATION_ROOT && extension) s.registrationNumber = extension;
    else r.report("CDA-METADATA-INVALID", xpathOf(id), `signer identifier: expected root ${PERSONAL_IDENTITY_CODE_ROOT} (#27) or ${PROFESSIONAL_REGISTRATION_ROOT} (#28) with an extension`);
  }
  const { given, family } = personNames(r, child(entity, "assignedPerson"));
  if (given !== undefined) s.givenName = given;
  if (family !== undefined) s.familyName = family;
  m.signatureMetadata = { ...m.signatureMetadata, ...s };
}

function readReplaces(r: HeaderReader, root: Element, m: Partial<DocumentMetadata>): void {
  const replacing = children(root, "relatedDocument").filter((e) => attribute(e, "typeCode") === "RPLC");
  if (replacing.length > 1) r.report("CDA-METADATA-INVALID", xpathOf(replacing[1]!), "a version replaces exactly one version: one relatedDocument[@typeCode='RPLC'] expected");
  const id = descend(replacing[0], "parentDocument", "id");
  if (replacing[0] && !id) r.report("CDA-METADATA-INVALID", `${xpathOf(replacing[0])}/parentDocument/id`, "the replaced version's id is missing");
  if (id) m.replacesDocumentId = r.identifier(id, "replaced version id", false);
}

function readCase(r: HeaderReader, root: Element, m: Partial<DocumentMetadata>): void {
  const encounter = descend(root, "componentOf", "encompassingEncounter");
  if (!encounter) return;
  const ids = children(encounter, "id");
  if (ids.length > 1) r.report("CDA-METADATA-INVALID", xpathOf(ids[1]!), "case number (#11): one main case per document");
  if (ids[0]) m.caseId = r.identifier(ids[0], "case number (#11)", false);
  const time = child(encounter, "effectiveTime");
  const low = child(time, "low");
  const high = child(time, "high");
  if (low) m.caseOpenedAt = r.time(low, "value", "case opening date (#13)");
  if (high) m.caseClosedAt = r.time(high, "value", "case closing date (#14)");
}

function readLocalHeader(r: HeaderReader, header: Element, m: Partial<DocumentMetadata>): void {
  const seen = new Map<string, Element[]>();
  for (const e of elementChildren(header)) {
    const known = e.namespaceURI === HL7FI_NS && Object.hasOwn(LOCAL_HEADER_ELEMENTS, e.localName ?? "");
    if (!known) {
      // D07-R23 L27605-27611: metadata outside the model are not accepted — refused, naming the element.
      r.report("CDA-METADATA-UNKNOWN", xpathOf(e), `{${e.namespaceURI ?? ""}}${e.localName}`);
      continue;
    }
    const list = seen.get(e.localName!) ?? [];
    list.push(e);
    seen.set(e.localName!, list);
  }
  const one = (name: LocalHeaderElement): Element | undefined => {
    const list = seen.get(name) ?? [];
    if (list.length > 1) r.report("CDA-METADATA-INVALID", xpathOf(list[1]!), `hl7fi:${name} occurs ${list.length} times; at most once`);
    return list[0];
  };
  const all = (name: LocalHeaderElement): Element[] => seen.get(name) ?? [];
  const codedList = (name: LocalHeaderElement, what: string): Coded[] | undefined => {
    const list = all(name).map((e) => r.coded(e, what)).filter((c): c is Coded => c !== undefined);
    return list.length ? list : undefined;
  };
  const codedOne = (name: LocalHeaderElement, what: string): Coded | undefined => {
    const e = one(name);
    return e ? r.coded(e, what) : undefined;
  };
  const org = (name: LocalHeaderElement, what: string): OrganisationRef | undefined => {
    const e = one(name);
    if (!e) return undefined;
    const oid = attribute(e, "root");
    if (!oid) return r.report("CDA-METADATA-INVALID", xpathOf(e, "root"), `${what}: the organisation OID is missing`);
    const name_ = attribute(e, "name");
    return name_ === undefined ? { oid } : { oid, name: name_ };
  };
  const roots = (name: LocalHeaderElement): string[] | undefined => {
    const list = all(name).map((e) => attribute(e, "root") ?? r.report("CDA-METADATA-INVALID", xpathOf(e, "root"), `hl7fi:${name}: root is required`)).filter((v): v is string => v !== undefined);
    return list.length ? list : undefined;
  };
  const time = (name: LocalHeaderElement, what: string): string | undefined => {
    const e = one(name);
    return e ? r.time(e, "value", what) : undefined;
  };
  const textOf = (name: LocalHeaderElement): string | undefined => {
    const e = one(name);
    return e ? text(e) : undefined;
  };

  const status = one("documentStatus");
  if (status) {
    const code = attribute(status, "code");
    if (code === "ready" || code === "cancelled") m.status = code;
    else r.report("CDA-METADATA-INVALID", xpathOf(status, "code"), `document status "${code ?? ""}" is not ready or cancelled`);
  }
  const schemaVersion = one("schemaVersion");
  if (schemaVersion) m.schemaVersion = attribute(schemaVersion, "value") ?? r.report("CDA-METADATA-INVALID", xpathOf(schemaVersion, "value"), "schema version value is required");
  m.serviceUnit = org("serviceUnit", "service unit (#7)");
  m.subcontractor = org("subcontractor", "subcontractor (#5)");
  m.originalController = org("originalController", "original controller (Table 12.4.9)");
  m.registerCode = codedOne("registerCode", "register code");
  const caseName = one("caseName");
  if (caseName) {
    const code = r.coded(caseName, "case name (#12)");
    const originalText = attribute(caseName, "originalText");
    if (code) m.caseName = originalText === undefined ? { code } : { code, text: originalText };
  }
  m.caseStatus = codedOne("caseStatus", "case status (#15)");
  m.linkedCaseIds = roots("linkedCase");
  m.caseLinks = roots("caseLink");
  m.serviceTasks = codedList("serviceTask", "service task (#19)") ?? [];
  m.socialServices = codedList("socialService", "social service (#20)") ?? [];
  m.generalType = codedOne("generalDocumentType", "general document type (#22)");
  m.specificType = codedOne("specificDocumentType", "specific document type (#23)");
  m.receivedAt = time("receivedAt", "time of receipt (#24)");
  m.arrivalMethod = codedOne("arrivalMethod", "arrival method (#25)");
  m.senderOrAgent = textOf("senderOrAgent");
  const identificationMethod = codedOne("signerIdentificationMethod", "signer identification method (#31)");
  if (identificationMethod) m.signatureMetadata = { ...m.signatureMetadata, identificationMethod };
  m.description = textOf("description");
  m.correctionReason = codedOne("correctionReason", "correction reason");
  m.delayedUntil = time("delayedUntil", "delayed display (M3)");
  m.restrictionReasons = codedList("restrictionReason", "restriction reason (M4)");
  m.restrictionText = textOf("restrictionText");
  const guardian = one("guardianDisclosure");
  if (guardian) {
    const code = attribute(guardian, "code") ?? "";
    if (GUARDIAN_CODES.has(code)) m.guardianDisclosure = code as GuardianDisclosureCode;
    else r.report("CDA-METADATA-INVALID", xpathOf(guardian, "code"), `guardian disclosure (M6) "${code}" is not one of 1-4 (table 5.4.1 L9003-9113)`);
  }
  m.disclosureDespiteBanReasons = codedList("disclosureDespiteBanReason", "reason for disclosure despite the ban (M7)");
  const attachmentOf = one("attachmentOf");
  if (attachmentOf) m.attachmentOf = attribute(attachmentOf, "root") ?? r.report("CDA-METADATA-INVALID", xpathOf(attachmentOf, "root"), "attachmentOf: root is required");
  const death = one("clientDeathDate");
  // D07-R24 L27613-27618, L29207-29213: the archive produces Klientens dödsdag; the sender must not.
  if (death) r.report("CDA-ARCHIVE-PRODUCED", xpathOf(death), "Klientens dödsdag (client's date of death)");
}

// ── body ──

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeBase64(r: HeaderReader, e: Element, what: string): Uint8Array | undefined {
  const compact = (e.textContent ?? "").replace(/[\s]+/g, "");
  if (!STRICT_BASE64.test(compact)) return r.report("CDA-BODY-BASE64", xpathOf(e), `${what}: not valid base64`);
  return new Uint8Array(Buffer.from(compact, "base64"));
}

function readBody(r: HeaderReader, root: Element): DocumentBody {
  const component = child(root, "component");
  const nonXml = child(component, "nonXMLBody");
  if (nonXml) return readPdfBody(r, nonXml);
  const structured = child(component, "structuredBody");
  if (!structured) {
    r.report("CDA-BODY-MISSING", component ? `${xpathOf(component)}/structuredBody` : `${xpathOf(root)}/component`, "neither structuredBody nor nonXMLBody");
    return {};
  }
  const body: DocumentBody = {};
  const displayParts: string[] = [];
  let invalidDisplay = false;
  const jsonElements: Element[] = [];
  // Sections nest (section/component/section): walk them with an explicit stack.
  const stack = children(structured, "component").flatMap((c) => children(c, "section")).reverse();
  while (stack.length) {
    const section = stack.pop()!;
    const textElement = child(section, "text");
    if (textElement) {
      const display = readDisplayText(r, textElement);
      if (display === null) invalidDisplay = true;
      else if (display) displayParts.push(display);
    }
    jsonElements.push(...children(section, "json", HL7FI_NS));
    stack.push(...children(section, "component").flatMap((c) => children(c, "section")).reverse());
  }
  if (displayParts.length) body.xhtml = displayParts.join("\n");
  if (jsonElements.length > 1) r.report("CDA-BODY-JSON", xpathOf(jsonElements[1]!), "one hl7fi:json per document expected");
  const jsonElement = jsonElements[0];
  if (jsonElement) {
    const schemaOid = attribute(jsonElement, "schema");
    if (schemaOid !== undefined) body.jsonSchemaOid = schemaOid;
    const json = readJson(r, jsonElement);
    if (json.ok) body.json = json.value;
  }
  if (body.xhtml === undefined && !jsonElement && !invalidDisplay) r.report("CDA-BODY-MISSING", `${xpathOf(structured)}`, "no section text and no hl7fi:json");
  return body;
}

/**
 * The display form: the narrative block of section/text, serialised; elements must be CDA narrative
 * (urn:hl7-org:v3). Undefined when the text is empty, null when it was refused (finding reported).
 */
function readDisplayText(r: HeaderReader, textElement: Element): string | undefined | null {
  const stack: Element[] = elementChildren(textElement);
  let bad = false;
  while (stack.length) {
    const e = stack.pop()!;
    if (e.namespaceURI !== HL7_V3_NS) {
      r.report("CDA-BODY-XHTML", xpathOf(e), `{${e.namespaceURI ?? ""}}${e.localName}: the display form uses the CDA narrative block (namespace ${HL7_V3_NS})`);
      bad = true;
      break;
    }
    stack.push(...elementChildren(e));
  }
  if (bad) return null;
  let hasContent = false;
  for (let n = textElement.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE || ((n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) && (n.nodeValue ?? "").trim() !== "")) hasContent = true;
  }
  if (!hasContent) return undefined;
  const serialised = new XMLSerializer().serializeToString(textElement);
  // Strip the <text …> wrapper; the children keep the default namespace it declares.
  return serialised.replace(/^<text\b[^>]*>/, "").replace(/<\/text>$/, "");
}

function readJson(r: HeaderReader, e: Element): { ok: true; value: unknown } | { ok: false } {
  const representation = attribute(e, "representation");
  const raw = (e.textContent ?? "").trim();
  let jsonText: string;
  // Without a representation attribute: JSON text starts with { or [, anything else is read as base64.
  if (representation === "B64" || (representation === undefined && !/^[{[]/.test(raw))) {
    const bytes = decodeBase64(r, e, "hl7fi:json");
    if (!bytes) return { ok: false };
    try {
      jsonText = utf8.decode(bytes);
    } catch {
      r.report("CDA-BODY-JSON", xpathOf(e), "the decoded content is not UTF-8");
      return { ok: false };
    }
  } else {
    jsonText = raw;
  }
  try {
    return { ok: true, value: JSON.parse(jsonText) as unknown };
  } catch (error) {
    r.report("CDA-BODY-JSON", xpathOf(e), (error as Error).message);
    return { ok: false };
  }
}

function readPdfBody(r: HeaderReader, nonXml: Element): DocumentBody {
  const textElement = child(nonXml, "text");
  if (!textElement || (textElement.textContent ?? "").trim() === "") {
    r.report("CDA-BODY-MISSING", textElement ? xpathOf(textElement) : `${xpathOf(nonXml)}/text`, "nonXMLBody/text is empty");
    return {};
  }
  const mediaType = attribute(textElement, "mediaType");
  if (mediaType !== "application/pdf") {
    r.report("CDA-BODY-PDF", xpathOf(textElement, "mediaType"), `mediaType "${mediaType ?? ""}": only application/pdf (PDF/A) is accepted in nonXMLBody`);
    return {};
  }
  if (attribute(textElement, "representation") !== "B64") {
    r.report("CDA-BODY-BASE64", xpathOf(textElement, "representation"), "the PDF must be carried with representation=\"B64\"");
    return {};
  }
  const pdf = decodeBase64(r, textElement, "PDF");
  if (!pdf) return {};
  const head = Buffer.from(pdf.subarray(0, 1024)).toString("latin1");
  if (!head.startsWith("%PDF-")) {
    r.report("CDA-BODY-PDF", xpathOf(textElement), "the content does not start with %PDF-");
    return {};
  }
  // PDF/A identifies itself in its (unfiltered) XMP metadata: pdfaid:part as attribute or element.
  // Only this identification is checked; no full PDF/A conformance validation is claimed.
  if (!/pdfaid:part\s*(=\s*["']\d["']|>\s*\d\s*<)/.test(Buffer.from(pdf).toString("latin1"))) {
    r.report("CDA-BODY-PDFA", xpathOf(textElement), "no pdfaid:part in the XMP metadata");
  }
  return { pdf };
}
