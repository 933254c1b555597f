/**
 * The query interaction of the simulator profile (docs/profile/wire.md §10): the request
 * RCMR_IN100016FI01 (the five own-register search kinds of D07-R51 L29793-29803, one client per
 * search D07-R53 L29832-29836) and the response RCMR_IN100017FI01 (acknowledgement + results).
 * Pure: element in, typed query or findings out; typed input in, XML out.
 */
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { addElement, childElements, newDocument, NS, parseXml, selectElements, selectText, serializeXml, type Element } from "../soap/xml.js";
import { buildAcknowledgementElement, type AcknowledgementInput, type ParsedAcknowledgementDetail } from "./acknowledgement.js";
import { FRAME_PATHS, formatHl7Timestamp, parseHl7Timestamp, type FrameEnvelopeFacts, type FrameReadOptions } from "./frame.js";
import { criterionProblem, OID_PATTERN, QUERY_CRITERIA } from "./query-criteria.js";
import { ARCHIVE_OPERATIONS, type Operation } from "./service-requests.js";
import {
  ARCHIVE_DEVICE_OID,
  ERROR_CODE_SYSTEM,
  HL7_INTERACTION_ROOT,
  QUERY_INTERACTIONS,
  USAGE_SITUATION_SYSTEM,
  type AcceptAckCode,
  type AckTypeCode,
  type CodedValue,
  type InstanceId,
  type ProcessingCode,
  type QueryCriterion,
  type QueryOperation,
  type QueryParameters,
  type QueryRequestFrame,
  type QueryResultItem,
} from "./types.js";

const QUERY = QUERY_INTERACTIONS.query;
const RESPONSE = QUERY_INTERACTIONS.queryResponse;
/** Root of the personal identity code (Väestörekisterikeskus henkilötunnus). */
export const PERSONAL_IDENTITY_CODE_ROOT = "1.2.246.21";
/** Media type of the metadata element in a query response (the stored metadata as JSON). */
export const METADATA_MEDIA_TYPE = "application/json";

/** Paths of the query part, relative to the payload root; the wrapper paths are the archive frame's (FRAME_PATHS). */
export const QUERY_PATHS = {
  queryByParameter: "hl7:controlActProcess/hl7:queryByParameter",
  queryId: "hl7:controlActProcess/hl7:queryByParameter/hl7:queryId",
  parameterList: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList",
  clientId: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:clientId",
  registerOrganiser: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:registerOrganiser",
  caseId: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:caseId",
  documentId: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:documentId",
  setId: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:setId",
  versionNumber: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:versionNumber",
  createdTime: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:createdTime",
  metadataCriterion: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:metadataCriterion",
  specialReason: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:specialReason",
} as const;

type ParameterName = "registerOrganiser" | "caseId" | "documentId" | "setId" | "versionNumber" | "createdTime" | "metadataCriterion" | "specialReason";

/**
 * Which optional parameters each search kind takes (the client is required by all). A parameter
 * outside its kind is refused (QUERY-PARAMETER-NOT-APPLICABLE) rather than silently ignored, so a
 * vendor never believes a filter was applied when it was not.
 */
export const QUERY_KIND_PARAMETERS: Readonly<Record<QueryOperation, ReadonlySet<ParameterName>>> = {
  "search-client-relationship": new Set<ParameterName>(["registerOrganiser", "createdTime", "metadataCriterion", "specialReason"]),
  "search-case": new Set<ParameterName>(["registerOrganiser", "caseId", "createdTime", "metadataCriterion", "specialReason"]),
  "search-metadata": new Set<ParameterName>(["registerOrganiser", "caseId", "createdTime", "metadataCriterion", "specialReason"]),
  "fetch-document": new Set<ParameterName>(["registerOrganiser", "documentId", "setId", "versionNumber", "specialReason"]),
  summary: new Set<ParameterName>(["registerOrganiser", "specialReason"]),
  "disclosure-search": new Set<ParameterName>(["registerOrganiser", "caseId", "documentId", "setId", "versionNumber", "createdTime", "metadataCriterion", "specialReason"]),
  "extended-information": new Set<ParameterName>(["registerOrganiser", "caseId", "documentId", "setId", "versionNumber", "createdTime", "metadataCriterion", "specialReason"]),
};

export type QueryReadResult = { ok: true; frame: QueryRequestFrame; facts: FrameEnvelopeFacts } | { ok: false; findings: Finding[]; facts: FrameEnvelopeFacts };

function instanceId(element: Element | undefined | null): InstanceId | undefined {
  const root = element?.getAttribute("root")?.trim();
  if (!root) return undefined;
  const extension = element!.getAttribute("extension")?.trim();
  return extension ? { root, extension } : { root };
}

/** An identifier flattened the way the CDA reader flattens ClinicalDocument/id: root, or root + "." + extension. */
function flatId(id: InstanceId): string {
  return id.extension === undefined ? id.root : `${id.root}.${id.extension}`;
}

/** An HL7 TS bound of a date range as the calendar date it names (YYYY-MM-DD), or undefined when not a TS. */
function tsDate(value: string | undefined): string | undefined {
  if (value === undefined || !parseHl7Timestamp(value)) return undefined;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

/**
 * Reads an RCMR_IN100016FI01 payload into a typed query. Every problem is one finding with an absolute
 * XPath; the same wrapper checks (and FRAME-* codes) as the archive frame.
 */
export function readQueryRequestFrame(payload: Element, options: FrameReadOptions): QueryReadResult {
  const root = `/hl7:${payload.localName}`;
  const at = (relative: string) => `${root}/${relative}`;
  const findings: Finding[] = [];
  const facts: FrameEnvelopeFacts = {};

  const messageId = instanceId(selectElements("hl7:id", payload)[0]);
  if (messageId) facts.messageId = messageId;
  else findings.push(finding("FRAME-MESSAGE-ID-MISSING", at(FRAME_PATHS.messageIdRoot)));

  const creationTimeText = selectText(FRAME_PATHS.creationTime, payload);
  const creationTime = creationTimeText ? parseHl7Timestamp(creationTimeText) : undefined;
  if (!creationTime) findings.push(finding("FRAME-CREATION-TIME-INVALID", at(FRAME_PATHS.creationTime), creationTimeText ?? "absent"));

  const interactionId = selectText(FRAME_PATHS.interactionId, payload);
  if (interactionId) facts.interactionId = interactionId;
  if (interactionId !== payload.localName || interactionId !== QUERY) {
    findings.push(finding("FRAME-INTERACTION-ID-MISMATCH", at(FRAME_PATHS.interactionId), `found ${interactionId ?? "none"}, expected ${QUERY}`));
  }
  const processingCode = selectText(FRAME_PATHS.processingCode, payload);
  if (processingCode !== "P" && processingCode !== "T" && processingCode !== "D") findings.push(finding("FRAME-PROCESSING-CODE-INVALID", at(FRAME_PATHS.processingCode), processingCode ?? "absent"));
  const acceptAckCode = selectText(FRAME_PATHS.acceptAckCode, payload) ?? "AL";
  if (acceptAckCode !== "AL" && acceptAckCode !== "ER" && acceptAckCode !== "NE") findings.push(finding("FRAME-ACCEPT-ACK-CODE-INVALID", at(FRAME_PATHS.acceptAckCode), acceptAckCode));

  const receiverDevice = instanceId(selectElements(FRAME_PATHS.receiverDevice, payload)[0]);
  const senderDevice = instanceId(selectElements(FRAME_PATHS.senderDevice, payload)[0]);
  if (senderDevice) facts.senderDeviceId = senderDevice;
  else findings.push(finding("FRAME-SENDER-DEVICE-MISSING", at(`${FRAME_PATHS.senderDevice}/@root`)));
  const senderOrganisationOid = selectText(FRAME_PATHS.senderOrganisation, payload);
  if (senderOrganisationOid) facts.senderOrganisationOid = senderOrganisationOid;
  else findings.push(finding("FRAME-SENDER-ORGANISATION-MISSING", at(FRAME_PATHS.senderOrganisation)));

  const reasonCodes = selectElements(FRAME_PATHS.reasonCodes, payload).map((element, index) => ({
    code: element.getAttribute("code")?.trim() ?? "",
    codeSystem: element.getAttribute("codeSystem")?.trim() ?? "",
    location: at(`${FRAME_PATHS.reasonCodes}[${index + 1}]`),
  }));
  const usageCodes = reasonCodes.filter((r) => r.codeSystem === USAGE_SITUATION_SYSTEM);
  const serviceCodes = reasonCodes.filter((r) => options.serviceRequests.isServiceRequestSystem(r.codeSystem) || (r.codeSystem === "" && options.serviceRequests.byCode(r.code)));

  let serviceRequest: QueryRequestFrame["serviceRequest"] | undefined;
  if (serviceCodes.length === 0) findings.push(finding("FRAME-SERVICE-REQUEST-MISSING", at(FRAME_PATHS.reasonCodes), `no reasonCode with codeSystem ${options.serviceRequests.codeSystem}`));
  else if (serviceCodes.length > 1) findings.push(finding("FRAME-SERVICE-REQUEST-REPEATED", serviceCodes[1]!.location, serviceCodes.map((s) => s.code).join(", ")));
  else {
    const sent = serviceCodes[0]!;
    facts.serviceRequestCode = sent.code;
    const known = options.serviceRequests.byCode(sent.code);
    if (!known) findings.push(finding("FRAME-SERVICE-REQUEST-UNKNOWN", `${sent.location}/@code`, sent.code));
    else if (ARCHIVE_OPERATIONS.has(known.operation)) findings.push(finding("FRAME-SERVICE-REQUEST-WRONG-INTERACTION", `${sent.location}/@code`, `${sent.code} is ${known.operation}: send it in RCMR_IN200002FI01`));
    else serviceRequest = { code: sent.code, codeSystem: sent.codeSystem || options.serviceRequests.codeSystem, operation: known.operation as Exclude<Operation, "store" | "cancel"> };
  }

  // D07-R59 L29880-29886: every message carries the usage situation; D07-R60 L29953-30031: codes 1–4.
  let usageSituation: QueryRequestFrame["usageSituation"] | undefined;
  if (usageCodes.length === 0) findings.push(finding("FRAME-USAGE-SITUATION-MISSING", at(FRAME_PATHS.reasonCodes), `no reasonCode with codeSystem ${USAGE_SITUATION_SYSTEM}`));
  else if (usageCodes.length > 1) findings.push(finding("FRAME-USAGE-SITUATION-REPEATED", usageCodes[1]!.location, usageCodes.map((u) => u.code).join(", ")));
  else {
    const sent = usageCodes[0]!;
    if (!options.usageSituations.has(sent.code) || !/^[1-4]$/.test(sent.code)) findings.push(finding("FRAME-USAGE-SITUATION-UNKNOWN", `${sent.location}/@code`, sent.code || "empty"));
    else usageSituation = { code: sent.code as "1" | "2" | "3" | "4", codeSystem: USAGE_SITUATION_SYSTEM };
  }

  const actors = selectElements(FRAME_PATHS.actors, payload);
  if (actors.length > 1) findings.push(finding("FRAME-ACTOR-REPEATED", at(`${FRAME_PATHS.actors}[2]`), `${actors.length} authorOrPerformer elements`));
  const serviceUnitOid = selectText(FRAME_PATHS.serviceUnit, payload);
  if (!serviceUnitOid) findings.push(finding("FRAME-SERVICE-UNIT-MISSING", at(FRAME_PATHS.serviceUnit)));
  const professionalId = instanceId(selectElements(FRAME_PATHS.professional, payload)[0]);

  const query = readParameters(payload, at, findings, serviceRequest?.operation);

  if (findings.length > 0 || !messageId || !creationTime || !senderDevice || !senderOrganisationOid || !serviceRequest || !usageSituation || !serviceUnitOid || !query) {
    return { ok: false, findings, facts };
  }
  const frame: QueryRequestFrame = {
    interaction: QUERY,
    messageId,
    creationTime,
    creationTimeText: creationTimeText!,
    processingCode: processingCode as ProcessingCode,
    acceptAckCode: acceptAckCode as AcceptAckCode,
    sender: { deviceId: senderDevice, organisationOid: senderOrganisationOid },
    serviceRequest,
    usageSituation,
    actor: professionalId ? { serviceUnitOid, professionalId } : { serviceUnitOid },
    query,
  };
  if (receiverDevice) frame.receiver = { deviceId: receiverDevice };
  return { ok: true, frame, facts };
}

/** The parameter list; `operation` (when the service request could be read) decides which parameters apply. */
function readParameters(payload: Element, at: (relative: string) => string, findings: Finding[], operation: QueryOperation | undefined): QueryParameters | undefined {
  const list = selectElements(QUERY_PATHS.parameterList, payload);
  if (list.length !== 1) {
    findings.push(finding(list.length === 0 ? "QUERY-PARAMETERS-MISSING" : "QUERY-PARAMETER-REPEATED", at(list.length === 0 ? QUERY_PATHS.parameterList : `${QUERY_PATHS.parameterList}[2]`)));
    return undefined;
  }
  const before = findings.length;
  const applicable = operation ? QUERY_KIND_PARAMETERS[operation] : undefined;

  // A single-valued parameter: absent, or exactly one element; a parameter outside the search kind is refused.
  const single = (name: ParameterName, path: string): Element | undefined => {
    const elements = selectElements(path, payload);
    if (elements.length === 0) return undefined;
    if (applicable && !applicable.has(name)) {
      findings.push(finding("QUERY-PARAMETER-NOT-APPLICABLE", at(path), `${name} is not a parameter of ${operation}`));
      return undefined;
    }
    if (elements.length > 1) {
      findings.push(finding("QUERY-PARAMETER-REPEATED", at(`${path}[2]`), name));
      return undefined;
    }
    return elements[0];
  };
  const oidParameter = (name: ParameterName, path: string): string | undefined => {
    const element = single(name, path);
    if (!element) return undefined;
    const value = selectText("hl7:value/@root", element);
    if (!value || !OID_PATTERN.test(value)) {
      findings.push(finding("QUERY-PARAMETER-INVALID", at(`${path}/hl7:value/@root`), `${name}: ${value ?? "absent"} is not an OID`));
      return undefined;
    }
    return value;
  };

  // D07-R53 L29832-29836: exactly one client per search.
  let clientId: string | undefined;
  const clients = selectElements(QUERY_PATHS.clientId, payload);
  const clientValues = clients.flatMap((c) => selectElements("hl7:value", c));
  if (clientValues.length === 0) findings.push(finding("QUERY-CLIENT-MISSING", at(`${QUERY_PATHS.clientId}/hl7:value`)));
  else if (clientValues.length > 1) findings.push(finding("QUERY-CLIENT-REPEATED", clients.length > 1 ? at(`${QUERY_PATHS.clientId}[2]`) : at(`${QUERY_PATHS.clientId}/hl7:value[2]`), `${clientValues.length} clients`));
  else {
    const id = instanceId(clientValues[0]);
    // Personal identity code: root 1.2.246.21 + extension; a temporary id may be a bare root (as the CDA reader takes #10).
    clientId = id?.extension ?? (id && id.root !== PERSONAL_IDENTITY_CODE_ROOT ? id.root : undefined);
    if (!clientId) findings.push(finding("QUERY-CLIENT-MISSING", at(`${QUERY_PATHS.clientId}/hl7:value/@extension`)));
  }

  const registerOrganiserOid = oidParameter("registerOrganiser", QUERY_PATHS.registerOrganiser);
  const caseId = oidParameter("caseId", QUERY_PATHS.caseId);
  const setId = oidParameter("setId", QUERY_PATHS.setId);

  let documentId: string | undefined;
  const documentElement = single("documentId", QUERY_PATHS.documentId);
  if (documentElement) {
    const id = instanceId(selectElements("hl7:value", documentElement)[0]);
    if (!id) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.documentId}/hl7:value/@root`), "documentId: absent"));
    else documentId = flatId(id);
  }

  let versionNumber: number | undefined;
  const versionElement = single("versionNumber", QUERY_PATHS.versionNumber);
  if (versionElement) {
    const text = selectText("hl7:value/@value", versionElement);
    if (!text || !/^[1-9][0-9]{0,8}$/.test(text)) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.versionNumber}/hl7:value/@value`), `versionNumber: ${text ?? "absent"} is not a positive integer`));
    else if (!setId && !selectElements(QUERY_PATHS.setId, payload).length) findings.push(finding("QUERY-PARAMETER-INVALID", at(QUERY_PATHS.versionNumber), "versionNumber needs setId"));
    else versionNumber = Number(text);
  }

  let createdFrom: string | undefined;
  let createdTo: string | undefined;
  const createdElement = single("createdTime", QUERY_PATHS.createdTime);
  if (createdElement) {
    const lowText = selectText("hl7:value/hl7:low/@value", createdElement);
    const highText = selectText("hl7:value/hl7:high/@value", createdElement);
    createdFrom = tsDate(lowText);
    createdTo = tsDate(highText);
    if (lowText !== undefined && !createdFrom) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.createdTime}/hl7:value/hl7:low/@value`), `${lowText} is not an HL7 date`));
    if (highText !== undefined && !createdTo) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.createdTime}/hl7:value/hl7:high/@value`), `${highText} is not an HL7 date`));
    if (lowText === undefined && highText === undefined) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.createdTime}/hl7:value`), "neither low nor high"));
    if (createdFrom && createdTo && createdFrom > createdTo) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.createdTime}/hl7:value`), `low ${createdFrom} is after high ${createdTo}`));
  }

  let specialReason: CodedValue | undefined;
  const reasonElement = single("specialReason", QUERY_PATHS.specialReason);
  if (reasonElement) {
    const code = selectText("hl7:value/@code", reasonElement);
    const codeSystem = selectText("hl7:value/@codeSystem", reasonElement);
    if (!code || !codeSystem) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.specialReason}/hl7:value`), "specialReason needs @code and @codeSystem"));
    else specialReason = { code, codeSystem };
  }

  const criteria: QueryCriterion[] = [];
  const criterionElements = selectElements(QUERY_PATHS.metadataCriterion, payload);
  if (criterionElements.length > 0 && applicable && !applicable.has("metadataCriterion")) {
    findings.push(finding("QUERY-PARAMETER-NOT-APPLICABLE", at(QUERY_PATHS.metadataCriterion), `metadata criteria are not parameters of ${operation}`));
  } else {
    criterionElements.forEach((element, index) => {
      const location = at(`${QUERY_PATHS.metadataCriterion}[${index + 1}]`);
      const name = selectText("hl7:code/@code", element) ?? "";
      const valueElement = selectElements("hl7:value", element)[0];
      const value = (valueElement?.getAttribute("code") || valueElement?.getAttribute("root") || valueElement?.getAttribute("value") || "").trim();
      const codeSystem = valueElement?.getAttribute("code") ? valueElement.getAttribute("codeSystem")?.trim() || undefined : undefined;
      const criterion: QueryCriterion = codeSystem ? { name, value, codeSystem } : { name, value };
      const problem = criterionProblem(criterion);
      if (problem === "not-searchable") findings.push(finding("QUERY-CRITERION-NOT-SEARCHABLE", `${location}/hl7:code/@code`, name));
      else if (problem === "unknown") findings.push(finding("QUERY-CRITERION-UNKNOWN", `${location}/hl7:code/@code`, name || "empty"));
      else if (problem === "invalid-value") findings.push(finding("QUERY-PARAMETER-INVALID", `${location}/hl7:value`, `${name}: ${value || "empty"}`));
      else criteria.push(criterion);
    });
  }

  // D07-R52 L29807-29812: a document fetch names the document, by version id or by setId (+ version).
  if (operation === "fetch-document" && findings.length === before) {
    if (!documentId && !setId) findings.push(finding("QUERY-DOCUMENT-ID-MISSING", at(QUERY_PATHS.documentId)));
    else if (documentId && setId) findings.push(finding("QUERY-DOCUMENT-ID-CONFLICT", at(QUERY_PATHS.setId)));
  }

  if (findings.length > before || !clientId) return undefined;
  const queryId = instanceId(selectElements(QUERY_PATHS.queryId, payload)[0]);
  const parameters: QueryParameters = { clientId, criteria };
  if (queryId) parameters.queryId = queryId;
  if (registerOrganiserOid) parameters.registerOrganiserOid = registerOrganiserOid;
  if (caseId) parameters.caseId = caseId;
  if (documentId) parameters.documentId = documentId;
  if (setId) parameters.setId = setId;
  if (versionNumber !== undefined) parameters.versionNumber = versionNumber;
  if (createdFrom) parameters.createdFrom = createdFrom;
  if (createdTo) parameters.createdTo = createdTo;
  if (specialReason) parameters.specialReason = specialReason;
  return parameters;
}

export interface QueryRequestFrameInput {
  messageId: InstanceId;
  creationTime: Date;
  processingCode?: ProcessingCode;
  senderDeviceId: InstanceId;
  senderOrganisationOid: string;
  receiverDeviceId?: InstanceId;
  serviceRequest: { code: string; codeSystem: string };
  usageSituation: string;
  serviceUnitOid: string;
  professionalId?: InstanceId;
  queryId?: InstanceId;
  /** One client (an array writes several clientId elements: for refusal tests). */
  clientId?: string | string[];
  registerOrganiserOid?: string;
  caseId?: string;
  documentId?: string;
  setId?: string;
  versionNumber?: number;
  /** YYYY-MM-DD bounds of the creation date range. */
  createdFrom?: string;
  createdTo?: string;
  criteria?: QueryCriterion[];
  specialReason?: CodedValue;
}

function setId(element: Element, id: InstanceId): void {
  element.setAttribute("root", id.root);
  if (id.extension !== undefined) element.setAttribute("extension", id.extension);
}

function addWrapper(root: Element, interaction: string, input: { messageId: InstanceId; creationTime: Date; processingCode?: ProcessingCode; acceptAckCode: AcceptAckCode; receiver?: InstanceId; sender: InstanceId }): void {
  const h = NS.hl7;
  root.setAttribute("ITSVersion", "XML_1.0");
  setId(addElement(root, h, "id"), input.messageId);
  addElement(root, h, "creationTime", { value: formatHl7Timestamp(input.creationTime) });
  addElement(root, h, "interactionId", { root: HL7_INTERACTION_ROOT, extension: interaction });
  addElement(root, h, "processingCode", { code: input.processingCode ?? "P" });
  addElement(root, h, "processingModeCode", { code: "T" });
  addElement(root, h, "acceptAckCode", { code: input.acceptAckCode });
  if (input.receiver) {
    const receiver = addElement(addElement(root, h, "receiver", { typeCode: "RCV" }), h, "device", { classCode: "DEV", determinerCode: "INSTANCE" });
    setId(addElement(receiver, h, "id"), input.receiver);
  }
}

/** The RCMR_IN100016FI01 query as XML (for `kanta-sim query` and tests); mirror image of readQueryRequestFrame. */
export function buildQueryRequestFrame(input: QueryRequestFrameInput): string {
  const h = NS.hl7;
  const root = newDocument(h, QUERY).documentElement!;
  addWrapper(root, QUERY, { ...input, acceptAckCode: "AL", receiver: input.receiverDeviceId ?? { root: ARCHIVE_DEVICE_OID }, sender: input.senderDeviceId });
  const sender = addElement(addElement(root, h, "sender", { typeCode: "SND" }), h, "device", { classCode: "DEV", determinerCode: "INSTANCE" });
  setId(addElement(sender, h, "id"), input.senderDeviceId);
  const organisation = addElement(addElement(sender, h, "asAgent", { classCode: "AGNT" }), h, "representedOrganization", { classCode: "ORG", determinerCode: "INSTANCE" });
  addElement(organisation, h, "id", { root: input.senderOrganisationOid });
  const control = addElement(root, h, "controlActProcess", { classCode: "CACT", moodCode: "EVN" });
  addElement(control, h, "reasonCode", { code: input.serviceRequest.code, codeSystem: input.serviceRequest.codeSystem });
  addElement(control, h, "reasonCode", { code: input.usageSituation, codeSystem: USAGE_SITUATION_SYSTEM });
  const person = addElement(addElement(control, h, "authorOrPerformer", { typeCode: "AUT" }), h, "assignedPerson", { classCode: "ASSIGNED" });
  if (input.professionalId) setId(addElement(person, h, "id"), input.professionalId);
  addElement(addElement(person, h, "representedOrganization", { classCode: "ORG", determinerCode: "INSTANCE" }), h, "id", { root: input.serviceUnitOid });
  const byParameter = addElement(control, h, "queryByParameter");
  if (input.queryId) setId(addElement(byParameter, h, "queryId"), input.queryId);
  addElement(byParameter, h, "statusCode", { code: "new" });
  const list = addElement(byParameter, h, "parameterList");
  const clients = input.clientId === undefined ? [] : Array.isArray(input.clientId) ? input.clientId : [input.clientId];
  for (const client of clients) addElement(addElement(list, h, "clientId"), h, "value", { root: PERSONAL_IDENTITY_CODE_ROOT, extension: client });
  const oidParameter = (name: string, value: string | undefined) => {
    if (value !== undefined) addElement(addElement(list, h, name), h, "value", { root: value });
  };
  oidParameter("registerOrganiser", input.registerOrganiserOid);
  oidParameter("caseId", input.caseId);
  oidParameter("documentId", input.documentId);
  oidParameter("setId", input.setId);
  if (input.versionNumber !== undefined) addElement(addElement(list, h, "versionNumber"), h, "value", { value: String(input.versionNumber) });
  if (input.createdFrom !== undefined || input.createdTo !== undefined) {
    const value = addElement(addElement(list, h, "createdTime"), h, "value");
    if (input.createdFrom !== undefined) addElement(value, h, "low", { value: input.createdFrom.replace(/-/g, "") });
    if (input.createdTo !== undefined) addElement(value, h, "high", { value: input.createdTo.replace(/-/g, "") });
  }
  for (const criterion of input.criteria ?? []) {
    const element = addElement(list, h, "metadataCriterion");
    addElement(element, h, "code", { code: criterion.name });
    // The value is written the way the criterion's kind reads it; an unknown name (refusal tests) as plain text.
    const kind = QUERY_CRITERIA[criterion.name]?.kind;
    if (kind === "coded") addElement(element, h, "value", { code: criterion.value, codeSystem: criterion.codeSystem });
    else if (kind === "oid") addElement(element, h, "value", { root: criterion.value });
    else addElement(element, h, "value", { value: criterion.value });
  }
  if (input.specialReason) addElement(addElement(list, h, "specialReason"), h, "value", { code: input.specialReason.code, codeSystem: input.specialReason.codeSystem });
  return serializeXml(root);
}

/** HL7 queryAck/queryResponseCode: OK results, NF nothing found, AE refused. */
export type QueryResponseCode = "OK" | "NF" | "AE";

export interface QueryResponseInput {
  acknowledgement: AcknowledgementInput;
  /** The service request answered (echoed as reasonCode), when the query could be read that far. */
  serviceRequest?: CodedValue;
  queryId?: InstanceId;
  results: readonly QueryResultItem[];
}

/** The RCMR_IN100017FI01 response element: wrapper, acknowledgement, one subject per result, queryAck. */
export function buildQueryResponseElement(input: QueryResponseInput): Element {
  const h = NS.hl7;
  const document = newDocument(h, RESPONSE);
  const root = document.documentElement!;
  const ack = input.acknowledgement;
  addWrapper(root, RESPONSE, { messageId: ack.messageId, creationTime: ack.creationTime, acceptAckCode: "NE", sender: ack.sender ?? { root: ARCHIVE_DEVICE_OID }, ...(ack.processingCode ? { processingCode: ack.processingCode } : {}), ...(ack.receiver ? { receiver: ack.receiver } : {}) });
  const sender = addElement(addElement(root, h, "sender", { typeCode: "SND" }), h, "device", { classCode: "DEV", determinerCode: "INSTANCE" });
  setId(addElement(sender, h, "id"), ack.sender ?? { root: ARCHIVE_DEVICE_OID });
  // The acknowledgement part is the archive acknowledgement's own element (same details, same texts).
  const built = buildAcknowledgementElement(ack);
  const acknowledgement = selectElements("hl7:acknowledgement", built)[0]!;
  root.appendChild(document.importNode(acknowledgement, true));

  const control = addElement(root, h, "controlActProcess", { classCode: "CACT", moodCode: "EVN" });
  if (input.serviceRequest) addElement(control, h, "reasonCode", { code: input.serviceRequest.code, codeSystem: input.serviceRequest.codeSystem });
  for (const result of input.results) {
    const clinical = addElement(addElement(control, h, "subject", { typeCode: "SUBJ" }), h, "clinicalDocument", { classCode: "DOCCLIN", moodCode: "EVN" });
    addElement(clinical, h, "id", { root: result.documentId });
    addElement(clinical, h, "setId", { root: result.setId });
    addElement(clinical, h, "versionNumber", { value: String(result.versionNumber) });
    if (result.document) addElement(clinical, h, "text", { mediaType: "text/xml", representation: "B64" }, Buffer.from(result.document).toString("base64"));
    addElement(clinical, h, "metadata", { mediaType: METADATA_MEDIA_TYPE }, JSON.stringify(result.metadata));
  }
  const queryAck = addElement(control, h, "queryAck");
  if (input.queryId) setId(addElement(queryAck, h, "queryId"), input.queryId);
  const code: QueryResponseCode = ack.typeCode !== "AA" ? "AE" : input.results.length > 0 ? "OK" : "NF";
  addElement(queryAck, h, "queryResponseCode", { code });
  addElement(queryAck, h, "resultTotalQuantity", { value: String(input.results.length) });
  return root;
}

export function buildQueryResponse(input: QueryResponseInput): string {
  return serializeXml(buildQueryResponseElement(input));
}

export interface ParsedQueryResponse {
  messageId?: InstanceId;
  typeCode: AckTypeCode;
  inReplyTo?: InstanceId;
  details: ParsedAcknowledgementDetail[];
  queryResponseCode?: string;
  resultTotalQuantity?: number;
  results: QueryResultItem[];
}

/** Reads a query response (bare, or inside a SOAP envelope). Throws when there is none. */
export function parseQueryResponse(xml: string): ParsedQueryResponse {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(`not XML: ${parsed.findings.map((f) => f.detail ?? f.code).join("; ")}`);
  const root = parsed.document.getElementsByTagNameNS(NS.hl7, RESPONSE)[0];
  if (!root) throw new Error(`no ${RESPONSE} element`);
  const ack = selectElements("hl7:acknowledgement", root)[0];
  const typeCode = ack?.getAttribute("typeCode");
  if (!ack || (typeCode !== "AA" && typeCode !== "AE" && typeCode !== "AR")) throw new Error("no acknowledgement/@typeCode AA, AE or AR");
  const details = selectElements("hl7:acknowledgementDetail", ack).map((d): ParsedAcknowledgementDetail => {
    const texts = childElements(d).filter((c) => c.localName === "text");
    const text = (lang: string) => (texts.find((t) => t.getAttribute("language") === lang)?.textContent ?? "").trim();
    const code = selectElements("hl7:code", d)[0];
    return {
      typeCode: d.getAttribute("typeCode") === "W" ? "W" : "E",
      code: code?.getAttribute("code") ?? "",
      codeSystem: code?.getAttribute("codeSystem") ?? ERROR_CODE_SYSTEM,
      text: { fi: text("fi"), sv: text("sv"), en: text("en") },
      location: selectText("hl7:location", d) ?? "",
    };
  });
  const results = selectElements("hl7:controlActProcess/hl7:subject/hl7:clinicalDocument", root).map((clinical): QueryResultItem => {
    const text = selectElements("hl7:text", clinical)[0];
    const metadataText = selectElements("hl7:metadata", clinical)[0]?.textContent ?? "{}";
    const item: QueryResultItem = {
      documentId: selectText("hl7:id/@root", clinical) ?? "",
      setId: selectText("hl7:setId/@root", clinical) ?? "",
      versionNumber: Number(selectText("hl7:versionNumber/@value", clinical) ?? "0"),
      metadata: JSON.parse(metadataText) as Record<string, unknown>,
    };
    if (text) item.document = new Uint8Array(Buffer.from((text.textContent ?? "").replace(/\s+/g, ""), "base64"));
    return item;
  });
  const out: ParsedQueryResponse = { typeCode, details, results };
  const messageId = instanceId(selectElements("hl7:id", root)[0]);
  if (messageId) out.messageId = messageId;
  const inReplyTo = instanceId(selectElements("hl7:targetMessage/hl7:id", ack)[0]);
  if (inReplyTo) out.inReplyTo = inReplyTo;
  const responseCode = selectText("hl7:controlActProcess/hl7:queryAck/hl7:queryResponseCode/@code", root);
  if (responseCode) out.queryResponseCode = responseCode;
  const total = selectText("hl7:controlActProcess/hl7:queryAck/hl7:resultTotalQuantity/@value", root);
  if (total) out.resultTotalQuantity = Number(total);
  return out;
}
