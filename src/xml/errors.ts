import type { ErrorFragment } from "../errors/types.js";

/**
 * Error codes of src/xml. Merged into the one catalogue by src/errors/catalogue.ts.
 * All are document-level refusals (`archive`, AE): the bytes the vendor sent cannot be read safely as
 * XML, so nothing is stored; the vendor fixes the document and resends. Whether an unreadable SOAP
 * *envelope* is a SOAP Fault is the SOAP room's decision (it may reuse these codes for its own parse).
 */
export const XML_ERRORS = {
  "XML-DOCTYPE-FORBIDDEN": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "XML-dokumentti sisältää DOCTYPE-määrittelyn. DTD:t ja entiteettimäärittelyt eivät ole sallittuja.",
    sv: "XML-dokumentet innehåller en DOCTYPE-deklaration. DTD:er och entitetsdeklarationer är inte tillåtna.",
    en: "The XML document contains a DOCTYPE declaration. DTDs and entity declarations are not allowed.",
    rule: "DESIGN §9 (XXE, billion laughs)",
  },
  "XML-ENCODING": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "XML-dokumentti ei ole kelvollista UTF-8-merkistöä.",
    sv: "XML-dokumentet är inte giltig UTF-8.",
    en: "The XML document is not valid UTF-8.",
    rule: "DESIGN §5 (documents are UTF-8)",
  },
  "XML-MALFORMED": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "XML-dokumentti ei ole hyvin muodostettu.",
    sv: "XML-dokumentet är inte välformat.",
    en: "The XML document is not well-formed.",
  },
  "XML-TOO-DEEP": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "XML-dokumentin elementtien sisäkkäisyys ylittää sallitun syvyyden.",
    sv: "XML-dokumentets element är nästlade djupare än tillåtet.",
    en: "The XML document's elements are nested deeper than allowed.",
    rule: "DESIGN §9 (depth limits)",
  },
  "XML-TOO-MANY-ATTRIBUTES": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "XML-elementillä on enemmän attribuutteja kuin on sallittua.",
    sv: "Ett XML-element har fler attribut än tillåtet.",
    en: "An XML element has more attributes than allowed.",
    rule: "DESIGN §9 (size limits)",
  },
  "XML-ATTRIBUTE-TOO-LONG": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "XML-attribuutin arvo on pidempi kuin on sallittua.",
    sv: "Ett XML-attributs värde är längre än tillåtet.",
    en: "An XML attribute value is longer than allowed.",
    rule: "DESIGN §9 (size limits)",
  },
  "XML-TOO-MANY-ELEMENTS": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "XML-dokumentissa on enemmän elementtejä kuin on sallittua.",
    sv: "XML-dokumentet har fler element än tillåtet.",
    en: "The XML document has more elements than allowed.",
    rule: "DESIGN §9 (size limits)",
  },
  "XML-TOO-LARGE": {
    enforcement: "archive",
    ack: "AE",
    http: 413,
    fi: "XML-dokumentti on suurempi kuin sallittu enimmäiskoko.",
    sv: "XML-dokumentet är större än den tillåtna maximala storleken.",
    en: "The XML document is larger than the allowed maximum size.",
    rule: "DESIGN §9 (size limits)",
  },
} as const satisfies ErrorFragment;
