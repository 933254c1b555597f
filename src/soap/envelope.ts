import { errorEntry, finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { addElement, childElements, newDocument, NS, parseXml, serializeXml, type Element } from "./xml.js";

export type SoapVersion = "1.1" | "1.2";

export interface SoapAddressing {
  messageId?: string;
  action?: string;
  to?: string;
  replyTo?: string;
}

export interface SoapRequest {
  soapVersion: SoapVersion;
  header: Element | null;
  /** The single element child of the Body: the HL7 V3 interaction. */
  payload: Element;
  /** WS-Addressing headers, when the client sent any (understood, never required). */
  addressing?: SoapAddressing;
}

/** SOAP fault classes; each version spells them its own way (1.1 Client/Server, 1.2 Sender/Receiver). */
export type SoapFaultClass = "Sender" | "Receiver" | "VersionMismatch" | "MustUnderstand";

export interface SoapFault {
  version: SoapVersion;
  faultClass: SoapFaultClass;
  /** One or more findings with codes of the catalogue (enforcement `transport` for transport problems). */
  findings: Finding[];
  /** Header blocks we did not understand (SOAP 1.2 reports them as env:NotUnderstood headers). */
  notUnderstood?: { namespace: string; localName: string }[];
}

export type SoapParseResult = { ok: true; request: SoapRequest } | { ok: false; fault: SoapFault };

export interface PayloadName {
  namespace: string;
  localName: string;
}

const ENVELOPE_NS: Record<SoapVersion, string> = { "1.1": NS.soap11, "1.2": NS.soap12 };
const PREFIX: Record<SoapVersion, string> = { "1.1": "soap", "1.2": "env" };
const CONTENT_TYPE: Record<SoapVersion, string> = { "1.1": "text/xml; charset=utf-8", "1.2": "application/soap+xml; charset=utf-8" };
/** Header namespaces we understand: WS-Addressing (both the W3C and the 2004 submission). */
const UNDERSTOOD_HEADER_NAMESPACES = new Set<string>([NS.wsa, NS.wsa2004]);
/** Roles/actors that address us; a header for any other role is not ours to understand. */
const OUR_ROLES = new Set<string>([
  "http://schemas.xmlsoap.org/soap/actor/next",
  "http://www.w3.org/2003/05/soap-envelope/role/next",
  "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
]);

export function contentTypeOf(version: SoapVersion): string {
  return CONTENT_TYPE[version];
}

/** SOAP version a Content-Type announces (text/xml → 1.1, application/soap+xml → 1.2), else undefined. */
export function soapVersionOfContentType(contentType: string | undefined): SoapVersion | undefined {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === "text/xml") return "1.1";
  if (mediaType === "application/soap+xml") return "1.2";
  return undefined;
}

/** The XPath prefix used in finding locations for a SOAP version (`soap:` for 1.1, `env:` for 1.2). */
export function soapPrefix(version: SoapVersion): string {
  return PREFIX[version];
}

/**
 * Reads a SOAP request: the envelope version (from its namespace, checked against the Content-Type),
 * the optional Header (mustUnderstand checked), and the single Body child. `knownPayloads` lists the
 * interactions the endpoint serves; anything else is SOAP-UNKNOWN-INTERACTION.
 */
export function parseSoapRequest(body: Uint8Array | string, contentType: string | undefined, knownPayloads: readonly PayloadName[]): SoapParseResult {
  const announced = soapVersionOfContentType(contentType);
  const fail = (version: SoapVersion, faultClass: SoapFaultClass, f: Finding, notUnderstood?: SoapFault["notUnderstood"]): SoapParseResult => ({
    ok: false,
    fault: notUnderstood ? { version, faultClass, findings: [f], notUnderstood } : { version, faultClass, findings: [f] },
  });
  if (!announced) return fail("1.1", "Sender", finding("SOAP-CONTENT-TYPE-UNSUPPORTED", "/", `Content-Type: ${contentType ?? "(none)"}`));

  const parsed = parseXml(body);
  // The shared parser's own codes (XML-MALFORMED, XML-DOCTYPE-FORBIDDEN …) travel in the fault detail.
  if (!parsed.ok) return { ok: false, fault: { version: announced, faultClass: "Sender", findings: parsed.findings } };
  const root = parsed.document.documentElement!;
  if (root.localName !== "Envelope") return fail(announced, "Sender", finding("SOAP-ENVELOPE-MISSING", `/${root.localName}`, `root element {${root.namespaceURI ?? ""}}${root.localName}`));
  const version: SoapVersion | undefined = root.namespaceURI === NS.soap11 ? "1.1" : root.namespaceURI === NS.soap12 ? "1.2" : undefined;
  if (!version) return fail(announced, "VersionMismatch", finding("SOAP-ENVELOPE-NAMESPACE-UNKNOWN", "/Envelope", `namespace ${root.namespaceURI ?? "(none)"}`));
  const p = PREFIX[version];
  // Answered in the version the Content-Type announced: that is what the client's HTTP layer expects.
  if (version !== announced) {
    return fail(announced, "VersionMismatch", finding("SOAP-VERSION-MISMATCH", `/${p}:Envelope`, `envelope is SOAP ${version}, Content-Type ${contentType} announces SOAP ${announced}`));
  }

  const children = childElements(root);
  const envelopeNs = ENVELOPE_NS[version];
  const named = (e: Element, localName: string) => e.namespaceURI === envelopeNs && e.localName === localName;
  const header = children[0] && named(children[0], "Header") ? children[0] : null;
  const rest = header ? children.slice(1) : children;
  if (!rest.some((e) => named(e, "Body"))) return fail(version, "Sender", finding("SOAP-BODY-MISSING", `/${p}:Envelope`));
  // SOAP 1.2 allows nothing after Body; SOAP 1.1 allowed trailers, which no client of ours sends.
  if (rest.length !== 1) {
    return fail(version, "Sender", finding("SOAP-ENVELOPE-STRUCTURE-INVALID", `/${p}:Envelope`, `children: ${children.map((c) => c.localName).join(", ")}`));
  }
  const bodyElement = rest[0]!;

  if (header) {
    const notUnderstood = childElements(header).filter((h) => mustUnderstand(h, version) && targetsUs(h, version) && !UNDERSTOOD_HEADER_NAMESPACES.has(h.namespaceURI ?? ""));
    if (notUnderstood.length > 0) {
      const first = notUnderstood[0]!;
      return fail(
        version,
        "MustUnderstand",
        finding("SOAP-MUST-UNDERSTAND", `/${p}:Envelope/${p}:Header/*[local-name()='${first.localName}']`, notUnderstood.map((h) => `{${h.namespaceURI ?? ""}}${h.localName}`).join(", ")),
        notUnderstood.map((h) => ({ namespace: h.namespaceURI ?? "", localName: h.localName ?? "" })),
      );
    }
  }

  const payloads = childElements(bodyElement);
  if (payloads.length === 0) return fail(version, "Sender", finding("SOAP-BODY-EMPTY", `/${p}:Envelope/${p}:Body`));
  if (payloads.length > 1) {
    return fail(version, "Sender", finding("SOAP-BODY-MULTIPLE-CHILDREN", `/${p}:Envelope/${p}:Body`, `${payloads.length} elements: ${payloads.map((c) => c.localName).join(", ")}`));
  }
  const payload = payloads[0]!;
  if (!knownPayloads.some((k) => k.namespace === payload.namespaceURI && k.localName === payload.localName)) {
    return fail(version, "Sender", finding("SOAP-UNKNOWN-INTERACTION", `/${p}:Envelope/${p}:Body/*[1]`, `{${payload.namespaceURI ?? ""}}${payload.localName}`));
  }

  const addressing = header ? readAddressing(header) : undefined;
  return { ok: true, request: addressing ? { soapVersion: version, header, payload, addressing } : { soapVersion: version, header, payload } };
}

function mustUnderstand(header: Element, version: SoapVersion): boolean {
  const value = header.getAttributeNS(ENVELOPE_NS[version], "mustUnderstand");
  return value === "1" || value === "true";
}

function targetsUs(header: Element, version: SoapVersion): boolean {
  const role = version === "1.1" ? header.getAttributeNS(NS.soap11, "actor") : header.getAttributeNS(NS.soap12, "role");
  return !role || OUR_ROLES.has(role);
}

function readAddressing(header: Element): SoapAddressing | undefined {
  const out: SoapAddressing = {};
  for (const h of childElements(header)) {
    if (!UNDERSTOOD_HEADER_NAMESPACES.has(h.namespaceURI ?? "")) continue;
    const text = (h.textContent ?? "").trim();
    if (h.localName === "MessageID") out.messageId = text;
    else if (h.localName === "Action") out.action = text;
    else if (h.localName === "To") out.to = text;
    else if (h.localName === "ReplyTo") {
      const address = childElements(h).find((c) => c.localName === "Address");
      if (address) out.replyTo = (address.textContent ?? "").trim();
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function newEnvelope(version: SoapVersion): { envelope: Element; header: () => Element; body: Element } {
  const p = PREFIX[version];
  const ns = ENVELOPE_NS[version];
  const document = newDocument(ns, `${p}:Envelope`);
  const envelope = document.documentElement!;
  let header: Element | undefined;
  const body = addElement(envelope, ns, `${p}:Body`);
  return {
    envelope,
    header: () => {
      if (!header) {
        header = document.createElementNS(ns, `${p}:Header`);
        envelope.insertBefore(header, body);
      }
      return header;
    },
    body,
  };
}

export interface SoapResponseOptions {
  /** The request's wsa:MessageID, echoed as wsa:RelatesTo. */
  relatesTo?: string;
}

/** A SOAP envelope (request or response) whose Body holds `payload` (an element or an XML string with one root). */
export function buildSoapEnvelope(version: SoapVersion, payload: Element | string, options: SoapResponseOptions = {}): string {
  const { envelope, header, body } = newEnvelope(version);
  let element: Element;
  if (typeof payload === "string") {
    const parsed = parseXml(payload);
    if (!parsed.ok) throw new Error(`buildSoapEnvelope: payload is not XML (${parsed.findings.map((f) => f.detail ?? f.code).join("; ")})`);
    element = parsed.document.documentElement!;
  } else {
    element = payload;
  }
  body.appendChild(envelope.ownerDocument!.importNode(element, true));
  if (options.relatesTo) addElement(header(), NS.wsa, "wsa:RelatesTo", {}, options.relatesTo);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serializeXml(envelope.ownerDocument!)}`;
}

/** The endpoint's answer: an envelope around the acknowledgement. */
export const buildSoapResponse = buildSoapEnvelope;

/** HTTP status of a fault: SOAP 1.1 always 500; SOAP 1.2 Sender 400, else 500; 413/415/503 kept as such. */
export function faultHttpStatus(fault: SoapFault): number {
  const code = fault.findings[0]?.code;
  const http = code ? errorEntry(code).http : 500;
  if (http === 413 || http === 415 || http === 503) return http;
  if (fault.version === "1.1") return 500;
  return fault.faultClass === "Sender" ? 400 : 500;
}

const FAULT_CODE_11: Record<SoapFaultClass, string> = { Sender: "Client", Receiver: "Server", VersionMismatch: "VersionMismatch", MustUnderstand: "MustUnderstand" };

/**
 * A SOAP Fault. SOAP 1.1: faultcode / faultstring (English) / detail. SOAP 1.2: Code/Value with our
 * error code as Subcode, Reason/Text in fi, sv and en, Detail. The detail carries every finding with
 * its code, location and the three texts from the catalogue.
 */
export function buildSoapFault(fault: SoapFault): string {
  const { version } = fault;
  const p = PREFIX[version];
  const ns = ENVELOPE_NS[version];
  const { envelope, header, body } = newEnvelope(version);
  envelope.setAttribute("xmlns:ks", NS.ks);
  const first = fault.findings[0];
  const firstEntry = first ? errorEntry(first.code) : undefined;
  const faultElement = addElement(body, ns, `${p}:Fault`);
  let detail: Element;
  if (version === "1.1") {
    addElement(faultElement, "", "faultcode", {}, `${p}:${FAULT_CODE_11[fault.faultClass]}`);
    addElement(faultElement, "", "faultstring", { "xml:lang": "en" }, firstEntry ? `${first!.code}: ${firstEntry.en}` : "fault");
    detail = addElement(faultElement, "", "detail");
  } else {
    const code = addElement(faultElement, ns, `${p}:Code`);
    addElement(code, ns, `${p}:Value`, {}, `${p}:${fault.faultClass}`);
    if (first) addElement(addElement(code, ns, `${p}:Subcode`), ns, `${p}:Value`, {}, `ks:${first.code}`);
    const reason = addElement(faultElement, ns, `${p}:Reason`);
    for (const lang of ["fi", "sv", "en"] as const) addElement(reason, ns, `${p}:Text`, { "xml:lang": lang }, firstEntry ? firstEntry[lang] : "fault");
    detail = addElement(faultElement, ns, `${p}:Detail`);
    for (const n of fault.notUnderstood ?? []) {
      const block = addElement(header(), ns, `${p}:NotUnderstood`);
      block.setAttribute("xmlns:nu", n.namespace);
      block.setAttribute("qname", `nu:${n.localName}`);
    }
  }
  appendFindings(detail, fault.findings);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serializeXml(envelope.ownerDocument!)}`;
}

/** `<ks:findings>` with one `<ks:finding code location severity>` per finding and its fi/sv/en texts. */
export function appendFindings(parent: Element, findings: readonly Finding[]): Element {
  const list = addElement(parent, NS.ks, "ks:findings");
  for (const f of findings) {
    const entry = errorEntry(f.code);
    const item = addElement(list, NS.ks, "ks:finding", { code: f.code, severity: f.severity, location: f.location, enforcement: entry.enforcement });
    for (const lang of ["fi", "sv", "en"] as const) addElement(item, NS.ks, "ks:text", { "xml:lang": lang }, entry[lang]);
    if (f.detail !== undefined) addElement(item, NS.ks, "ks:detail", {}, f.detail);
  }
  return list;
}

export interface ParsedSoapFault {
  version: SoapVersion;
  faultCode: string;
  /** Our error codes from the detail, in order. */
  codes: string[];
  reason: string;
}

/** Reads a SOAP Fault response (for the reference client and tests); undefined when it is not a fault. */
export function parseSoapFault(xml: string): ParsedSoapFault | undefined {
  const parsed = parseXml(xml);
  if (!parsed.ok) return undefined;
  const root = parsed.document.documentElement!;
  const version: SoapVersion | undefined = root.namespaceURI === NS.soap11 ? "1.1" : root.namespaceURI === NS.soap12 ? "1.2" : undefined;
  if (!version) return undefined;
  const body = childElements(root).find((c) => c.localName === "Body");
  const fault = body ? childElements(body).find((c) => c.localName === "Fault" && c.namespaceURI === ENVELOPE_NS[version]) : undefined;
  if (!fault) return undefined;
  const codes = Array.from(parsed.document.getElementsByTagNameNS(NS.ks, "finding")).map((f) => f.getAttribute("code") ?? "");
  if (version === "1.1") {
    const get = (name: string) => (childElements(fault).find((c) => c.localName === name)?.textContent ?? "").trim();
    return { version, faultCode: get("faultcode"), codes, reason: get("faultstring") };
  }
  const value = parsed.document.getElementsByTagNameNS(NS.soap12, "Value")[0]?.textContent ?? "";
  const texts = Array.from(parsed.document.getElementsByTagNameNS(NS.soap12, "Text"));
  const en = texts.find((t) => t.getAttributeNS(NS.xml, "lang") === "en") ?? texts[0];
  return { version, faultCode: value.trim(), codes, reason: (en?.textContent ?? "").trim() };
}

/** Payload of a non-fault SOAP response, as an XML string. */
export function soapResponsePayload(xml: string): string | undefined {
  const parsed = parseXml(xml);
  if (!parsed.ok) return undefined;
  const body = childElements(parsed.document.documentElement!).find((c) => c.localName === "Body");
  const payload = body ? childElements(body)[0] : undefined;
  return payload ? serializeXml(payload) : undefined;
}
