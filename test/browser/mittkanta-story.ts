import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildCdaDocument } from "../../src/cda/build.js";
import { sampleBody } from "../../src/cda/samples.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../../src/hl7/frame.js";
import { loadServiceRequests } from "../../src/hl7/service-requests.js";
import type { DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { scenarioDocuments } from "../../src/samples/generate.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { buildSoapEnvelope, contentTypeOf } from "../../src/soap/envelope.js";

/**
 * Documents for the MittKanta web-page tests, signed with the committed test PKI and stored through the
 * real SOAP endpoint of a running archive: an adult client's story (with a title that tries to inject a
 * script) and a minor's story with one document the child has banned from the guardian (code 2).
 */
const ORGANISER = "1.2.246.10.99990001.10.0";
const SYSTEM_SIGNER = "certs/test/signers/system-1.2.246.10.99990001.10.0";

/** Gustav (adult) and Ella (10) with her guardian Anna, from the test world (fixtures/world). */
export const ADULT = "190790-981S";
export const CHILD = "300116A962A";
export const GUARDIAN = "140375-921H";
export const XSS_TITLE = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">Bedömning`;
export const TITLES = {
  adultAssessment: "Bedömning av servicebehov",
  childOrdinary: "Plan för klienten",
  childBanned: "Samtal med barnet",
};

export async function sendDocument(url: string, metadata: DocumentMetadata, body: DocumentBody): Promise<string> {
  const signer = { keyPem: readFileSync(`${SYSTEM_SIGNER}.test-key.pem`, "utf8"), certPem: readFileSync(`${SYSTEM_SIGNER}.pem`, "utf8") };
  const frame = buildArchiveRequestFrame({
    messageId: { root: ORGANISER, extension: randomUUID() },
    creationTime: new Date(),
    senderDeviceId: { root: ORGANISER },
    senderOrganisationOid: ORGANISER,
    serviceRequest: { code: "SP1", codeSystem: loadServiceRequests().codeSystem },
    usageSituation: "1",
    serviceUnitOid: "1.2.246.10.99990001.10.104",
    document: signCdaDocument(buildCdaDocument(metadata, body), signer),
  });
  const res = await fetch(`${url}/soap/archive`, { method: "POST", headers: { "content-type": contentTypeOf("1.1") }, body: buildSoapEnvelope("1.1", frame) });
  const ack = parseAcknowledgement(await res.text());
  return `${ack.typeCode} ${ack.details.map((d) => d.code).join(",")}`.trim();
}

const krBody = (client: string): DocumentBody => ({
  xhtml: "<paragraph>Klientrelationen inleddes 1.11.2026.</paragraph>",
  json: { asiakkaat: [client], asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26", responsibleWorkers: [{ id: "150585-951A", name: "Sara Socionom", contact: "029 000 0001" }] },
  jsonSchemaOid: "1.2.246.10.99990000.6.2",
});
const caseBody = (client: string): DocumentBody => ({
  xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>",
  json: { asiakkaat: [client], asiaAvattu: "2026-11-01", asianTila: "avoin" },
  jsonSchemaOid: "1.2.246.10.99990000.6.3",
});

/** Stores both stories; returns every acknowledgement ("AA" each when all went well) and the setIds. */
export async function storeWebStories(url: string, run: string = `${Date.now()}`) {
  const acks: string[] = [];
  const store = async (m: DocumentMetadata, body: DocumentBody) => acks.push(await sendDocument(url, m, body));

  // The adult: KR (phase-2 schema, so its landing data are used), case, an assessment, and a document whose
  // title and display text try to inject markup.
  const a = { client: ADULT, setIdPrefix: `1.2.246.10.99990001.24.${run}.1`, caseId: `1.2.246.10.99990001.34.${run}.1` };
  const adult = scenarioDocuments(a);
  const xss: DocumentMetadata = { ...adult.CLIENT_DOCUMENT, documentId: `${a.setIdPrefix}.4.1`, setId: `${a.setIdPrefix}.4`, title: XSS_TITLE };
  await store({ ...adult.KR, schemaVersion: "2023-01" }, krBody(ADULT));
  await store(adult.CASE, caseBody(ADULT));
  await store(adult.CLIENT_DOCUMENT, sampleBody());
  await store(xss, { ...sampleBody(), xhtml: `<paragraph>Text &lt;script&gt;window.__xss = 3&lt;/script&gt; slut.</paragraph>` });

  // The child: KR, case, an ordinary plan (code 1), and in its own case a document banned from the guardian (code 2).
  const c = { client: CHILD, setIdPrefix: `1.2.246.10.99990001.24.${run}.2`, caseId: `1.2.246.10.99990001.34.${run}.2` };
  const child = scenarioDocuments(c);
  const one = { guardianDisclosure: "1" as const };
  const banned = { guardianDisclosure: "2" as const, restrictionText: "Barnet har bett att uppgifterna inte visas för vårdnadshavaren." };
  const secondCase: DocumentMetadata = { ...child.CASE, ...banned, documentId: `${c.setIdPrefix}.6.1`, setId: `${c.setIdPrefix}.6`, caseId: `${c.caseId}.2` };
  await store({ ...child.KR, ...one, schemaVersion: "2023-01" }, krBody(CHILD));
  await store({ ...child.CASE, ...one }, caseBody(CHILD));
  await store({ ...child.CLIENT_DOCUMENT, ...one, title: TITLES.childOrdinary }, sampleBody());
  await store(secondCase, caseBody(CHILD));
  await store({ ...child.CLIENT_DOCUMENT, ...banned, documentId: `${c.setIdPrefix}.4.1`, setId: `${c.setIdPrefix}.4`, caseId: secondCase.caseId, title: TITLES.childBanned }, sampleBody());
  return { acks, xssSetId: xss.setId, adultAssessmentSetId: adult.CLIENT_DOCUMENT.setId };
}
