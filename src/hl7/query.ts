/**
 * The query interaction of the simulator profile (docs/profile/wire.md §10): the request
 * RCMR_IN100016FI01 (the five own-register search kinds of D07-R51 L29793-29803, one client per
 * search D07-R53 L29832-29836) and the response RCMR_IN100017FI01 (acknowledgement + results).
 * Pure: element in, typed query or findings out; typed input in, XML out.
 */
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { addElement, childElements, newDocument, NS, parseXml, selectElements, selectText, serializeXml, type Element } from "../soap/xml.js";
import { buildAcknowledgementElement, readAcknowledgementPart, type AcknowledgementInput, type ParsedAcknowledgementDetail } from "./acknowledgement.js";
import { FRAME_PATHS, parseHl7Timestamp, type FrameEnvelopeFacts, type FrameReadOptions } from "./frame.js";
import { criterionProblem, OID_PATTERN, QUERY_CRITERIA } from "./query-criteria.js";
import { ARCHIVE_OPERATIONS } from "./service-requests.js";
import { addRequestWrapper, addSender, addTransmissionHeader, instanceId, readRequestWrapper, setInstanceId, type RequestWrapperInput } from "./wrapper.js";
import {
  ARCHIVE_DEVICE_OID,
  ERROR_CODE_SYSTEM,
  QUERY_INTERACTIONS,
  type AckTypeCode,
  type CodedValue,
  type InstanceId,
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
  /** Socialvård – Grund för omfattande informationssökning (D07-R72), extended-information only. */
  extendedInformationBasis: "hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:extendedInformationBasis",
} as const;

type ParameterName = "registerOrganiser" | "caseId" | "documentId" | "setId" | "versionNumber" | "createdTime" | "metadataCriterion" | "specialReason" | "extendedInformationBasis";

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
  "extended-information": new Set<ParameterName>(["registerOrganiser", "caseId", "documentId", "setId", "versionNumber", "createdTime", "metadataCriterion", "specialReason", "extendedInformationBasis"]),
  "search-will-expressions": new Set<ParameterName>(["specialReason"]),
};

export type QueryReadResult = { ok: true; frame: QueryRequestFrame; facts: FrameEnvelopeFacts } | { ok: false; findings: Finding[]; facts: FrameEnvelopeFacts };

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
  const read = readRequestWrapper<QueryOperation>(payload, QUERY, options, (operation, code) =>
    ARCHIVE_OPERATIONS.has(operation) ? `${code} is ${operation}: send it in RCMR_IN200002FI01` : undefined,
  );
  const query = readParameters(payload, read.at, read.findings, read.serviceRequest?.operation);
  if (read.findings.length > 0 || !read.wrapper || !query) return { ok: false, findings: read.findings, facts: read.facts };
  // The query frame type has no interactionId (it is always QUERY); the archive frame keeps it.
  const { interactionId, ...wrapper } = read.wrapper;
  void interactionId;
  return { ok: true, frame: { interaction: QUERY, ...wrapper, query }, facts: read.facts };
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

  let extendedInformationBasis: CodedValue | undefined;
  const basisElement = single("extendedInformationBasis", QUERY_PATHS.extendedInformationBasis);
  if (basisElement) {
    const code = selectText("hl7:value/@code", basisElement);
    const codeSystem = selectText("hl7:value/@codeSystem", basisElement);
    if (!code || !codeSystem) findings.push(finding("QUERY-PARAMETER-INVALID", at(`${QUERY_PATHS.extendedInformationBasis}/hl7:value`), "extendedInformationBasis needs @code and @codeSystem"));
    else extendedInformationBasis = { code, codeSystem };
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
  if (extendedInformationBasis) parameters.extendedInformationBasis = extendedInformationBasis;
  return parameters;
}

export interface QueryRequestFrameInput extends RequestWrapperInput {
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
  extendedInformationBasis?: CodedValue;
}

/** The RCMR_IN100016FI01 query as XML (for `kanta-sim query` and tests); mirror image of readQueryRequestFrame. */
export function buildQueryRequestFrame(input: QueryRequestFrameInput): string {
  const h = NS.hl7;
  const root = newDocument(h, QUERY).documentElement!;
  const control = addRequestWrapper(root, QUERY, input);
  const byParameter = addElement(control, h, "queryByParameter");
  if (input.queryId) setInstanceId(addElement(byParameter, h, "queryId"), input.queryId);
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
  if (input.extendedInformationBasis) addElement(addElement(list, h, "extendedInformationBasis"), h, "value", { code: input.extendedInformationBasis.code, codeSystem: input.extendedInformationBasis.codeSystem });
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
  addTransmissionHeader(root, RESPONSE, { messageId: ack.messageId, creationTime: ack.creationTime, acceptAckCode: "NE", ...(ack.processingCode ? { processingCode: ack.processingCode } : {}), ...(ack.receiver ? { receiver: ack.receiver } : {}) });
  addSender(root, ack.sender ?? { root: ARCHIVE_DEVICE_OID });
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
  if (input.queryId) setInstanceId(addElement(queryAck, h, "queryId"), input.queryId);
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
  const { ack, typeCode, details } = readAcknowledgementPart(root);
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
