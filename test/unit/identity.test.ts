import { describe, expect, it } from "vitest";
import { checkPersonalIdentityCode, makePersonalIdentityCode } from "../../src/rules/identity.js";

// [D06-R18 L25968-25970] the identity code must be in a form Kanta accepts (format: domain/06 §3.6).
// [D06-R19 L25972] the birth date encoded in the code is what metadata and content must match.
describe("personal identity code [D06-R18 L25968-25970] [D06-R19 L25972]", () => {
  it.each([
    ["140375-921H", "1975-03-14", "original 1900s sign -"],
    ["050912A958F", "2012-09-05", "original 2000s sign A"],
    ["011208B904J", "2008-12-01", "2000s sign B, valid since 1.1.2023"],
    ["040479Y915P", "1979-04-04", "1900s sign Y, valid since 1.1.2023"],
    ["111199+988C", "1899-11-11", "1800s sign +"],
  ])("accepts %s (born %s: %s)", (code, birthDate) => {
    expect(checkPersonalIdentityCode(code)).toMatchObject({ valid: true, birthDate });
  });

  it.each([
    ["140375-921A", "check-character"],
    ["140375Z921H", "century-sign"],
    ["310275-921H", "date"],
    ["290223A9601", "date"], // 2023 was not a leap year
    ["140375-001H", "individual-number"],
    ["140375921H", "format"],
    ["", "format"],
    ["140375-921h", "format"],
  ])("refuses %s (%s)", (code, problem) => {
    expect(checkPersonalIdentityCode(code)).toEqual({ valid: false, problem });
  });

  it("tells the 900-999 range used for temporary and test codes", () => {
    expect(checkPersonalIdentityCode(makePersonalIdentityCode("1990-01-01", 950))).toMatchObject({ valid: true, isTemporaryRange: true });
    expect(checkPersonalIdentityCode(makePersonalIdentityCode("1990-01-01", 123))).toMatchObject({ valid: true, isTemporaryRange: false });
  });

  it("makes codes that check, for every century sign", () => {
    for (const [date, sign] of [["1850-06-01", "+"], ["1950-06-01", "-"], ["1950-06-01", "U"], ["2050-06-01", "F"]] as const) {
      expect(checkPersonalIdentityCode(makePersonalIdentityCode(date, 901, sign))).toMatchObject({ valid: true, birthDate: date });
    }
    expect(() => makePersonalIdentityCode("1950-06-01", 901, "A")).toThrow();
  });
});
