/**
 * Sample metadata and bodies from the simulator's test world (fixtures/world), for tests, docs, the
 * reference client and the demo. Code systems are the ones of fixtures/code-lists (see
 * src/rules/storage/code-systems.ts); the code values here only illustrate the header.
 */
import type { DocumentBody, DocumentMetadata } from "../model/document.js";
import { CODE_SYSTEMS } from "../rules/storage/code-systems.js";

export const EXAMPLE_CODE_SYSTEMS = {
  serviceTask: CODE_SYSTEMS.serviceTask,
  registerCode: CODE_SYSTEMS.register,
  caseName: CODE_SYSTEMS.caseName2023,
  caseStatus: CODE_SYSTEMS.caseStatus,
  serviceProcess: CODE_SYSTEMS.serviceProcess,
  socialService: CODE_SYSTEMS.socialService,
  generalType: CODE_SYSTEMS.generalType,
  specificType: CODE_SYSTEMS.specificType,
  arrivalMethod: CODE_SYSTEMS.arrivalMethod,
  identificationMethod: CODE_SYSTEMS.identificationMethod,
  correctionReason: CODE_SYSTEMS.correctionReason,
  restrictionReason: CODE_SYSTEMS.restrictionReason,
  disclosureDespiteBanReason: CODE_SYSTEMS.disclosureDespiteBan,
} as const;

const cs = EXAMPLE_CODE_SYSTEMS;

/** A phase-2 client document (KH) of a minor in child protection, with every field of the model set. */
export function sampleMetadataWithEveryField(): DocumentMetadata {
  return {
    documentId: "1.2.246.10.99990001.20.1002",
    setId: "1.2.246.10.99990001.20.1001",
    versionNumber: 2,
    replacesDocumentId: "1.2.246.10.99990001.20.1001",
    status: "ready",
    createdAt: "2026-11-20T09:30:00+02:00",
    title: "Barnskyddsanmälan – bedömning",
    schemaVersion: "2019-06",
    organiser: { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" },
    producer: { oid: "1.2.246.10.99990005.10.0", name: "Familjestöd Producent Ab" },
    subcontractor: { oid: "1.2.246.10.99990004.10.0", name: "Hemhjälp Producent Oy" },
    serviceUnit: { oid: "1.2.246.10.99990001.10.101", name: "Testby barnskydd" },
    storer: { givenName: "Sara", familyName: "Socionom" },
    registerCode: { code: "1", codeSystem: cs.registerCode, displayName: "Offentlig tjänsteanordnares klientregister inom socialvården" },
    clients: ["050912A958F", "300116A962A"],
    caseId: "1.2.246.10.99990001.30.77",
    caseName: { code: { code: "101", codeSystem: cs.caseName, displayName: "Barnskyddsärende" }, text: "Utredning av servicebehov" },
    caseOpenedAt: "2026-10-01",
    caseClosedAt: "2026-12-31",
    caseStatus: { code: "1", codeSystem: cs.caseStatus, displayName: "Öppen" },
    linkedCaseIds: ["1.2.246.10.99990001.30.78"],
    caseLinks: ["1.2.246.10.99990001.30.70", "1.2.246.10.99990001.30.71"],
    serviceProcess: { code: "3", codeSystem: cs.serviceProcess, displayName: "Genomförande av service" },
    serviceTasks: [{ code: "10", codeSystem: cs.serviceTask, displayName: "Barnskydd" }],
    socialServices: [
      { code: "201", codeSystem: cs.socialService },
      { code: "202", codeSystem: cs.socialService },
    ],
    documentGroup: "phase-2",
    generalType: { code: "40", codeSystem: cs.generalType },
    specificType: { code: "4012", codeSystem: cs.specificType, displayName: "Bedömning av behovet av barnskydd" },
    receivedAt: "2026-11-19T15:00:00Z",
    arrivalMethod: { code: "2", codeSystem: cs.arrivalMethod },
    senderOrAgent: "Exempelstad skola",
    signatureMetadata: {
      signerPersonId: "140375-921H",
      registrationNumber: "100200300",
      givenName: "Sara",
      familyName: "Socionom",
      identificationMethod: { code: "1", codeSystem: cs.identificationMethod },
      signedAt: "2026-11-20T09:45:12.500+02:00",
    },
    description: "Socialarbetare",
    correctionReason: { code: "2", codeSystem: cs.correctionReason },
    specialContent: false,
    delayedUntil: "2027-01-15",
    restrictionReasons: [{ code: "1", codeSystem: cs.restrictionReason }],
    restrictionText: "Visas när utredningen är klar.",
    guardianDisclosure: "3",
    disclosureDespiteBanReasons: [{ code: "2", codeSystem: cs.disclosureDespiteBanReason }],
    attachmentOf: "1.2.246.10.99990001.20.900",
  };
}

/** The smallest document the parser reads: identity, group, organiser, one client, creation time. */
export function sampleMinimalMetadata(): DocumentMetadata {
  return {
    documentId: "1.2.246.10.99990002.20.1",
    setId: "1.2.246.10.99990002.20.1",
    versionNumber: 1,
    status: "ready",
    createdAt: "2026-11-28",
    organiser: { oid: "1.2.246.10.99990002.10.0" },
    clients: ["190790-981S"],
    serviceTasks: [],
    socialServices: [],
    documentGroup: "old",
  };
}

export function sampleBody(): DocumentBody {
  return {
    xhtml: "<paragraph>Bedömningen är klar.</paragraph><list><item>Stöd i hemmet</item></list>",
    json: { bedomning: "klar", atgarder: ["stöd i hemmet"] },
    jsonSchemaOid: "1.2.246.10.99990000.6.1",
  };
}
