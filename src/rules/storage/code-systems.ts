/**
 * The code systems the storage checks read, and the few code values a rule depends on.
 * Every value here is also in fixtures/code-lists/*.json (a unit test keeps the two in step), so a
 * vendor who replaces a fixture with a national export edits the constant here in the same change.
 */

/** Code-system OIDs as the fixtures declare them (simulator OIDs under 1.2.246.10.99990000.3.N). */
export const CODE_SYSTEMS = {
  serviceTask: "1.2.246.537.6.1299",
  /** The original task of old documents (07 §3.4 #19, D07-R111). */
  serviceTask1989: "1.2.246.10.99990000.3.13",
  serviceTask2011: "1.2.246.10.99990000.3.14",
  serviceProcess: "1.2.246.10.99990000.3.1",
  socialService: "1.2.246.10.99990000.3.2",
  caseStatus: "1.2.246.10.99990000.3.3",
  generalType: "1.2.246.10.99990000.3.4",
  generalType2016: "1.2.246.10.99990000.3.5",
  specificType: "1.2.246.10.99990000.3.6",
  restrictionReason: "1.2.246.10.99990000.3.7",
  guardianDisclosure: "1.2.246.10.99990000.3.8",
  disclosureDespiteBan: "1.2.246.10.99990000.3.9",
  correctionReason: "1.2.246.10.99990000.3.10",
  arrivalMethod: "1.2.246.10.99990000.3.11",
  /** Identifieringssätt för den som undertecknar handlingen (07 §3.4 #31). */
  identificationMethod: "1.2.246.10.99990000.3.15",
  caseName2017: "1.2.246.537.6.1265.201701",
  caseName2023: "1.2.246.537.6.1265.202301",
  register: "1.2.246.537.6.1264",
  /** THL – Organisationsregistret för social- och hälsovården (outside knowledge, domain/06 §3.7). */
  organisationRegister: "1.2.246.537.6.202",
} as const;

/** Serviceprocess "Genomförande av tjänster": Socialservice becomes mandatory (D07-R21c). */
export const SERVICE_PROCESS_IMPLEMENTATION = "5";
/** Ärendestatus "Stängd". */
export const CASE_STATUS_CLOSED = "2";
/** Case name 99 (both versions) needs a free-text name (D04-R38). */
export const CASE_NAME_OTHER = "99";
/** Specifying types of the three unstructured classes (D06-R62) and the one that is an attachment. */
export const SPECIFIC_TYPE_OTHER_CREATED = "201";
export const SPECIFIC_TYPE_OTHER_RECEIVED = "202";
export const SPECIFIC_TYPE_ATTACHMENT = "203";
export const UNSTRUCTURED_SPECIFIC_TYPES: ReadonlySet<string> = new Set([SPECIFIC_TYPE_OTHER_CREATED, SPECIFIC_TYPE_OTHER_RECEIVED, SPECIFIC_TYPE_ATTACHMENT]);
/** General type "Beslut" (2017 and 2016 lists): every decision is signed by a professional (L24572-24574). */
export const GENERAL_TYPE_DECISION = "12";
/** 2016 general type "Klientjournal", only for old and phase-1 documents (D06-R69, D05-R04). */
export const GENERAL_TYPE_2016_CLIENT_JOURNAL = "2";
/** 2016 general type "Bilaga" (attachments of old and phase-1 documents). */
export const GENERAL_TYPE_2016_ATTACHMENT = "9";
/** Socialservice codes whose documents the client system marks specialinnehåll automatically
 * (adoptionsrådgivning, skyddshemsservice, utredning av föräldraskap/faderskap, moderskapsutredning;
 * D03-R73, D03-R42 exception L8480-8484): no restriction reason is required for them. */
export const AUTOMATIC_SPECIAL_CONTENT_SOCIAL_SERVICES: ReadonlySet<string> = new Set(["1", "12", "56", "66", "70"]);
/** Socialservice "Skyddshemsservice": Serviceenhet and Socialservice mandatory even on old documents (07 §3.4 #7, #20). */
export const SOCIAL_SERVICE_SHELTER_HOME = "56";
/** Restriction reason 6 may be used only with a delay (table 5.3.1, L8620-8628). */
export const RESTRICTION_REASON_DELAY_ONLY = "6";
