/**
 * Sending the test world's stories over the real SOAP endpoint of an in-process app (buildApp + inject):
 * signed CDA documents in RCMR_IN200002FI01 envelopes, queries in RCMR_IN100016FI01, acknowledgements
 * parsed back. Builders for the documents the access and disclosure scenarios need (KR, case, client
 * document, will expression).
 */
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { buildCdaDocument } from "../../src/cda/build.js";
import { TEST_CLOCK_HEADER } from "../../src/clock.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../../src/hl7/frame.js";
import { buildQueryRequestFrame, parseQueryResponse, type QueryRequestFrameInput } from "../../src/hl7/query.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { buildSoapEnvelope, contentTypeOf } from "../../src/soap/envelope.js";
import { metadataFactory, testOid } from "./metadata.js";

export const SERVICE_REQUEST_SYSTEM = "1.2.246.10.99990000.1.1";
export const SPECIAL_REASON_SYSTEM = "1.2.246.10.99990000.3.12";
export const EXTENDED_BASIS_SYSTEM = "1.2.246.10.99990000.3.13";

export const WORLD = {
  testby: { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde", unit: "1.2.246.10.99990001.10.104", otherUnit: "1.2.246.10.99990001.10.105" },
  exempelstad: { oid: "1.2.246.10.99990002.10.0", name: "Exempelstad (socialväsendet)", unit: "1.2.246.10.99990002.10.201" },
  omsorg: { oid: "1.2.246.10.99990003.10.0", name: "Omsorg Privat Ab", unit: "1.2.246.10.99990003.10.301", register: "2" },
  hemhjalp: { oid: "1.2.246.10.99990004.10.0", name: "Hemhjälp Producent Oy", unit: "1.2.246.10.99990004.10.401" },
} as const;
export interface WorldOrganisation {
  oid: string;
  name: string;
  unit: string;
  /** The organisation's register code when not 1 (fixtures/world/organisations.json registers). */
  register?: string;
}

export const TASK_ADULTS = { code: "26", codeSystem: "1.2.246.537.6.1299" } as const;
export const TASK_ELDERLY = { code: "23", codeSystem: "1.2.246.537.6.1299" } as const;
export const SHELTER_SERVICE = { code: "56", codeSystem: "1.2.246.10.99990000.3.2" } as const;
const CASE_NAME = { code: { code: "1", codeSystem: "1.2.246.537.6.1265.202301" } };
const CASE_OPEN = { code: "1", codeSystem: "1.2.246.10.99990000.3.3" };
const PROCESS = { code: "2", codeSystem: "1.2.246.10.99990000.3.1" };
const GENERAL_JOURNAL = { code: "2", codeSystem: "1.2.246.10.99990000.3.4" };
const SPECIFIC_VISIT = { code: "105", codeSystem: "1.2.246.10.99990000.3.6" };

const signers = new Map<string, { keyPem: string; certPem: string }>();
export function signerOf(oid: string) {
  let signer = signers.get(oid);
  if (!signer) {
    signer = { keyPem: readFileSync(`certs/test/signers/system-${oid}.test-key.pem`, "utf8"), certPem: readFileSync(`certs/test/signers/system-${oid}.pem`, "utf8") };
    signers.set(oid, signer);
  }
  return signer;
}

export interface Doc {
  metadata: DocumentMetadata;
  body: DocumentBody;
}

/** Builders of one organiser's documents for one client. */
export function documentsOf(organiser: WorldOrganisation) {
  const base = metadataFactory(`${organiser.oid.replace(/\.0$/, "")}.81`, { organiser: { oid: organiser.oid, name: organiser.name }, serviceUnit: { oid: organiser.unit }, serviceTasks: [TASK_ADULTS], registerCode: { code: organiser.register ?? "1", codeSystem: "1.2.246.537.6.1264" } });
  return {
    /** A KR recording the organiser's unit from `start`; `personalData` for the spärr rules (D08-R65). */
    kr(client: string, options: { start?: string; task?: { code: string; codeSystem: string }; personalData?: unknown[]; producerUnits?: unknown[] } = {}): Doc {
      const task = options.task ?? TASK_ADULTS;
      const start = options.start ?? "2026-11-01";
      return {
        metadata: base({ title: "Klientrelationshandling", documentGroup: "client-relationship", serviceTasks: [], clients: [client] }),
        body: {
          xhtml: "<paragraph>Klientrelation.</paragraph>",
          json: {
            asiakkaat: [client],
            asiakkuusAlkanut: start,
            palvelutehtava: task.code,
            serviceTasks: [{ serviceTask: task, organiserUnits: [{ serviceUnitOid: organiser.unit, organisationOid: organiser.oid, start }], producerUnits: options.producerUnits ?? [] }],
            ...(options.personalData && { personalData: options.personalData }),
          },
          jsonSchemaOid: "1.2.246.10.99990000.6.2",
        },
      };
    },
    case(client: string, caseId: string = testOid(`${organiser.oid.replace(/\.0$/, "")}.83`)): Doc {
      return {
        metadata: base({ title: "Ärendehandling", documentGroup: "case", clients: [client], caseId, caseName: CASE_NAME, caseOpenedAt: "2026-11-01", caseStatus: CASE_OPEN }),
        body: { xhtml: "<paragraph>Ärende.</paragraph>", json: { asiakkaat: [client], asiaAvattu: "2026-11-01", asianTila: "avoin" }, jsonSchemaOid: "1.2.246.10.99990000.6.3" },
      };
    },
    /** A journal entry (AKJ) in the case. */
    entry(client: string, caseId: string, overrides: Partial<DocumentMetadata> = {}): Doc {
      return {
        metadata: base({ title: "Anteckning", clients: [client], caseId, producer: { oid: organiser.oid, name: organiser.name }, documentGroup: "journal-entry", serviceProcess: PROCESS, generalType: GENERAL_JOURNAL, specificType: SPECIFIC_VISIT, ...overrides }),
        body: { xhtml: "<paragraph>Anteckning.</paragraph>", json: { asiakkaat: [client], merkinta: "Besök.", merkintapaiva: "2026-11-28" }, jsonSchemaOid: "1.2.246.10.99990000.6.4" },
      };
    },
  };
}

export interface WillContent {
  kind: "kanta-information" | "disclosure-permission" | "disclosure-prohibition";
  sector?: "social" | "health";
  positive?: boolean;
  inForce?: boolean;
  target?: { laji: "all" } | { laji: "controller"; oid: string } | { laji: "service-task"; koodi: string; koodisto: string } | { laji: "document"; setId: string };
  issuer?: { rooli: "client" | "guardians" | "mandate"; henkilot?: string[] };
  channel?: "provider" | "mittkanta";
}

/** A will-expression document (VYT, D07-R63) recorded by `recorder` for `client`. */
export function willExpression(recorder: WorldOrganisation, client: string, content: WillContent, previous?: DocumentMetadata): Doc {
  const setId = previous?.setId ?? testOid("1.2.246.10.99990009.81");
  const version = (previous?.versionNumber ?? 0) + 1;
  const titles = { "kanta-information": "Kanta-informointi", "disclosure-permission": "Luovutuslupa", "disclosure-prohibition": "Luovutuskielto" } as const;
  return {
    metadata: {
      ...metadataFactory("1.2.246.10.99990009.81", { organiser: { oid: recorder.oid, name: recorder.name }, serviceUnit: { oid: recorder.unit }, serviceTasks: [] })({ setId }),
      documentId: `${setId}.${version}`,
      versionNumber: version,
      ...(previous && { replacesDocumentId: previous.documentId }),
      title: titles[content.kind],
      documentGroup: "will-expression",
      clients: [client],
    },
    body: {
      xhtml: `<paragraph>${titles[content.kind]}.</paragraph>`,
      json: {
        asiakkaat: [client],
        tahdonilmaisu: content.kind,
        sektori: content.sector ?? "social",
        ...(content.positive !== undefined && { myonteinen: content.positive }),
        ...(content.inForce !== undefined && { voimassa: content.inForce }),
        ...(content.target && { kohde: content.target }),
        antaja: content.issuer ?? { rooli: "client" },
        kanava: content.channel ?? "provider",
      },
      jsonSchemaOid: "1.2.246.10.99990000.6.9",
    },
  };
}

export interface Actor {
  organisation: WorldOrganisation;
  usageSituation: "1" | "2" | "3" | "4";
  unit?: string;
  /** The client system the message comes from when it is not the acting organisation's own (a parallel connection, D08-R71): its device id and signing certificate. */
  viaSystemOf?: WorldOrganisation;
}

let messages = 0;

/** A SOAP client of the in-process app: every call is a real envelope over app.inject, at the simulated time `at`. */
export function soapWorld(app: FastifyInstance, defaults: { at: string }) {
  async function post(payload: string, at: string) {
    const res = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": contentTypeOf("1.1"), [TEST_CLOCK_HEADER]: at }, payload });
    if (res.statusCode !== 200) throw new Error(`SOAP ${res.statusCode}: ${res.body.slice(0, 500)}`);
    return res.body;
  }
  return {
    /** SP1 (or SP2 with `cancel`) of one signed document. */
    async send(doc: Doc, actor: Actor, options: { cancel?: boolean; at?: string } = {}) {
      const system = actor.viaSystemOf ?? actor.organisation;
      const document = signCdaDocument(buildCdaDocument(doc.metadata, doc.body), signerOf(system.oid));
      const frame = buildArchiveRequestFrame({
        messageId: { root: `${system.oid.replace(/\.0$/, "")}.60`, extension: `world-${++messages}` },
        creationTime: new Date(options.at ?? defaults.at),
        senderDeviceId: { root: `${system.oid.replace(/\.0$/, "")}.70.1` },
        senderOrganisationOid: actor.organisation.oid,
        serviceRequest: { code: options.cancel ? "SP2" : "SP1", codeSystem: SERVICE_REQUEST_SYSTEM },
        usageSituation: actor.usageSituation,
        serviceUnitOid: actor.unit ?? actor.organisation.unit,
        document,
      });
      const ack = parseAcknowledgement(await post(buildSoapEnvelope("1.1", frame), options.at ?? defaults.at));
      return { ...ack, codes: ack.details.filter((d) => d.typeCode === "E").map((d) => d.code), warnings: ack.details.filter((d) => d.typeCode !== "E").map((d) => d.code) };
    },
    /** One search (SP3–SP9) for one client. */
    async query(code: string, client: string, actor: Actor, parameters: Partial<QueryRequestFrameInput> = {}, at?: string) {
      const frame = buildQueryRequestFrame({
        messageId: { root: `${(actor.viaSystemOf ?? actor.organisation).oid.replace(/\.0$/, "")}.61`, extension: `world-query-${++messages}` },
        creationTime: new Date(at ?? defaults.at),
        senderDeviceId: { root: `${(actor.viaSystemOf ?? actor.organisation).oid.replace(/\.0$/, "")}.70.1` },
        senderOrganisationOid: actor.organisation.oid,
        serviceRequest: { code, codeSystem: SERVICE_REQUEST_SYSTEM },
        usageSituation: actor.usageSituation,
        serviceUnitOid: actor.unit ?? actor.organisation.unit,
        professionalId: { root: "1.2.246.537.26", extension: "PRO-WORLD" },
        clientId: client,
        ...parameters,
      });
      const parsed = parseQueryResponse(await post(buildSoapEnvelope("1.1", frame), at ?? defaults.at));
      return { ...parsed, codes: parsed.details.map((d) => d.code), sets: parsed.results.map((r) => r.setId) };
    },
  };
}
