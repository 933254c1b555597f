import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { addElement, newDocument, NS, selectElements, serializeXml, type Element } from "../soap/xml.js";
import { ARCHIVE_OPERATIONS, type ServiceRequestCatalogue } from "./service-requests.js";
import { addRequestWrapper, readRequestWrapper, type RequestWrapperInput } from "./wrapper.js";
import {
  ARCHIVE_INTERACTION,
  QUERY_INTERACTIONS,
  USAGE_SITUATION_SYSTEM,
  type ArchiveRequestFrame,
  type InstanceId,
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

const BASE64_CHARACTERS = /^[A-Za-z0-9+/]*={0,2}$/;
/** Canonical base64: the alphabet, at most two '=' at the end, a length that is a multiple of 4 (one linear scan). */
const isCanonicalBase64 = (text: string): boolean => text.length % 4 === 0 && BASE64_CHARACTERS.test(text);

/**
 * Reads an RCMR_IN200002FI01 payload into a typed frame. Pure: plain element in, frame or findings
 * out. Every problem is one finding whose location is an absolute XPath into the payload.
 */
export function readArchiveRequestFrame(payload: Element, options: FrameReadOptions): FrameReadResult {
  const read = readRequestWrapper<"store" | "cancel">(payload, ARCHIVE_INTERACTION, options, (operation, code) =>
    ARCHIVE_OPERATIONS.has(operation) ? undefined : `${code} is ${operation}: send it in ${QUERY_INTERACTIONS.query}`,
  );
  const document = readDocument(payload, read.at, read.findings);
  if (read.findings.length > 0 || !read.wrapper || !document) return { ok: false, findings: read.findings, facts: read.facts };
  return { ok: true, frame: { interaction: ARCHIVE_INTERACTION, ...read.wrapper, document }, facts: read.facts };
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
  if (!isCanonicalBase64(base64)) {
    const bad = /[^A-Za-z0-9+/=]/.exec(base64);
    findings.push(finding("FRAME-DOCUMENT-BASE64-INVALID", location, bad ? `character '${bad[0]}' at ${bad.index}` : `length ${base64.length} is not a multiple of 4 or padding is misplaced`));
    return undefined;
  }
  return new Uint8Array(Buffer.from(base64, "base64"));
}

export interface ArchiveRequestFrameInput extends RequestWrapperInput {
  /** The signed CDA document: bytes, or a string taken as UTF-8. */
  document: Uint8Array | string;
}

/** The RCMR_IN200002FI01 frame as XML (for `kanta-sim send` and tests); mirror image of readArchiveRequestFrame. */
export function buildArchiveRequestFrame(input: ArchiveRequestFrameInput): string {
  const h = NS.hl7;
  const root = newDocument(h, ARCHIVE_INTERACTION).documentElement!;
  const control = addRequestWrapper(root, ARCHIVE_INTERACTION, input);
  const clinical = addElement(addElement(control, h, "subject", { typeCode: "SUBJ" }), h, "clinicalDocument", { classCode: "DOCCLIN", moodCode: "EVN" });
  const bytes = typeof input.document === "string" ? Buffer.from(input.document, "utf8") : Buffer.from(input.document);
  addElement(clinical, h, "text", { mediaType: "text/xml", representation: "B64" }, bytes.toString("base64"));
  return serializeXml(root);
}
