import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { systemClock, type Clock } from "../clock.js";
import { errorEntry, finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { buildAcknowledgementElement } from "../hl7/acknowledgement.js";
import { formatInstanceId, loadUsageSituationCodes, readArchiveRequestFrame, type FrameEnvelopeFacts } from "../hl7/frame.js";
import { buildQueryResponseElement, readQueryRequestFrame } from "../hl7/query.js";
import { loadServiceRequests } from "../hl7/service-requests.js";
import { ACKNOWLEDGEMENT_ID_ROOT, ARCHIVE_INTERACTION, QUERY_INTERACTIONS, type AckTypeCode, type HandleArchiveRequest, type HandleQueryRequest, type ProcessingCode, type QueryResultItem } from "../hl7/types.js";
import { recordMessage, type MessageResult } from "../inspector/message-log.js";
import { buildSoapFault, buildSoapResponse, contentTypeOf, faultHttpStatus, parseSoapRequest, soapVersionOfContentType, type SoapFault, type SoapVersion } from "./envelope.js";
import { NS, parseXml, selectElements, serializeXml } from "./xml.js";

export interface SoapPluginOptions {
  /** The archive pipeline (src/archive/pipeline.ts). */
  handleArchiveRequest: HandleArchiveRequest;
  /**
   * The archive's searches and fetches (src/archive/queries.ts). When absent, POST /soap/archive does
   * not serve the query interaction (SOAP-UNKNOWN-INTERACTION), as before the search issue.
   */
  handleQueryRequest?: HandleQueryRequest;
  /** Largest accepted request body in bytes (default 20 MB). */
  bodyLimit?: number;
  /** Another service-request code file (default fixtures/service-requests.json). */
  serviceRequestsFile?: string;
  clock?: Clock;
}

export const DEFAULT_BODY_LIMIT = 20 * 1024 * 1024;
const HL7_DIR = fileURLToPath(new URL("../../hl7/", import.meta.url));
const XSD_FILES = new Set(["hl7-wire.xsd"]);
const KNOWN_PAYLOADS = [{ namespace: NS.hl7, localName: ARCHIVE_INTERACTION }] as const;
/** POST /soap/archive also serves queries; /soap/validate stays a store-checking endpoint (a query stores nothing anyway). */
const ARCHIVE_ENDPOINT_PAYLOADS = [...KNOWN_PAYLOADS, { namespace: NS.hl7, localName: QUERY_INTERACTIONS.query }] as const;

/** The refusal class of a set of findings: AR when any code is rejected as AR, else AE. */
function refusalType(findings: readonly Finding[]): AckTypeCode {
  return findings.some((f) => f.severity === "error" && errorEntry(f.code).ack === "AR") ? "AR" : "AE";
}

/**
 * The HL7 V3 SOAP endpoint: POST /soap/archive, POST /soap/validate, GET /soap/archive?wsdl and the
 * schemas it imports. Every exchange, faults included, is written to message_log.
 */
export async function soapPlugin(app: FastifyInstance, options: SoapPluginOptions): Promise<void> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const clock = options.clock ?? systemClock;
  const serviceRequests = loadServiceRequests(options.serviceRequestsFile);
  const usageSituations = loadUsageSituationCodes();
  const wsdlTemplate = readFileSync(`${HL7_DIR}wsdl/archive.wsdl`, "utf8");

  // Raw bytes for every content type in this plugin: the envelope parser decides what is acceptable,
  // so a wrong Content-Type is a SOAP Fault (logged) rather than Fastify's generic 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_request, body, done) => done(null, body));

  const log = async (request: FastifyRequest, entry: Parameters<typeof recordMessage>[1]) => {
    try {
      await recordMessage(app.archiveDb.db, entry);
    } catch (e) {
      request.log.error(e, "message_log write failed");
    }
  };

  const sendFault = async (request: FastifyRequest, reply: FastifyReply, fault: SoapFault, received: { at: Date; started: number; body?: Uint8Array; facts?: FrameEnvelopeFacts; summary?: Record<string, unknown> }) => {
    const xml = buildSoapFault(fault);
    await log(request, {
      receivedAt: received.at,
      endpoint: request.url.split("?")[0]!,
      messageId: formatInstanceId(received.facts?.messageId),
      senderOid: received.facts?.senderOrganisationOid,
      interaction: received.facts?.interactionId,
      serviceRequest: received.facts?.serviceRequestCode,
      result: "fault",
      requestBody: received.body,
      responseBody: xml,
      summary: { soapVersion: fault.version, faultClass: fault.faultClass, fault: fault.findings[0]?.code, ...received.summary },
      findings: fault.findings,
      durationMs: performance.now() - received.started,
    });
    return reply.code(faultHttpStatus(fault)).type(contentTypeOf(fault.version)).send(xml);
  };

  // Errors Fastify raises before the handler (body too large, unreadable body) still get a SOAP Fault.
  app.setErrorHandler(async (error: { code?: string; statusCode?: number; message: string }, request, reply) => {
    const version = soapVersionOfContentType(request.headers["content-type"]) ?? "1.1";
    const code = error.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "SOAP-BODY-TOO-LARGE" : error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" ? "SOAP-CONTENT-TYPE-UNSUPPORTED" : "SOAP-INTERNAL-ERROR";
    if (code === "SOAP-INTERNAL-ERROR") request.log.error(error, "SOAP endpoint error");
    const detail = code === "SOAP-BODY-TOO-LARGE" ? `limit ${bodyLimit} bytes` : code === "SOAP-INTERNAL-ERROR" ? undefined : error.message;
    return sendFault(request, reply, { version, faultClass: code === "SOAP-INTERNAL-ERROR" ? "Receiver" : "Sender", findings: [finding(code, "/", detail)] }, { at: clock(), started: performance.now() });
  });

  const handle = (validateOnly: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    // The archive's "now" for this request (test-clock header or simulated clock) when the app set one.
    const receivedAt = (request as { archiveNow?: Date }).archiveNow ?? clock();
    const started = performance.now();
    const body = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : new Uint8Array(0);
    const endpoint = request.url.split("?")[0]!;
    const parsedEnvelope = parseSoapRequest(body, request.headers["content-type"], !validateOnly && options.handleQueryRequest ? ARCHIVE_ENDPOINT_PAYLOADS : KNOWN_PAYLOADS);
    if (!parsedEnvelope.ok) return sendFault(request, reply, parsedEnvelope.fault, { at: receivedAt, started, body });
    const { soapVersion, payload, addressing } = parsedEnvelope.request;
    if (payload.localName === QUERY_INTERACTIONS.query && options.handleQueryRequest) {
      return answerQuery(request, reply, { handleQueryRequest: options.handleQueryRequest, body, receivedAt, started, endpoint, soapVersion, payload, addressing });
    }

    const read = readArchiveRequestFrame(payload, { serviceRequests, usageSituations });
    const facts = read.facts;
    const base = { soapVersion, validateOnly, ...(addressing ? { addressing } : {}) };

    let typeCode: AckTypeCode;
    let findings: Finding[];
    let summary: Record<string, unknown>;
    if (!read.ok) {
      typeCode = refusalType(read.findings);
      findings = read.findings;
      summary = { ...base, stage: "frame" };
    } else {
      const frame = read.frame;
      summary = {
        ...base,
        operation: frame.serviceRequest.operation,
        usageSituation: frame.usageSituation.code,
        serviceUnit: frame.actor.serviceUnitOid,
        processingCode: frame.processingCode,
        documentBytes: frame.document.byteLength,
        documentSha256: createHash("sha256").update(frame.document).digest("hex"),
      };
      try {
        const outcome = await options.handleArchiveRequest(frame, { rawRequest: body, receivedAt, validateOnly, soapVersion });
        typeCode = outcome.typeCode;
        findings = outcome.findings;
        summary = { ...summary, ...outcome.summary };
      } catch (e) {
        request.log.error(e, "handleArchiveRequest failed");
        return sendFault(request, reply, { version: soapVersion, faultClass: "Receiver", findings: [finding("SOAP-INTERNAL-ERROR", "/")] }, { at: receivedAt, started, body, facts, summary });
      }
    }

    const ackInput = acknowledgementFor(facts, typeCode, findings, read.ok ? read.frame.processingCode : undefined);
    const xml = buildSoapResponse(soapVersion, buildAcknowledgementElement(ackInput), addressing?.messageId ? { relatesTo: addressing.messageId } : {});
    const result: MessageResult = typeCode;
    await log(request, {
      receivedAt,
      endpoint,
      messageId: formatInstanceId(facts.messageId),
      senderOid: facts.senderOrganisationOid,
      interaction: payload.localName ?? undefined,
      serviceRequest: facts.serviceRequestCode,
      result,
      requestBody: body,
      responseBody: xml,
      summary: { ...summary, acknowledgementId: formatInstanceId(ackInput.messageId) },
      findings,
      durationMs: performance.now() - started,
    });
    return reply.code(200).type(contentTypeOf(soapVersion)).send(xml);
  };

  /** The acknowledgement of one request: a fresh id, in reply to the request's message id, to its sender. */
  const acknowledgementFor = (facts: FrameEnvelopeFacts, typeCode: AckTypeCode, findings: Finding[], processingCode: ProcessingCode | undefined) => ({
    messageId: { root: ACKNOWLEDGEMENT_ID_ROOT, extension: randomUUID() },
    typeCode,
    details: findings,
    creationTime: clock(),
    ...(facts.messageId ? { inReplyTo: facts.messageId } : {}),
    ...(facts.senderDeviceId ? { receiver: facts.senderDeviceId } : {}),
    ...(processingCode ? { processingCode } : {}),
  });

  /** A query (RCMR_IN100016FI01): read, answered by handleQueryRequest, logged like an archive request. */
  const answerQuery = async (
    request: FastifyRequest,
    reply: FastifyReply,
    q: { handleQueryRequest: HandleQueryRequest; body: Uint8Array; receivedAt: Date; started: number; endpoint: string; soapVersion: SoapVersion; payload: Parameters<typeof readQueryRequestFrame>[0]; addressing: { messageId?: string } | undefined },
  ) => {
    const read = readQueryRequestFrame(q.payload, { serviceRequests, usageSituations });
    const facts = read.facts;
    const base = { soapVersion: q.soapVersion, ...(q.addressing ? { addressing: q.addressing } : {}) };
    let typeCode: AckTypeCode;
    let findings: Finding[];
    let results: QueryResultItem[] = [];
    let summary: Record<string, unknown>;
    if (!read.ok) {
      typeCode = refusalType(read.findings);
      findings = read.findings;
      summary = { ...base, stage: "frame" };
    } else {
      const frame = read.frame;
      summary = { ...base, operation: frame.serviceRequest.operation, usageSituation: frame.usageSituation.code, serviceUnit: frame.actor.serviceUnitOid, processingCode: frame.processingCode };
      try {
        const outcome = await q.handleQueryRequest(frame, { rawRequest: q.body, receivedAt: q.receivedAt, soapVersion: q.soapVersion });
        typeCode = outcome.typeCode;
        findings = outcome.findings;
        results = outcome.results;
        summary = { ...summary, ...outcome.summary };
      } catch (e) {
        request.log.error(e, "handleQueryRequest failed");
        return sendFault(request, reply, { version: q.soapVersion, faultClass: "Receiver", findings: [finding("SOAP-INTERNAL-ERROR", "/")] }, { at: q.receivedAt, started: q.started, body: q.body, facts, summary });
      }
    }
    const acknowledgement = acknowledgementFor(facts, typeCode, findings, read.ok ? read.frame.processingCode : undefined);
    const response = buildQueryResponseElement({
      acknowledgement,
      results,
      ...(read.ok ? { serviceRequest: { code: read.frame.serviceRequest.code, ...(read.frame.serviceRequest.codeSystem ? { codeSystem: read.frame.serviceRequest.codeSystem } : {}) } } : {}),
      ...(read.ok && read.frame.query.queryId ? { queryId: read.frame.query.queryId } : {}),
    });
    const xml = buildSoapResponse(q.soapVersion, response, q.addressing?.messageId ? { relatesTo: q.addressing.messageId } : {});
    await log(request, {
      receivedAt: q.receivedAt,
      endpoint: q.endpoint,
      messageId: formatInstanceId(facts.messageId),
      senderOid: facts.senderOrganisationOid,
      interaction: QUERY_INTERACTIONS.query,
      serviceRequest: facts.serviceRequestCode,
      result: typeCode,
      requestBody: q.body,
      responseBody: xml,
      summary: { ...summary, results: results.length, acknowledgementId: formatInstanceId(acknowledgement.messageId) },
      findings,
      durationMs: performance.now() - q.started,
    });
    return reply.code(200).type(contentTypeOf(q.soapVersion)).send(xml);
  };

  app.post("/soap/archive", handle(false));
  app.post("/soap/validate", handle(true));

  app.get("/soap/archive", async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (!("wsdl" in query) && !("WSDL" in query)) {
      return reply.code(405).header("allow", "POST").type("text/plain; charset=utf-8").send("POST a SOAP request here; GET /soap/archive?wsdl for the WSDL.\n");
    }
    return reply.type("text/xml; charset=utf-8").send(servedWsdl(wsdlTemplate, baseUrl(request)));
  });

  app.get<{ Params: { file: string } }>("/soap/xsd/:file", async (request, reply) => {
    if (!XSD_FILES.has(request.params.file)) return reply.code(404).type("text/plain; charset=utf-8").send("no such schema\n");
    return reply.type("text/xml; charset=utf-8").send(readFileSync(`${HL7_DIR}xsd/${request.params.file}`, "utf8"));
  });
}

function baseUrl(request: FastifyRequest): string {
  const forwardedProto = request.headers["x-forwarded-proto"];
  const protocol = typeof forwardedProto === "string" ? forwardedProto.split(",")[0]!.trim() : request.protocol;
  return `${protocol}://${request.host}`;
}

/** The WSDL with every soap:address pointed at the host the client asked (so it works behind any port). */
function servedWsdl(template: string, base: string): string {
  const parsed = parseXml(template);
  if (!parsed.ok) throw new Error("hl7/wsdl/archive.wsdl is not well-formed");
  const addresses = [
    ...selectElements("//*[local-name()='address' and (namespace-uri()='http://schemas.xmlsoap.org/wsdl/soap/' or namespace-uri()='http://schemas.xmlsoap.org/wsdl/soap12/')]", parsed.document),
  ];
  for (const address of addresses) {
    const path = new URL(address.getAttribute("location") ?? "/soap/archive", "http://placeholder").pathname;
    address.setAttribute("location", `${base}${path}`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serializeXml(parsed.document.documentElement!)}`;
}

export type { SoapVersion };
