/**
 * The access policy as data: the tables of the handbook the evaluator (decide.ts, disclosure.ts,
 * non-disclosure.ts) reads. Each table names its rule id and seed lines (seed 002, domain/07 and 08).
 */
import type { DocumentGroup } from "../../model/document.js";
import type { AccessAction, DisclosureExclusion, NonDisclosureItem, UsageSituation } from "./types.js";

export const USAGE_SITUATION_SYSTEM = "1.2.246.537.6.1289.201901";

export type ReadAction = Extract<
  AccessAction,
  "search-client-relationship" | "search-case" | "search-metadata" | "fetch-document" | "summary"
>;
export type WriteAction = Extract<AccessAction, "store" | "new-version" | "cancel">;

export const READ_ACTIONS: readonly ReadAction[] = ["search-client-relationship", "search-case", "search-metadata", "fetch-document", "summary"];
export const WRITE_ACTIONS: readonly WriteAction[] = ["store", "new-version", "cancel"];
export const DISCLOSURE_ACTIONS: readonly AccessAction[] = ["disclosure-search", "extended-information"];

export function isReadAction(action: AccessAction): action is ReadAction {
  return (READ_ACTIONS as readonly AccessAction[]).includes(action);
}
export function isWriteAction(action: AccessAction): action is WriteAction {
  return (WRITE_ACTIONS as readonly AccessAction[]).includes(action);
}

/**
 * Table 11.3.2 (D07-R60, L29953-30031): what each usage situation allows, and whose register it
 * targets: `own` = the principal's own register, `organiser` = an organiser's register used by a
 * producer, `other` = another controller's register (disclosure).
 */
export interface UsageSituationRow {
  code: UsageSituation;
  sv: string;
  target: "own" | "organiser" | "other";
  actions: readonly AccessAction[];
  /** Document groups that may be stored (store / new-version / cancel) under this code. */
  storableGroups: readonly DocumentGroup[];
  rule: string;
  seedLines: string;
}

const ALL_GROUPS: readonly DocumentGroup[] = ["client-relationship", "case", "old", "phase-1", "phase-2", "journal-entry"];

export const USAGE_SITUATIONS: Readonly<Record<UsageSituation, UsageSituationRow>> = {
  "1": {
    code: "1",
    sv: "Användning av tjänsteanordnarens eget register",
    target: "own",
    actions: [...WRITE_ACTIONS, ...READ_ACTIONS],
    storableGroups: ALL_GROUPS,
    rule: "D07-R60",
    seedLines: "L29953-29979",
  },
  "2": {
    code: "2",
    sv: "Användning som grundar sig på tjänsteproducentens normala åtkomsträtt till register",
    target: "organiser",
    actions: [...WRITE_ACTIONS, ...READ_ACTIONS],
    // Table 11.3.2 names journal entries of every phase; 12.3 (L32332-32338) adds phase-1 and phase-2
    // client documents. KRH/ÄR are organiser-only (D08-R21) and old documents are excluded (D08-R19).
    storableGroups: ["phase-1", "phase-2", "journal-entry"],
    rule: "D07-R60, D08-R18",
    seedLines: "L29981-29995, L32332-32338",
  },
  "3": {
    code: "3",
    sv: "Användning av uppgifter från en annan personuppgiftsansvarigs register",
    target: "other",
    actions: DISCLOSURE_ACTIONS,
    storableGroups: [],
    rule: "D07-R60, D07-R62",
    seedLines: "L29997-30005",
  },
  "4": {
    code: "4",
    sv: "Användning som grundar sig på tjänsteproducentens omfattande åtkomsträtt till register",
    target: "organiser",
    actions: [...WRITE_ACTIONS, ...READ_ACTIONS],
    storableGroups: ALL_GROUPS,
    rule: "D07-R60, D08-R27",
    seedLines: "L30007-30031, L33826-33838",
  },
};

/**
 * THL – Särskild anledning till åtkomst till klientuppgifter (07 §4.6, L31296-31340). The seed prints
 * names only; codes are the simulator's (fixtures/code-lists/special-access-reason.json).
 */
export const SPECIAL_REASON_CODES: readonly { code: string; sv: string }[] = [
  { code: "1", sv: "Bedömning av behov av eller ordnande av vård eller brådskande stöd" },
  { code: "2", sv: "Klientarbete eller vårdsituation" },
  { code: "3", sv: "Klient- eller vårdsamtal" },
  { code: "4", sv: "Sammanställa utlåtande" },
];

/** Socialvård – Grund för omfattande informationssökning (07 §4.7, L31420-31500); codes simulator-assigned. */
export const EXTENDED_INFORMATION_BASIS_CODES: readonly { code: string; sv: string }[] = [
  { code: "1", sv: "Utredning av klientens behov av socialvård" },
  { code: "2", sv: "Ordna socialvård och genomföra åtgärder i anslutning till denna för klienten" },
  { code: "3", sv: "Kontroll av uppgifter som lämnats till en myndighet" },
];

/**
 * The 15 items a spärrmarkering covers, verbatim (D08-R64, L34389-34418). The telephone number is not
 * covered (L34420-34428) and is deliberately absent.
 */
export const NON_DISCLOSURE_ITEMS: readonly { item: NonDisclosureItem; sv: string }[] = [
  { item: "permanentAddressFinland", sv: "Stadigvarande adress i Finland" },
  { item: "temporaryAddressFinland", sv: "Tillfällig adress i Finland" },
  { item: "postalAddress", sv: "Postadress" },
  { item: "permanentAddressAbroad", sv: "Stadigvarande adress utomlands" },
  { item: "temporaryAddressAbroad", sv: "Tillfällig adress utomlands" },
  { item: "emailAddress", sv: "E-postadress" },
  { item: "permanentHomeMunicipalityCode", sv: "Stadigvarande hemortskod" },
  { item: "temporaryHomeMunicipalityCode", sv: "Tillfällig hemortskod" },
  { item: "homeMunicipality", sv: "Hemkommun" },
  { item: "temporaryMunicipality", sv: "Tillfällig kommun" },
  { item: "municipalitySubdivision", sv: "Kommunens delområde" },
  { item: "municipalityAtYearEnd", sv: "Kommun vid årsskiftet" },
  { item: "lutheranOrOrthodoxParish", sv: "Evangelisk-luthersk eller ortodox församling" },
  { item: "registeredReligiousCommunity", sv: "Registrerat religionssamfund eller dess församling" },
  { item: "electionData", sv: "Valuppgifter; uppgifter om röstningskommuner och röstningsställen" },
];

export const NON_DISCLOSURE_ITEM_KEYS: ReadonlySet<string> = new Set(NON_DISCLOSURE_ITEMS.map((i) => i.item));

/** Socialvård – Socialservice code of skyddshemsservice (fixtures/code-lists/social-service.json, simulator code 56). */
export const SHELTER_SERVICE = { codeSystem: "1.2.246.10.99990000.3.2", code: "56", sv: "Skyddshemsservice" } as const;

/**
 * Simple disclosure search exclusions (D07-R71, L31064-31078) and what extended right to information
 * still returns (D07-R72, L31088-31105). Spärr-covered items are never returned to another organiser,
 * not even under the extended right (DESIGN §7 decision 5: 13.4.3 wins, D08-R66).
 */
export const DISCLOSURE_EXCLUSIONS: Readonly<
  Record<DisclosureExclusion, { simple: boolean; extended: boolean; reason: string; rule: string; seedLines: string }>
> = {
  "no-basis": {
    simple: true,
    extended: true,
    reason: "no basis for disclosure (Kanta-information and positive permission, or public extended right)",
    rule: "D07-R70",
    seedLines: "L31058-31064",
  },
  "own-register": {
    simple: true,
    extended: true,
    reason: "the searcher's own register is not disclosure; use usage situation 1",
    rule: "D07-R62",
    seedLines: "L30034-30044",
  },
  "client-relationship-document": {
    simple: true,
    extended: true,
    reason: "a client-relationship document is never disclosed as such, only as a summary",
    rule: "D07-R75",
    seedLines: "L30497-30501",
  },
  "old-document": { simple: true, extended: false, reason: "old client documents are not disclosed in a simple search", rule: "D07-R71", seedLines: "L31066-31074" },
  "phase-1-document": { simple: true, extended: false, reason: "phase-1 client documents are not disclosed in a simple search", rule: "D07-R71", seedLines: "L31066-31076" },
  "shelter-service": { simple: true, extended: false, reason: "shelter-home service data are not disclosed in a simple search", rule: "D07-R71", seedLines: "L31066-31080" },
  "prohibited-all": { simple: true, extended: false, reason: "the client prohibited disclosure of all data", rule: "D07-R66", seedLines: "L30159-30171, L31078" },
  "prohibited-controller": { simple: true, extended: false, reason: "the client prohibited disclosure from this controller", rule: "D07-R66", seedLines: "L30159-30200" },
  "prohibited-service-task": { simple: true, extended: false, reason: "the client prohibited disclosure of this service task", rule: "D07-R66", seedLines: "L30159-30200" },
  "prohibited-document": { simple: true, extended: false, reason: "the client prohibited disclosure of this document", rule: "D07-R66", seedLines: "L30159-30171" },
};

/** Mandatory metadata of old skyddshem client documents stored under extended access (D08-R35, L33957-33967). */
export const OLD_SHELTER_MANDATORY_METADATA = [
  "Tjänsteproducentens identifikationskod",
  "Tjänsteproducentens namn",
  "Serviceenhet",
  "Serviceenhetens namn",
  "Socialservice",
] as const;
