/**
 * The document metadata model: what the CDA header of one document version says, as plain data.
 * Every room reads this type — the CDA parser produces it, storage rules, access rules and the
 * MittKanta visibility engine consume it. Numbers `#n` are the rows of the handbook's metadata table
 * 11.2.2 (`shared/domain/07-metadata-versions-disclosure.md` §3.4, seed 002 L27644-29151); `Mn` are
 * the MittKanta fields of `03-mittkanta-visibility.md` §3.1.
 */

/** A coded value: code + code system OID (+ display text as sent). */
export interface Coded {
  code: string;
  codeSystem: string;
  displayName?: string;
}

/** An organisation reference: OID from THL's organisation register + name as sent. */
export interface OrganisationRef {
  oid: string;
  name?: string;
}

/**
 * The handbook's document groups (Socialvård – Handlingsgrupp, #21 / M1). The simulator's codes for
 * them are in fixtures/code-lists/document-group.json.
 */
export type DocumentGroup =
  | "client-relationship" // klientrelationshandling (KR)
  | "case" // ärendehandling (ÄR)
  | "old" // gammal klienthandling (GK)
  | "phase-1" // klienthandling i första fasen
  | "phase-2" // klienthandling i andra fasen och senare
  | "journal-entry" // anteckning i klientjournal (AKJ)
  | "will-expression"; // VYT: Kanta-information, utlämningstillstånd, förbud (D07-R63)

/** Code of each group in Socialvård – Handlingsgrupp as the simulator profile assigns them. */
export const DOCUMENT_GROUP_CODES: Readonly<Record<DocumentGroup, string>> = {
  "client-relationship": "1",
  case: "2",
  old: "3",
  "phase-1": "4",
  "phase-2": "5",
  "journal-entry": "6",
  "will-expression": "7",
};

/** Socialvård – Utlämnande av klientuppgifter om minderårig till vårdnadshavarna (M6, table 5.4.1, L9003-9113). */
export type GuardianDisclosureCode = "1" | "2" | "3" | "4";

/** The body forms a document may carry (D07-R26). */
export interface DocumentBody {
  /** XHTML display form (the text the citizen and professionals see). */
  xhtml?: string;
  /** Structured content (hl7fi:json), decoded from base64 or text, parsed. */
  json?: unknown;
  /** The structure (Sosmeta schema) OID the JSON claims to follow. */
  jsonSchemaOid?: string;
  /** PDF/A bytes. */
  pdf?: Uint8Array;
}

/** Who signed, as the signature certificate says (filled by signature verification, not by the sender). */
export interface SignerInfo {
  kind: "professional" | "system";
  subject: string;
  /** Professional: personal identity code or registration number from the certificate; system: organisation OID. */
  identifier?: string;
  organisationOid?: string;
  certificateSerial: string;
  notBefore: string;
  notAfter: string;
}

export interface DocumentMetadata {
  // ── identity of this version ──
  /** ClinicalDocument/id: unique per version (root, or root + "." + extension flattened). */
  documentId: string;
  /** ClinicalDocument/setId: shared by all versions of the document. */
  setId: string;
  versionNumber: number;
  /** relatedDocument[@typeCode='RPLC']/parentDocument/id: the version this one replaces. */
  replacesDocumentId?: string;
  /** Arkiveringsklar (ready) or Raderad (a makulering version) — D06-R16, L25960. */
  status: "ready" | "cancelled";
  /** Datum för upprättande av handlingen (M16; correction time on a correction version, D07-R34). */
  createdAt: string;
  title?: string;
  /** Version of the metadata model / structure the sender declares (M15 for KR). */
  schemaVersion?: string;

  // ── #1–#9 organisations, service unit, storer ──
  organiser: OrganisationRef; // #1, #2
  producer?: OrganisationRef; // #3, #4
  subcontractor?: OrganisationRef; // #5, #6
  /** Old data after a controller change: the controller at the time of creation — an OID, or an FO-nummer when it is not in the organisation register (Table 12.4.9, D08-R49). */
  originalController?: OrganisationRef;
  serviceUnit?: OrganisationRef; // #7 (name never a search criterion)
  storer?: { givenName: string; familyName: string }; // #8, #9 (one storer, D07-R38)
  /** Register the document belongs to (Socialvård – Handlingens registerkod). */
  registerCode?: Coded;

  // ── #10 clients ──
  /** Personal identity codes or temporary ids; several in a joint case (gemensamt ärende). */
  clients: string[];

  // ── #11–#17 case ──
  caseId?: string; // #11 ärendenummer (OID)
  caseName?: { code: Coded; text?: string }; // #12
  caseOpenedAt?: string; // #13
  caseClosedAt?: string; // #14
  caseStatus?: Coded; // #15
  linkedCaseIds?: string[]; // #16 KH linked to other cases
  caseLinks?: string[]; // #17 case ↔ case

  // ── #18–#23 service and classification ──
  serviceProcess?: Coded; // #18
  serviceTasks: Coded[]; // #19
  socialServices: Coded[]; // #20
  documentGroup: DocumentGroup; // #21
  generalType?: Coded; // #22
  specificType?: Coded; // #23

  // ── #24–#26 incoming documents ──
  receivedAt?: string;
  arrivalMethod?: Coded;
  senderOrAgent?: string;

  // ── #27–#32 electronic signature group (as the sender declares it) ──
  signatureMetadata?: {
    signerPersonId?: string;
    registrationNumber?: string;
    givenName?: string;
    familyName?: string;
    identificationMethod?: Coded;
    signedAt?: string;
  };

  // ── correction (D07-R34) ──
  description?: string; // Beskrivning av handling (corrector's position)
  correctionReason?: Coded; // Motivering för rättelse i en handling

  // ── MittKanta restrictions (03 §3.1) ──
  specialContent?: boolean; // M2 Specialinnehåll
  delayedUntil?: string; // M3 Fördröjd visning av handling (date)
  restrictionReasons?: Coded[]; // M4 Motivering för att fördröja eller låta bli att visa
  restrictionText?: string; // M5 Motivering i textform (≤ 500 chars)
  guardianDisclosure?: GuardianDisclosureCode; // M6 Utlämningsförbud för vårdnadshavare
  disclosureDespiteBanReasons?: Coded[]; // M7 Motivering för utlämnande trots barnets förbud

  // ── client relationship document ──
  /** KR flag "gammal klientrelation": an old, ended relationship that may coexist with the current KR (05 D05-R27, L20423-20443; 07 L31847-31851). */
  oldClientRelationship?: boolean;

  // ── attachments ──
  /** For an attachment (bilaga): the setId of the main document it belongs to. */
  attachmentOf?: string;

  // ── archive-produced (never accepted from the sender, D07-R24) ──
  clientDeathDate?: string;
}
