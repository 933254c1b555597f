/**
 * Errors as data. Every code any part of the simulator can emit is one entry in a catalogue:
 * how it is reported, who enforces it in the real system, and the text in three languages.
 * Each room keeps its own fragment (`src/<room>/errors.ts`); `src/errors/catalogue.ts` merges them,
 * and `docs/errors.md` is generated from the merged catalogue.
 */

/**
 * Who enforces the rule (DESIGN §7 decision 0):
 * - `archive`: the real archive checks it → always a refusal;
 * - `client-system`: the handbook puts the duty on the client system → warning in AA by default, refusal in strict mode;
 * - `transport`: the message could not be read as a message at all → SOAP Fault.
 */
export type Enforcement = "archive" | "client-system" | "transport";

export interface ErrorEntry {
  enforcement: Enforcement;
  /** HL7 acknowledgement type when refused: AE (application error, fix and resend) or AR (rejected). */
  ack: "AE" | "AR";
  /** HTTP status when reported outside SOAP (REST APIs, validate endpoint). */
  http: number;
  fi: string;
  sv: string;
  en: string;
  /** Rule ids and seed lines the code rests on, e.g. "D06-R18 L25968-25970". */
  rule?: string;
}

export type ErrorFragment = Readonly<Record<string, ErrorEntry>>;

/** One finding about one request: the code, where it is (XPath), and an optional specific detail. */
export interface Finding {
  code: string;
  /** XPath of the offending node in the request (frame or document); "/" for the whole message. */
  location: string;
  /** Concrete detail, e.g. the element name or the expected value (English, technical). */
  detail?: string;
  /** `error` refuses the request; `warning` is reported inside an AA. */
  severity: "error" | "warning";
}
