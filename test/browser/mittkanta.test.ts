import type { Browser } from "playwright-core";
import { CHROMIUM, followLink, HAVE_CHROMIUM, launchChromium, loginByKeyboard, openMittKanta, shot } from "./chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../support/server-process.js";
import { ADULT, CHILD, GUARDIAN, storeWebStories, TITLES, XSS_TITLE } from "./mittkanta-story.js";

/**
 * The MittKanta web page in a real browser (Debian Chromium driven by playwright-core) against the real
 * server process, over documents stored through SOAP: a client logs in with the keyboard only; a guardian
 * acting for a child does not see the document the child banned, the child sees it with its marker.
 * Screenshots go to test-results/screenshots/ (CI keeps test-results/ as artifacts).
 */


describe.skipIf(!HAVE_CHROMIUM)(`MittKanta web page in Chromium${HAVE_CHROMIUM ? "" : ` (skipped: ${CHROMIUM} not found — apt-get install chromium)`}`, () => {
  let server: RunningServer;
  let browser: Browser;
  let stored: Awaited<ReturnType<typeof storeWebStories>>;

  beforeAll(async () => {
    server = await startServer({ DATA_DIR: "memory://", MITTKANTA_EXPLAIN: "true" });
    stored = await storeWebStories(server.url);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const newPage = (lang: "fi" | "sv" = "fi") => openMittKanta(browser, server.url, lang);

  it("stored the documents through SOAP (precondition)", () => {
    expect(stored.acks).toEqual(Array(stored.acks.length).fill("AA"));
  });

  it("a client logs in with the keyboard only and sees his documents, the script-like title as plain text [D03-R10 L7694-7698, D03-R21 L7741-7743]", async () => {
    const page = await newPage("sv");
    // The first Tab reaches the skip link.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Hoppa till huvudinnehållet");
    expect(await page.locator("html").getAttribute("lang")).toBe("sv");
    await shot(page, "01-login-sv");
    await loginByKeyboard(page, ADULT);
    await followLink(page, /Egna uppgifter/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Socialvård");
    expect(await page.locator("h1").count()).toBe(1);
    const main = await page.locator("main").innerText();
    expect(main).toContain(TITLES.adultAssessment);
    expect(main).toContain(XSS_TITLE); // shown as text …
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined(); // … never run
    expect(main).toContain("Sara Socionom");
    await shot(page, "02-client-landing-sv");

    await followLink(page, TITLES.adultAssessment);
    expect(await page.locator("h1").textContent()).toBe(TITLES.adultAssessment);
    expect(await page.locator("main").innerText()).toContain("Underskrift");
    await shot(page, "03-client-document-sv");
    await page.context().close();
  });

  it("a guardian acting for a child does not see the document the child banned [D03-R55 L8934-8950, D03-R05 L7620-7624]", async () => {
    const page = await newPage("fi");
    await loginByKeyboard(page, GUARDIAN);
    expect(await page.locator("h1").textContent()).toBe("Valitse, kenen asioita hoidat");
    await followLink(page, /Ella Testinen – huoltajana/);
    expect(await page.locator("main").innerText()).toContain("Asioit henkilön puolesta: Ella Testinen");
    await followLink(page, "Kaikki asiakirjat");
    const table = await page.locator("main table").innerText();
    expect(table).toContain(TITLES.childOrdinary);
    expect(table).not.toContain(TITLES.childBanned);
    expect(await page.locator("main").innerText()).not.toContain(TITLES.childBanned);
    await shot(page, "04-guardian-acting-for-child-fi");
    await page.context().close();
  });

  it("the child sees the banned document with its marker 'not shown to your guardian' [D03-R19 L7735-7737]", async () => {
    const page = await newPage("fi");
    await loginByKeyboard(page, CHILD);
    await followLink(page, /Omat tiedot/);
    await followLink(page, "Kaikki asiakirjat");
    const row = page.locator("tr", { has: page.getByRole("link", { name: TITLES.childBanned }) });
    expect(await row.innerText()).toContain("Asiakirjaa ei näytetä huoltajallesi.");
    await shot(page, "05-child-own-view-fi");
    // The language switch keeps the page.
    await followLink(page, "På svenska");
    expect(await page.locator("html").getAttribute("lang")).toBe("sv");
    expect(await row.innerText()).toContain("Handlingen visas inte för din vårdnadshavare.");
    await shot(page, "06-child-own-view-sv");
    await page.context().close();
  });
});
