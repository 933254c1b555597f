/**
 * The reference client: plays the vendor role for every case of the catalogue. It builds the messages a
 * case names (signed CDA documents in HL7 V3 frames in SOAP envelopes, as src/samples/generate.ts and
 * src/demo/demo.ts do), sends them over HTTP and tags each with its case (message id
 * `…rehearse:<CASE-ID>:<step>:…`), so the session matches them without guessing. Each case gets a fresh
 * client, case and set ids, so cases never disturb each other and a run can be repeated on one database.
 */
import { randomInt, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCdaDocument } from "../cda/build.js";
import { sampleBody } from "../cda/samples.js";
import { parseAcknowledgement } from "../hl7/acknowledgement.js";
import { buildArchiveRequestFrame, type ArchiveRequestFrameInput } from "../hl7/frame.js";
import { buildQueryRequestFrame, type QueryRequestFrameInput } from "../hl7/query.js";
import { loadServiceRequests } from "../hl7/service-requests.js";
import type { DocumentBody, DocumentMetadata } from "../model/document.js";
import { makePersonalIdentityCode } from "../rules/identity.js";
import { scenarioDocuments, type ScenarioIds } from "../samples/generate.js";
import { signCdaDocument, type DocumentSigner } from "../signature/sign.js";
import { buildSoapEnvelope, contentTypeOf, type SoapVersion } from "../soap/envelope.js";
import type { ClientKind, DocumentName, RehearsalCase, SendSpec, WillName } from "./types.js";

const PKI = fileURLToPath(new URL("../../certs/test/", import.meta.url));
export const REFERENCE_SENDER = "1.2.246.10.99990001.10.0";
const SERVICE_UNIT = "1.2.246.10.99990001.10.104";
/** The controller whose register the disclosure cases search (usage situation 3): Exempelstad, a public municipality. */
export const DISCLOSING_REGISTER = "1.2.246.10.99990002.10.0";
/** A private service provider of the test world (the extended right to information is refused to it). */
export const PRIVATE_PROVIDER = "1.2.246.10.99990003.10.0";
const SERVICE_TASK_SYSTEM = "1.2.246.537.6.1299";
const ELDERLY_TASK = { code: "23", codeSystem: SERVICE_TASK_SYSTEM, displayName: "Äldreservice" };
const EXTENDED_BASIS = { code: "1", codeSystem: "1.2.246.10.99990000.3.13" };

/** An organisation of the test world (fixtures/world/organisations.json) the reference client can send for. */
interface Organisation {
  oid: string;
  name: string;
  unit: string;
  unitName: string;
  /** Its register code (fixtures/world/organisations.json registers). */
  register: string;
}
const ORGANISATIONS: Readonly<Record<string, Organisation>> = {
  [REFERENCE_SENDER]: { oid: REFERENCE_SENDER, name: "Testbyns välfärdsområde", unit: SERVICE_UNIT, unitName: "Testby service för personer i arbetsför ålder", register: "1" },
  [DISCLOSING_REGISTER]: { oid: DISCLOSING_REGISTER, name: "Exempelstad (socialväsendet)", unit: "1.2.246.10.99990002.10.201", unitName: "Exempelstad socialarbete för vuxna", register: "1" },
  [PRIVATE_PROVIDER]: { oid: PRIVATE_PROVIDER, name: "Omsorg Privat Ab", unit: "1.2.246.10.99990003.10.301", unitName: "Omsorg Privat serviceboende", register: "2" },
};
function organisationOf(oid: string): Organisation {
  const o = ORGANISATIONS[oid];
  if (!o) throw new Error(`the reference client cannot send for ${oid}: one of ${Object.keys(ORGANISATIONS).join(", ")}`);
  return o;
}
/** A unit of the same organiser without a client relationship to the case's client (saklig anknytning). */
const OTHER_UNIT = "1.2.246.10.99990001.10.101";
const SYSTEM = "signers/system-1.2.246.10.99990001.10.0";
const PROFESSIONAL = "signers/professional-sara-socionom";
/** A 14-year-old of the test world (fixtures/world/persons.json). */
const MINOR = "050912A958F";

const signers = new Map<string, DocumentSigner>();
function signer(name: string): DocumentSigner {
  let s = signers.get(name);
  if (!s) {
    s = { keyPem: readFileSync(join(PKI, `${name}.test-key.pem`), "utf8"), certPem: readFileSync(join(PKI, `${name}.pem`), "utf8") };
    signers.set(name, s);
  }
  return s;
}

function minimalPdfA(): Uint8Array {
  const xmp =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>' +
    "</rdf:RDF></x:xmpmeta>";
  return new TextEncoder().encode(`%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n3 0 obj << /Type /Metadata /Subtype /XML /Length ${xmp.length} >> stream\n${xmp}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

const BODIES: Record<DocumentName, (clients: string[]) => DocumentBody> = {
  kr: (clients) => ({ xhtml: "<paragraph>Klientrelationen inleddes 1.11.2026.</paragraph>", json: { asiakkaat: clients, asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26" }, jsonSchemaOid: "1.2.246.10.99990000.6.2" }),
  case: (clients) => ({ xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>", json: { asiakkaat: clients, asiaAvattu: "2026-11-01", asianTila: "avoin" }, jsonSchemaOid: "1.2.246.10.99990000.6.3" }),
  assessment: () => sampleBody(),
  journal: (clients) => ({ xhtml: "<paragraph>Klienten besökte byrån. Bedömningen är klar.</paragraph>", json: { asiakkaat: clients, merkinta: "Klienten besökte byrån.", merkintapaiva: "2026-11-28" }, jsonSchemaOid: "1.2.246.10.99990000.6.4" }),
  pdf: () => ({ pdf: minimalPdfA() }),
};

interface Built {
  metadata: DocumentMetadata;
  body: DocumentBody;
  signer: string;
  /** Applied to the signed document (tampering after signing). */
  tamper?: (xml: string) => string;
  unsigned?: boolean;
  /** Adds an element the metadata model does not know to hl7fi:localHeader (before signing). */
  unknownElement?: boolean;
  frame?: Partial<ArchiveRequestFrameInput>;
  serviceRequest?: string;
}

/** A named change to the valid message of a step. */
type Variant = (b: Built, ids: CaseIds) => Built;

const without = <K extends keyof DocumentMetadata>(m: DocumentMetadata, key: K): DocumentMetadata => {
  const copy = { ...m };
  delete copy[key];
  return copy;
};

/** Every variant a catalogue case may name (send.variant). */
export const VARIANTS: Readonly<Record<string, Variant>> = {
  valid: (b) => b,
  "soap-12": (b) => ({ ...b, frame: { ...b.frame } }),
  "pic-check-character": (b) => ({ ...b, metadata: { ...b.metadata, clients: [flipCheck(b.metadata.clients[0]!)] }, body: BODIES.kr([flipCheck(b.metadata.clients[0]!)]) }),
  "minor-no-guardian-disclosure": (b) => ({ ...b, metadata: { ...b.metadata, clients: [MINOR] }, body: BODIES.kr([MINOR]) }),
  "minor-guardian-disclosure": (b) => ({ ...b, metadata: { ...b.metadata, clients: [MINOR], guardianDisclosure: "1" }, body: BODIES.kr([MINOR]) }),
  "case-unknown": (b) => ({ ...b, metadata: { ...b.metadata, caseId: `${b.metadata.caseId}.404` } }),
  "no-specific-type": (b) => ({ ...b, metadata: without(b.metadata, "specificType") }),
  "no-service-task": (b) => ({ ...b, metadata: { ...b.metadata, serviceTasks: [] } }),
  "service-task-unknown": (b) => ({ ...b, metadata: { ...b.metadata, serviceTasks: [{ code: "99", codeSystem: "1.2.246.537.6.1299" }] } }),
  "no-service-process": (b) => ({ ...b, metadata: without(b.metadata, "serviceProcess") }),
  "service-process-unknown": (b) => ({ ...b, metadata: { ...b.metadata, serviceProcess: { code: "99", codeSystem: "1.2.246.10.99990000.3.1" } } }),
  "no-service-unit": (b) => ({ ...b, metadata: without(b.metadata, "serviceUnit") }),
  "schema-invalid": (b) => ({ ...b, body: { ...b.body, json: { asiakkaat: b.metadata.clients, merkintapaiva: "2026-11-28" } } }),
  "system-signed": (b) => ({ ...b, signer: SYSTEM }),
  /** A decision (general type 12 Beslut, specific 304 utkomststöd): every decision needs a professional's signature. */
  "decision-system-signed": (b) => ({
    ...b,
    signer: SYSTEM,
    metadata: { ...b.metadata, title: "Beslut om kompletterande utkomststöd", generalType: { code: "12", codeSystem: "1.2.246.10.99990000.3.4", displayName: "Beslut" }, specificType: { code: "304", codeSystem: "1.2.246.10.99990000.3.6", displayName: "Beslut om kompletterande eller förebyggande utkomststöd" } },
  }),
  "decision-professional-signed": (b) => ({
    ...b,
    signer: PROFESSIONAL,
    metadata: { ...b.metadata, title: "Beslut om kompletterande utkomststöd", generalType: { code: "12", codeSystem: "1.2.246.10.99990000.3.4", displayName: "Beslut" }, specificType: { code: "304", codeSystem: "1.2.246.10.99990000.3.6", displayName: "Beslut om kompletterande eller förebyggande utkomststöd" } },
  }),
  "body-tampered": (b) => ({ ...b, tamper: (xml) => xml.replace("Bedömningen är klar.", "Bedömningen är ändrad.") }),
  "metadata-tampered": (b) => ({ ...b, tamper: (xml) => xml.replace(/<title>[^<]*<\/title>/, "<title>Förfalskad</title>") }),
  unsigned: (b) => ({ ...b, unsigned: true }),
  "cert-expired": (b) => ({ ...b, signer: "signers/expired-system" }),
  "cert-not-yet-valid": (b) => ({ ...b, signer: "signers/not-yet-valid-system" }),
  "cert-untrusted": (b) => ({ ...b, signer: "untrusted/untrusted-system" }),
  "cert-revoked": (b) => ({ ...b, signer: "signers/revoked-system" }),
  "cert-no-signing-policy": (b) => ({ ...b, signer: "signers/no-signing-policy" }),
  "metadata-unknown": (b) => ({ ...b, unknownElement: true }),
  "archive-produced": (b) => ({ ...b, metadata: { ...b.metadata, clientDeathDate: "2026-01-01" } }),
  "pdf-not-pdfa": (b) => ({ ...b, body: { pdf: new TextEncoder().encode("%PDF-1.7\n%%EOF\n") } }),
  "pdf-not-pdf": (b) => ({ ...b, body: { pdf: new TextEncoder().encode("GIF89a not a pdf") } }),
  "xxe": (b) => ({ ...b, tamper: (xml) => `<?xml version="1.0"?><!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${xml.replace(/^<\?xml[^>]*>\s*/, "")}` }),
  "not-well-formed": (b) => ({ ...b, tamper: (xml) => xml.slice(0, 400) }),
  "service-request-unknown": (b) => ({ ...b, serviceRequest: "SP99" }),
  "usage-situation-unknown": (b) => ({ ...b, frame: { ...b.frame, usageSituation: "7" } }),
  "version-skips": (b) => b,
  "second-kr": (b) => ({ ...b, metadata: { ...b.metadata, setId: `${b.metadata.setId}9`, documentId: `${b.metadata.setId}9.1` } }),
  "first-version-two": (b) => ({ ...b, metadata: { ...b.metadata, documentId: `${b.metadata.setId}.2`, versionNumber: 2 } }),
  "restriction-without-reason": (b) => ({ ...b, metadata: { ...b.metadata, delayedUntil: "2027-06-01" } }),
  "temporary-client-id": (b, ids) => ({ ...b, metadata: { ...b.metadata, clients: [ids.temporaryId] }, body: BODIES.kr([ids.temporaryId]) }),
  "case-id-taken": (b, ids) => ({ ...b, metadata: { ...b.metadata, caseId: ids.otherCaseId } }),
};

function flipCheck(pic: string): string {
  const last = pic.at(-1)!;
  return pic.slice(0, -1) + (last === "A" ? "B" : "A");
}

export interface CaseIds extends ScenarioIds {
  temporaryId: string;
  /** The client is under 18: every document but the case carries guardianDisclosure. */
  minor?: boolean;
  /** Will expressions (VYT) get setIds `${willSetIdPrefix}.${n}`. */
  willSetIdPrefix?: string;
  /** A case id another client's case document already uses (only for case-id-taken). */
  otherCaseId: string;
}

let counter = 0;
export function freshCaseIds(): CaseIds {
  const year = 1950 + randomInt(50);
  const birthDate = `${year}-${String(1 + randomInt(12)).padStart(2, "0")}-${String(1 + randomInt(28)).padStart(2, "0")}`;
  const run = `${Date.now()}${randomInt(1000)}${++counter}`;
  return {
    client: makePersonalIdentityCode(birthDate, 900 + randomInt(100)),
    setIdPrefix: `1.2.246.10.99990001.22.${run}`,
    caseId: `1.2.246.10.99990001.32.${run}`,
    temporaryId: `1.2.246.10.99990000.5.1.${run}`,
    otherCaseId: `1.2.246.10.99990001.32.${run}.9`,
    willSetIdPrefix: `1.2.246.10.99990009.81.${run}`,
  };
}

export interface Exchange {
  tag: string;
  status: number;
  body: string;
}

/** One case's client story as the reference client keeps it: which version of which document is latest. */
class Story {
  readonly docs: ReturnType<typeof scenarioDocuments>;
  readonly latest = new Map<DocumentName, number>();
  private wills = 0;
  constructor(
    readonly ids: CaseIds,
    readonly organisation: Organisation = organisationOf(REFERENCE_SENDER),
  ) {
    this.docs = scenarioDocuments(ids);
  }
  /** The organisation's system signature (the welfare region's professional signs its assessments). */
  get systemSigner(): string {
    return this.organisation.oid === REFERENCE_SENDER ? SYSTEM : `signers/system-${this.organisation.oid}`;
  }
  metadataOf(name: DocumentName): DocumentMetadata {
    const d = this.docs;
    const m = name === "kr" ? d.KR : name === "case" ? d.CASE : name === "assessment" ? d.CLIENT_DOCUMENT : name === "journal" ? d.JOURNAL_ENTRY : d.PDF_DOCUMENT;
    const o = this.organisation;
    if (o.oid === REFERENCE_SENDER) return m;
    const organiser = { oid: o.oid, name: o.name };
    return { ...m, organiser, serviceUnit: { oid: o.unit, name: o.unitName }, registerCode: { code: o.register, codeSystem: m.registerCode?.codeSystem ?? "1.2.246.537.6.1264" }, ...(m.producer && { producer: organiser }) };
  }
  first(name: DocumentName): Built {
    const m = this.metadataOf(name);
    // A minor's documents say whether the guardians may see them (D06-R22): 1, as a client system sets by default.
    const metadata = this.ids.minor && name !== "case" ? { ...m, guardianDisclosure: "1" as const } : m;
    return { metadata, body: BODIES[name](metadata.clients), signer: name === "assessment" && this.organisation.oid === REFERENCE_SENDER ? PROFESSIONAL : this.systemSigner };
  }
  /** A journal entry of service task 23 (äldreservice) in the story's case: what a prohibition by service task covers. */
  elderlyJournal(): Built {
    const b = this.first("journal");
    const setId = `${this.ids.setIdPrefix}.6`;
    return { ...b, metadata: { ...b.metadata, setId, documentId: `${setId}.1`, title: "Anteckning inom äldreservice", serviceTasks: [ELDERLY_TASK] } };
  }
  /** The KR with the client's personal data (address, home municipality, telephone), as D08-R65 lets only the KR hold them. */
  krWithPersonalData(): Built {
    const b = this.first("kr");
    const client = b.metadata.clients[0]!;
    const json = { ...(b.body.json as Record<string, unknown>), personalData: [{ personId: client, items: { permanentAddressFinland: "Hemlig gatan 1", homeMunicipality: "Testby", phoneNumber: "040 123 4567" } }] };
    return { ...b, body: { ...b.body, json } };
  }
  /** A will expression (VYT, D07-R63) the organisation records for the client: each one a new document. */
  will(name: WillName): Built {
    const o = this.organisation;
    const client = this.ids.client;
    const setId = `${this.ids.willSetIdPrefix ?? `${this.ids.setIdPrefix}.81`}.${++this.wills}`;
    const kind = name === "kanta-information" ? "kanta-information" : name.startsWith("permission") ? "disclosure-permission" : "disclosure-prohibition";
    const title = { "kanta-information": "Kanta-informointi", "disclosure-permission": "Luovutuslupa", "disclosure-prohibition": "Luovutuskielto" }[kind];
    const target = name === "prohibition-all" ? { laji: "all" } : name === "prohibition-service-task" ? { laji: "service-task", koodi: ELDERLY_TASK.code, koodisto: ELDERLY_TASK.codeSystem } : undefined;
    const metadata: DocumentMetadata = {
      documentId: `${setId}.1`,
      setId,
      versionNumber: 1,
      status: "ready",
      createdAt: "2026-11-28T10:00:00+02:00",
      title,
      organiser: { oid: o.oid, name: o.name },
      serviceUnit: { oid: o.unit, name: o.unitName },
      storer: { givenName: "Sara", familyName: "Socionom" },
      registerCode: { code: o.register, codeSystem: "1.2.246.537.6.1264" },
      clients: [client],
      serviceTasks: [],
      socialServices: [],
      documentGroup: "will-expression",
    };
    const json = {
      asiakkaat: [client],
      tahdonilmaisu: kind,
      sektori: "social",
      ...(kind === "disclosure-permission" && { myonteinen: name === "permission" }),
      ...(target && { kohde: target }),
      antaja: { rooli: "client" },
      kanava: "provider",
    };
    return { metadata, body: { xhtml: `<paragraph>${title}.</paragraph>`, json, jsonSchemaOid: "1.2.246.10.99990000.6.9" }, signer: this.systemSigner };
  }
  /** The next version (or makulering) of a stored document. */
  next(name: DocumentName, cancel: boolean, skip = 0): Built {
    const b = this.first(name);
    const current = this.latest.get(name) ?? 1;
    const n = current + 1 + skip;
    const m = b.metadata;
    return {
      ...b,
      metadata: { ...m, documentId: `${m.setId}.${n}`, versionNumber: n, replacesDocumentId: `${m.setId}.${current}`, createdAt: "2026-11-28T11:00:00+02:00", ...(cancel ? { status: "cancelled" as const } : { description: "Socialarbetare" }) },
    };
  }
}

function render(b: Built): string {
  let xml = buildCdaDocument(b.metadata, b.body);
  if (b.unknownElement) xml = xml.replace("</hl7fi:localHeader>", "<hl7fi:favouriteColour>blå</hl7fi:favouriteColour></hl7fi:localHeader>");
  if (!b.unsigned) xml = signCdaDocument(xml, signer(b.signer));
  return b.tamper ? b.tamper(xml) : xml;
}

export interface PlayerOptions {
  url: string;
  sender?: string;
}

/**
 * A fresh person added to the test world's population register through the admin API (the simulator
 * must run with ENABLE_ADMIN): a spärrmarkering or a death date comes from the population register, so
 * each case gets its own person and runs repeat on one database.
 */
export async function freshPerson(url: string, kind: Exclude<ClientKind, "fresh-adult">): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const year = kind === "sparr-minor" ? 2010 + randomInt(6) : 1950 + randomInt(50);
    const birthDate = `${year}-${String(1 + randomInt(12)).padStart(2, "0")}-${String(1 + randomInt(28)).padStart(2, "0")}`;
    const personId = makePersonalIdentityCode(birthDate, 900 + randomInt(100));
    const record = {
      person_id: personId,
      given_name: kind === "deceased" ? "Avliden" : "Spärrad",
      family_name: "Repetition",
      birth_date: birthDate,
      ...(kind === "deceased" ? { death_date: "2026-10-01" } : { non_disclosure: true }),
    };
    const response = await fetch(`${url.replace(/\/+$/, "")}/admin/api/world/persons`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(record) });
    if (response.status === 201) return personId;
    if (response.status !== 409) throw new Error(`cannot add a person to the population register: ${response.status} ${await response.text()}`);
  }
  throw new Error("cannot add a person to the population register: five identity codes taken");
}

/**
 * A vendor system's client story, sent over HTTP: store, new version, makulering, search. Every message
 * id carries `rehearse:<tag>` when a tag is given; without one the traffic is untagged, as a real
 * vendor's, and the session matches it by fingerprint.
 */
export class ReferenceVendor {
  readonly story: Story;
  readonly exchanges: Exchange[] = [];
  private readonly sender: string;
  private readonly codeSystem = loadServiceRequests().codeSystem;

  constructor(private readonly options: PlayerOptions, ids: CaseIds = freshCaseIds()) {
    this.sender = options.sender ?? REFERENCE_SENDER;
    this.story = new Story(ids, organisationOf(this.sender));
  }

  private async post(tag: string | undefined, envelope: string, version: SoapVersion = "1.1"): Promise<string> {
    const response = await fetch(`${this.options.url.replace(/\/+$/, "")}/soap/archive`, { method: "POST", headers: { "content-type": contentTypeOf(version) }, body: envelope });
    const body = await response.text();
    this.exchanges.push({ tag: tag ?? "", status: response.status, body });
    return body;
  }

  private wrapper(tag: string | undefined, serviceRequest: string) {
    return {
      messageId: { root: this.sender, extension: tag ? `rehearse:${tag}:${randomUUID()}` : randomUUID() },
      creationTime: new Date(),
      senderDeviceId: { root: this.sender },
      senderOrganisationOid: this.sender,
      serviceRequest: { code: serviceRequest, codeSystem: this.codeSystem },
      usageSituation: "1",
      serviceUnitOid: this.story.organisation.unit,
    };
  }

  /** Sends a built document; true when the archive answered AA. */
  private async send(tag: string | undefined, b: Built, defaultRequest: string, version: SoapVersion = "1.1"): Promise<boolean> {
    const frame = buildArchiveRequestFrame({ ...this.wrapper(tag, b.serviceRequest ?? defaultRequest), document: render(b), ...b.frame });
    const answer = await this.post(tag, buildSoapEnvelope(version, frame), version);
    try {
      return parseAcknowledgement(answer).typeCode === "AA";
    } catch {
      return false;
    }
  }

  /** First version of a document of the story (with a variant). */
  async store(name: DocumentName, options: { variant?: string; tag?: string } = {}): Promise<boolean> {
    const variantName = options.variant ?? "valid";
    const variant = VARIANTS[variantName];
    if (!variant) throw new Error(`unknown variant ${variantName}`);
    const ok = await this.send(options.tag, variant(this.story.first(name), this.story.ids), "SP1", variantName === "soap-12" ? "1.2" : "1.1");
    if (ok) this.story.latest.set(name, 1);
    return ok;
  }

  /** A document built outside the story's five (a will expression, the äldreservice entry, the KR with personal data). */
  async storeBuilt(built: Built, options: { tag?: string; as?: DocumentName } = {}): Promise<boolean> {
    const ok = await this.send(options.tag, built, "SP1");
    if (ok && options.as) this.story.latest.set(options.as, 1);
    return ok;
  }

  /** A will expression (VYT) for the story's client, recorded by the sender. */
  async storeWill(name: WillName, options: { tag?: string } = {}): Promise<boolean> {
    return this.send(options.tag, this.story.will(name), "SP1");
  }

  /** The next version (SP1) or the makulering (SP2) of a stored document. */
  async replace(name: DocumentName, cancel: boolean, options: { variant?: string; tag?: string } = {}): Promise<boolean> {
    const variantName = options.variant ?? "valid";
    const variant = VARIANTS[variantName];
    if (!variant) throw new Error(`unknown variant ${variantName}`);
    const built = variantName === "version-skips" ? this.story.next(name, cancel, 1) : variant(this.story.next(name, cancel), this.story.ids);
    const ok = await this.send(options.tag, built, cancel ? "SP2" : "SP1", variantName === "soap-12" ? "1.2" : "1.1");
    if (ok) this.story.latest.set(name, built.metadata.versionNumber);
    return ok;
  }

  async search(serviceRequest: string, options: { variant?: string; tag?: string; fields?: Record<string, unknown> } = {}): Promise<string> {
    const frame = searchFrame(this.wrapper(options.tag, serviceRequest), serviceRequest, options.variant ?? "valid", this.story, { kind: "search", ...(options.fields && { fields: options.fields }) });
    return this.post(options.tag, buildSoapEnvelope("1.1", buildQueryRequestFrame(frame)));
  }
}

/**
 * The setup messages of a played case the archive did not accept: then the case's preconditions are
 * not what it says, and its verdict proves nothing.
 */
export function setupProblems(exchanges: readonly Exchange[]): string[] {
  return exchanges
    .filter((e) => e.tag === "setup")
    .flatMap((e, i) => {
      let answer: string;
      try {
        const ack = parseAcknowledgement(e.body);
        answer = [ack.typeCode, ...ack.details.filter((d) => d.typeCode === "E").map((d) => d.code)].join(" ");
      } catch {
        answer = `HTTP ${e.status}, no acknowledgement`;
      }
      return answer === "AA" ? [] : [`setup message ${i + 1} answered ${answer}`];
    });
}

/** Plays one case: its preconditions (tagged setup), then each step (tagged with the case id). */
export async function playCase(c: RehearsalCase, options: PlayerOptions): Promise<Exchange[]> {
  const kind = c.preconditions.client ?? "fresh-adult";
  const ids = freshCaseIds();
  if (kind !== "fresh-adult") ids.client = await freshPerson(options.url, kind);
  if (kind === "sparr-minor") ids.minor = true;
  const vendor = new ReferenceVendor({ ...options, sender: c.preconditions.sender ?? options.sender ?? REFERENCE_SENDER }, ids);
  // The disclosing controller's documents for the same client, in its own register (never in the session: another sender).
  const disclosing = new ReferenceVendor({ url: options.url, sender: DISCLOSING_REGISTER }, { ...freshCaseIds(), client: ids.client });
  for (const pre of c.preconditions.stored ?? []) {
    const setup = { tag: "setup" };
    if (pre === "journal-cancelled") await vendor.replace("journal", true, setup);
    else if (pre === "assessment-cancelled") await vendor.replace("assessment", true, setup);
    else if (pre === "kr-personal-data") await vendor.storeBuilt(vendor.story.krWithPersonalData(), { ...setup, as: "kr" });
    else if (pre === "other-kr-personal-data") await disclosing.storeBuilt(disclosing.story.krWithPersonalData(), { ...setup, as: "kr" });
    else if (pre === "other-journal-elderly") await disclosing.storeBuilt(disclosing.story.elderlyJournal(), setup);
    else if (pre.startsWith("other-")) await disclosing.store(pre.slice("other-".length) as DocumentName, setup);
    else if (pre.startsWith("will-")) await vendor.storeWill(pre.slice("will-".length) as WillName, setup);
    else await vendor.store(pre as DocumentName, setup);
  }
  for (const [i, step] of c.steps.entries()) {
    const tag = `${c.id}:${i + 1}`;
    const send: SendSpec = step.send;
    const variant = send.variant ?? "valid";
    switch (send.kind) {
      case "store-kr":
        await vendor.store("kr", { variant, tag });
        break;
      case "store-case":
        await vendor.store("case", { variant, tag });
        break;
      case "store-document":
        await vendor.store(send.document ?? "journal", { variant, tag });
        break;
      case "store-will":
        await vendor.storeWill(send.will ?? "kanta-information", { tag });
        break;
      case "new-version":
      case "makulering":
        await vendor.replace(send.document ?? "assessment", send.kind === "makulering", { variant, tag });
        break;
      case "search":
        await vendor.search(send.service_request ?? "SP3", { variant, tag, ...(send.fields && { fields: send.fields }) });
        break;
    }
  }
  return [...disclosing.exchanges, ...vendor.exchanges];
}

/** Every search variant searchFrame builds (send.variant of a search step). */
export const SEARCH_VARIANTS: ReadonlySet<string> = new Set([
  "valid", "other-unit-no-reason", "other-unit-special-reason", "special-reason-unknown", "no-client", "two-clients", "no-set-id", "criterion-unknown",
  "case-on-fetch", "other-register", "other-register-usage-2", "other-register-usage-3", "usage-situation-unknown", "no-basis",
]);

function searchFrame(base: Omit<QueryRequestFrameInput, "clientId">, sr: string, variant: string, story: Story, send: SendSpec): QueryRequestFrameInput {
  const ids = story.ids;
  const q: QueryRequestFrameInput = { ...base, clientId: ids.client };
  const doc = (send.fields?.document as DocumentName | undefined) ?? "assessment";
  if (sr === "SP4") q.caseId = ids.caseId;
  if (sr === "SP5") q.criteria = [{ name: "serviceTask", value: "26" }];
  if (sr === "SP6") q.setId = story.metadataOf(doc).setId;
  // Disclosure (SP8 simple, SP9 extended right to information): from the disclosing controller's register, usage situation 3.
  if (sr === "SP8" || sr === "SP9") {
    q.registerOrganiserOid = DISCLOSING_REGISTER;
    q.usageSituation = "3";
  }
  if (sr === "SP9") q.extendedInformationBasis = EXTENDED_BASIS;
  switch (variant) {
    case "other-unit-no-reason":
      q.serviceUnitOid = OTHER_UNIT;
      break;
    case "other-unit-special-reason":
      q.serviceUnitOid = OTHER_UNIT;
      q.specialReason = { code: "2", codeSystem: "1.2.246.10.99990000.3.12" };
      break;
    case "special-reason-unknown":
      q.serviceUnitOid = OTHER_UNIT;
      q.specialReason = { code: "99", codeSystem: "1.2.246.10.99990000.3.12" };
      break;
    case "no-client":
      delete q.clientId;
      break;
    case "two-clients":
      q.clientId = [ids.client, ids.client];
      break;
    case "no-set-id":
      delete q.setId;
      break;
    case "criterion-unknown":
      q.criteria = [{ name: "favouriteColour", value: "blå" }];
      break;
    case "case-on-fetch":
      q.caseId = ids.caseId;
      break;
    case "other-register":
      q.registerOrganiserOid = "1.2.246.10.99990002.10.0";
      break;
    case "other-register-usage-3":
      q.registerOrganiserOid = DISCLOSING_REGISTER;
      q.usageSituation = "3";
      break;
    case "other-register-usage-2":
      q.registerOrganiserOid = DISCLOSING_REGISTER;
      q.usageSituation = "2";
      break;
    case "no-basis":
      delete q.extendedInformationBasis;
      break;
    case "usage-situation-unknown":
      q.usageSituation = "7";
      break;
    case "valid":
      break;
    default:
      throw new Error(`unknown search variant ${variant}`);
  }
  return q;
}
