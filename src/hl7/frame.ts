import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { addElement, newDocument, NS, selectElements, selectText, serializeXml, type Element } from "../soap/xml.js";
import { ARCHIVE_OPERATIONS, type ServiceRequestCatalogue } from "./service-requests.js";
import {
  ARCHIVE_DEVICE_OID,
  ARCHIVE_INTERACTION,
  HL7_INTERACTION_ROOT,
  USAGE_SITUATION_SYSTEM,
  type AcceptAckCode,
  type ArchiveRequestFrame,
  type InstanceId,
  type ProcessingCode,
} from "./types.js";

/** Every XPath the frame reader uses, relative to the payload root (also documented in docs/profile/wire.md). */
export const FRAME_PATHS = {
  messageIdRoot: "hl7:id/@root",
  messageIdExtension: "hl7:id/@extension",
  creationTime: "hl7:creationTime/@value",
  interactionId: "hl7:interactionId/@extension",
  processingCode: "hl7:processingCode/@code",
  acceptAckCode: "hl7:acceptAckCode/@code",
  receiverDevice: "hl7:receiver/hl7:device/hl7:id",
  senderDevice: "hl7:sender/hl7:device/hl7:id",
  senderOrganisation: "hl7:sender/hl7:device/hl7:asAgent/hl7:representedOrganization/hl7:id/@root",
  reasonCodes: "hl7:controlActProcess/hl7:reasonCode",
  actors: "hl7:controlActProcess/hl7:authorOrPerformer",
  serviceUnit: "hl7:controlActProcess/hl7:authorOrPerformer/hl7:assignedPerson/hl7:representedOrganization/hl7:id/@root",
  professional: "hl7:controlActProcess/hl7:authorOrPerformer/hl7:assignedPerson/hl7:id",
  documentTexts: "hl7:controlActProcess/hl7:subject/hl7:clinicalDocument/hl7:text",
} as const;

const USAGE_SITUATION_FILE = fileURLToPath(new URL("../../fixtures/code-lists/usage-situation.json", import.meta.url));

/** Codes 1–4 of the usage-situation code list (D07-R60 L29953-30031), read from the fixture. */
export function loadUsageSituationCodes(path: string = USAGE_SITUATION_FILE): ReadonlySet<string> {
  const data = JSON.parse(readFileSync(path, "utf8")) as { oid: string; codes: { code: string }[] };
  if (data.oid !== USAGE_SITUATION_SYSTEM) throw new Error(`${path}: expected code system ${USAGE_SITUATION_SYSTEM}, found ${data.oid}`);
  return new Set(data.codes.map((c) => c.code));
}

export interface FrameReadOptions {
  serviceRequests: ServiceRequestCatalogue;
  usageSituations: ReadonlySet<string>;
}

/** What could be read even from a refused frame: the acknowledgement and the message log need it. */
export interface FrameEnvelopeFacts {
  messageId?: InstanceId;
  senderDeviceId?: InstanceId;
  senderOrganisationOid?: string;
  serviceRequestCode?: string;
  interactionId?: string;
}

export type FrameReadResult =
  | { ok: true; frame: ArchiveRequestFrame; facts: FrameEnvelopeFacts }
  | { ok: false; findings: Finding[]; facts: FrameEnvelopeFacts };

const HL7_TS = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?([+-]\d{4})?$/;

/** An HL7 TS (YYYYMMDD[HHMM[SS[.ffff]]][±ZZZZ]); without an offset the time is read as UTC. */
export function parseHl7Timestamp(value: string): Date | undefined {
  const m = HL7_TS.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "0", zone] = m;
  const offset = zone ? `${zone.slice(0, 3)}:${zone.slice(3)}` : "Z";
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, "0").slice(0, 3)}${offset}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 20260231 over to March; a real calendar date reads back the same day.
  const check = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return check.getUTCDate() === Number(d) ? date : undefined;
}

export function formatHl7Timestamp(date: Date): string {
  const iso = date.toISOString(); // 2026-11-28T15:36:02.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+0000`;
}

/** An instance id as one string, `root` or `root:extension` (message_log.message_id, summaries). */
export function formatInstanceId(id: InstanceId | undefined): string | undefined {
  if (!id) return undefined;
  return id.extension === undefined ? id.root : `${id.root}:${id.extension}`;
}

function instanceId(element: Element | undefined): InstanceId | undefined {
  const root = element?.getAttribute("root")?.trim();
  if (!root) return undefined;
  const extension = element!.getAttribute("extension")?.trim();
  return extension ? { root, extension } : { root };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads an RCMR_IN200002FI01 payload into a typed frame. Pure: plain element in, frame or findings
 * out. Every problem is one finding whose location is an absolute XPath into the payload.
 */
export function readArchiveRequestFrame(payload: Element, options: FrameReadOptions): FrameReadResult {
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
  if (interactionId !== payload.localName || interactionId !== ARCHIVE_INTERACTION) {
    findings.push(finding("FRAME-INTERACTION-ID-MISMATCH", at(FRAME_PATHS.interactionId), `found ${interactionId ?? "none"}, expected ${ARCHIVE_INTERACTION}`));
  }

  const processingCode = selectText(FRAME_PATHS.processingCode, payload);
  if (processingCode !== "P" && processingCode !== "T" && processingCode !== "D") {
    findings.push(finding("FRAME-PROCESSING-CODE-INVALID", at(FRAME_PATHS.processingCode), processingCode ?? "absent"));
  }
  const acceptAckCode = selectText(FRAME_PATHS.acceptAckCode, payload) ?? "AL";
  if (acceptAckCode !== "AL" && acceptAckCode !== "ER" && acceptAckCode !== "NE") {
    findings.push(finding("FRAME-ACCEPT-ACK-CODE-INVALID", at(FRAME_PATHS.acceptAckCode), acceptAckCode));
  }

  const receiverDevice = instanceId(selectElements(FRAME_PATHS.receiverDevice, payload)[0]);
  const senderDevice = instanceId(selectElements(FRAME_PATHS.senderDevice, payload)[0]);
  if (senderDevice) facts.senderDeviceId = senderDevice;
  else findings.push(finding("FRAME-SENDER-DEVICE-MISSING", at(`${FRAME_PATHS.senderDevice}/@root`)));
  const senderOrganisationOid = selectText(FRAME_PATHS.senderOrganisation, payload);
  if (senderOrganisationOid) facts.senderOrganisationOid = senderOrganisationOid;
  else findings.push(finding("FRAME-SENDER-ORGANISATION-MISSING", at(FRAME_PATHS.senderOrganisation)));

  // reasonCode: one names the service request, one the usage situation; told apart by code system.
  const reasonCodes = selectElements(FRAME_PATHS.reasonCodes, payload).map((element, index) => ({
    code: element.getAttribute("code")?.trim() ?? "",
    codeSystem: element.getAttribute("codeSystem")?.trim() ?? "",
    location: at(`${FRAME_PATHS.reasonCodes}[${index + 1}]`),
  }));
  const usageCodes = reasonCodes.filter((r) => r.codeSystem === USAGE_SITUATION_SYSTEM);
  // A reasonCode without codeSystem counts as a service request when its code is one (vendor tooling omits it).
  const serviceCodes = reasonCodes.filter((r) => options.serviceRequests.isServiceRequestSystem(r.codeSystem) || (r.codeSystem === "" && options.serviceRequests.byCode(r.code)));

  let serviceRequest: ArchiveRequestFrame["serviceRequest"] | undefined;
  if (serviceCodes.length === 0) findings.push(finding("FRAME-SERVICE-REQUEST-MISSING", at(FRAME_PATHS.reasonCodes), `no reasonCode with codeSystem ${options.serviceRequests.codeSystem}`));
  else if (serviceCodes.length > 1) findings.push(finding("FRAME-SERVICE-REQUEST-REPEATED", serviceCodes[1]!.location, serviceCodes.map((s) => s.code).join(", ")));
  else {
    const sent = serviceCodes[0]!;
    facts.serviceRequestCode = sent.code;
    const known = options.serviceRequests.byCode(sent.code);
    if (!known) findings.push(finding("FRAME-SERVICE-REQUEST-UNKNOWN", `${sent.location}/@code`, sent.code));
    else if (!ARCHIVE_OPERATIONS.has(known.operation)) findings.push(finding("FRAME-SERVICE-REQUEST-WRONG-INTERACTION", `${sent.location}/@code`, `${sent.code} is ${known.operation}`));
    else serviceRequest = { code: sent.code, codeSystem: sent.codeSystem || options.serviceRequests.codeSystem, operation: known.operation };
  }

  // D07-R59 L29880-29886: every message carries the usage situation; D07-R60 L29953-30031: codes 1–4.
  let usageSituation: ArchiveRequestFrame["usageSituation"] | undefined;
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

  const document = readDocument(payload, at, findings);

  if (findings.length > 0 || !messageId || !creationTime || !senderDevice || !senderOrganisationOid || !serviceRequest || !usageSituation || !serviceUnitOid || !document) {
    return { ok: false, findings, facts };
  }
  const frame: ArchiveRequestFrame = {
    interaction: ARCHIVE_INTERACTION,
    messageId,
    creationTime,
    creationTimeText: creationTimeText!,
    interactionId: interactionId!,
    processingCode: processingCode as ProcessingCode,
    acceptAckCode: acceptAckCode as AcceptAckCode,
    sender: { deviceId: senderDevice, organisationOid: senderOrganisationOid },
    serviceRequest,
    usageSituation,
    actor: professionalId ? { serviceUnitOid, professionalId } : { serviceUnitOid },
    document,
  };
  if (receiverDevice) frame.receiver = { deviceId: receiverDevice };
  return { ok: true, frame, facts };
}

function readDocument(payload: Element, at: (relative: string) => string, findings: Finding[]): Uint8Array | undefined {
  const texts = selectElements(FRAME_PATHS.documentTexts, payload);
  if (texts.length === 0) {
    findings.push(finding("FRAME-DOCUMENT-MISSING", at(FRAME_PATHS.documentTexts)));
    return undefined;
  }
  if (texts.length > 1) {
    findings.push(finding("FRAME-DOCUMENT-REPEATED", at(`${FRAME_PATHS.documentTexts}[2]`), `${texts.length} text elements`));
    return undefined;
  }
  const text = texts[0]!;
  const location = at(FRAME_PATHS.documentTexts);
  const mediaType = text.getAttribute("mediaType");
  const representation = text.getAttribute("representation");
  if (mediaType !== "text/xml" || representation !== "B64") {
    findings.push(finding("FRAME-DOCUMENT-ENCODING-INVALID", location, `mediaType=${mediaType ?? "absent"}, representation=${representation ?? "absent"}`));
    return undefined;
  }
  const base64 = (text.textContent ?? "").replace(/\s+/g, "");
  if (base64 === "") {
    findings.push(finding("FRAME-DOCUMENT-EMPTY", location));
    return undefined;
  }
  if (!BASE64.test(base64)) {
    const bad = /[^A-Za-z0-9+/=]/.exec(base64);
    findings.push(finding("FRAME-DOCUMENT-BASE64-INVALID", location, bad ? `character '${bad[0]}' at ${bad.index}` : `length ${base64.length} is not a multiple of 4 or padding is misplaced`));
    return undefined;
  }
  return new Uint8Array(Buffer.from(base64, "base64"));
}

export interface ArchiveRequestFrameInput {
  messageId: InstanceId;
  creationTime: Date;
  processingCode?: ProcessingCode;
  acceptAckCode?: AcceptAckCode;
  senderDeviceId: InstanceId;
  senderOrganisationOid: string;
  receiverDeviceId?: InstanceId;
  serviceRequest: { code: string; codeSystem: string };
  usageSituation: string;
  serviceUnitOid: string;
  professionalId?: InstanceId;
  /** The signed CDA document: bytes, or a string taken as UTF-8. */
  document: Uint8Array | string;
}

function setId(element: Element, id: InstanceId): void {
  element.setAttribute("root", id.root);
  if (id.extension !== undefined) element.setAttribute("extension", id.extension);
}

/** The RCMR_IN200002FI01 frame as XML (for `kanta-sim send` and tests); mirror image of readArchiveRequestFrame. */
export function buildArchiveRequestFrame(input: ArchiveRequestFrameInput): string {
  const h = NS.hl7;
  const document = newDocument(h, ARCHIVE_INTERACTION);
  const root = document.documentElement!;
  root.setAttribute("ITSVersion", "XML_1.0");
  setId(addElement(root, h, "id"), input.messageId);
  addElement(root, h, "creationTime", { value: formatHl7Timestamp(input.creationTime) });
  addElement(root, h, "interactionId", { root: HL7_INTERACTION_ROOT, extension: ARCHIVE_INTERACTION });
  addElement(root, h, "processingCode", { code: input.processingCode ?? "P" });
  addElement(root, h, "processingModeCode", { code: "T" });
  addElement(root, h, "acceptAckCode", { code: input.acceptAckCode ?? "AL" });
  const receiver = addElement(addElement(root, h, "receiver", { typeCode: "RCV" }), h, "device", { classCode: "DEV", determinerCode: "INSTANCE" });
  setId(addElement(receiver, h, "id"), input.receiverDeviceId ?? { root: ARCHIVE_DEVICE_OID });
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
  const clinical = addElement(addElement(control, h, "subject", { typeCode: "SUBJ" }), h, "clinicalDocument", { classCode: "DOCCLIN", moodCode: "EVN" });
  const bytes = typeof input.document === "string" ? Buffer.from(input.document, "utf8") : Buffer.from(input.document);
  addElement(clinical, h, "text", { mediaType: "text/xml", representation: "B64" }, bytes.toString("base64"));
  return serializeXml(root);
}
