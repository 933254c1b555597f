/** A rehearsal session: one sender, one profile's cases, the results as the sender's traffic arrives. */
import { randomUUID } from "node:crypto";
import { caseStatus, chooseCase, evaluateStep, nextStep, readTag } from "./match.js";
import type { CaseResult, CaseStatus, ObservedMessage, RehearsalCase, StepResult, Texts } from "./types.js";

export interface CaseReport {
  id: string;
  title: Texts;
  profile: string;
  status: CaseStatus;
  requires?: string;
  seed_lines: string[];
  rules: string[];
  steps: (StepResult & { expected: string })[];
  note?: string;
}

export interface SessionReport {
  id: string;
  profile: string;
  sender: string;
  openedAt: string;
  generatedAt: string;
  totals: Record<CaseStatus, number> & { total: number };
  cases: CaseReport[];
  /** Exchanges from the sender that no case claimed (log ids). */
  unmatched: { logId: number; messageId?: string | undefined; serviceRequest?: string | undefined; result: string }[];
}

export class RehearsalSession {
  readonly id = randomUUID();
  readonly openedAt: Date;
  private readonly results = new Map<string, CaseResult>();
  private readonly unmatched: SessionReport["unmatched"] = [];
  private readonly byId: Map<string, RehearsalCase>;

  constructor(
    readonly profile: string,
    readonly sender: string,
    readonly cases: readonly RehearsalCase[],
    private readonly features: ReadonlySet<string>,
    openedAt: Date = new Date(),
  ) {
    this.openedAt = openedAt;
    this.byId = new Map(cases.map((c) => [c.id, c]));
  }

  /**
   * Takes one logged exchange: ignores setup messages, /soap/validate and other senders — except a
   * message tagged with a case whose preconditions name that sender (preconditions.sender).
   */
  observe(m: ObservedMessage): void {
    if (m.endpoint !== "/soap/archive") return;
    const tag = readTag(m.messageId);
    if (tag.kind === "setup") return;
    if (m.senderOid !== this.sender && !(tag.kind === "case" && m.senderOid !== undefined && this.byId.get(tag.caseId)?.preconditions.sender === m.senderOid)) return;
    let target: { caseId: string; step: number } | undefined;
    if (tag.kind === "case") {
      const c = this.byId.get(tag.caseId);
      if (c && !(c.requires && !this.features.has(c.requires))) {
        const previous = this.results.get(c.id)?.steps ?? [];
        // A tagged first step starts the case again (a retry after a failure).
        const retry = (tag.step ?? 1) === 1 && previous.length > 0;
        if (retry) this.results.delete(c.id);
        const step = tag.step !== undefined ? tag.step - 1 : nextStep(c, retry ? [] : previous);
        if (step !== undefined && step >= 0 && step < c.steps.length) target = { caseId: c.id, step };
      }
    } else {
      target = chooseCase(this.cases, this.results, m, this.features);
    }
    if (!target) {
      this.unmatched.push({ logId: m.logId, messageId: m.messageId, serviceRequest: m.serviceRequest, result: m.result });
      return;
    }
    const c = this.byId.get(target.caseId)!;
    const result = this.results.get(c.id) ?? { id: c.id, status: "not-run" as CaseStatus, steps: [] };
    result.steps = [...result.steps.filter((s) => s.step !== target.step), evaluateStep(c.steps[target.step]!.expect, m, target.step)].sort((a, b) => a.step - b.step);
    result.status = caseStatus(c, result.steps, this.features);
    this.results.set(c.id, result);
  }

  report(now: Date = new Date()): SessionReport {
    const cases: CaseReport[] = this.cases.map((c) => {
      const steps = this.results.get(c.id)?.steps ?? [];
      const status = caseStatus(c, steps, this.features);
      return {
        id: c.id,
        title: c.title,
        profile: c.profile,
        status,
        ...(c.requires && { requires: c.requires }),
        seed_lines: c.seed_lines,
        rules: c.rules ?? [],
        steps: steps.map((s) => ({ ...s, expected: expectedText(c, s.step) })),
        ...(status === "pending" && { note: `not run (feature pending: ${c.requires})` }),
      };
    });
    const totals = { pass: 0, fail: 0, "not-run": 0, pending: 0, "in-progress": 0, total: cases.length } as SessionReport["totals"];
    for (const c of cases) totals[c.status] += 1;
    return { id: this.id, profile: this.profile, sender: this.sender, openedAt: this.openedAt.toISOString(), generatedAt: now.toISOString(), totals, cases, unmatched: [...this.unmatched] };
  }
}

function expectedText(c: RehearsalCase, step: number): string {
  const e = c.steps[step]?.expect;
  if (!e) return "";
  return [e.ack, e.error, e.results !== undefined ? `${e.results} result(s)` : undefined, e.results_min !== undefined ? `≥ ${e.results_min} result(s)` : undefined].filter(Boolean).join(" ");
}
