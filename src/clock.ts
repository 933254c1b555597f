/** The archive's notion of "now", injected everywhere a rule or service needs the time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function fixedClock(at: Date | string): Clock {
  const t = new Date(at).getTime();
  return () => new Date(t);
}

/**
 * The archive's global clock, settable for tests and testers (admin API): the real time, or a
 * chosen time that stands still (`frozen`) or runs on from the moment it was set (`running`), so
 * phase deadlines, 18th birthdays and active-use periods can be reached on purpose.
 */
export class SimulatedClock {
  private setting: { at: number; mode: "frozen" | "running"; setAt: number } | undefined;

  constructor(private readonly real: Clock = systemClock) {}

  readonly now: Clock = () => {
    if (!this.setting) return this.real();
    if (this.setting.mode === "frozen") return new Date(this.setting.at);
    return new Date(this.setting.at + (this.real().getTime() - this.setting.setAt));
  };

  set(at: Date, mode: "frozen" | "running" = "frozen"): void {
    this.setting = { at: at.getTime(), mode, setAt: this.real().getTime() };
  }

  reset(): void {
    this.setting = undefined;
  }

  describe(): { now: string; simulated: boolean; mode?: "frozen" | "running" } {
    return { now: this.now().toISOString(), simulated: this.setting !== undefined, ...(this.setting && { mode: this.setting.mode }) };
  }
}

/** The request header that sets "now" for one request, when ENABLE_TEST_CLOCK is on. */
export const TEST_CLOCK_HEADER = "x-kanta-sim-now";

/** Reads the test-clock header: a valid ISO 8601 date-time with a zone, or undefined when absent. */
export function parseTestClockHeader(value: string | string[] | undefined): Date | "invalid" | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return "invalid";
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? "invalid" : at;
}
