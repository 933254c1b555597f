/**
 * Finnish personal identity code (henkilötunnus / personbeteckning): format, century sign
 * (including the signs added on 1.1.2023) and check character. Pure: no I/O, no clock.
 * Form: DDMMYY C NNN T — C century sign, NNN individual number, T check character.
 */

const CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";

/** Century sign → century. `-` and `A` are the original signs; the others exist since 1.1.2023. */
export const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  "+": 1800,
  "-": 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};

const PATTERN = /^(\d{2})(\d{2})(\d{2})([-+ABCDEFUVWXY])(\d{3})([0-9A-Y])$/;

export type IdentityCodeProblem = "format" | "century-sign" | "date" | "individual-number" | "check-character";

export type IdentityCodeCheck =
  | { valid: true; birthDate: string; individualNumber: number; isTemporaryRange: boolean }
  | { valid: false; problem: IdentityCodeProblem };

export function checkCharacter(datePart: string, individualNumber: string): string {
  return CHECK_CHARACTERS[Number(datePart + individualNumber) % 31]!;
}

export function checkPersonalIdentityCode(code: string): IdentityCodeCheck {
  const m = PATTERN.exec(code);
  if (!m) {
    return { valid: false, problem: /^\d{6}[^-+A-FU-Y]\d{3}[0-9A-Y]$/.test(code) ? "century-sign" : "format" };
  }
  const [, dd, mm, yy, sign, nnn, check] = m as unknown as [string, string, string, string, string, string, string];
  const year = CENTURY_BY_SIGN[sign]! + Number(yy);
  const birthDate = `${year}-${mm}-${dd}`;
  const parsed = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthDate) {
    return { valid: false, problem: "date" };
  }
  const individualNumber = Number(nnn);
  if (individualNumber < 2) return { valid: false, problem: "individual-number" };
  if (checkCharacter(dd + mm + yy, nnn) !== check) return { valid: false, problem: "check-character" };
  // 900–999 are used for temporary and test codes; real persons get 002–899.
  return { valid: true, birthDate, individualNumber, isTemporaryRange: individualNumber >= 900 };
}

/** Builds a valid code, e.g. for fixtures: makePersonalIdentityCode("2010-05-17", 912). */
export function makePersonalIdentityCode(birthDate: string, individualNumber: number, sign?: string): string {
  const [y, m, d] = birthDate.split("-") as [string, string, string];
  const century = Math.floor(Number(y) / 100) * 100;
  const centurySign = sign ?? (century === 1800 ? "+" : century === 1900 ? "-" : "A");
  if (CENTURY_BY_SIGN[centurySign] !== century) throw new Error(`century sign ${centurySign} does not fit ${birthDate}`);
  const datePart = d + m + y.slice(2);
  const nnn = String(individualNumber).padStart(3, "0");
  return `${datePart}${centurySign}${nnn}${checkCharacter(datePart, nnn)}`;
}
