import type { ErrorEntry, ErrorFragment } from "../errors/types.js";
import { HL7_FRAME_ERRORS } from "../hl7/errors.js";

/** A problem that stops the request being read as a message at all → SOAP Fault (DESIGN §7 decision 0). */
const transport = (http: number, fi: string, sv: string, en: string, rule?: string): ErrorEntry =>
  rule === undefined ? { enforcement: "transport", ack: "AR", http, fi, sv, en } : { enforcement: "transport", ack: "AR", http, fi, sv, en, rule };

const SOAP_TRANSPORT_ERRORS = {
  "SOAP-CONTENT-TYPE-UNSUPPORTED": transport(
    415,
    "Content-Type ei ole text/xml (SOAP 1.1) eikä application/soap+xml (SOAP 1.2).",
    "Content-Type är varken text/xml (SOAP 1.1) eller application/soap+xml (SOAP 1.2).",
    "Content-Type is neither text/xml (SOAP 1.1) nor application/soap+xml (SOAP 1.2).",
    "D02-R02 L6045-6053",
  ),
  "SOAP-BODY-TOO-LARGE": transport(
    413,
    "Pyyntö ylittää sallitun koon.",
    "Begäran överskrider den tillåtna storleken.",
    "The request exceeds the allowed size.",
  ),
  "SOAP-ENVELOPE-MISSING": transport(
    400,
    "Pyynnön juurielementti ei ole SOAP Envelope.",
    "Begärans rotelement är inte ett SOAP Envelope.",
    "The request root element is not a SOAP Envelope.",
  ),
  "SOAP-ENVELOPE-NAMESPACE-UNKNOWN": transport(
    400,
    "Envelope-elementin nimiavaruus ei ole SOAP 1.1 eikä SOAP 1.2.",
    "Envelope-elementets namnrymd är varken SOAP 1.1 eller SOAP 1.2.",
    "The Envelope element's namespace is neither SOAP 1.1 nor SOAP 1.2.",
  ),
  "SOAP-VERSION-MISMATCH": transport(
    400,
    "SOAP-versio ei vastaa Content-Typeä (text/xml ↔ SOAP 1.1, application/soap+xml ↔ SOAP 1.2).",
    "SOAP-versionen motsvarar inte Content-Type (text/xml ↔ SOAP 1.1, application/soap+xml ↔ SOAP 1.2).",
    "The SOAP version does not match the Content-Type (text/xml ↔ SOAP 1.1, application/soap+xml ↔ SOAP 1.2).",
  ),
  "SOAP-BODY-MISSING": transport(
    400,
    "SOAP Envelope -elementistä puuttuu Body.",
    "SOAP Envelope saknar Body.",
    "The SOAP Envelope has no Body.",
  ),
  "SOAP-ENVELOPE-STRUCTURE-INVALID": transport(
    400,
    "SOAP Envelope -elementin rakenne on virheellinen (sallittu: valinnainen Header ja sitten yksi Body).",
    "SOAP Envelope har felaktig struktur (tillåtet: valfri Header och sedan en Body).",
    "The SOAP Envelope structure is invalid (allowed: an optional Header followed by one Body).",
  ),
  "SOAP-BODY-EMPTY": transport(
    400,
    "SOAP Body on tyhjä.",
    "SOAP Body är tom.",
    "The SOAP Body is empty.",
  ),
  "SOAP-BODY-MULTIPLE-CHILDREN": transport(
    400,
    "SOAP Body sisältää useamman kuin yhden elementin; sallittu on yksi HL7 V3 -sanoma.",
    "SOAP Body innehåller fler än ett element; ett HL7 V3-meddelande är tillåtet.",
    "The SOAP Body holds more than one element; exactly one HL7 V3 message is allowed.",
  ),
  "SOAP-UNKNOWN-INTERACTION": transport(
    400,
    "Tämä päätepiste ei tunne SOAP Bodyn sanomaa.",
    "Denna slutpunkt känner inte till meddelandet i SOAP Body.",
    "This endpoint does not know the message in the SOAP Body.",
    "D02-R02 L6045-6053",
  ),
  "SOAP-MUST-UNDERSTAND": transport(
    400,
    "SOAP Header sisältää mustUnderstand-otsakkeen, jota palvelu ei ymmärrä.",
    "SOAP Header innehåller ett mustUnderstand-huvud som tjänsten inte förstår.",
    "The SOAP Header carries a mustUnderstand header the service does not understand.",
  ),
  "SOAP-INTERNAL-ERROR": transport(
    500,
    "Palvelussa tapahtui odottamaton virhe; pyyntöä ei käsitelty.",
    "Ett oväntat fel inträffade i tjänsten; begäran behandlades inte.",
    "An unexpected error occurred in the service; the request was not processed.",
  ),
} as const satisfies ErrorFragment;

/** Error codes of the wire room (src/soap transport faults + src/hl7 frame findings), merged by src/errors/catalogue.ts. */
export const SOAP_ERRORS = { ...SOAP_TRANSPORT_ERRORS, ...HL7_FRAME_ERRORS } as const satisfies ErrorFragment;
