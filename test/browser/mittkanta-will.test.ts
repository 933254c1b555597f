import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, followLink, HAVE_CHROMIUM, launchChromium, loginByKeyboard, openMittKanta, shot } from "./chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { startServer, type RunningServer } from "../support/server-process.js";
import { documentsOf, soapWorld, TASK_ELDERLY, WORLD, type Actor } from "../support/soap-world.js";

/**
 * The MittKanta will-expression page in a real browser (Debian Chromium driven by playwright-core) against the
 * real server process (issue 11): a citizen receives Kanta-information and gives the disclosure permission
 * in the page, and another organiser's SP8 disclosure search over SOAP then succeeds; the citizen prohibits
 * one service task in the page and the same search no longer returns that task's documents; a guardian's
 * prohibition for a minor is refused with the reason on the page. Keyboard only.
 * Screenshots go to test-results/screenshots/.
 */
const A = WORLD.testby;
const B = WORLD.exempelstad;
const ORGANISER_A: Actor = { organisation: A, usageSituation: "1" };
const ORGANISER_B: Actor = { organisation: B, usageSituation: "1" };
const DISCLOSURE_B: Actor = { organisation: B, usageSituation: "3" };
const GUARDIAN = "140375-921H";


/** soap-world's client over HTTP to the real server process (it only needs `inject`). */
function httpApp(url: string): FastifyInstance {
  const inject = async (o: { method: string; url: string; headers: Record<string, string>; payload: string }) => {
    const res = await fetch(`${url}${o.url}`, { method: o.method, headers: o.headers, body: o.payload });
    return { statusCode: res.status, body: await res.text() };
  };
  return { inject } as unknown as FastifyInstance;
}

describe.skipIf(!HAVE_CHROMIUM)(`MittKanta will-expression page in Chromium${HAVE_CHROMIUM ? "" : ` (skipped: ${CHROMIUM} not found)`}`, () => {
  let server: RunningServer;
  let browser: Browser;
  let world: ReturnType<typeof soapWorld>;
  const client = makePersonalIdentityCode("1983-02-14", 961);
  const docs = { plain: "", elderly: "", caseDocument: "" };

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: "memory://", MITTKANTA_LOGS: "true" });
    world = soapWorld(httpApp(server.url), { at: new Date().toISOString() });
    const send = async (doc: Parameters<typeof world.send>[0], actor: Actor) => {
      const ack = await world.send(doc, actor);
      if (ack.typeCode !== "AA") throw new Error(`${doc.metadata.title}: ${JSON.stringify(ack.details)}`);
      return doc.metadata;
    };
    const docsA = documentsOf(A);
    await send(docsA.kr(client), ORGANISER_A);
    const caseDoc = docsA.case(client);
    docs.caseDocument = (await send(caseDoc, ORGANISER_A)).setId;
    docs.plain = (await send(docsA.entry(client, caseDoc.metadata.caseId!, { title: "Vanlig anteckning" }), ORGANISER_A)).setId;
    docs.elderly = (await send(docsA.entry(client, caseDoc.metadata.caseId!, { title: "Äldreservice", serviceTasks: [TASK_ELDERLY] }), ORGANISER_A)).setId;
    await send(documentsOf(B).kr(client), ORGANISER_B);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const disclose = () => world.query("SP8", client, DISCLOSURE_B, { registerOrganiserOid: A.oid });
  const disclosedSets = async () => (await disclose()).results.filter((r) => r.metadata.kind !== "sammanstallning").map((r) => r.setId).sort();
  const newPage = () => openMittKanta(browser, server.url, "fi", 1000);
  /** Presses a button with the keyboard and waits for the page the form answers with. */
  const pressButton = async (page: Page, name: string | RegExp) => {
    await page.getByRole("button", { name }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  };

  it("a citizen gives Kanta-information and the permission in the page; another organiser's SP8 then succeeds; a service-task prohibition given in the page removes that task's documents [D07-R86 L30123-30127, D07-R64 L30100-30108, D07-R66 L30159-30200, D07-R65 L30121-30123]", async () => {
    expect((await disclose()).codes).toEqual(["ACCESS-DISCLOSURE-NO-KANTA-INFORMATION"]);
    const page = await newPage();
    await loginByKeyboard(page, client);
    await followLink(page, /Omat tiedot/);
    await followLink(page, /Tahdonilmaisut/);
    expect(await page.locator("h1").textContent()).toBe("Tahdonilmaisut");
    expect(await page.locator("#kanta-state").textContent()).toBe("Kanta-informointia ei ole vastaanotettu.");
    await shot(page, "will-01-citizen-before-fi");

    await pressButton(page, "Vastaanota Kanta-informointi");
    expect(await page.locator("#will-done").textContent()).toContain("Tahdonilmaisu on tallennettu.");
    await pressButton(page, "Anna luovutuslupa");
    expect(await page.locator("#permission-state").textContent()).toContain("Luovutuslupa on voimassa");
    await shot(page, "will-02-citizen-permission-fi");
    expect(await disclosedSets()).toEqual([docs.caseDocument, docs.plain, docs.elderly].sort());

    await page.selectOption("#prohibit-service-task", TASK_ELDERLY.code);
    expect(await page.locator("label[for=prohibit-service-task]").textContent()).toContain("Palvelutehtävä");
    await pressButton(page, "Kiellä palvelutehtävän tietojen luovutus");
    expect(await page.locator("#will-done").textContent()).toContain("Tahdonilmaisu on tallennettu.");
    expect(await page.locator("#prohibitions").innerText()).toContain("Iäkkäiden palvelut");
    expect(await page.locator("#will-history").innerText()).toContain("Luovutuskielto");
    await shot(page, "will-03-citizen-prohibition-fi");
    expect(await disclosedSets()).toEqual([docs.caseDocument, docs.plain].sort());

    // The citizen's own disclosure log (MITTKANTA_LOGS): the receiving organisation, never the professional.
    await page.goto(`${server.url}/mittkanta/p/${client}?lang=fi`);
    await followLink(page, "Luovutus- ja käyttöloki");
    const log = await page.locator("#logs").innerText();
    expect(log).toContain(B.name);
    expect(log).toContain("Ärendehandling");
    // Journal entries are not shown in MittKanta phase 1: the log names them without their title.
    expect(log).toContain("asiakirja, jota ei näytetä OmaKannassa");
    expect(log).not.toContain("Vanlig anteckning");
    expect(log).not.toContain("PRO-WORLD");
    await shot(page, "will-04-citizen-log-fi");
    await page.context().close();
  });

  it("a guardian's prohibition for a minor is refused with the reason on the page [D07-R87 L30763-30767, L30739-30745]", async () => {
    const page = await newPage();
    await loginByKeyboard(page, GUARDIAN);
    await followLink(page, /Ella Testinen – huoltajana/);
    await followLink(page, /Tahdonilmaisut/);
    expect(await page.locator("main").innerText()).toContain("huoltajat yhdessä");
    await pressButton(page, "Kiellä kaikkien tietojen luovutus");
    const alert = page.getByRole("alert");
    expect(await alert.innerText()).toContain("Alaikäinen tai hänen huoltajansa ei voi antaa luovutuskieltoa eikä perua lupaa OmaKannassa");
    expect(await alert.innerText()).toContain("WILL-MINOR-PROHIBITION-IN-MITTKANTA");
    expect(await page.locator("main").innerText()).toContain("Huoltaja näkee alaikäisen luovutuskiellot vain palvelunantajan toimipisteessä.");
    await shot(page, "will-05-guardian-refused-fi");
    await page.context().close();
  });
});
