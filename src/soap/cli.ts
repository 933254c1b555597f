import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { parseAcknowledgement, type ParsedAcknowledgement } from "../hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../hl7/frame.js";
import { buildQueryRequestFrame, parseQueryResponse, type ParsedQueryResponse, type QueryRequestFrameInput } from "../hl7/query.js";
import { loadServiceRequests } from "../hl7/service-requests.js";
import type { ProcessingCode, QueryCriterion } from "../hl7/types.js";
import { validateMessage, type ValidateOutcome } from "../archive/validate.js";
import { loadConfig, resolveTrustDirs } from "../config.js";
import { errorEntry } from "../errors/catalogue.js";
import { loadTrustStore } from "../signature/trust.js";
import { buildSoapEnvelope, contentTypeOf, parseSoapFault, type SoapVersion } from "./envelope.js";

export interface SendOptions {
  /** Base URL of the simulator (http://localhost:8080) or a full endpoint URL. */
  url: string;
  serviceRequest: string;
  usageSituation: string;
  senderOrg: string;
  /** Defaults to the sending organisation's OID. */
  senderDevice?: string;
  /** Defaults to the sending organisation's OID (set it to the real service unit for archive checks). */
  serviceUnit?: string;
  professional?: string;
  messageId?: string;
  processingCode?: ProcessingCode;
  soap: SoapVersion;
  /** POST to /soap/validate instead of /soap/archive. */
  validateOnly?: boolean;
}

/** Exit codes of `kanta-sim send`: 0 AA, 1 AE/AR, 2 SOAP fault or no acknowledgement at all. */
export type SendExitCode = 0 | 1 | 2;

function endpointUrl(url: string, validateOnly: boolean): string {
  const parsed = new URL(url);
  if (parsed.pathname === "/" || parsed.pathname === "") parsed.pathname = validateOnly ? "/soap/validate" : "/soap/archive";
  return parsed.toString();
}

/** A readable summary of an acknowledgement, one finding per block. */
export function describeAcknowledgement(ack: ParsedAcknowledgement): string {
  const verdict = { AA: "accepted", AE: "refused (application error: fix and resend)", AR: "rejected" }[ack.typeCode];
  const lines = [`${ack.typeCode} ${verdict}${ack.inReplyTo ? ` — message ${ack.inReplyTo.root}${ack.inReplyTo.extension ? `:${ack.inReplyTo.extension}` : ""}` : ""}`];
  for (const d of ack.details) {
    lines.push(`  ${d.typeCode === "W" ? "warning" : "error"} ${d.code} at ${d.location}`, `    en: ${d.text.en}`, `    fi: ${d.text.fi}`, `    sv: ${d.text.sv}`);
  }
  return lines.join("\n");
}

/** Wraps a signed document in the frame and the envelope, posts it and reads the answer. */
/**
 * POSTs a SOAP envelope. No answer, or a SOAP Fault, is exit code 2 with a readable line; otherwise
 * the response text for the caller to read as an acknowledgement or a query response.
 */
export async function postSoap(url: string, version: SoapVersion, body: string): Promise<{ ok: true; text: string; status: number } | { ok: false; failure: { exitCode: 2; output: string } }> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": contentTypeOf(version) }, body });
  } catch (e) {
    return { ok: false, failure: { exitCode: 2, output: `no answer from ${url}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}` } };
  }
  const text = await response.text();
  const fault = parseSoapFault(text);
  if (fault) return { ok: false, failure: { exitCode: 2, output: `SOAP fault (HTTP ${response.status}) ${fault.faultCode}: ${fault.reason}\n  codes: ${fault.codes.join(", ")}` } };
  return { ok: true, text, status: response.status };
}

export async function sendDocument(document: Uint8Array, options: SendOptions): Promise<{ exitCode: SendExitCode; output: string }> {
  const serviceRequests = loadServiceRequests();
  const frame = buildArchiveRequestFrame({
    messageId: { root: options.senderDevice ?? options.senderOrg, extension: options.messageId ?? randomUUID() },
    creationTime: new Date(),
    processingCode: options.processingCode ?? "P",
    senderDeviceId: { root: options.senderDevice ?? options.senderOrg },
    senderOrganisationOid: options.senderOrg,
    serviceRequest: { code: options.serviceRequest, codeSystem: serviceRequests.codeSystem },
    usageSituation: options.usageSituation,
    serviceUnitOid: options.serviceUnit ?? options.senderOrg,
    ...(options.professional ? { professionalId: { root: "1.2.246.537.26", extension: options.professional } } : {}),
    document,
  });
  const body = buildSoapEnvelope(options.soap, frame);
  const url = endpointUrl(options.url, options.validateOnly ?? false);
  const posted = await postSoap(url, options.soap, body);
  if (!posted.ok) return posted.failure;
  const { text, status } = posted;
  try {
    const ack = parseAcknowledgement(text);
    return { exitCode: ack.typeCode === "AA" ? 0 : 1, output: describeAcknowledgement(ack) };
  } catch (e) {
    return { exitCode: 2, output: `no acknowledgement in the answer (HTTP ${status}): ${(e as Error).message}` };
  }
}

export interface QueryCommandOptions {
  /** Base URL of the simulator or the full endpoint URL. */
  url: string;
  senderOrg: string;
  senderDevice?: string;
  serviceUnit?: string;
  professional?: string;
  messageId?: string;
  /** SP3 … SP7 (fixtures/service-requests.json). */
  serviceRequest: string;
  usageSituation?: string;
  client: string;
  registerOrganiser?: string;
  case?: string;
  document?: string;
  setId?: string;
  version?: number;
  from?: string;
  to?: string;
  /** `name=value`, or `name=code@codeSystem` for a coded criterion. */
  criteria: string[];
  specialReason?: string;
  /** Socialvård – Grund för omfattande informationssökning code (SP9). */
  extendedBasis?: string;
  soap: SoapVersion;
  json?: boolean;
}

/** `name=value` or `name=code@codeSystem` as a criterion; throws on a string without `=`. */
export function parseCriterion(text: string): QueryCriterion {
  const at = text.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError(`criterion "${text}" is not name=value`);
  const name = text.slice(0, at);
  const value = text.slice(at + 1);
  const system = value.lastIndexOf("@");
  return system > 0 ? { name, value: value.slice(0, system), codeSystem: value.slice(system + 1) } : { name, value };
}

/** A readable query response: the acknowledgement, then one block per result. */
export function describeQueryResponse(answer: ParsedQueryResponse): string {
  const lines = [describeAcknowledgement({ typeCode: answer.typeCode, details: answer.details, ...(answer.inReplyTo ? { inReplyTo: answer.inReplyTo } : {}) })];
  lines.push(`${answer.queryResponseCode ?? "?"}: ${answer.resultTotalQuantity ?? answer.results.length} result(s)`);
  for (const r of answer.results) {
    const m = r.metadata as { documentGroup?: string; title?: string; createdAt?: string; caseId?: string; generalType?: { code?: string } };
    lines.push(`  ${r.setId} v${r.versionNumber} (${r.documentId})`);
    lines.push(`    ${[m.documentGroup, m.title, m.createdAt && `created ${m.createdAt}`, m.caseId && `case ${m.caseId}`, m.generalType?.code && `general type ${m.generalType.code}`].filter(Boolean).join(" · ")}`);
    lines.push(r.document ? `    document: ${r.document.byteLength} bytes` : "    metadata only");
  }
  return lines.join("\n");
}

/** `kanta-sim query`: builds the query frame, posts it and reads the answer (exit 0 AA, 1 AE/AR, 2 fault or no answer). */
export async function runQueryCommand(options: QueryCommandOptions): Promise<{ exitCode: SendExitCode; output: string }> {
  const serviceRequests = loadServiceRequests();
  let criteria: QueryCriterion[];
  try {
    criteria = options.criteria.map(parseCriterion);
  } catch (e) {
    return { exitCode: 2, output: (e as Error).message };
  }
  const input: QueryRequestFrameInput = {
    messageId: { root: options.senderDevice ?? options.senderOrg, extension: options.messageId ?? randomUUID() },
    creationTime: new Date(),
    senderDeviceId: { root: options.senderDevice ?? options.senderOrg },
    senderOrganisationOid: options.senderOrg,
    serviceRequest: { code: options.serviceRequest, codeSystem: serviceRequests.codeSystem },
    usageSituation: options.usageSituation ?? "1",
    serviceUnitOid: options.serviceUnit ?? options.senderOrg,
    clientId: options.client,
    criteria,
    ...(options.professional ? { professionalId: { root: "1.2.246.537.26", extension: options.professional } } : {}),
    ...(options.registerOrganiser ? { registerOrganiserOid: options.registerOrganiser } : {}),
    ...(options.case ? { caseId: options.case } : {}),
    ...(options.document ? { documentId: options.document } : {}),
    ...(options.setId ? { setId: options.setId } : {}),
    ...(options.version !== undefined ? { versionNumber: options.version } : {}),
    ...(options.from ? { createdFrom: options.from } : {}),
    ...(options.to ? { createdTo: options.to } : {}),
    ...(options.specialReason ? { specialReason: { code: options.specialReason, codeSystem: SPECIAL_REASON_SYSTEM } } : {}),
    ...(options.extendedBasis ? { extendedInformationBasis: { code: options.extendedBasis, codeSystem: EXTENDED_BASIS_SYSTEM } } : {}),
  };
  const url = endpointUrl(options.url, false);
  const posted = await postSoap(url, options.soap, buildSoapEnvelope(options.soap, buildQueryRequestFrame(input)));
  if (!posted.ok) return posted.failure;
  const { text, status } = posted;
  try {
    const answer = parseQueryResponse(text);
    const output = options.json
      ? JSON.stringify({ ...answer, results: answer.results.map((r) => ({ ...r, document: r.document ? Buffer.from(r.document).toString("base64") : undefined })) }, null, 2)
      : describeQueryResponse(answer);
    return { exitCode: answer.typeCode === "AA" ? 0 : 1, output };
  } catch (e) {
    return { exitCode: 2, output: `no query response in the answer (HTTP ${status}): ${(e as Error).message}` };
  }
}

/** THL – Särskild anledning till åtkomst till klientuppgifter, simulator-assigned OID (fixtures/code-lists/special-access-reason.json). */
const SPECIAL_REASON_SYSTEM = "1.2.246.10.99990000.3.12";
const EXTENDED_BASIS_SYSTEM = "1.2.246.10.99990000.3.13";

function oid(value: string): string {
  if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(value)) throw new InvalidArgumentError("must be an OID, e.g. 1.2.246.10.99990001.10.0");
  return value;
}

function addSendOptions(command: Command): Command {
  return command
    .requiredOption("--url <url>", "simulator base URL (e.g. http://localhost:8080) or the full endpoint URL")
    .option("--service-request <code>", "service-request code (fixtures/service-requests.json)", "SP1")
    .option("--usage-situation <code>", "usage situation, code system 1.2.246.537.6.1289.201901 (1-4; other values are sent as given, to test refusals)", "1")
    .requiredOption("--sender-org <oid>", "OID of the sending organisation", oid)
    .option("--sender-device <oid>", "OID of the sending client system (default: the sender organisation)", oid)
    .option("--service-unit <oid>", "OID of the acting service unit (default: the sender organisation)", oid)
    .option("--professional <id>", "id of the acting professional (root 1.2.246.537.26)")
    .option("--message-id <id>", "message id extension (default: a new UUID)")
    .addOption(new Option("--processing-code <code>", "HL7 processing code").choices(["P", "T", "D"]).default("P"))
    .addOption(new Option("--soap <version>", "SOAP version").choices(["1.1", "1.2"]).default("1.1"))
    .argument("<signed-doc.xml>", "the signed CDA document, sent byte for byte");
}

async function run(file: string, opts: Omit<SendOptions, "validateOnly">, validateOnly: boolean): Promise<void> {
  const document = new Uint8Array(readFileSync(file));
  const { exitCode, output } = await sendDocument(document, { ...opts, validateOnly });
  (exitCode === 2 ? process.stderr : process.stdout).write(`${output}\n`);
  process.exitCode = exitCode;
}

/** The findings of a validation as readable lines, in the chosen language. */
function describeFindings(outcome: ValidateOutcome, lang: "fi" | "sv" | "en"): string {
  const lines = [`result: ${outcome.result}`];
  for (const f of outcome.findings) {
    lines.push(`  ${f.severity === "error" ? "E" : "W"} ${f.code} at ${f.location}${f.detail ? ` (${f.detail})` : ""}`, `      ${errorEntry(f.code)[lang]}`);
  }
  return lines.join("\n");
}

/** `kanta-sim send` and `kanta-sim validate` (the reference client side of the wire). */
export function registerWireCommands(program: Command): void {
  addSendOptions(
    program
      .command("send")
      .description("send a signed CDA document to the archive (exit 0 AA, 1 AE/AR, 2 fault or no answer)")
      .option("--validate-only", "send to POST /soap/validate: every check, nothing stored"),
  ).action(async (file: string, opts: Omit<SendOptions, "validateOnly"> & { validateOnly?: boolean }) => run(file, opts, opts.validateOnly ?? false));

  // `query --version N` is the document version: the program's own --version (print the simulator
  // version) must then only be read before the subcommand name, as positional options.
  program.enablePositionalOptions();
  program
    .command("query")
    .description("search or fetch in the archive (SP3 client relationship, SP4 case, SP5 metadata, SP6 document, SP7 summary, SP8 disclosure, SP9 extended right to information, SP10 will expressions); exit 0 AA, 1 AE/AR, 2 fault or no answer")
    .requiredOption("--url <url>", "simulator base URL (e.g. http://localhost:8080) or the full endpoint URL")
    .requiredOption("--sender-org <oid>", "OID of the sending organisation", oid)
    .requiredOption("--service-request <code>", "SP3 … SP10 (fixtures/service-requests.json)")
    .requiredOption("--client <id>", "the one client the search concerns: personal identity code or temporary id")
    .option("--usage-situation <code>", "usage situation, code system 1.2.246.537.6.1289.201901", "1")
    .option("--sender-device <oid>", "OID of the sending client system (default: the sender organisation)", oid)
    .option("--service-unit <oid>", "OID of the acting service unit (default: the sender organisation)", oid)
    .option("--professional <id>", "id of the acting professional (root 1.2.246.537.26)")
    .option("--message-id <id>", "message id extension (default: a new UUID)")
    .option("--register-organiser <oid>", "organiser whose register is searched (default: the sender organisation)", oid)
    .option("--case <oid>", "case id (ärendenummer): SP4, SP5", oid)
    .option("--document <id>", "document version id (ClinicalDocument/id): SP6")
    .option("--set-id <oid>", "document setId: SP6", oid)
    .option("--version <n>", "version number with --set-id: SP6", (v: string) => {
      if (!/^[1-9][0-9]*$/.test(v)) throw new InvalidArgumentError("must be a positive integer");
      return Number(v);
    })
    .option("--from <date>", "created on or after YYYY-MM-DD: SP3, SP4, SP5")
    .option("--to <date>", "created on or before YYYY-MM-DD: SP3, SP4, SP5")
    .option("--criteria <name=value...>", "metadata criteria, e.g. serviceTask=26 generalType=12@1.2.246.10.99990000.3.4 serviceUnit=1.2.246.10.99990001.10.104", [])
    .option("--special-reason <code>", "THL – Särskild anledning code (1–4)")
    .option("--extended-basis <code>", "Grund för omfattande informationssökning code (1–3): SP9")
    .addOption(new Option("--soap <version>", "SOAP version").choices(["1.1", "1.2"]).default("1.1"))
    .option("--json", "print the answer as JSON (documents base64)")
    .action(async (opts: Omit<QueryCommandOptions, "criteria"> & { criteria?: string[] }) => {
      const { exitCode, output } = await runQueryCommand({ ...opts, criteria: opts.criteria ?? [] });
      (exitCode === 2 ? process.stderr : process.stdout).write(`${output}\n`);
      process.exitCode = exitCode;
    });

  program
    .command("validate")
    .description("check a store request offline, without a server and without storing (exit 0 AA, 1 AE/AR, 2 fault)")
    .argument("<frame.xml>", "an RCMR_IN200002FI01 frame, or a whole SOAP envelope around one")
    .argument("[doc.xml]", "the signed CDA document, when it is not inside the frame (it then replaces the frame's own)")
    .option("--trust-dir <dir...>", "trusted CA directories (default: the TRUST_DIRS setting)")
    .option("--at <iso-time>", "the request time certificates are checked against (default: now)")
    .option("--strict", "refuse the client system's duties instead of warning (STRICT_MODE)")
    .option("--json", "print the outcome as JSON")
    .addOption(new Option("--lang <lang>", "language of the texts").choices(["fi", "sv", "en"]).default("en"))
    .action(async (frameFile: string, documentFile: string | undefined, opts: { trustDir?: string[]; at?: string; strict?: boolean; json?: boolean; lang: "fi" | "sv" | "en" }) => {
      const config = loadConfig();
      const outcome = await validateMessage({
        frame: new Uint8Array(readFileSync(frameFile)),
        ...(documentFile && { document: new Uint8Array(readFileSync(documentFile)) }),
        trust: loadTrustStore(opts.trustDir ?? resolveTrustDirs(config.trustDirs)),
        at: opts.at ? new Date(opts.at) : new Date(),
        strictMode: opts.strict ?? config.strictMode,
      });
      process.stdout.write(`${opts.json ? JSON.stringify(outcome, null, 2) : describeFindings(outcome, opts.lang)}\n`);
      process.exitCode = outcome.result === "AA" ? 0 : outcome.result === "fault" ? 2 : 1;
    });
}
