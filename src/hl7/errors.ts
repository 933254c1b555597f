import type { ErrorEntry } from "../errors/types.js";

/**
 * Error codes of the HL7 V3 transmission frame (src/hl7). They reach the catalogue through
 * src/soap/errors.ts (the wire room's fragment), so src/errors/catalogue.ts needs no new import.
 * A frame the archive cannot read as a request is rejected with AR (HL7: problem in the wrapper);
 * a frame naming an unknown code is an application error, AE.
 */
const frame = (ack: ErrorEntry["ack"], fi: string, sv: string, en: string, rule?: string): ErrorEntry =>
  rule === undefined ? { enforcement: "archive", ack, http: 400, fi, sv, en } : { enforcement: "archive", ack, http: 400, fi, sv, en, rule };

export const HL7_FRAME_ERRORS = {
  "FRAME-MESSAGE-ID-MISSING": frame(
    "AR",
    "Sanoman tunniste (id/@root) puuttuu.",
    "Meddelandets identifierare (id/@root) saknas.",
    "The message identifier (id/@root) is missing.",
    "D02-R01 L6025-6029 (every message is acknowledged, so it needs an id)",
  ),
  "FRAME-CREATION-TIME-INVALID": frame(
    "AR",
    "Sanoman luontiaika (creationTime/@value) puuttuu tai ei ole HL7-aikaleima.",
    "Meddelandets skapandetid (creationTime/@value) saknas eller är ingen HL7-tidsstämpel.",
    "The message creation time (creationTime/@value) is missing or not an HL7 timestamp.",
  ),
  "FRAME-INTERACTION-ID-MISMATCH": frame(
    "AR",
    "Vuorovaikutuksen tunniste (interactionId/@extension) puuttuu tai ei vastaa sanoman juurielementtiä.",
    "Interaktionens identifierare (interactionId/@extension) saknas eller motsvarar inte meddelandets rotelement.",
    "The interaction id (interactionId/@extension) is missing or does not match the message root element.",
    "D02-R02 L6045-6053",
  ),
  "FRAME-PROCESSING-CODE-INVALID": frame(
    "AR",
    "Käsittelykoodi (processingCode/@code) puuttuu tai ei ole P, T tai D.",
    "Behandlingskoden (processingCode/@code) saknas eller är inte P, T eller D.",
    "The processing code (processingCode/@code) is missing or not P, T or D.",
  ),
  "FRAME-ACCEPT-ACK-CODE-INVALID": frame(
    "AR",
    "Kuittauspyyntö (acceptAckCode/@code) ei ole AL, ER tai NE.",
    "Kvitteringsbegäran (acceptAckCode/@code) är inte AL, ER eller NE.",
    "The accept acknowledgement code (acceptAckCode/@code) is not AL, ER or NE.",
  ),
  "FRAME-SENDER-DEVICE-MISSING": frame(
    "AR",
    "Lähettävän järjestelmän tunniste (sender/device/id/@root) puuttuu.",
    "Det sändande systemets identifierare (sender/device/id/@root) saknas.",
    "The sending system identifier (sender/device/id/@root) is missing.",
  ),
  "FRAME-SENDER-ORGANISATION-MISSING": frame(
    "AR",
    "Lähettävän organisaation OID (sender/device/asAgent/representedOrganization/id/@root) puuttuu.",
    "Den sändande organisationens OID (sender/device/asAgent/representedOrganization/id/@root) saknas.",
    "The sending organisation OID (sender/device/asAgent/representedOrganization/id/@root) is missing.",
    "D02-R01 L6025-6029",
  ),
  "FRAME-SERVICE-REQUEST-MISSING": frame(
    "AR",
    "Palvelupyyntö (controlActProcess/reasonCode) puuttuu.",
    "Tjänstebegäran (controlActProcess/reasonCode) saknas.",
    "The service request (controlActProcess/reasonCode) is missing.",
    "DESIGN §5 (reasonCode names the service request)",
  ),
  "FRAME-SERVICE-REQUEST-REPEATED": frame(
    "AR",
    "Sanomassa on useampi kuin yksi palvelupyyntö.",
    "Meddelandet har fler än en tjänstebegäran.",
    "The message carries more than one service request.",
  ),
  "FRAME-SERVICE-REQUEST-UNKNOWN": frame(
    "AE",
    "Palvelupyynnön koodia ei tunneta.",
    "Tjänstebegärans kod är okänd.",
    "The service request code is unknown.",
    "DESIGN §5 (codes in fixtures/service-requests.json)",
  ),
  "FRAME-SERVICE-REQUEST-WRONG-INTERACTION": frame(
    "AE",
    "Palvelupyyntöä ei voi lähettää tällä vuorovaikutuksella (tallennus RCMR_IN200002FI01:llä, haut RCMR_IN100016FI01:llä).",
    "Tjänstebegäran kan inte skickas med denna interaktion (lagring med RCMR_IN200002FI01, sökningar med RCMR_IN100016FI01).",
    "The service request cannot be sent with this interaction (store with RCMR_IN200002FI01, searches with RCMR_IN100016FI01).",
  ),
  "FRAME-USAGE-SITUATION-MISSING": frame(
    "AE",
    "Käyttötilanne (reasonCode, koodisto 1.2.246.537.6.1289.201901) puuttuu.",
    "Användningssituationen (reasonCode, kodsystem 1.2.246.537.6.1289.201901) saknas.",
    "The usage situation (reasonCode, code system 1.2.246.537.6.1289.201901) is missing.",
    "D07-R59 L29880-29886",
  ),
  "FRAME-USAGE-SITUATION-REPEATED": frame(
    "AE",
    "Sanomassa on useampi kuin yksi käyttötilanne.",
    "Meddelandet har fler än en användningssituation.",
    "The message carries more than one usage situation.",
    "D07-R59 L29880-29886",
  ),
  "FRAME-USAGE-SITUATION-UNKNOWN": frame(
    "AE",
    "Käyttötilanteen koodi ei ole luokituksen 1.2.246.537.6.1289.201901 arvo (1–4).",
    "Användningssituationens kod är inget värde i klassificeringen 1.2.246.537.6.1289.201901 (1–4).",
    "The usage situation code is not a value of code system 1.2.246.537.6.1289.201901 (1–4).",
    "D07-R60 L29953-30031",
  ),
  "FRAME-SERVICE-UNIT-MISSING": frame(
    "AE",
    "Toimivan palveluyksikön OID (controlActProcess/authorOrPerformer/assignedPerson/representedOrganization/id/@root) puuttuu.",
    "Den agerande serviceenhetens OID (controlActProcess/authorOrPerformer/assignedPerson/representedOrganization/id/@root) saknas.",
    "The acting service unit OID (controlActProcess/authorOrPerformer/assignedPerson/representedOrganization/id/@root) is missing.",
  ),
  "FRAME-ACTOR-REPEATED": frame(
    "AE",
    "Sanomassa on useampi kuin yksi toimija (controlActProcess/authorOrPerformer); toimivan palveluyksikön on oltava yksiselitteinen.",
    "Meddelandet har fler än en aktör (controlActProcess/authorOrPerformer); den agerande serviceenheten måste vara entydig.",
    "The message carries more than one actor (controlActProcess/authorOrPerformer); the acting service unit must be unambiguous.",
  ),
  "FRAME-DOCUMENT-MISSING": frame(
    "AR",
    "Sanomassa ei ole asiakirjaa (controlActProcess/subject/clinicalDocument/text, mediaType text/xml, representation B64).",
    "Meddelandet innehåller ingen handling (controlActProcess/subject/clinicalDocument/text, mediaType text/xml, representation B64).",
    "The message carries no document (controlActProcess/subject/clinicalDocument/text, mediaType text/xml, representation B64).",
    "D02-R01 L6025-6029 (document and metadata travel together)",
  ),
  "FRAME-DOCUMENT-REPEATED": frame(
    "AR",
    "Sanomassa on useampi kuin yksi asiakirja.",
    "Meddelandet innehåller fler än en handling.",
    "The message carries more than one document.",
    "D02-R04 L6033-6039 (the unit of storage is one whole document)",
  ),
  "FRAME-DOCUMENT-ENCODING-INVALID": frame(
    "AR",
    "Asiakirjan text-elementin mediaType ei ole text/xml tai representation ei ole B64.",
    "Handlingens text-element har inte mediaType text/xml eller representation B64.",
    "The document text element does not have mediaType text/xml and representation B64.",
  ),
  "FRAME-DOCUMENT-BASE64-INVALID": frame(
    "AR",
    "Asiakirjan base64-koodaus on virheellinen.",
    "Handlingens base64-kodning är felaktig.",
    "The document's base64 encoding is invalid.",
  ),
  "FRAME-DOCUMENT-EMPTY": frame(
    "AR",
    "Asiakirja on tyhjä.",
    "Handlingen är tom.",
    "The document is empty.",
  ),
} as const satisfies Readonly<Record<string, ErrorEntry>>;
