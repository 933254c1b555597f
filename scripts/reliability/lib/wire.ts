/**
 * Wire helpers shared by the reliability scripts (scripts/reliability/*.ts) and tests
 * (test/reliability/*.test.ts): build signed store/query requests, read answers, fresh ids.
 */
import { randomInt, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAcknowledgement } from "../../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../../../src/hl7/frame.js";
import { buildQueryRequestFrame, parseQueryResponse, type ParsedQueryResponse, type QueryRequestFrameInput } from "../../../src/hl7/query.js";
import { loadServiceRequests } from "../../../src/hl7/service-requests.js";
import { makePersonalIdentityCode } from "../../../src/rules/identity.js";
import type { ScenarioIds } from "../../../src/samples/generate.js";
import type { DocumentSigner } from "../../../src/signature/sign.js";
import { buildSoapEnvelope, contentTypeOf, parseSoapFault, type SoapVersion } from "../../../src/soap/envelope.js";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const ORGANISER = "1.2.246.10.99990001.10.0";
export const SERVICE_UNIT = "1.2.246.10.99990001.10.104";
export const SYSTEM_SIGNER_NAME = "signers/system-1.2.246.10.99990001.10.0";
const CODE_SYSTEM = loadServiceRequests().codeSystem;

export function testSigner(name = SYSTEM_SIGNER_NAME): DocumentSigner {
  const base = join(ROOT, "certs", "test", name);
  return { keyPem: readFileSync(`${base}.test-key.pem`, "utf8"), certPem: readFileSync(`${base}.pem`, "utf8") };
}

/** A fresh fictional adult and fresh set/case ids (as `kanta-sim demo` makes them); `tag` must be digits (it ends an OID arc). */
export function freshIds(tag = ""): ScenarioIds {
  if (!/^\d*$/.test(tag)) throw new Error(`freshIds: tag must be digits, got ${tag}`);
  const year = 1950 + randomInt(50);
  const birthDate = `${year}-${String(1 + randomInt(12)).padStart(2, "0")}-${String(1 + randomInt(28)).padStart(2, "0")}`;
  const run = `${Date.now()}${randomInt(100000)}${tag}`;
  return { client: makePersonalIdentityCode(birthDate, 900 + randomInt(100)), setIdPrefix: `1.2.246.10.99990001.21.${run}`, caseId: `1.2.246.10.99990001.31.${run}` };
}

export interface WireRequest {
  body: string;
  contentType: string;
  messageId: string;
}

/** An archive store/makulering request (RCMR_IN200002FI01) around a signed document. */
export function storeRequest(
  document: string,
  options: { serviceRequest?: "SP1" | "SP2"; messageId?: string; soapVersion?: SoapVersion; senderOrganisationOid?: string } = {},
): WireRequest {
  const messageId = options.messageId ?? randomUUID();
  const senderOrganisationOid = options.senderOrganisationOid ?? ORGANISER;
  const frame = buildArchiveRequestFrame({
    messageId: { root: senderOrganisationOid, extension: messageId },
    creationTime: new Date(),
    senderDeviceId: { root: senderOrganisationOid },
    senderOrganisationOid,
    serviceRequest: { code: options.serviceRequest ?? "SP1", codeSystem: CODE_SYSTEM },
    usageSituation: "1",
    serviceUnitOid: SERVICE_UNIT,
    document,
  });
  const version = options.soapVersion ?? "1.1";
  return { body: buildSoapEnvelope(version, frame), contentType: contentTypeOf(version), messageId };
}

/** A search request (RCMR_IN100016FI01) for one client, motivated by a special-reason code unless told otherwise. */
export function queryRequest(serviceRequest: "SP3" | "SP4" | "SP5" | "SP6" | "SP7", input: Partial<QueryRequestFrameInput> & { clientId: string }): WireRequest {
  const messageId = randomUUID();
  const frame = buildQueryRequestFrame({
    messageId: { root: ORGANISER, extension: messageId },
    creationTime: new Date(),
    senderDeviceId: { root: ORGANISER },
    senderOrganisationOid: ORGANISER,
    serviceRequest: { code: serviceRequest, codeSystem: CODE_SYSTEM },
    usageSituation: "1",
    serviceUnitOid: SERVICE_UNIT,
    ...input,
  });
  return { body: buildSoapEnvelope("1.1", frame), contentType: contentTypeOf("1.1"), messageId };
}

export type Answer = { kind: "fault"; codes: string[]; status: number } | { kind: "ack"; typeCode: "AA" | "AE" | "AR"; codes: string[]; status: number } | { kind: "other"; status: number; text: string };

/** What an answer of POST /soap/archive is: a SOAP Fault, an acknowledgement, or something else (a bug). */
export function classifyAnswer(status: number, text: string): Answer {
  try {
    const fault = parseSoapFault(text);
    if (fault) return { kind: "fault", codes: fault.codes, status };
  } catch {
    /* not a fault */
  }
  try {
    const ack = parseAcknowledgement(text);
    return { kind: "ack", typeCode: ack.typeCode, codes: ack.details.filter((d) => d.typeCode === "E").map((d) => d.code), status };
  } catch {
    return { kind: "other", status, text: text.slice(0, 300) };
  }
}

export function parseQuery(text: string): ParsedQueryResponse {
  return parseQueryResponse(text);
}

/** POST to a running server; resolves with status and text. */
export async function postWire(baseUrl: string, request: Pick<WireRequest, "body" | "contentType">, path = "/soap/archive", signal?: AbortSignal): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl.replace(/\/+$/, "")}${path}`, { method: "POST", headers: { "content-type": request.contentType }, body: request.body, ...(signal ? { signal } : {}) });
  return { status: response.status, text: await response.text() };
}
