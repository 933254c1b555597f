import type { ErrorFragment } from "../errors/types.js";

/**
 * Error codes of the Sosdata export (admin API GET /admin/api/export/sosdata and `kanta-sim export
 * sosdata`). Merged into the one catalogue by src/errors/catalogue.ts. The export is the simulator's own
 * (THL reads the real archive itself, S003 L49), so the codes are enforced by the simulator ("archive").
 */
export const EXPORT_ERRORS = {
  "EXPORT-PARAMETER-MISSING": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Pakollinen parametri puuttuu: from, to ja organiser vaaditaan (CSV-muodossa lisäksi family).",
    sv: "En obligatorisk parameter saknas: from, to och organiser krävs (för CSV även family).",
    en: "A required parameter is missing: from, to and organiser are required (for CSV also family).",
    rule: "simulator: Sosdata export (docs/sosdata.md §6); follow-up period S003 L39",
  },
  "EXPORT-PARAMETER-UNKNOWN": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Pyynnössä on tuntematon parametri; sallitut ovat from, to, organiser, format ja family.",
    sv: "Begäran har en okänd parameter; tillåtna är from, to, organiser, format och family.",
    en: "The request has an unknown parameter; allowed are from, to, organiser, format and family.",
    rule: "simulator: Sosdata export (docs/sosdata.md §6)",
  },
  "EXPORT-DATE-INVALID": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Seurantajakson päivämäärä ei ole kelvollinen kalenteripäivä muodossa VVVV-KK-PP.",
    sv: "Ett datum i uppföljningsperioden är inte ett giltigt kalenderdatum i formen ÅÅÅÅ-MM-DD.",
    en: "A date of the follow-up period is not a valid calendar date in the form YYYY-MM-DD.",
    rule: "simulator: Sosdata export; follow-up period S003 L39",
  },
  "EXPORT-PERIOD-REVERSED": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Seurantajakson alkupäivä on loppupäivän jälkeen.",
    sv: "Uppföljningsperiodens startdatum är efter slutdatumet.",
    en: "The follow-up period starts after it ends.",
    rule: "simulator: Sosdata export; follow-up period S003 L39",
  },
  "EXPORT-ORGANISER-INVALID": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Järjestäjän tunniste ei ole OID.",
    sv: "Anordnarens identifierare är inte en OID.",
    en: "The organiser identifier is not an OID.",
    rule: "simulator: Sosdata export; organiser #1 (07 §3.4)",
  },
  "EXPORT-ORGANISER-UNKNOWN": {
    enforcement: "archive",
    ack: "AE",
    http: 404,
    fi: "Järjestäjällä ei ole rekisteriä arkistossa.",
    sv: "Anordnaren har inget register i arkivet.",
    en: "The organiser has no register in the archive.",
    rule: "simulator: Sosdata export; registers of the organiser (S003 L49)",
  },
  "EXPORT-FORMAT-UNKNOWN": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Tuntematon muoto; sallitut ovat csv ja json.",
    sv: "Okänt format; tillåtna är csv och json.",
    en: "Unknown format; allowed are csv and json.",
    rule: "simulator: Sosdata export (docs/sosdata.md §3)",
  },
  "EXPORT-FAMILY-UNKNOWN": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Tuntematon tiedostoperhe; sallitut ovat clientRelationshipPeriods, childProtectionRelationships, socialServices ja completeness.",
    sv: "Okänd filfamilj; tillåtna är clientRelationshipPeriods, childProtectionRelationships, socialServices och completeness.",
    en: "Unknown file family; allowed are clientRelationshipPeriods, childProtectionRelationships, socialServices and completeness.",
    rule: "simulator: Sosdata export (docs/sosdata.md §3)",
  },
} as const satisfies ErrorFragment;

export type ExportErrorCode = keyof typeof EXPORT_ERRORS;
