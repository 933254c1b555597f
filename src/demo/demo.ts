/**
 * `kanta-sim demo`: one client's whole story sent to a running archive over SOAP, as a client system
 * would — client relationship, case, five client documents, a new version, a makulering — then every
 * search kind, each step checked against what the archive must answer. Fresh ids each run, so it can
 * be run again and again against the same server.
 */
import { randomInt, randomUUID } from "node:crypto";
import { parseAcknowledgement } from "../hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../hl7/frame.js";
import { buildQueryRequestFrame, parseQueryResponse, type ParsedQueryResponse, type QueryRequestFrameInput } from "../hl7/query.js";
import { loadServiceRequests } from "../hl7/service-requests.js";
import { makePersonalIdentityCode } from "../rules/identity.js";
import { signedScenario, type ScenarioIds } from "../samples/generate.js";
import { buildSoapEnvelope, contentTypeOf, parseSoapFault } from "../soap/envelope.js";

const ORGANISER = "1.2.246.10.99990001.10.0";
const SERVICE_UNIT = "1.2.246.10.99990001.10.104";

export interface DemoStep {
  title: string;
  ok: boolean;
  detail: string;
}

export interface DemoResult {
  ok: boolean;
  client: string;
  steps: DemoStep[];
}

/** A fresh fictional adult with a valid test identity code (individual number 900–999). */
function freshIds(): ScenarioIds {
  const year = 1950 + randomInt(50);
  const birthDate = `${year}-${String(1 + randomInt(12)).padStart(2, "0")}-${String(1 + randomInt(28)).padStart(2, "0")}`;
  const run = `${Date.now()}${randomInt(1000)}`;
  return { client: makePersonalIdentityCode(birthDate, 900 + randomInt(100)), setIdPrefix: `1.2.246.10.99990001.21.${run}`, caseId: `1.2.246.10.99990001.31.${run}` };
}

async function post(url: string, body: string): Promise<string> {
  const response = await fetch(`${url.replace(/\/+$/, "")}/soap/archive`, { method: "POST", headers: { "content-type": contentTypeOf("1.1") }, body });
  return response.text();
}

export async function runDemo(options: { url: string; log?: (line: string) => void }): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const ids = freshIds();
  const codeSystem = loadServiceRequests().codeSystem;
  const steps: DemoStep[] = [];
  const record = (title: string, ok: boolean, detail: string) => {
    steps.push({ title, ok, detail });
    log(`${ok ? "✓" : "✗"} ${title}${detail ? ` — ${detail}` : ""}`);
  };
  log(`client ${ids.client}, register of ${ORGANISER}, case ${ids.caseId}`);

  const scenario = signedScenario(ids);
  for (const step of scenario) {
    const frame = buildArchiveRequestFrame({
      messageId: { root: ORGANISER, extension: randomUUID() },
      creationTime: new Date(),
      senderDeviceId: { root: ORGANISER },
      senderOrganisationOid: ORGANISER,
      serviceRequest: { code: step.serviceRequest, codeSystem },
      usageSituation: "1",
      serviceUnitOid: SERVICE_UNIT,
      document: step.document,
    });
    const answer = await post(options.url, buildSoapEnvelope("1.1", frame));
    const fault = parseSoapFault(answer);
    if (fault) {
      record(`${step.serviceRequest} ${step.title}`, false, `SOAP fault ${fault.codes.join(", ")}`);
      continue;
    }
    const ack = parseAcknowledgement(answer);
    const errors = ack.details.filter((d) => d.typeCode === "E").map((d) => `${d.code} at ${d.location}`);
    record(`${step.serviceRequest} ${step.title}`, ack.typeCode === "AA", ack.typeCode === "AA" ? `AA, ${step.setId} v${step.versionNumber}` : `${ack.typeCode}: ${errors.join("; ")}`);
  }

  const assessment = scenario.find((s) => s.title.startsWith("assessment, version 2"))!;
  const cancelled = scenario.find((s) => s.serviceRequest === "SP2")!;
  const query = async (serviceRequest: string, extra: Partial<QueryRequestFrameInput> = {}): Promise<ParsedQueryResponse> => {
    const frame = buildQueryRequestFrame({
      messageId: { root: ORGANISER, extension: randomUUID() },
      creationTime: new Date(),
      senderDeviceId: { root: ORGANISER },
      senderOrganisationOid: ORGANISER,
      serviceRequest: { code: serviceRequest, codeSystem },
      usageSituation: "1",
      serviceUnitOid: SERVICE_UNIT,
      clientId: ids.client,
      ...extra,
    });
    return parseQueryResponse(await post(options.url, buildSoapEnvelope("1.1", frame)));
  };
  const checks: [string, string, Partial<QueryRequestFrameInput>, (r: ParsedQueryResponse) => string | undefined][] = [
    ["SP3", "search client relationship", {}, (r) => (r.results.some((i) => i.setId === scenario[0]!.setId) ? undefined : "the KR is missing")],
    ["SP4", "search case", { caseId: ids.caseId }, (r) => (r.results.some((i) => i.setId === scenario[1]!.setId) ? undefined : "the case document is missing")],
    [
      "SP5",
      "search metadata (service task 26)",
      { criteria: [{ name: "serviceTask", value: "26" }] },
      (r) =>
        r.results.some((i) => i.setId === cancelled.setId)
          ? "the makulerad journal entry was returned"
          : r.results.find((i) => i.setId === assessment.setId)?.versionNumber !== 2
            ? "the assessment is not returned at its latest version 2"
            : undefined,
    ],
    ["SP6", "fetch the assessment by setId", { setId: assessment.setId }, (r) => (r.results.length === 1 && r.results[0]!.versionNumber === 2 && r.results[0]!.document ? undefined : "expected exactly version 2 with its bytes")],
    ["SP6", "fetch the makulerad journal entry", { setId: cancelled.setId }, (r) => (r.results.length === 0 ? undefined : "a makulerad document must vanish from searches")],
    ["SP7", "summary (sammanställning)", {}, (r) => (r.results.some((i) => i.setId === scenario[0]!.setId) && r.results.some((i) => i.setId === assessment.setId) ? undefined : "expected the KR and the assessment")],
  ];
  for (const [serviceRequest, title, extra, check] of checks) {
    const response = await query(serviceRequest, extra);
    const problem = response.typeCode !== "AA" ? `${response.typeCode}: ${response.details.map((d) => d.code).join(", ")}` : check(response);
    record(`${serviceRequest} ${title}`, problem === undefined, problem ?? `${response.results.length} result(s)`);
  }
  return { ok: steps.every((s) => s.ok), client: ids.client, steps };
}
