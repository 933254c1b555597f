/**
 * Operational hardening (issue #9), registered from src/app.ts before the other plugins so that its
 * hooks cover every route:
 * - request timeout: a client that takes longer than REQUEST_TIMEOUT_MS to send a whole request gets
 *   HTTP 408 and its connection is closed (Node's own request/headers timeouts on the server);
 * - rate limit per sender: RATE_LIMIT_PER_MINUTE requests per minute per sender (the TLS client
 *   certificate's organisation, else the remote address); more get HARDEN-RATE-LIMITED (HTTP 429),
 *   a SOAP Fault on /soap/*. Off (0) by default, so CI and load tests are not throttled;
 * - mutual TLS: a client certificate names the sending organisation; the HL7 frame's sender and a
 *   system signature's organisation must be that organisation (HARDEN-TLS-… codes). TLS itself is
 *   set up by ./tls.ts (the HTTPS listener).
 * The body limit is MAX_BODY_BYTES (the SOAP plugin); admin and test-only endpoints are only
 * registered when enabled (src/app.ts) — test/reliability/hardening.test.ts checks both.
 */
import type { Server as HttpServer } from "node:http";
import type { TLSSocket } from "node:tls";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import forge from "node-forge";
import { finding, type ErrorCode } from "../errors/catalogue.js";
import { errorEntry } from "../errors/catalogue.js";
import { FRAME_PATHS } from "../hl7/frame.js";
import { classifyCertificate } from "../signature/pki.js";
import { buildSoapFault, soapVersionOfContentType } from "../soap/envelope.js";
import { parseXml, selectElements, selectText } from "../soap/xml.js";

export interface HardeningOptions {
  /** 0 = no limit. */
  requestTimeoutMs: number;
  /** 0 = off. */
  rateLimitPerMinute: number;
  /** The real time for the rate-limit windows (tests); default Date.now. */
  now?: () => number;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The organisation OID of the verified TLS client certificate, when the request came over mutual TLS. */
    clientOrganisationOid?: string | undefined;
  }
}

/** Applies the request timeout to a Node HTTP(S) server (also used for the HTTPS listener of ./tls.ts). */
export function applyRequestTimeout(server: HttpServer, ms: number): void {
  server.requestTimeout = ms;
  if (ms <= 0) return;
  server.headersTimeout = Math.min(server.headersTimeout || ms, ms);
  // Node checks the timeouts every connectionsCheckingInterval (default 30 s), read when it starts listening.
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.max(100, Math.min(30_000, Math.floor(ms / 4)));
}

/** The verified client certificate of a mutual-TLS request, if any. */
export function peerCertificate(request: FastifyRequest): forge.pki.Certificate | undefined {
  const socket = request.raw.socket as Partial<TLSSocket> | undefined;
  if (!socket || typeof socket.getPeerCertificate !== "function" || !socket.authorized) return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || !peer.raw) return undefined;
  try {
    return forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(peer.raw.toString("binary"))));
  } catch {
    return undefined;
  }
}

/** The organisationIdentifier (2.5.4.97) of a certificate's subject. */
export function organisationOfCertificate(cert: forge.pki.Certificate): string | undefined {
  const field = cert.subject.attributes.find((a) => a.type === "2.5.4.97");
  return typeof field?.value === "string" && field.value !== "" ? field.value : undefined;
}

/** The organisation of the document's system signature (first X509Certificate of its KeyInfo), if it is one. */
export function signatureOrganisationOf(documentXml: string): string | undefined {
  const match = /<(?:[A-Za-z_][\w.-]*:)?X509Certificate\b[^>]*>([^<]*)</.exec(documentXml);
  if (!match) return undefined;
  try {
    const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.decode64(match[1]!.replace(/\s+/g, ""))));
    const classification = classifyCertificate(cert);
    return classification?.kind === "system" ? classification.organisationOid : undefined;
  } catch {
    return undefined;
  }
}

/** What a mutual-TLS SOAP request must agree with: the frame's sender and a system signature's organisation. */
export function checkSenderAgainstCertificate(body: Uint8Array, clientOrganisationOid: string): { code: ErrorCode; location: string; detail: string } | undefined {
  const parsed = parseXml(body);
  if (!parsed.ok) return undefined; // not readable: the SOAP endpoint answers with its own fault
  const payloads = selectElements("/*[local-name()='Envelope']/*[local-name()='Body']/*", parsed.document);
  const payload = payloads[0];
  if (!payload) return undefined;
  const sender = selectText(FRAME_PATHS.senderOrganisation, payload);
  if (sender !== undefined && sender !== clientOrganisationOid) {
    return { code: "HARDEN-TLS-SENDER-MISMATCH", location: `/${payload.nodeName}/${FRAME_PATHS.senderOrganisation}`, detail: `frame sender ${sender}, client certificate ${clientOrganisationOid}` };
  }
  const text = selectElements(FRAME_PATHS.documentTexts, payload)[0];
  if (text) {
    const documentXml = Buffer.from((text.textContent ?? "").replace(/\s+/g, ""), "base64").toString("utf8");
    const signer = signatureOrganisationOf(documentXml);
    if (signer !== undefined && signer !== clientOrganisationOid) {
      return { code: "HARDEN-TLS-SIGNATURE-ORGANISATION-MISMATCH", location: "/ClinicalDocument/hl7fi:signatures/ds:Signature/ds:KeyInfo", detail: `system signature of ${signer}, client certificate ${clientOrganisationOid}` };
    }
  }
  return undefined;
}

function refuse(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, location: string, detail?: string) {
  const http = errorEntry(code).http;
  if (request.url.startsWith("/soap/")) {
    const version = soapVersionOfContentType(request.headers["content-type"]) ?? "1.1";
    const fault = buildSoapFault({ version, faultClass: "Sender", findings: [finding(code, location, detail)] });
    return reply.code(http).type(version === "1.2" ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8").send(fault);
  }
  return reply.code(http).send({ error: code, message: errorEntry(code).en, ...(detail ? { detail } : {}) });
}

async function hardening(app: FastifyInstance, options: HardeningOptions): Promise<void> {
  applyRequestTimeout(app.server, options.requestTimeoutMs);
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();

  app.decorateRequest("clientOrganisationOid", undefined);
  app.addHook("onRequest", async (request, reply) => {
    const cert = peerCertificate(request);
    if (cert) {
      request.clientOrganisationOid = organisationOfCertificate(cert);
      if (!request.clientOrganisationOid && request.url !== "/health") {
        return refuse(request, reply, "HARDEN-TLS-CLIENT-ORGANISATION-UNKNOWN", "/", `client certificate ${cert.subject.getField("CN")?.value ?? ""}`);
      }
    }
    if (options.rateLimitPerMinute > 0 && request.url !== "/health") {
      const sender = request.clientOrganisationOid ?? request.ip;
      const t = now();
      let window = windows.get(sender);
      if (!window || t - window.start >= 60_000) {
        window = { start: t, count: 0 };
        windows.set(sender, window);
        if (windows.size > 10_000) for (const [key, w] of windows) if (t - w.start >= 60_000) windows.delete(key);
      }
      window.count += 1;
      if (window.count > options.rateLimitPerMinute) {
        reply.header("retry-after", String(Math.max(1, Math.ceil((window.start + 60_000 - t) / 1000))));
        return refuse(request, reply, "HARDEN-RATE-LIMITED", "/", `${options.rateLimitPerMinute} requests per minute for sender ${sender}`);
      }
    }
    return undefined;
  });

  app.addHook("preHandler", async (request, reply) => {
    if (request.method !== "POST" || !request.url.startsWith("/soap/") || !request.clientOrganisationOid) return undefined;
    const body = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined;
    if (!body) return undefined;
    const problem = checkSenderAgainstCertificate(body, request.clientOrganisationOid);
    return problem ? refuse(request, reply, problem.code, problem.location, problem.detail) : undefined;
  });
}

// Not encapsulated: the hooks cover the routes of every plugin registered after this one.
(hardening as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;
export const hardeningPlugin = hardening;
