import { describe, expect, it } from "vitest";
import { finnishDay, loadProxyRelation, loadRegisterAccess } from "../../src/admin/world-facts.js";
import { decideProxyEligibility } from "../../src/rules/visibility/eligibility.js";
import type { ViewerRole } from "../../src/rules/visibility/types.js";
import { useTestDatabase } from "../support/database.js";

const NOW = new Date("2026-11-28T12:00:00Z");

describe("the test world as the facts of the pure rules", () => {
  const t = useTestDatabase();

  // Domain/03 §5.3 decision table (seed L8722-8776), one row per situation the fixture world holds.
  it.each<[string, ViewerRole, string, string, Date, string]>([
    ["guardian, no agreement", "guardian", "140375-921H", "050912A958F", NOW, "ELIGIBLE-GUARDIAN"],
    ["guardian with a housing-only agreement [L8768-8772]", "guardian", "021182-934E", "050912A958F", NOW, "ELIGIBLE-GUARDIAN"],
    ["§7 information right [D03-R66 L8711-8719]", "information-right", "021182-934E", "300116A962A", NOW, "ELIGIBLE-INFORMATION-RIGHT"],
    ["not the child's guardian [D03-R67 L8722-8736]", "guardian", "021182-934E", "300116A962A", NOW, "MK-PROXY-NOT-GUARDIAN"],
    ["child with spärrmarkering [D03-R68 L8740-8742]", "guardian", "230684-946V", "121209A9701", NOW, "MK-PROXY-CHILD-NON-DISCLOSURE"],
    ["the other guardian has spärrmarkering [D03-R67 L8744-8750]", "guardian", "190790-981S", "030615A9764", NOW, "MK-PROXY-OTHER-GUARDIAN-NON-DISCLOSURE"],
    ["old unstructured custody agreement [D03-R67 L8756-8762]", "guardian", "040479Y915P", "011208B904J", NOW, "MK-PROXY-UNSTRUCTURED-CUSTODY-AGREEMENT"],
    ["custody ended (the child turned 18)", "guardian", "040479Y915P", "011208B904J", new Date("2026-12-01T12:00:00Z"), "MK-PROXY-NOT-GUARDIAN"],
    ["a mandate holder [D03-R09 L7592-7610]", "proxy", "250788-987A", "040479Y915P", NOW, "ELIGIBLE-ELECTRONIC-MANDATE"],
    ["a mandate after it expired", "proxy", "250788-987A", "040479Y915P", new Date("2028-01-01T12:00:00Z"), "MK-PROXY-NO-MANDATE"],
  ])("%s", async (_, role, viewerId, childId, at, reason) => {
    const relation = await loadProxyRelation(t.database.db, viewerId, childId, at);
    const child = await t.database.db.selectFrom("persons").select(["non_disclosure"]).where("person_id", "=", childId).executeTakeFirstOrThrow();
    const decision = decideProxyEligibility({ viewer: { role, personId: viewerId }, subject: { personId: childId, nonDisclosure: child.non_disclosure }, relation, now: at });
    expect(decision.reason).toBe(reason);
  });

  it("reads incapacity and an interest guardian of the viewer [D03-R67 L8752-8754]", async () => {
    const relation = await loadProxyRelation(t.database.db, "170361-972F", "300116A962A", NOW);
    expect(relation).toMatchObject({ viewerDeclaredIncapacitated: true, viewerHasInterestGuardian: true, registeredGuardian: false });
    expect((await loadProxyRelation(t.database.db, "250788-987A", "170361-972F", NOW)).viewerDeclaredIncapacitated).toBe(false);
  });

  it("reads the agreements and extended grants in force on the day [D08-R14a, D08-R27]", async () => {
    const access = await loadRegisterAccess(t.database.db, NOW);
    expect(access.agreements).toEqual([
      { organiserOid: "1.2.246.10.99990001.10.0", producerOid: "1.2.246.10.99990005.10.0" },
      { organiserOid: "1.2.246.10.99990001.10.0", producerOid: "1.2.246.10.99990004.10.0" },
    ]);
    expect(access.extendedGrants).toEqual([
      { organiserOid: "1.2.246.10.99990001.10.0", producerOid: "1.2.246.10.99990005.10.0", serviceUnitOids: ["1.2.246.10.99990005.10.501"], validFrom: "2024-01-01", validTo: "2027-12-31", oldDataAgreement: true },
    ]);
    // The city's agreement ended on 2025-12-31.
    const earlier = await loadRegisterAccess(t.database.db, new Date("2025-06-01T12:00:00Z"));
    expect(earlier.agreements).toContainEqual({ organiserOid: "1.2.246.10.99990002.10.0", producerOid: "1.2.246.10.99990005.10.0" });
  });

  it("counts a day in Finnish time: 23:30 UTC on 30 November is already 1 December in Helsinki", () => {
    expect(finnishDay(new Date("2026-11-30T23:30:00Z"))).toBe("2026-12-01");
    expect(finnishDay(new Date("2026-11-30T21:30:00Z"))).toBe("2026-11-30");
  });
});
