import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { parseQueryResponse } from "../../src/hl7/query.js";
import { DISCLOSING_REGISTER, freshCaseIds, freshPerson, PRIVATE_PROVIDER, REFERENCE_SENDER, ReferenceVendor, setupProblems } from "../../src/rehearsal/player.js";
import { fetchReport, openSession, runSelfTest } from "../../src/rehearsal/selftest.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

/**
 * The rehearsal's disclosure and spärrmarkering group (issue 7 follow-up, issue 5 features): the
 * reference client records will expressions over SOAP and searches another controller's register with
 * SP8/SP9 (usage situation 3); a session judges the vendor's untagged traffic; a case may be played from
 * a second organisation (a private provider) only through tagged messages.
 */
describe("rehearsal: disclosure and spärrmarkering over the wire", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = await buildApp(testConfig({ enableAdmin: true }), { database: t.database });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace(/\/+$/, "");
  });
  afterAll(async () => app.close());

  /** A client the disclosing controller (Exempelstad) has a KR, a case and a journal entry for, and the vendor its own KR. */
  async function clientInBothRegisters(vendor: ReferenceVendor) {
    const disclosing = new ReferenceVendor({ url, sender: DISCLOSING_REGISTER }, { ...freshCaseIds(), client: vendor.story.ids.client });
    for (const name of ["kr", "case", "journal"] as const) expect(await disclosing.store(name, { tag: "setup" }), name).toBe(true);
    expect(await vendor.store("kr", { tag: "setup" })).toBe(true);
  }

  it("a search before the will expressions fails DIS-SP8-01 with the simulator's code; recording them passes DIS-WILL-01 and a tagged retry passes DIS-SP8-01 [D07-R70 L31058-31064] [D07-R63 L30058-30066] [D07-R64 L30100-30108]", { timeout: 60_000 }, async () => {
    const session = await openSession(url, "disclosure", REFERENCE_SENDER);
    const vendor = new ReferenceVendor({ url });
    await clientInBothRegisters(vendor);
    await vendor.search("SP8"); // untagged, before Kanta-information
    await vendor.storeWill("kanta-information");
    await vendor.storeWill("permission");
    let report = await fetchReport(url, session.id);
    const by = (id: string) => report.cases.find((c) => c.id === id)!;
    expect(by("DIS-SP8-01").status).toBe("fail");
    expect(by("DIS-SP8-01").steps[0]!.codes).toEqual(["ACCESS-DISCLOSURE-NO-KANTA-INFORMATION"]);
    expect(by("DIS-SP8-01").steps[0]!.reasons[0]).toMatch(/expected AA, the simulator answered AR ACCESS-DISCLOSURE-NO-KANTA-INFORMATION/);
    expect(by("DIS-WILL-01").status).toBe("pass");
    await vendor.search("SP8", { tag: "DIS-SP8-01:1" });
    report = await fetchReport(url, session.id);
    expect(by("DIS-SP8-01").status).toBe("pass");
    expect(report.unmatched).toEqual([]);
    // The disclosure went into the utlämningslogg, with the receiving organisation (D08-R60).
    const log = (await (await fetch(`${url}/admin/api/disclosure-log?client=${vendor.story.ids.client}`)).json()) as { entries: { organisationOid: string; registerOid: string }[] };
    expect(log.entries.length).toBeGreaterThan(0);
    expect(log.entries.every((e) => e.organisationOid === REFERENCE_SENDER && e.registerOid === DISCLOSING_REGISTER)).toBe(true);
  });

  it("a case declaring another sender takes that sender's messages only when tagged with the case; other cases never [D07-R73 L30535-30537]", { timeout: 60_000 }, async () => {
    const session = await openSession(url, "disclosure", REFERENCE_SENDER);
    const ids = freshCaseIds();
    const provider = new ReferenceVendor({ url, sender: PRIVATE_PROVIDER }, ids);
    expect(await provider.store("kr", { tag: "setup" })).toBe(true);
    await new ReferenceVendor({ url, sender: DISCLOSING_REGISTER }, { ...freshCaseIds(), client: ids.client }).store("kr", { tag: "setup" });
    await provider.search("SP9"); // untagged: another sender's traffic, not the session's
    await provider.search("SP8", { tag: "DIS-SP8-02:1" }); // tagged with a case that does not declare this sender
    let report = await fetchReport(url, session.id);
    expect(report.cases.filter((c) => c.steps.length > 0)).toEqual([]);
    expect(report.unmatched).toEqual([]);
    await provider.search("SP9", { tag: "DIS-SP9-01:1" });
    report = await fetchReport(url, session.id);
    const sp9 = report.cases.find((c) => c.id === "DIS-SP9-01")!;
    expect(sp9.status).toBe("pass");
    expect(sp9.steps[0]!.codes).toEqual(["ACCESS-EXTENDED-INFO-PRIVATE-ORGANISATION"]);
  });

  it("fresh persons with a spärrmarkering or a death date come from the population register through the admin API; a refused precondition is reported [D08-R66 L34389-34418] [D07-R76 L30799-30803]", { timeout: 60_000 }, async () => {
    const sparr = await freshPerson(url, "sparr-adult");
    const dead = await freshPerson(url, "deceased");
    const persons = await t.database.db.selectFrom("persons").select(["person_id", "non_disclosure"]).select((eb) => eb.ref("death_date").as("death")).where("person_id", "in", [sparr, dead]).execute();
    expect(persons.find((p) => p.person_id === sparr)?.non_disclosure).toBe(true);
    expect(persons.find((p) => p.person_id === dead)?.death).not.toBeNull();
    // A journal entry before its case: the setup is refused, and setupProblems says so.
    const vendor = new ReferenceVendor({ url });
    await vendor.store("journal", { tag: "setup" });
    expect(setupProblems(vendor.exchanges)).toEqual([expect.stringMatching(/^setup message 1 answered AE .*STR-CASE-MISSING/)]);
  });

  it("SPR-03's world: the disclosed compilation of a client with a spärrmarkering withholds address and home municipality, keeps the telephone [D08-R66 L34389-34418]", { timeout: 60_000 }, async () => {
    const ids = { ...freshCaseIds(), client: await freshPerson(url, "sparr-adult") };
    const vendor = new ReferenceVendor({ url }, ids);
    const disclosing = new ReferenceVendor({ url, sender: DISCLOSING_REGISTER }, { ...freshCaseIds(), client: ids.client });
    expect(await disclosing.storeBuilt(disclosing.story.krWithPersonalData(), { tag: "setup", as: "kr" })).toBe(true);
    expect(await vendor.store("kr", { tag: "setup" })).toBe(true);
    expect(await vendor.storeWill("kanta-information", { tag: "setup" })).toBe(true);
    expect(await vendor.storeWill("permission", { tag: "setup" })).toBe(true);
    const answer = parseQueryResponse(await vendor.search("SP8", { tag: "setup" }));
    const compilation = answer.results.find((r) => r.metadata.kind === "sammanstallning");
    expect(compilation?.metadata.personalData).toEqual([{ personId: ids.client, items: { phoneNumber: "040 123 4567" } }]);
    expect((compilation?.metadata.withheld as string[]).sort()).toEqual(["homeMunicipality", "permanentAddressFinland"]);
  });

  it("the reference client passes every case of the disclosure profile, every precondition accepted (self-test)", { timeout: 120_000 }, async () => {
    const { report, setupFailures } = await runSelfTest({ url, profile: "disclosure" });
    expect(setupFailures).toEqual([]);
    expect(report.cases.filter((c) => c.status !== "pass").map((c) => `${c.id} ${c.status} ${c.steps.flatMap((s) => s.reasons).join("; ")}`)).toEqual([]);
    expect(report.totals).toMatchObject({ pending: 0, fail: 0 });
    expect(report.totals.pass).toBeGreaterThanOrEqual(16);
  });
});
