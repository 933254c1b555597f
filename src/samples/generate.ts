/**
 * The reference sample messages in hl7/samples/: complete SOAP requests, valid ones and invalid ones,
 * each invalid one named after the error code it must produce. Built from the real builders (CDA,
 * signature, frame, envelope) and the committed test PKI, so they are reproducible byte for byte
 * (RSA PKCS#1 v1.5 signatures are deterministic, every id and time is fixed).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCdaDocument } from "../cda/build.js";
import { errorEntry } from "../errors/catalogue.js";
import { sampleBody } from "../cda/samples.js";
import { buildArchiveRequestFrame, type ArchiveRequestFrameInput } from "../hl7/frame.js";
import { loadServiceRequests } from "../hl7/service-requests.js";
import type { DocumentBody, DocumentMetadata } from "../model/document.js";
import { signCdaDocument, type DocumentSigner } from "../signature/sign.js";
import { buildSoapEnvelope, contentTypeOf, type SoapVersion } from "../soap/envelope.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SAMPLES_DIR = join(ROOT, "hl7", "samples");
const PKI = join(ROOT, "certs", "test");

/** What the archive must answer to a sample. */
export type SampleExpectation = { kind: "ack"; typeCode: "AA" } | { kind: "ack"; typeCode: "AE" | "AR"; code: string } | { kind: "fault"; code: string };

export interface SampleEntry {
  file: string;
  description: string;
  soapVersion: SoapVersion;
  /** The Content-Type to send (normally the one of soapVersion; a mismatch is itself a sample). */
  contentType: string;
  expect: SampleExpectation;
  /** Bytes of padding the sender appends inside the Body before sending (the oversize sample stays small on disk). */
  padToBytes?: number;
}

function signer(name: string): DocumentSigner {
  return { keyPem: readFileSync(join(PKI, `${name}.test-key.pem`), "utf8"), certPem: readFileSync(join(PKI, `${name}.pem`), "utf8") };
}

const ORGANISER = { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" };
const SYSTEM_SIGNER = "signers/system-1.2.246.10.99990001.10.0";
const PROFESSIONAL_SIGNER = "signers/professional-sara-socionom";
const CLIENT = "190790-981S";
/** A 14-year-old of the test world (fixtures/world/persons.json). */
const MINOR = "050912A958F";
const CASE_ID = "1.2.246.10.99990001.30.1";
const SERVICE_TASK = { code: "26", codeSystem: "1.2.246.537.6.1299", displayName: "Service för personer i arbetsför ålder" };
const CREATED = "2026-11-28T10:00:00+02:00";
const SENT = new Date("2026-11-28T10:00:05Z");

/** The classification of a journal entry, for the storage samples built on it. */
function pick(m: DocumentMetadata): Partial<DocumentMetadata> {
  const { caseId, producer, serviceProcess, generalType, specificType, documentGroup } = m;
  return { caseId, producer, serviceProcess, generalType, specificType, documentGroup } as Partial<DocumentMetadata>;
}

/** The ids a scenario (the samples, or one `kanta-sim demo` run) is built with. */
export interface ScenarioIds {
  /** Documents get setIds `${setIdPrefix}.${n}`. */
  setIdPrefix: string;
  client: string;
  caseId: string;
}

const SAMPLE_IDS: ScenarioIds = { setIdPrefix: "1.2.246.10.99990001.20", client: CLIENT, caseId: CASE_ID };

function base(setNumber: number, overrides: Partial<DocumentMetadata>, ids: ScenarioIds = SAMPLE_IDS): DocumentMetadata {
  const setId = `${ids.setIdPrefix}.${setNumber}`;
  return {
    documentId: `${setId}.1`,
    setId,
    versionNumber: 1,
    status: "ready",
    createdAt: CREATED,
    title: "Dokument",
    organiser: ORGANISER,
    serviceUnit: { oid: "1.2.246.10.99990001.10.104", name: "Testby service för personer i arbetsför ålder" },
    storer: { givenName: "Sara", familyName: "Socionom" },
    registerCode: { code: "1", codeSystem: "1.2.246.537.6.1264" },
    clients: [ids.client],
    serviceTasks: [SERVICE_TASK],
    socialServices: [],
    documentGroup: "phase-2",
    ...overrides,
  };
}

const CASE_NAME = { code: { code: "1", codeSystem: "1.2.246.537.6.1265.202301", displayName: "Hantering av vardagen" } };
const CASE_STATUS_OPEN = { code: "1", codeSystem: "1.2.246.10.99990000.3.3", displayName: "Öppen" };
const PROCESS_ASSESSMENT = { code: "2", codeSystem: "1.2.246.10.99990000.3.1", displayName: "Bedömning av servicebehovet" };
const PROCESS_OPENING = { code: "1", codeSystem: "1.2.246.10.99990000.3.1", displayName: "Inledande behandling av ärende" };
const GENERAL_ASSESSMENT = { code: "1", codeSystem: "1.2.246.10.99990000.3.4", displayName: "Bedömning" };
const GENERAL_JOURNAL = { code: "2", codeSystem: "1.2.246.10.99990000.3.4", displayName: "Anteckning i en klientjournal" };
const GENERAL_APPLICATION = { code: "3", codeSystem: "1.2.246.10.99990000.3.4", displayName: "Ansökan" };
const SPECIFIC_ASSESSMENT = { code: "504", codeSystem: "1.2.246.10.99990000.3.6", displayName: "Bedömning av servicebehov" };
const SPECIFIC_VISIT = { code: "105", codeSystem: "1.2.246.10.99990000.3.6", displayName: "Anteckning om besök eller kontakt" };
const PROFESSIONAL_CERTIFICATE = { code: "1", codeSystem: "1.2.246.10.99990000.3.15", displayName: "Yrkesutbildad persons certifikat" };

/** Structured content per structure (fixtures/schemas/index.json), naming the clients where the structure does. */
const krBody = (clients: string[]): DocumentBody => ({
  xhtml: "<paragraph>Klientrelationen inleddes 1.11.2026.</paragraph>",
  json: { asiakkaat: clients, asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26" },
  jsonSchemaOid: "1.2.246.10.99990000.6.2",
});
const caseBody = (clients: string[]): DocumentBody => ({
  xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>",
  json: { asiakkaat: clients, asiaAvattu: "2026-11-01", asianTila: "avoin" },
  jsonSchemaOid: "1.2.246.10.99990000.6.3",
});
const journalBody = (clients: string[], entry: Record<string, unknown> = { merkinta: "Klienten besökte byrån.", merkintapaiva: "2026-11-28" }): DocumentBody => ({
  // The display text ends as the other samples' does: test/e2e/validate-cli.test.ts tampers with that sentence.
  xhtml: "<paragraph>Klienten besökte byrån. Bedömningen är klar.</paragraph>",
  json: { asiakkaat: clients, ...entry },
  jsonSchemaOid: "1.2.246.10.99990000.6.4",
});

/** The valid documents of one client's story in the welfare region: KR, case, then client documents. */
export function scenarioDocuments(ids: ScenarioIds) {
  const b = (n: number, overrides: Partial<DocumentMetadata>) => base(n, overrides, ids);
  return {
    KR: b(1, { title: "Klientrelationshandling", documentGroup: "client-relationship", serviceTasks: [] }),
    CASE: b(2, {
      title: "Ärendehandling",
      documentGroup: "case",
      caseId: ids.caseId,
      caseName: CASE_NAME,
      caseOpenedAt: "2026-11-01",
      caseStatus: CASE_STATUS_OPEN,
    }),
    CLIENT_DOCUMENT: b(3, {
      title: "Bedömning av servicebehov",
      caseId: ids.caseId,
      producer: ORGANISER,
      serviceProcess: PROCESS_ASSESSMENT,
      generalType: GENERAL_ASSESSMENT,
      specificType: SPECIFIC_ASSESSMENT,
      signatureMetadata: { registrationNumber: "100000001", givenName: "Sara", familyName: "Socionom", identificationMethod: PROFESSIONAL_CERTIFICATE, signedAt: "2026-11-28T09:59:00+02:00" },
    }),
    JOURNAL_ENTRY: b(4, {
      title: "Anteckning i klientjournal",
      documentGroup: "journal-entry",
      caseId: ids.caseId,
      producer: ORGANISER,
      serviceProcess: PROCESS_ASSESSMENT,
      generalType: GENERAL_JOURNAL,
      specificType: SPECIFIC_VISIT,
    }),
    PDF_DOCUMENT: b(5, { title: "Skannad ansökan", documentGroup: "phase-1", caseId: ids.caseId, producer: ORGANISER, serviceProcess: PROCESS_OPENING, generalType: GENERAL_APPLICATION }),
  };
}

const { KR, CASE, CLIENT_DOCUMENT, JOURNAL_ENTRY, PDF_DOCUMENT } = scenarioDocuments(SAMPLE_IDS);

/** A minimal PDF whose XMP metadata identifies it as PDF/A-2b (what the archive checks; no full validation). */
function minimalPdfA(): Uint8Array {
  const xmp =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>' +
    "</rdf:RDF></x:xmpmeta>";
  const text = `%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n3 0 obj << /Type /Metadata /Subtype /XML /Length ${xmp.length} >> stream\n${xmp}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

const BODY: DocumentBody = sampleBody();
const XHTML_ONLY: DocumentBody = { xhtml: "<paragraph>Ansökan mottagen.</paragraph>" };

function signed(metadata: DocumentMetadata, body: DocumentBody = BODY, who = SYSTEM_SIGNER): string {
  return signCdaDocument(buildCdaDocument(metadata, body), signer(who));
}

interface RequestOptions {
  soapVersion?: SoapVersion;
  serviceRequest?: string;
  frame?: Partial<ArchiveRequestFrameInput>;
  messageNumber: number;
}

function request(document: string | Uint8Array, options: RequestOptions): string {
  const serviceRequests = loadServiceRequests();
  const frame = buildArchiveRequestFrame({
    messageId: { root: "1.2.246.10.99990001.99.1", extension: `sample-${options.messageNumber}` },
    creationTime: SENT,
    processingCode: "T",
    senderDeviceId: { root: "1.2.246.10.99990001.99.1" },
    senderOrganisationOid: ORGANISER.oid,
    serviceRequest: { code: options.serviceRequest ?? "SP1", codeSystem: serviceRequests.codeSystem },
    usageSituation: "1",
    serviceUnitOid: "1.2.246.10.99990001.10.104",
    document,
    ...options.frame,
  });
  return buildSoapEnvelope(options.soapVersion ?? "1.1", frame);
}

/** Replaces exactly one occurrence, so a tampering sample never silently tampers nothing. */
function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) throw new Error(`sample: "${search}" must occur exactly once`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

interface BuiltSample extends SampleEntry {
  content: string;
}

function sample(dir: "valid" | "invalid", name: string, description: string, content: string, expect: SampleExpectation, extra: Partial<SampleEntry> = {}): BuiltSample {
  const soapVersion = extra.soapVersion ?? (content.includes("http://www.w3.org/2003/05/soap-envelope") ? "1.2" : "1.1");
  return { file: `${dir}/${name}.xml`, description, soapVersion, contentType: extra.contentType ?? contentTypeOf(soapVersion), expect, content, ...(extra.padToBytes && { padToBytes: extra.padToBytes }) };
}

/** The acknowledgement type of a refusal is the catalogue's (AE: fix and resend, AR: rejected). */
const refused = (code: string): SampleExpectation => ({ kind: "ack", typeCode: errorEntry(code).ack, code });

/** Every sample, in the order they must be sent to a fresh archive. */
export function buildSamples(): BuiltSample[] {
  let n = 0;
  const msg = () => ++n;
  const clientDocument = signed(CLIENT_DOCUMENT, BODY, PROFESSIONAL_SIGNER);
  const samples: BuiltSample[] = [
    sample("valid", "01-client-relationship", "Klientrelationshandling (JSON + XHTML), system signature, SOAP 1.1", request(signed(KR, krBody([CLIENT])), { messageNumber: msg() }), { kind: "ack", typeCode: "AA" }),
    sample("valid", "02-case", "Ärendehandling (JSON + XHTML), system signature, SOAP 1.2", request(signed(CASE, caseBody([CLIENT])), { messageNumber: msg(), soapVersion: "1.2" }), { kind: "ack", typeCode: "AA" }),
    sample("valid", "03-client-document-professional", "Phase-2 client document signed by a professional", request(clientDocument, { messageNumber: msg() }), { kind: "ack", typeCode: "AA" }),
    sample("valid", "04-journal-entry", "Journal entry (JSON + XHTML)", request(signed(JOURNAL_ENTRY, journalBody([CLIENT])), { messageNumber: msg() }), { kind: "ack", typeCode: "AA" }),
    sample("valid", "05-pdfa-document", "Phase-1 client document as PDF/A", request(signed(PDF_DOCUMENT, { pdf: minimalPdfA() }), { messageNumber: msg() }), { kind: "ack", typeCode: "AA" }),
    sample(
      "valid",
      "06-new-version",
      "A new version of the client document (relatedDocument RPLC, versionNumber 2), with correction metadata",
      request(
        signed({ ...CLIENT_DOCUMENT, documentId: `${CLIENT_DOCUMENT.setId}.2`, versionNumber: 2, replacesDocumentId: CLIENT_DOCUMENT.documentId, description: "Socialarbetare", createdAt: "2026-11-28T11:00:00+02:00" }, BODY, PROFESSIONAL_SIGNER),
        { messageNumber: msg(), soapVersion: "1.2" },
      ),
      { kind: "ack", typeCode: "AA" },
    ),
    sample(
      "valid",
      "07-makulering",
      "Makulering of the journal entry: a new version with status cancelled (service request SP2)",
      request(signed({ ...JOURNAL_ENTRY, documentId: `${JOURNAL_ENTRY.setId}.2`, versionNumber: 2, replacesDocumentId: JOURNAL_ENTRY.documentId, status: "cancelled" }, journalBody([CLIENT])), { messageNumber: msg(), serviceRequest: "SP2" }),
      { kind: "ack", typeCode: "AA" },
    ),
  ];

  // ── invalid: storage checks on the archive's state after the valid samples (KR, case, documents 3, 5; 4 cancelled) ──
  // Each is a complete, signed journal entry or KR that breaks exactly one storage rule.
  const entry = (k: number, overrides: Partial<DocumentMetadata> = {}) => ({ ...JOURNAL_ENTRY, ...base(200 + k, {}), ...pick(JOURNAL_ENTRY), title: `Anteckning ${k}`, ...overrides });
  const storageSample = (name: string, description: string, metadata: DocumentMetadata, body: DocumentBody, serviceRequest = "SP1") =>
    sample("invalid", name, description, request(signed(metadata, body), { messageNumber: msg(), serviceRequest }), refused(name.replace(/--.*$/, "")));
  samples.push(
    storageSample("STR-CASE-MISSING", "A journal entry in a case whose case document is not in the archive (storage order KR → case → client documents, D06-R12)", entry(1, { caseId: "1.2.246.10.99990001.30.99" }), journalBody([CLIENT])),
    storageSample(
      "VER-NUMBER-NOT-NEXT",
      "A new version of the client document numbered 4 when the latest is 2 (D06-R14)",
      { ...CLIENT_DOCUMENT, documentId: `${CLIENT_DOCUMENT.setId}.4`, versionNumber: 4, replacesDocumentId: `${CLIENT_DOCUMENT.setId}.2`, createdAt: "2026-11-28T12:00:00+02:00" },
      BODY,
    ),
    storageSample(
      "STR-CANCEL-HAS-DEPENDANTS",
      "Makulering of the case while client documents of the case are not cancelled (makulering order, D07-R40)",
      { ...CASE, documentId: `${CASE.setId}.2`, versionNumber: 2, replacesDocumentId: CASE.documentId, status: "cancelled" },
      caseBody([CLIENT]),
      "SP2",
    ),
    storageSample("CLI-PIC-INVALID", "A client relationship document for a personal identity code with a wrong check character (D06-R18)", base(210, { title: "Klientrelationshandling", documentGroup: "client-relationship", serviceTasks: [], clients: ["190790-981T"] }), krBody(["190790-981T"])),
    storageSample("MET-MANDATORY-MISSING", "A journal entry without its specifying document type (#23, table 11.2.2)", entry(2, { specificType: undefined }), journalBody([CLIENT])),
    storageSample("MET-CODE-UNKNOWN", "A journal entry whose service process code is not in the code list (D06-R24)", entry(3, { serviceProcess: { code: "99", codeSystem: PROCESS_ASSESSMENT.codeSystem } }), journalBody([CLIENT])),
    storageSample(
      "MIN-GUARDIAN-DISCLOSURE-MISSING",
      "A client relationship document of a 14-year-old without the guardian-disclosure element (D06-R22)",
      base(211, { title: "Klientrelationshandling", documentGroup: "client-relationship", serviceTasks: [], clients: [MINOR] }),
      krBody([MINOR]),
    ),
    storageSample("SCHEMA-INVALID", "A journal entry whose structured content lacks the entry text (merkinta) its structure requires", entry(4), journalBody([CLIENT], { merkintapaiva: "2026-11-28" })),
  );

  // ── invalid: signature ──
  const other = (k: number, overrides: Partial<DocumentMetadata> = {}) => base(100 + k, { caseId: CASE_ID, producer: ORGANISER, title: `Testdokument ${k}`, ...overrides });
  const signedOther = (k: number, who = SYSTEM_SIGNER) => signed(other(k), BODY, who);
  const bodyText = "Bedömningen är klar.";
  samples.push(
    sample("invalid", "SIG-DIGEST-MISMATCH--body-tampered", "The display text was changed after signing", request(replaceOnce(signedOther(1), bodyText, "Bedömningen är ändrad."), { messageNumber: msg() }), refused("SIG-DIGEST-MISMATCH")),
    sample("invalid", "SIG-DIGEST-MISMATCH--metadata-tampered", "The document title (header metadata) was changed after signing", request(replaceOnce(signedOther(2), "<title>Testdokument 2</title><effectiveTime", "<title>Förfalskad</title><effectiveTime"), { messageNumber: msg() }), refused("SIG-DIGEST-MISMATCH")),
    sample("invalid", "SIG-MISSING", "The document is not signed", request(buildCdaDocument(other(3), BODY), { messageNumber: msg() }), refused("SIG-MISSING")),
    sample("invalid", "SIG-CERT-EXPIRED", "Signed with an expired certificate", request(signedOther(4, "signers/expired-system"), { messageNumber: msg() }), refused("SIG-CERT-EXPIRED")),
    sample("invalid", "SIG-CERT-NOT-YET-VALID", "Signed with a certificate not yet valid", request(signedOther(5, "signers/not-yet-valid-system"), { messageNumber: msg() }), refused("SIG-CERT-NOT-YET-VALID")),
    sample("invalid", "SIG-CERT-UNTRUSTED", "Signed with a certificate of an unknown CA", request(signedOther(6, "untrusted/untrusted-system"), { messageNumber: msg() }), refused("SIG-CERT-UNTRUSTED")),
    sample("invalid", "SIG-CERT-REVOKED", "Signed with a revoked certificate", request(signedOther(7, "signers/revoked-system"), { messageNumber: msg() }), refused("SIG-CERT-REVOKED")),
    sample("invalid", "SIG-CERT-PURPOSE", "Signed with a certificate that is neither a professional nor a system signing certificate", request(signedOther(8, "signers/no-signing-policy"), { messageNumber: msg() }), refused("SIG-CERT-PURPOSE")),
  );
  {
    // Signature wrapping: the original signed document is hidden inside the signature container of a
    // forged document that carries a copy of the original signature.
    const original = signedOther(9);
    const signature = original.slice(original.indexOf("<hl7fi:signatures"), original.indexOf("</hl7fi:signatures>"));
    const forged = replaceOnce(original, bodyText, "Förfalskad bedömning.").replace("</hl7fi:signatures>", `${original.replace(/^<\?xml[^>]*>\s*/, "")}</hl7fi:signatures>`);
    void signature;
    samples.push(sample("invalid", "SIG-MULTIPLE--wrapped", "Signature wrapping: a forged document carries the signed original inside hl7fi:signatures", request(forged, { messageNumber: msg() }), refused("SIG-MULTIPLE")));
  }
  {
    const original = signedOther(10);
    samples.push(
      sample(
        "invalid",
        "SIG-REFERENCE",
        'The signature references an element by id instead of the whole document (URI="")',
        request(replaceOnce(original, 'URI=""', 'URI="#x"'), { messageNumber: msg() }),
        refused("SIG-REFERENCE"),
      ),
    );
  }

  // ── invalid: XML safety, CDA ──
  const cda = (k: number, overrides: Partial<DocumentMetadata> = {}, body: DocumentBody = BODY) => signed(other(k, overrides), body);
  samples.push(
    sample("invalid", "XML-DOCTYPE-FORBIDDEN--xxe", "The document declares an external entity (XXE)", request(`<?xml version="1.0"?><!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${cda(11).replace(/^<\?xml[^>]*>\s*/, "")}`, { messageNumber: msg() }), refused("XML-DOCTYPE-FORBIDDEN")),
    sample("invalid", "XML-MALFORMED", "The document is not well-formed XML (truncated)", request(cda(12).slice(0, 400), { messageNumber: msg() }), refused("XML-MALFORMED")),
    sample("invalid", "XML-TOO-DEEP", "The document nests elements deeper than the limit", request(replaceOnce(cda(13), "<paragraph>", `${"<content>".repeat(80)}<paragraph>`).replace("</paragraph>", `</paragraph>${"</content>".repeat(80)}`), { messageNumber: msg() }), refused("XML-TOO-DEEP")),
    sample("invalid", "CDA-NOT-CLINICAL-DOCUMENT", "The document root is in the wrong namespace", request(cda(14).replace('xmlns="urn:hl7-org:v3"', 'xmlns="urn:example:not-hl7"'), { messageNumber: msg() }), refused("CDA-NOT-CLINICAL-DOCUMENT")),
    sample("invalid", "CDA-SCHEMA", "The document breaks the CDA R2 schema (title before id)", request(replaceOnce(cda(15), "<title>Testdokument 15</title><effectiveTime", "<effectiveTime").replace("<id ", "<title>Testdokument 15</title><id "), { messageNumber: msg() }), refused("CDA-SCHEMA")),
    sample("invalid", "CDA-METADATA-UNKNOWN", "hl7fi:localHeader carries an element the metadata model does not know", request(cda(16).replace("</hl7fi:localHeader>", "<hl7fi:favouriteColour>blå</hl7fi:favouriteColour></hl7fi:localHeader>"), { messageNumber: msg() }), refused("CDA-METADATA-UNKNOWN")),
    sample("invalid", "CDA-METADATA-MISSING", "The document has no setId", request(cda(17).replace(/<setId [^>]*\/>/, ""), { messageNumber: msg() }), refused("CDA-METADATA-MISSING")),
    sample("invalid", "CDA-ARCHIVE-PRODUCED", "The sender supplies Klientens dödsdag, which only the archive writes", request(cda(18, { clientDeathDate: "2026-01-01" }), { messageNumber: msg() }), refused("CDA-ARCHIVE-PRODUCED")),
    sample("invalid", "CDA-BODY-BASE64", "hl7fi:json is not valid base64", request(cda(19).replace(/(<hl7fi:json[^>]*>)[^<]+/, "$1!!not base64!!"), { messageNumber: msg() }), refused("CDA-BODY-BASE64")),
    sample("invalid", "CDA-BODY-JSON", "hl7fi:json decodes to something that is not JSON", request(cda(20).replace(/(<hl7fi:json[^>]*>)[^<]+/, `$1${Buffer.from("{not json").toString("base64")}`), { messageNumber: msg() }), refused("CDA-BODY-JSON")),
    sample("invalid", "CDA-BODY-PDF", "The PDF body is not a PDF", request(cda(21, { documentGroup: "phase-1" }, { pdf: new TextEncoder().encode("GIF89a not a pdf") }), { messageNumber: msg() }), refused("CDA-BODY-PDF")),
    sample("invalid", "CDA-BODY-PDFA", "The PDF body has no PDF/A identification", request(cda(22, { documentGroup: "phase-1" }, { pdf: new TextEncoder().encode("%PDF-1.7\n%%EOF\n") }), { messageNumber: msg() }), refused("CDA-BODY-PDFA")),
  );

  // ── invalid: frame ──
  const doc = cda(30);
  samples.push(
    sample("invalid", "FRAME-SERVICE-REQUEST-UNKNOWN", "The service request code is not in fixtures/service-requests.json", request(doc, { messageNumber: msg(), serviceRequest: "SP99" }), refused("FRAME-SERVICE-REQUEST-UNKNOWN")),
    sample("invalid", "FRAME-USAGE-SITUATION-UNKNOWN", "The usage situation is not 1–4", request(doc, { messageNumber: msg(), frame: { usageSituation: "7" } }), refused("FRAME-USAGE-SITUATION-UNKNOWN")),
    sample("invalid", "FRAME-DOCUMENT-BASE64-INVALID", "The document in the frame is not valid base64", request(doc, { messageNumber: msg() }).replace(/(representation="B64"[^>]*>)[A-Za-z0-9+/]{8}/, "$1@@@@####"), refused("FRAME-DOCUMENT-BASE64-INVALID")),
    sample("invalid", "FRAME-MESSAGE-ID-MISSING", "The frame has no message id", request(doc, { messageNumber: msg() }).replace(/<id root="1\.2\.246\.10\.99990001\.99\.1" extension="sample-\d+"\/>/, ""), refused("FRAME-MESSAGE-ID-MISSING")),
  );

  // ── invalid: transport (SOAP Faults) ──
  const envelope11 = request(doc, { messageNumber: msg() });
  const envelope12 = request(doc, { messageNumber: msg(), soapVersion: "1.2" });
  samples.push(
    sample("invalid", "SOAP-VERSION-MISMATCH", "A SOAP 1.2 envelope sent with the SOAP 1.1 Content-Type", envelope12, { kind: "fault", code: "SOAP-VERSION-MISMATCH" }, { soapVersion: "1.2", contentType: "text/xml; charset=utf-8" }),
    sample("invalid", "XML-DOCTYPE-FORBIDDEN--billion-laughs", "The envelope declares nested entities (billion laughs)", envelope11.replace(/^<\?xml[^>]*>/, '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'), { kind: "fault", code: "XML-DOCTYPE-FORBIDDEN" }),
    sample("invalid", "SOAP-ENVELOPE-MISSING", "The request body is an HL7 frame without a SOAP envelope", envelope11.slice(envelope11.indexOf("<RCMR_IN200002FI01"), envelope11.indexOf("</RCMR_IN200002FI01>") + "</RCMR_IN200002FI01>".length), { kind: "fault", code: "SOAP-ENVELOPE-MISSING" }, { soapVersion: "1.1" }),
    sample("invalid", "SOAP-BODY-TOO-LARGE", "A request larger than the 20 MB body limit (padded by the sender to 21 MB)", envelope11, { kind: "fault", code: "SOAP-BODY-TOO-LARGE" }, { padToBytes: 21 * 1024 * 1024 }),
  );
  return samples;
}

/** One step of a scenario: a signed document and the service request it is sent with. */
export interface ScenarioStep {
  title: string;
  serviceRequest: "SP1" | "SP2";
  setId: string;
  versionNumber: number;
  document: string;
}

/**
 * A client's whole story, signed and ready to send in order: client relationship, case, five client
 * documents (an assessment signed by a professional, three journal entries, a scanned PDF/A), a new
 * version of the assessment and the makulering of one journal entry. Used by `kanta-sim demo`.
 */
export function signedScenario(ids: ScenarioIds): ScenarioStep[] {
  const docs = scenarioDocuments(ids);
  const journal = (n: number, title: string) => base(n, { ...pick(docs.JOURNAL_ENTRY), title }, ids);
  const journals = [docs.JOURNAL_ENTRY, journal(6, "Anteckning om hembesök"), journal(7, "Anteckning om telefonsamtal")];
  const assessmentV2 = { ...docs.CLIENT_DOCUMENT, documentId: `${docs.CLIENT_DOCUMENT.setId}.2`, versionNumber: 2, replacesDocumentId: docs.CLIENT_DOCUMENT.documentId, description: "Socialarbetare", createdAt: "2026-11-28T11:00:00+02:00" };
  const cancelled = { ...journals[1]!, documentId: `${journals[1]!.setId}.2`, versionNumber: 2, replacesDocumentId: journals[1]!.documentId, status: "cancelled" as const };
  const step = (title: string, metadata: DocumentMetadata, document: string, serviceRequest: "SP1" | "SP2" = "SP1"): ScenarioStep => ({ title, serviceRequest, setId: metadata.setId, versionNumber: metadata.versionNumber, document });
  return [
    step("client relationship (KR)", docs.KR, signed(docs.KR, krBody([ids.client]))),
    step("case (ärendehandling)", docs.CASE, signed(docs.CASE, caseBody([ids.client]))),
    step("assessment, signed by a professional", docs.CLIENT_DOCUMENT, signed(docs.CLIENT_DOCUMENT, BODY, PROFESSIONAL_SIGNER)),
    ...journals.map((j) => step(`journal entry: ${j.title}`, j, signed(j, journalBody([ids.client])))),
    step("scanned application (PDF/A)", docs.PDF_DOCUMENT, signed(docs.PDF_DOCUMENT, { pdf: minimalPdfA() })),
    step("assessment, version 2 (correction)", assessmentV2, signed(assessmentV2, BODY, PROFESSIONAL_SIGNER)),
    step("makulering of a journal entry", cancelled, signed(cancelled, journalBody([ids.client])), "SP2"),
  ];
}

/** Standalone documents for people trying the CLI: one unsigned (to sign yourself) and the same signed. */
export function buildExampleDocuments(): Record<string, string> {
  const example = base(50, { title: "Anteckning i klientjournal (exempel)", documentGroup: "journal-entry", caseId: CASE_ID, producer: ORGANISER });
  const unsigned = buildCdaDocument(example, BODY);
  return { "example-journal-entry.unsigned.xml": unsigned, "example-journal-entry.signed.xml": signCdaDocument(unsigned, signer(SYSTEM_SIGNER)) };
}

/** Writes hl7/samples/{valid,invalid}/*.xml, manifest.json (the order to send them in) and documents/. */
export function writeSamples(outDir = SAMPLES_DIR): SampleEntry[] {
  for (const dir of ["valid", "invalid", "documents"]) {
    rmSync(join(outDir, dir), { recursive: true, force: true });
    mkdirSync(join(outDir, dir), { recursive: true });
  }
  for (const [name, content] of Object.entries(buildExampleDocuments())) writeFileSync(join(outDir, "documents", name), content);
  const entries: SampleEntry[] = [];
  for (const { content, ...entry } of buildSamples()) {
    writeFileSync(join(outDir, entry.file), content);
    entries.push(entry);
  }
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify({ $comment: "Generated by `kanta-sim samples write`. Send in this order to a fresh archive.", samples: entries }, null, 2) + "\n");
  return entries;
}

/** Reads the manifest of a samples directory. */
export function readSampleManifest(dir = SAMPLES_DIR): SampleEntry[] {
  return (JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { samples: SampleEntry[] }).samples;
}

/** The bytes to send for a sample (with the padding the manifest asks for). */
export function sampleRequestBody(entry: SampleEntry, dir = SAMPLES_DIR): string {
  const content = readFileSync(join(dir, entry.file), "utf8");
  if (!entry.padToBytes) return content;
  const closing = content.lastIndexOf("</");
  return content.slice(0, closing) + " ".repeat(Math.max(0, entry.padToBytes - content.length)) + content.slice(closing);
}
