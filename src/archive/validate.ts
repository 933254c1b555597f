import { loadUsageSituationCodes, readArchiveRequestFrame, type FrameReadOptions } from "../hl7/frame.js";
import { loadServiceRequests } from "../hl7/service-requests.js";
import { ARCHIVE_INTERACTION, type AckTypeCode } from "../hl7/types.js";
import type { Finding } from "../errors/types.js";
import type { TrustStore } from "../signature/trust.js";
import { parseSoapRequest } from "../soap/envelope.js";
import { NS, type Element } from "../soap/xml.js";
import { parseXmlSafely } from "../xml/safe-parse.js";
import { acknowledgementType, applyStrictMode, checkDocument } from "./pipeline.js";

export interface ValidateInput {
  /** An RCMR_IN200002FI01 frame, or a whole SOAP envelope around one. */
  frame: Uint8Array | string;
  /** The CDA document, when it is given apart from the frame (it then replaces the frame's own). */
  document?: Uint8Array | string;
  trust: TrustStore;
  at: Date;
  strictMode: boolean;
}

export interface ValidateOutcome {
  /** The acknowledgement the archive would give, or "fault" when the envelope cannot be read. */
  result: AckTypeCode | "fault";
  findings: Finding[];
}

/** The code files are read once per process, not per validation. */
let frameReadOptions: FrameReadOptions | undefined;
const readOptions = (): FrameReadOptions => (frameReadOptions ??= { serviceRequests: loadServiceRequests(), usageSituations: loadUsageSituationCodes() });

const SOAP_NAMESPACES: Record<string, "1.1" | "1.2"> = { [NS.soap11]: "1.1", [NS.soap12]: "1.2" };
const KNOWN_PAYLOADS = [{ namespace: NS.hl7, localName: ARCHIVE_INTERACTION }] as const;

/** Puts a separately given document into the frame, where the profile carries it (base64). */
function withDocument(payload: Element, document: Uint8Array | string): void {
  const bytes = typeof document === "string" ? new TextEncoder().encode(document) : document;
  const owner = payload.ownerDocument!;
  const child = (parent: Element, name: string): Element => {
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === NS.hl7) return n as Element;
    }
    return parent.appendChild(owner.createElementNS(NS.hl7, name)) as Element;
  };
  const text = child(child(child(child(payload, "controlActProcess"), "subject"), "clinicalDocument"), "text");
  text.setAttribute("mediaType", "text/xml");
  text.setAttribute("representation", "B64");
  text.textContent = Buffer.from(bytes).toString("base64");
}

/**
 * Every check the archive makes of a store request, without a server and without storing: envelope
 * (when given), frame, document. Used by `kanta-sim validate` and the Kanta-compatible JSON route.
 */
export async function validateMessage(input: ValidateInput): Promise<ValidateOutcome> {
  const parsed = parseXmlSafely(input.frame);
  if (!parsed.ok) return { result: "fault", findings: parsed.findings };
  let payload = parsed.document.documentElement!;
  const soapVersion = SOAP_NAMESPACES[payload.namespaceURI ?? ""];
  if (soapVersion) {
    const envelope = parseSoapRequest(input.frame, soapVersion === "1.1" ? "text/xml" : "application/soap+xml", KNOWN_PAYLOADS);
    if (!envelope.ok) return { result: "fault", findings: envelope.fault.findings };
    payload = envelope.request.payload;
  }
  if (input.document !== undefined) withDocument(payload, input.document);
  const read = readArchiveRequestFrame(payload, readOptions());
  if (!read.ok) return { result: acknowledgementType(read.findings), findings: read.findings };
  const checked = await checkDocument(read.frame.document, { trust: input.trust, at: input.at });
  const findings = applyStrictMode(checked.findings, input.strictMode);
  return { result: acknowledgementType(findings), findings };
}
