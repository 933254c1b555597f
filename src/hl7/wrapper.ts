/**
 * The HL7 V3 transmission wrapper and control act shared by every interaction of the profile: message
 * id, creation time, interaction id, processing and acknowledgement codes, sender and receiver devices,
 * the sending organisation, the reasonCodes (service request + usage situation) and the acting service
 * unit. Read once and built once here; each interaction adds only its own payload (the archive frame
 * its document, the query its parameters, responses their acknowledgement).
 */
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { addElement, NS, selectElements, selectText, type Element } from "../soap/xml.js";
import type { Operation } from "./service-requests.js";
import type { FrameEnvelopeFacts, FrameReadOptions } from "./frame.js";
import { formatHl7Timestamp, parseHl7Timestamp, FRAME_PATHS } from "./frame.js";
import { ARCHIVE_DEVICE_OID, HL7_INTERACTION_ROOT, USAGE_SITUATION_SYSTEM, type AcceptAckCode, type CodedValue, type InstanceId, type ProcessingCode } from "./types.js";

export function instanceId(element: Element | undefined | null): InstanceId | undefined {
  const root = element?.getAttribute("root")?.trim();
  if (!root) return undefined;
  const extension = element!.getAttribute("extension")?.trim();
  return extension ? { root, extension } : { root };
}

/** A message id as the archive stores and logs it: root, or root:extension. */
export function messageIdText(id: InstanceId): string {
  return id.extension ? `${id.root}:${id.extension}` : id.root;
}

export function setInstanceId(element: Element, id: InstanceId): void {
  element.setAttribute("root", id.root);
  if (id.extension !== undefined) element.setAttribute("extension", id.extension);
}

/** What every request of the profile carries around its payload. */
export interface RequestWrapper<O extends Operation = Operation> {
  messageId: InstanceId;
  creationTime: Date;
  /** creationTime/@value as sent (HL7 TS). */
  creationTimeText: string;
  interactionId: string;
  processingCode: ProcessingCode;
  acceptAckCode: AcceptAckCode;
  sender: { deviceId: InstanceId; organisationOid: string };
  receiver?: { deviceId: InstanceId };
  serviceRequest: CodedValue & { operation: O };
  usageSituation: CodedValue & { code: "1" | "2" | "3" | "4" };
  actor: { serviceUnitOid: string; professionalId?: InstanceId };
}

export interface WrapperReadResult<O extends Operation> {
  /** Absolute XPath of a path relative to the payload root. */
  at: (relative: string) => string;
  findings: Finding[];
  /** What could be read even from a refused request: the acknowledgement and the message log need it. */
  facts: FrameEnvelopeFacts;
  /** The service request, whenever it could be read (the payload's checks may depend on it). */
  serviceRequest?: RequestWrapper<O>["serviceRequest"];
  /** Present when the wrapper itself had no finding. */
  wrapper?: RequestWrapper<O>;
}

/**
 * Reads the wrapper of `interaction`. `acceptOperation` says whether the service request's operation
 * belongs in this interaction: undefined when it does, else the detail of FRAME-SERVICE-REQUEST-WRONG-INTERACTION.
 */
export function readRequestWrapper<O extends Operation>(
  payload: Element,
  interaction: string,
  options: FrameReadOptions,
  acceptOperation: (operation: Operation, code: string) => string | undefined,
): WrapperReadResult<O> {
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
  if (interactionId !== payload.localName || interactionId !== interaction) {
    findings.push(finding("FRAME-INTERACTION-ID-MISMATCH", at(FRAME_PATHS.interactionId), `found ${interactionId ?? "none"}, expected ${interaction}`));
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

  let serviceRequest: RequestWrapper<O>["serviceRequest"] | undefined;
  if (serviceCodes.length === 0) findings.push(finding("FRAME-SERVICE-REQUEST-MISSING", at(FRAME_PATHS.reasonCodes), `no reasonCode with codeSystem ${options.serviceRequests.codeSystem}`));
  else if (serviceCodes.length > 1) findings.push(finding("FRAME-SERVICE-REQUEST-REPEATED", serviceCodes[1]!.location, serviceCodes.map((s) => s.code).join(", ")));
  else {
    const sent = serviceCodes[0]!;
    facts.serviceRequestCode = sent.code;
    const known = options.serviceRequests.byCode(sent.code);
    const wrongInteraction = known && acceptOperation(known.operation, sent.code);
    if (!known) findings.push(finding("FRAME-SERVICE-REQUEST-UNKNOWN", `${sent.location}/@code`, sent.code));
    else if (wrongInteraction) findings.push(finding("FRAME-SERVICE-REQUEST-WRONG-INTERACTION", `${sent.location}/@code`, wrongInteraction));
    else serviceRequest = { code: sent.code, codeSystem: sent.codeSystem || options.serviceRequests.codeSystem, operation: known.operation as O };
  }

  // D07-R59 L29880-29886: every message carries the usage situation; D07-R60 L29953-30031: codes 1–4.
  let usageSituation: RequestWrapper["usageSituation"] | undefined;
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

  if (findings.length > 0 || !messageId || !creationTime || !senderDevice || !senderOrganisationOid || !serviceRequest || !usageSituation || !serviceUnitOid) {
    return serviceRequest ? { at, findings, facts, serviceRequest } : { at, findings, facts };
  }
  const wrapper: RequestWrapper<O> = {
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
  };
  if (receiverDevice) wrapper.receiver = { deviceId: receiverDevice };
  return { at, findings, facts, serviceRequest, wrapper };
}

/** The transmission wrapper's header elements: id, time, interaction, codes and the receiver device. */
export function addTransmissionHeader(
  root: Element,
  interaction: string,
  input: { messageId: InstanceId; creationTime: Date; processingCode?: ProcessingCode; acceptAckCode: AcceptAckCode; receiver?: InstanceId },
): void {
  const h = NS.hl7;
  root.setAttribute("ITSVersion", "XML_1.0");
  setInstanceId(addElement(root, h, "id"), input.messageId);
  addElement(root, h, "creationTime", { value: formatHl7Timestamp(input.creationTime) });
  addElement(root, h, "interactionId", { root: HL7_INTERACTION_ROOT, extension: interaction });
  addElement(root, h, "processingCode", { code: input.processingCode ?? "P" });
  addElement(root, h, "processingModeCode", { code: "T" });
  addElement(root, h, "acceptAckCode", { code: input.acceptAckCode });
  if (input.receiver) {
    const receiver = addElement(addElement(root, h, "receiver", { typeCode: "RCV" }), h, "device", { classCode: "DEV", determinerCode: "INSTANCE" });
    setInstanceId(addElement(receiver, h, "id"), input.receiver);
  }
}

/** The sender device (and, for requests, the organisation it acts for). */
export function addSender(root: Element, deviceId: InstanceId, organisationOid?: string): void {
  const h = NS.hl7;
  const sender = addElement(addElement(root, h, "sender", { typeCode: "SND" }), h, "device", { classCode: "DEV", determinerCode: "INSTANCE" });
  setInstanceId(addElement(sender, h, "id"), deviceId);
  if (organisationOid === undefined) return;
  const organisation = addElement(addElement(sender, h, "asAgent", { classCode: "AGNT" }), h, "representedOrganization", { classCode: "ORG", determinerCode: "INSTANCE" });
  addElement(organisation, h, "id", { root: organisationOid });
}

export interface RequestWrapperInput {
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
}

/** A request's wrapper up to the acting service unit; returns controlActProcess for the payload. */
export function addRequestWrapper(root: Element, interaction: string, input: RequestWrapperInput): Element {
  const h = NS.hl7;
  addTransmissionHeader(root, interaction, { ...input, acceptAckCode: input.acceptAckCode ?? "AL", receiver: input.receiverDeviceId ?? { root: ARCHIVE_DEVICE_OID } });
  addSender(root, input.senderDeviceId, input.senderOrganisationOid);
  const control = addElement(root, h, "controlActProcess", { classCode: "CACT", moodCode: "EVN" });
  addElement(control, h, "reasonCode", { code: input.serviceRequest.code, codeSystem: input.serviceRequest.codeSystem });
  addElement(control, h, "reasonCode", { code: input.usageSituation, codeSystem: USAGE_SITUATION_SYSTEM });
  const person = addElement(addElement(control, h, "authorOrPerformer", { typeCode: "AUT" }), h, "assignedPerson", { classCode: "ASSIGNED" });
  if (input.professionalId) setInstanceId(addElement(person, h, "id"), input.professionalId);
  addElement(addElement(person, h, "representedOrganization", { classCode: "ORG", determinerCode: "INSTANCE" }), h, "id", { root: input.serviceUnitOid });
  return control;
}
