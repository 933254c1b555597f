import type { ErrorFragment } from "../errors/types.js";

/** Error codes of the archive services (database-level decisions). */
export const ARCHIVE_ERRORS = {
  "ARCHIVE-VERSION-CONFLICT": {
    enforcement: "archive",
    ack: "AE",
    http: 409,
    fi: "Asiakirjasta on jo tallennettu tämä versio: toinen tallennus ehti ensin. Hae uusin versio ja tee uusi versio siitä.",
    sv: "Denna version av handlingen har redan lagrats: en annan lagring hann först. Hämta den senaste versionen och gör en ny version av den.",
    en: "This version of the document has already been stored: another store won the race. Fetch the latest version and make a new version of it.",
    rule: "D06-R15 L25956-25958; DESIGN §6 (concurrent writers race on a unique constraint)",
  },
  "ARCHIVE-DOCUMENT-ID-EXISTS": {
    enforcement: "archive",
    ack: "AE",
    http: 409,
    fi: "Asiakirjaversion tunniste (ClinicalDocument/id) on jo käytössä toisessa versiossa.",
    sv: "Handlingsversionens identifierare (ClinicalDocument/id) används redan av en annan version.",
    en: "The document version id (ClinicalDocument/id) is already used by another version.",
    rule: "D07-R30 L29165-29171 (every version is a distinct immutable original)",
  },
  "ARCHIVE-DOCUMENT-EXISTS": {
    enforcement: "archive",
    ack: "AE",
    http: 409,
    fi: "Asiakirja (setId) on jo arkistossa: ensimmäistä versiota ei voi tallentaa uudelleen. Tallenna uusi versio.",
    sv: "Handlingen (setId) finns redan i arkivet: den första versionen kan inte lagras på nytt. Lagra en ny version.",
    en: "The document (setId) is already in the archive: its first version cannot be stored again. Store a new version.",
    rule: "D07-R31 L29169-29171",
  },
  "ARCHIVE-UNKNOWN-REGISTER": {
    enforcement: "archive",
    ack: "AR",
    http: 422,
    fi: "Palvelunjärjestäjällä ei ole tätä rekisteriä arkistossa (järjestäjä ei ole liittynyt tai rekisteritunnus on väärä).",
    sv: "Tjänsteanordnaren har inte detta register i arkivet (anordnaren har inte anslutit sig eller registerkoden är fel).",
    en: "The organiser has no such register in the archive (not joined, or a wrong register code).",
    rule: "D08 register model (a document is stored in the organiser's register)",
  },
  "MSG-ID-REUSED": {
    enforcement: "archive",
    ack: "AR",
    http: 409,
    fi: "Sanoman tunniste on jo käytetty toisen sisältöisessä sanomassa samalta lähettäjältä.",
    sv: "Meddelandets identifierare har redan använts i ett meddelande med annat innehåll från samma avsändare.",
    en: "The message id was already used by the same sender for a message with different content.",
    rule: "DESIGN §6 (message ids are idempotent: same id and bytes get the same acknowledgement)",
  },
} as const satisfies ErrorFragment;
