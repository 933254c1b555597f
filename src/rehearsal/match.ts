/**
 * Pure rules of a rehearsal session: which case an incoming exchange belongs to, and whether it meets
 * the case's expectation. Plain data in, decision out; no I/O, no clock.
 */
import type { CaseResult, CaseStatus, CaseStep, DocumentName, ExpectSpec, MatchSpec, ObservedMessage, RehearsalCase, StepResult } from "./types.js";

/** The document group each document of the reference story has (summary.documentGroup). */
export const DOCUMENT_GROUP: Readonly<Record<DocumentName, string>> = { kr: "client-relationship", case: "case", assessment: "phase-2", journal: "journal-entry", pdf: "phase-1" };

/** A message id naming a case: `…rehearse:<CASE-ID>[:<step>]…` (setup messages: `rehearse:setup`). */
const TAG = /rehearse:([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*?)(?::(\d+))?(?=$|[^A-Za-z0-9-])/;

export type Tag = { kind: "none" } | { kind: "setup" } | { kind: "case"; caseId: string; step?: number };

export function readTag(messageId: string | undefined): Tag {
  const m = messageId ? TAG.exec(messageId) : null;
  if (!m) return { kind: "none" };
  if (m[1] === "setup") return { kind: "setup" };
  return m[2] === undefined ? { kind: "case", caseId: m[1]! } : { kind: "case", caseId: m[1]!, step: Number(m[2]) };
}

/** The fingerprint of a step: what the case file says, completed from the kind of message sent. */
export function fingerprintOf(step: CaseStep): MatchSpec {
  const s = step.send;
  const group = s.document ? DOCUMENT_GROUP[s.document] : undefined;
  const derived: MatchSpec =
    s.kind === "store-kr" ? { service_request: "SP1", document_group: "client-relationship", version: "first" }
    : s.kind === "store-case" ? { service_request: "SP1", document_group: "case", version: "first" }
    : s.kind === "store-document" ? { service_request: "SP1", ...(group && { document_group: group }), version: "first" }
    : s.kind === "store-will" ? { service_request: "SP1", document_group: "will-expression", version: "first" }
    : s.kind === "new-version" ? { service_request: "SP1", ...(group && { document_group: group }), version: "later", status: "ready" }
    : s.kind === "makulering" ? { service_request: "SP2", ...(group && { document_group: group }), status: "cancelled" }
    : { ...(s.service_request && { service_request: s.service_request }) };
  return { ...derived, ...step.match };
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Whether an exchange has the fingerprint (every named field equal; a field the exchange lacks never matches). */
export function matchesFingerprint(fp: MatchSpec, m: ObservedMessage): boolean {
  const s = m.summary;
  if (fp.service_request !== undefined && (m.serviceRequest ?? str(s.serviceRequest)) !== fp.service_request) return false;
  if (fp.document_group !== undefined && str(s.documentGroup) !== fp.document_group) return false;
  if (fp.version !== undefined) {
    const n = typeof s.versionNumber === "number" ? s.versionNumber : undefined;
    if (n === undefined || (fp.version === "first" ? n !== 1 : n <= 1)) return false;
  }
  if (fp.status !== undefined && str(s.status) !== fp.status) return false;
  if (fp.soap_version !== undefined && str(s.soapVersion) !== fp.soap_version) return false;
  if (fp.signer !== undefined && str((s.signer as { kind?: unknown } | undefined)?.kind) !== fp.signer) return false;
  return true;
}

/** Error codes of an exchange (findings of severity error), in order, without repeats. */
export function errorCodes(m: ObservedMessage): string[] {
  return [...new Set(m.findings.filter((f) => f.severity === "error").map((f) => f.code))];
}

/** Whether an exchange meets a step's expectation; the reasons name the simulator's codes when not. */
export function evaluateStep(expect: ExpectSpec, m: ObservedMessage, stepIndex: number): StepResult {
  const codes = errorCodes(m);
  const reasons: string[] = [];
  const got = `${m.result}${codes.length ? ` ${codes.join(", ")}` : ""}`;
  if (m.result !== expect.ack) reasons.push(`expected ${expect.ack}${expect.error ? ` ${expect.error}` : ""}, the simulator answered ${got}`);
  else if (expect.error && !codes.includes(expect.error)) reasons.push(`expected error ${expect.error}, the simulator answered ${got}`);
  const allCodes = m.findings.map((f) => f.code);
  for (const w of expect.warnings ?? []) if (!allCodes.includes(w)) reasons.push(`expected warning ${w}, not given`);
  if (expect.stored !== undefined && m.summary.stored !== undefined && Boolean(m.summary.stored) !== expect.stored) {
    reasons.push(expect.stored ? "expected the document stored; it was not" : "expected nothing stored; the document was stored");
  }
  const results = typeof m.summary.results === "number" ? m.summary.results : undefined;
  if (expect.results !== undefined && results !== expect.results) reasons.push(`expected ${expect.results} result(s), got ${results ?? "none"}`);
  if (expect.results_min !== undefined && (results ?? 0) < expect.results_min) reasons.push(`expected at least ${expect.results_min} result(s), got ${results ?? 0}`);
  return { step: stepIndex, ok: reasons.length === 0, logId: m.logId, messageId: m.messageId, receivedAt: m.receivedAt, result: m.result, reasons, codes };
}

/** A case's status from its step results. */
export function caseStatus(c: RehearsalCase, steps: readonly StepResult[], featuresEnabled: ReadonlySet<string>): CaseStatus {
  if (c.requires && !featuresEnabled.has(c.requires)) return "pending";
  if (steps.some((s) => !s.ok)) return "fail";
  const done = new Set(steps.map((s) => s.step));
  if (c.steps.every((_, i) => done.has(i))) return "pass";
  return steps.length ? "in-progress" : "not-run";
}

/** The next step of a case still waiting for a message. */
export function nextStep(c: RehearsalCase, steps: readonly StepResult[]): number | undefined {
  const done = new Set(steps.map((s) => s.step));
  const i = c.steps.findIndex((_, k) => !done.has(k));
  return i < 0 ? undefined : i;
}

/**
 * The case an untagged exchange belongs to: among open, automatically matched cases whose next step has
 * the exchange's fingerprint, a case already in progress first, then one whose expectation the exchange
 * meets, then catalogue order. Undefined when no case wants it.
 */
export function chooseCase(cases: readonly RehearsalCase[], results: ReadonlyMap<string, CaseResult>, m: ObservedMessage, featuresEnabled: ReadonlySet<string>): { caseId: string; step: number } | undefined {
  const candidates: { c: RehearsalCase; step: number; rank: number; order: number }[] = [];
  cases.forEach((c, order) => {
    if ((c.matching ?? "auto") !== "auto") return;
    const r = results.get(c.id);
    const status = caseStatus(c, r?.steps ?? [], featuresEnabled);
    if (status !== "not-run" && status !== "in-progress") return;
    const step = nextStep(c, r?.steps ?? []);
    if (step === undefined || !matchesFingerprint(fingerprintOf(c.steps[step]!), m)) return;
    const meets = evaluateStep(c.steps[step]!.expect, m, step).ok;
    candidates.push({ c, step, rank: (status === "in-progress" ? 0 : 2) + (meets ? 0 : 1), order });
  });
  candidates.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const best = candidates[0];
  return best && { caseId: best.c.id, step: best.step };
}
