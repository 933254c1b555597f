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
  "MK-WILL-ACTION-INVALID": entry(
    400,
    "Tahdonilmaisun toiminto on virheellinen (action: kanta-information, give-permission, revoke-permission, add-prohibition kohteineen tai remove-prohibition setId:llä).",
    "Viljeyttringens åtgärd är ogiltig (action: kanta-information, give-permission, revoke-permission, add-prohibition med mål eller remove-prohibition med setId).",
    "The will-expression action is invalid (action: kanta-information, give-permission, revoke-permission, add-prohibition with a target, or remove-prohibition with a setId).",
    "D07-R86 L30123-30127; D07-R66 L30159-30200",
  ),
  "MK-WILL-NOT-REPRESENTATIVE": entry(
    403,
    "Et voi antaa tahdonilmaisuja tämän henkilön puolesta: se edellyttää huoltajuutta tai sähköistä valtuutta (tiedonsaantioikeus ei riitä).",
    "Du kan inte ge viljeyttringar för den här personen: det kräver vårdnad eller elektronisk fullmakt (rätt att få information räcker inte).",
    "You cannot give will expressions for this person: that needs custody or an electronic mandate (a right to information is not enough).",
    "D07-R86 L30547-30563; D07-R92 L30575-30597",
  ),
  "MK-WILL-PROHIBITION-NOT-FOUND": entry(
    404,
    "Asiakkaalla ei ole tätä luovutuskieltoa.",
    "Klienten har inte detta förbud.",
    "The client has no such prohibition.",
    "D07-R43 L30236-30242",
  ),
  "MK-LOGS-OFF": entry(
    404,
    "Luovutus- ja käyttölokin näkymä ei ole käytössä tässä simulaattorissa (MITTKANTA_LOGS).",
    "Vyn över utlämnings- och användningsloggen är inte påslagen i denna simulator (MITTKANTA_LOGS).",
    "The disclosure and usage log view is not enabled in this simulator (MITTKANTA_LOGS).",
    "domain/07 §5.13 L31131-31137 (a later MittKanta phase)",
  ),
  "MK-LOGS-OWN-ONLY": entry(
    403,
    "Luovutus- ja käyttölokia voi katsoa vain omista tiedoistaan.",
    "Utlämnings- och användningsloggen kan bara ses för egna uppgifter.",
    "The disclosure and usage logs can be viewed for one's own data only.",
    "domain/07 §5.13 L31131-31137",
  ),
} as const satisfies ErrorFragment;

export type MittKantaErrorCode = keyof typeof MITTKANTA_ERRORS;
