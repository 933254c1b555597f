import type { ErrorEntry, ErrorFragment } from "../errors/types.js";

/**
 * Error codes of the simulator's MittKanta citizen API (src/mittkanta). Refusals of who may open whose view
 * are the MK-PROXY-* / MK-VIEWER-* codes of src/rules/visibility/errors.ts; these are the API's own.
 * Merged into the one catalogue by src/errors/catalogue.ts.
 */
const entry = (http: number, fi: string, sv: string, en: string, rule: string): ErrorEntry => ({ enforcement: "archive", ack: "AE", http, fi, sv, en, rule });

export const MITTKANTA_ERRORS = {
  "MK-SESSION-MISSING": entry(
    401,
    "Istunto puuttuu tai on vanhentunut; kirjaudu testikirjautumisella (POST /mittkanta/api/session).",
    "Sessionen saknas eller har gått ut; logga in med testinloggningen (POST /mittkanta/api/session).",
    "No valid session; log in with the test login (POST /mittkanta/api/session).",
    "D03-R08 L7610-7616 (strong authentication is out of scope; the simulator uses a test login)",
  ),
  "MK-PERSON-ID-INVALID": entry(
    400,
    "Henkilötunnus puuttuu tai on virheellinen.",
    "Personbeteckningen saknas eller är ogiltig.",
    "The personal identity code is missing or invalid.",
    "D03-R08 L7610-7616; identity code check of src/rules/identity.ts",
  ),
  "MK-QUERY-INVALID": entry(
    400,
    "Hakuehto on virheellinen (päivämäärä muotoa VVVV-KK-PP, lajittelu name tai date).",
    "Sökvillkoret är ogiltigt (datum i formen ÅÅÅÅ-MM-DD, sortering name eller date).",
    "The search parameter is invalid (dates as YYYY-MM-DD, sort name or date).",
    "D03-R17 L7729-7731",
  ),
  "MK-DATE-BEFORE-LOWER-BOUND": entry(
    400,
    "Päivämäärähaun alaraja on 1.1.2023.",
    "Bakre gräns för datumsökning är 1.1.2023.",
    "The lower bound of a date search is 1 January 2023.",
    "D03-R17 L7729-7731",
  ),
  "MK-DOCUMENT-NOT-FOUND": entry(
    404,
    "Asiakirjaa ei ole tai sitä ei näytetä OmaKannassa.",
    "Handlingen finns inte eller visas inte på MittKanta.",
    "The document does not exist or is not shown in MyKanta.",
    "D03-R21 L7741-7743; hidden documents per domain/03 §2.5",
  ),
  "MK-EXPLAIN-OFF": entry(
    404,
    "Selitystila ei ole käytössä tässä simulaattorissa.",
    "Förklaringsläget är inte påslaget i denna simulator.",
    "Explain mode is not enabled in this simulator.",
    "simulator: explain mode (docs/mittkanta.md)",
  ),
} as const satisfies ErrorFragment;

export type MittKantaErrorCode = keyof typeof MITTKANTA_ERRORS;
