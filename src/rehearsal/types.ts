/**
 * The samtestning rehearsal: a catalogue of test cases (fixtures/rehearsal/*.yaml), sessions that
 * match a vendor's traffic to the cases, the reference client that plays every case (--self), reports.
 */

export type Lang = "fi" | "sv" | "en";
export type Texts = Record<Lang, string>;

/** What the vendor system sends in one step (the reference client builds it from these fields). */
export type SendKind = "store-kr" | "store-case" | "store-document" | "store-will" | "new-version" | "makulering" | "search";
/** Documents of one client's story the reference client knows how to build. */
export type DocumentName = "kr" | "case" | "assessment" | "journal" | "pdf";
/**
 * Will expressions (VYT, fixtures/schemas/will-expression.schema.json) the reference client records for
 * the case's client: Kanta-information, a positive or negative disclosure permission, a prohibition of
 * all data or of one service task (23, äldreservice).
 */
export type WillName = "kanta-information" | "permission" | "permission-negative" | "prohibition-all" | "prohibition-service-task";
/**
 * Who the case's client is: a fresh adult (default), or a fresh person the reference client first adds
 * to the population register through the admin API (POST /admin/api/world/persons): with a
 * spärrmarkering (adult or minor), or deceased.
 */
export type ClientKind = "fresh-adult" | "sparr-adult" | "sparr-minor" | "deceased";

export interface SendSpec {
  kind: SendKind;
  /** store-document: which document; new-version / makulering: which stored document it replaces. */
  document?: DocumentName;
  /** store-will: which will expression. */
  will?: WillName;
  /** search: the service request (SP3 … SP9). */
  service_request?: string;
  /** A named variation of the valid message (src/rehearsal/player.ts VARIANTS); default "valid". */
  variant?: string;
  /** The distinguishing fields, for people (what makes this message this case). */
  fields?: Record<string, unknown>;
}

/** How an untagged message is recognised as a step of this case. */
export interface MatchSpec {
  service_request?: string;
  document_group?: string;
  /** first: versionNumber 1; later: versionNumber > 1. */
  version?: "first" | "later";
  status?: "ready" | "cancelled";
  signer?: "professional" | "system";
  soap_version?: "1.1" | "1.2";
}

export interface ExpectSpec {
  ack: "AA" | "AE" | "AR" | "fault";
  /** An error code that must be among the findings (severity error). */
  error?: string;
  /** Warning codes that must be among the findings. */
  warnings?: string[];
  /** Whether the archive keeps the document (store steps). */
  stored?: boolean;
  /** Searches: exact number of results / at least this many. */
  results?: number;
  results_min?: number;
  /** MittKanta visibility of the stored document for the client (documented; see docs/rehearsal.md). */
  mittkanta?: "visible" | "hidden" | "not-applicable";
  /** Log entries the exchange leaves (message_log always; usage_log for searches). */
  log?: string[];
}

export interface CaseStep {
  send: SendSpec;
  match?: MatchSpec;
  expect: ExpectSpec;
}

export interface RehearsalCase {
  id: string;
  title: Texts;
  /** The group (file) the case belongs to. */
  profile: string;
  /** Every declared profile that must run this case. */
  profiles: string[];
  /** A feature the simulator does not have yet: the case is "not run (feature pending)". */
  requires?: string;
  /** auto: untagged traffic is matched by fingerprint; explicit: only a message tagged with the case id. */
  matching?: "auto" | "explicit";
  preconditions: {
    world: Record<string, string>;
    /** The client of the case (default: a fresh adult). */
    client?: ClientKind;
    /**
     * The organisation that sends the case's messages when it is not the session's sender (e.g. a
     * private service provider using the vendor's system): the session takes its messages tagged with
     * the case id, and no other.
     */
    sender?: string;
    /**
     * What the archive must already hold for the case's client, in this order: the sender's own
     * documents (kr, case, …), documents in the disclosing controller's register (other-*, stored by
     * Exempelstad) and will expressions the sender recorded (will-*).
     */
    stored?: string[];
  };
  steps: CaseStep[];
  seed_lines: string[];
  rules?: string[];
}

export interface CatalogueFile {
  profile: string;
  title: Texts;
  cases: Omit<RehearsalCase, "profile">[];
}

export type CaseStatus = "pass" | "fail" | "not-run" | "pending" | "in-progress";

/** One logged exchange as a session sees it. */
export interface ObservedMessage {
  logId: number;
  receivedAt: string;
  endpoint: string;
  messageId?: string | undefined;
  senderOid?: string | undefined;
  serviceRequest?: string | undefined;
  result: string;
  summary: Record<string, unknown>;
  findings: { code: string; severity: string; location?: string; detail?: string }[];
}

export interface StepResult {
  step: number;
  ok: boolean;
  logId: number;
  messageId?: string | undefined;
  receivedAt: string;
  result: string;
  /** Why the step failed: the simulator's error codes, or the expectation that was not met. */
  reasons: string[];
  codes: string[];
}

export interface CaseResult {
  id: string;
  status: CaseStatus;
  steps: StepResult[];
  /** For a case not run: why. */
  note?: string;
}
