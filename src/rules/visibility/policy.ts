/**
 * The MittKanta visibility policy as data: the code lists the evaluator matches against, and for each
 * reason the rule id, the seed lines and whether the hiding makes MittKanta show the info text.
 * The handbook gives no code values for social services or specific document types (domain/03 Q1);
 * the `SIM-…` codes below are simulator codes (listed in docs/rules/visibility.md) and can be replaced
 * by exports from the national code service without touching the evaluator.
 */
import type { Coded } from "../../model/document.js";
import type { NoticeCode, VisibilityReason } from "./types.js";

/** Simulator code system for *Socialvård – Socialservice* (no OID in the seed, Q1). */
export const SIMULATOR_SOCIAL_SERVICE_SYSTEM = "1.2.246.10.99999999.90.1";
/** Simulator code system for *Socialvård – Preciserande handlingstyp* (seed: classificationKey 2303, no OID). */
export const SIMULATOR_SPECIFIC_TYPE_SYSTEM = "1.2.246.10.99999999.90.2";

export interface PolicyCode {
  codeSystem: string;
  code: string;
  /** Name as the seed writes it (Swedish). */
  sv: string;
}

const socialService = (code: string, sv: string): PolicyCode => ({ codeSystem: SIMULATOR_SOCIAL_SERVICE_SYSTEM, code, sv });
const specificType = (code: string, sv: string): PolicyCode => ({ codeSystem: SIMULATOR_SPECIFIC_TYPE_SYSTEM, code, sv });
/**
 * The same social services in the code list the archive validates against on storage
 * (fixtures/code-lists/social-service.json, src/rules/storage/code-systems.ts), so that documents stored
 * through SOAP are matched too (without these, only their specialinnehåll flag hid them).
 */
export const ARCHIVE_SOCIAL_SERVICE_SYSTEM = "1.2.246.10.99990000.3.2";
const archiveSocialService = (code: string, sv: string): PolicyCode => ({ codeSystem: ARCHIVE_SOCIAL_SERVICE_SYSTEM, code, sv });

/** Socialservice adoptionsrådgivning: hidden in MittKanta phase 1 (D03-R27, L7873-7877). */
export const ADOPTION_COUNSELLING_SERVICES: readonly PolicyCode[] = [socialService("SIM-SS-ADOPTION-COUNSELLING", "adoptionsrådgivning"), archiveSocialService("1", "Adoptionsrådgivning")];

/** Socialservice föräldraskapsutredning incl. the older paternity/maternity investigations: never shown (D03-R28, L7879-7901). */
export const PARENTHOOD_INVESTIGATION_SERVICES: readonly PolicyCode[] = [
  socialService("SIM-SS-PARENTHOOD-INVESTIGATION", "föräldraskapsutredning"),
  socialService("SIM-SS-PATERNITY-INVESTIGATION", "faderskapsutredning"),
  socialService("SIM-SS-MATERNITY-INVESTIGATION", "moderskapsutredning"),
  archiveSocialService("66", "Utredning av föräldraskap"),
  archiveSocialService("12", "Utredning av faderskap"),
  archiveSocialService("70", "Moderskapsutredning"),
];

/** Socialservice skyddshemsservice: never shown (D03-R29, L7927-7931). */
export const SHELTER_SERVICES: readonly PolicyCode[] = [socialService("SIM-SS-SHELTER", "skyddshemsservice"), archiveSocialService("56", "Skyddshemsservice")];

/** Specific document types of shelter services: never shown (D03-R29, L8028-8032, L10302-10312). */
export const SHELTER_DOCUMENT_TYPES: readonly PolicyCode[] = [
  specificType("SIM-DT-SHELTER-ADVANCE-INFORMATION", "förhandsuppgifter om klient inom skyddshemsservice"),
  specificType("SIM-DT-SHELTER-FIRST-ASSESSMENT", "första bedömning inom skyddshemsservice"),
  specificType("SIM-DT-SHELTER-PLAN", "plan för skyddshemsservice"),
];

/**
 * Violence-prevention document types (D03-R30, L8050-8056). The archive checks the specialinnehåll flag;
 * filtering by type as well is the defensive reading of Q4 (all four types, not the three of row 12).
 */
export const VIOLENCE_PREVENTION_DOCUMENT_TYPES: readonly PolicyCode[] = [
  specificType("SIM-DT-RISK-ASSESSMENT-PARTNER-VIOLENCE", "riskbedömning gällande allvarligt våld i parförhållande"),
  specificType("SIM-DT-SAFETY-PLAN", "säkerhetsplan"),
  specificType("SIM-DT-RISK-ASSESSMENT-HARASSMENT-STALKING", "riskbedömning gällande trakasserier och förföljelse"),
  specificType("SIM-DT-ASSESSMENT-EXPERIENCES-OF-VIOLENCE", "bedömning av upplevelser av våld i nära relation"),
];

/** Payment commitment for supplementary or preventive income support (D03-R33, L8118-8124; defensive filter per Q5). */
export const PAYMENT_COMMITMENT_DOCUMENT_TYPES: readonly PolicyCode[] = [
  specificType(
    "SIM-DT-PAYMENT-COMMITMENT-INCOME-SUPPORT",
    "socialvårdens betalningsförbindelse för kompletterande eller förebyggande utkomststöd",
  ),
];

/** KR schema versions older than 6/2019 are phase-1 structures and never shown (D03-R23, L7782-7784). */
export const CLIENT_RELATIONSHIP_FIRST_PHASE_2_SCHEMA = { year: 2019, month: 6 } as const;

export function matchesAny(value: Coded | undefined, list: readonly PolicyCode[]): boolean {
  return value !== undefined && list.some((entry) => entry.code === value.code && entry.codeSystem === value.codeSystem);
}

export function anyMatches(values: readonly Coded[], list: readonly PolicyCode[]): boolean {
  return values.some((value) => matchesAny(value, list));
}

export interface ReasonPolicy {
  rule: string;
  seedLines: string;
  /**
   * Whether hiding for this reason makes MittKanta show the info text (§4.1, L7668-7676).
   * `"setting"` means a VisibilitySettings switch decides (Q19).
   */
  countsForInfoText: boolean | "setting";
}

/** Reason → rule, seed lines, info-text effect. The evaluator reads this table; docs/rules/visibility.md prints it. */
export const REASON_POLICY: Readonly<Record<VisibilityReason, ReasonPolicy>> = {
  SHOWN: { rule: "D03-R02", seedLines: "L7630-7636", countsForInfoText: false },
  "HIDDEN-VIEWER-NOT-SUBJECT": { rule: "D07-R86", seedLines: "L30605-30611", countsForInfoText: false },
  "HIDDEN-PROXY-NOT-ELIGIBLE": { rule: "D03-R67", seedLines: "L8722-8776", countsForInfoText: false },
  "HIDDEN-NOT-A-CLIENT": { rule: "D07-R81", seedLines: "L27179-27187", countsForInfoText: false },
  "HIDDEN-EARLIER-VERSION": { rule: "D03-R31", seedLines: "L8106-8110", countsForInfoText: false },
  "HIDDEN-CANCELLED": { rule: "D03-R32", seedLines: "L8110-8118", countsForInfoText: "setting" },
  "HIDDEN-ACTIVE-USE-ENDED": { rule: "D03-R16", seedLines: "L7723-7727", countsForInfoText: false },
  "HIDDEN-OLD-OR-PHASE-1-DOCUMENT": { rule: "D03-R22", seedLines: "L7770-7780", countsForInfoText: false },
  "HIDDEN-CLIENT-RELATIONSHIP-PHASE-1-SCHEMA": { rule: "D03-R23", seedLines: "L7780-7785", countsForInfoText: false },
  "HIDDEN-CLIENT-RELATIONSHIP-DOCUMENT": { rule: "D03-R24", seedLines: "L7941-7959", countsForInfoText: "setting" },
  "HIDDEN-JOURNAL-ENTRY-PHASE-1": { rule: "D03-R25", seedLines: "L7794-7816", countsForInfoText: false },
  "HIDDEN-JOINT-CASE-PHASE-1": { rule: "D03-R26", seedLines: "L7818-7840", countsForInfoText: true },
  "HIDDEN-ADOPTION-COUNSELLING-PHASE-1": { rule: "D03-R27", seedLines: "L7842-7877", countsForInfoText: true },
  "HIDDEN-PARENTHOOD-INVESTIGATION": { rule: "D03-R28", seedLines: "L7879-7901", countsForInfoText: true },
  "HIDDEN-SHELTER-SERVICES": { rule: "D03-R29", seedLines: "L7903-7939", countsForInfoText: true },
  "HIDDEN-VIOLENCE-PREVENTION": { rule: "D03-R30", seedLines: "L8042-8060", countsForInfoText: true },
  "HIDDEN-PAYMENT-COMMITMENT": { rule: "D03-R33", seedLines: "L8118-8124", countsForInfoText: true },
  "HIDDEN-SPECIAL-CONTENT": { rule: "D03-R35", seedLines: "L8379-8383", countsForInfoText: true },
  "HIDDEN-CASE-SPECIAL-CONTENT": { rule: "D03-R46", seedLines: "L8422-8432", countsForInfoText: true },
  "HIDDEN-DELAYED": { rule: "D03-R36", seedLines: "L8288-8308", countsForInfoText: true },
  "HIDDEN-CASE-DELAYED": { rule: "D03-R45", seedLines: "L8332-8340", countsForInfoText: true },
  // The main document's own hit already counts; the attachment inherits that effect (see decide.ts).
  "HIDDEN-MAIN-DOCUMENT-HIDDEN": { rule: "D03-R72", seedLines: "L8373-8379", countsForInfoText: false },
  "HIDDEN-REMOVED-FROM-JOINT-CASE": { rule: "D07-R81", seedLines: "L15508-15518", countsForInfoText: false },
  "HIDDEN-JOINT-CASE-PROXY-NOT-MEMBER": { rule: "D03-R65", seedLines: "L9279-9297", countsForInfoText: false },
  "HIDDEN-GUARDIAN-BAN": { rule: "D03-R55", seedLines: "L8934-8950", countsForInfoText: true },
};

export interface NoticeText {
  rule: string;
  seedLines: string;
  /** Swedish as the seed words it; fi and en are simulator translations. */
  sv: string;
  fi: string;
  en: string;
}

export const NOTICE_TEXTS: Readonly<Record<NoticeCode, NoticeText>> = {
  NEW: { rule: "D03-R15", seedLines: "L7688-7692", sv: "Ny", fi: "Uusi", en: "New" },
  "DELAY-ENDED": {
    rule: "D03-R38",
    seedLines: "L8308-8312",
    sv: "Fördröjningen av handlingen har upphört.",
    fi: "Asiakirjan näyttämisen viivästys on päättynyt.",
    en: "The delay of this document's display has ended.",
  },
  "NOT-SHOWN-TO-GUARDIAN": {
    rule: "D03-R19",
    seedLines: "L7735-7737",
    sv: "Handlingen visas inte för din vårdnadshavare.",
    fi: "Asiakirjaa ei näytetä huoltajallesi.",
    en: "This document is not shown to your guardian.",
  },
  "JOINTLY-CREATED": {
    rule: "D03-R20",
    seedLines: "L7737-7741",
    sv: "Handlingen har upprättats gemensamt för flera klienter.",
    fi: "Asiakirja on laadittu yhteisesti useammalle asiakkaalle.",
    en: "This document was created jointly for several clients.",
  },
};

/** The info text of §4.1 (L7660-7666): sv verbatim from the seed; fi and en are simulator translations. */
export const INFO_TEXT = {
  rule: "D03-R06",
  seedLines: "L7660-7671",
  sv:
    "På MittKanta visas inte alla handlingar som har lagrats om dig i socialvårdens klientregister och Klientdataarkivet " +
    "för socialvården. Du har dock rätt att begära att få se alla klientuppgifter vid den socialserviceenhet där ärendet " +
    "har uträttats. Rätten grundar sig på 11 § i lagen om klientens ställning och rättigheter inom socialvården.",
  fi:
    "OmaKannassa ei näytetä kaikkia asiakirjoja, jotka sinusta on tallennettu sosiaalihuollon asiakasrekisteriin ja " +
    "sosiaalihuollon asiakastiedon arkistoon. Sinulla on kuitenkin oikeus pyytää nähtäväksi kaikki asiakastietosi siinä " +
    "sosiaalihuollon toimintayksikössä, jossa asiaa on hoidettu. Oikeus perustuu sosiaalihuollon asiakkaan asemasta ja " +
    "oikeuksista annetun lain 11 §:ään.",
  en:
    "MyKanta does not show all documents stored about you in the social welfare client register and the Kanta Client " +
    "Data Archive for social welfare. You nevertheless have the right to ask to see all your client data at the social " +
    "welfare unit where your matter was handled. The right rests on section 11 of the Act on the Status and Rights of " +
    "Social Welfare Clients.",
} as const;
