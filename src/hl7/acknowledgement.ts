import { errorEntry } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { addElement, childElements, newDocument, NS, parseXml, selectElements, selectText, serializeXml, type Element } from "../soap/xml.js";
import { parseHl7Timestamp } from "./frame.js";
import { ACKNOWLEDGEMENT_INTERACTION, ARCHIVE_DEVICE_OID, ERROR_CODE_SYSTEM, type AckTypeCode, type InstanceId, type ProcessingCode } from "./types.js";
import { addSender, addTransmissionHeader, instanceId, setInstanceId } from "./wrapper.js";

export interface AcknowledgementInput {
  /** Id of the acknowledgement itself. */
  messageId: InstanceId;
  /** Id of the request acknowledged; absent when the request had none (FRAME-MESSAGE-ID-MISSING). */
  inReplyTo?: InstanceId;
  typeCode: AckTypeCode;
  /** Errors and warnings: one acknowledgementDetail each (E or W). */
  details: readonly Finding[];
  creationTime: Date;
  /** The request's sender device: it receives the acknowledgement. */
  receiver?: InstanceId;
  /** The archive device (default ARCHIVE_DEVICE_OID). */
  sender?: InstanceId;
  processingCode?: ProcessingCode;
}

const LANGUAGES = ["fi", "sv", "en"] as const;


/**
 * The acknowledgement element (MCCI_IN000002UV01 style). Each finding becomes an acknowledgementDetail:
 * typeCode E (error) or W (warning); code = our error code in the catalogue's code system; three
 * `text` elements, one per language (ED/@language fi, sv, en; the finding's detail appended after " — ");
 * location = the XPath.
 */
export function buildAcknowledgementElement(input: AcknowledgementInput): Element {
  const h = NS.hl7;
  const document = newDocument(h, ACKNOWLEDGEMENT_INTERACTION);
  const root = document.documentElement!;
  addTransmissionHeader(root, ACKNOWLEDGEMENT_INTERACTION, { messageId: input.messageId, creationTime: input.creationTime, acceptAckCode: "NE", ...(input.processingCode && { processingCode: input.processingCode }), ...(input.receiver && { receiver: input.receiver }) });
  addSender(root, input.sender ?? { root: ARCHIVE_DEVICE_OID });
  const ack = addElement(root, h, "acknowledgement", { typeCode: input.typeCode });
  const target = addElement(ack, h, "targetMessage");
  if (input.inReplyTo) setInstanceId(addElement(target, h, "id"), input.inReplyTo);
  else addElement(target, h, "id", { nullFlavor: "NI" });
  for (const detail of input.details) {
    const entry = errorEntry(detail.code);
    const element = addElement(ack, h, "acknowledgementDetail", { typeCode: detail.severity === "warning" ? "W" : "E" });
    addElement(element, h, "code", { code: detail.code, codeSystem: ERROR_CODE_SYSTEM, codeSystemName: "kanta-sim error catalogue" });
    for (const lang of LANGUAGES) {
      addElement(element, h, "text", { language: lang }, detail.detail === undefined ? entry[lang] : `${entry[lang]} — ${detail.detail}`);
    }
    addElement(element, h, "location", {}, detail.location);
  }
  return root;
}

export function buildAcknowledgement(input: AcknowledgementInput): string {
  return serializeXml(buildAcknowledgementElement(input));
}

export interface ParsedAcknowledgementDetail {
  typeCode: "E" | "W";
  code: string;
  codeSystem: string;
  text: { fi: string; sv: string; en: string };
  location: string;
}

export interface ParsedAcknowledgement {
  messageId?: InstanceId;
  creationTime?: Date;
  typeCode: AckTypeCode;
  inReplyTo?: InstanceId;
  receiver?: InstanceId;
  sender?: InstanceId;
  details: ParsedAcknowledgementDetail[];
}


/**
 * The acknowledgement part of any response (`hl7:acknowledgement` under `root`): type and details.
 * Throws when there is none.
 */
export function readAcknowledgementPart(root: Element): { ack: Element; typeCode: AckTypeCode; details: ParsedAcknowledgementDetail[] } {
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
  return { ack, typeCode, details };
}

/** Reads an acknowledgement (bare, or inside a SOAP envelope). Throws when there is none. */
export function parseAcknowledgement(xml: string): ParsedAcknowledgement {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(`not XML: ${parsed.findings.map((f) => f.detail ?? f.code).join("; ")}`);
  const root = parsed.document.getElementsByTagNameNS(NS.hl7, ACKNOWLEDGEMENT_INTERACTION)[0];
  if (!root) throw new Error(`no ${ACKNOWLEDGEMENT_INTERACTION} element`);
  const { ack, typeCode, details } = readAcknowledgementPart(root);
  const out: ParsedAcknowledgement = { typeCode, details };
  const messageId = instanceId(selectElements("hl7:id", root)[0]);
  if (messageId) out.messageId = messageId;
  const creation = selectText("hl7:creationTime/@value", root);
  const creationTime = creation ? parseHl7Timestamp(creation) : undefined;
  if (creationTime) out.creationTime = creationTime;
  const inReplyTo = instanceId(selectElements("hl7:targetMessage/hl7:id", ack)[0]);
  if (inReplyTo) out.inReplyTo = inReplyTo;
  const receiver = instanceId(selectElements("hl7:receiver/hl7:device/hl7:id", root)[0]);
  if (receiver) out.receiver = receiver;
  const sender = instanceId(selectElements("hl7:sender/hl7:device/hl7:id", root)[0]);
  if (sender) out.sender = sender;
  return out;
}
