/**
 * The browser of the browser tests: Debian's Chromium driven by playwright-core (`npx playwright install`
 * does not work on our machines). Without /usr/bin/chromium (or CHROMIUM_PATH) the tests skip and say why.
 */
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** CI keeps test-results/ as artifacts. */
export const SCREENSHOTS = "test-results/screenshots";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

if (!HAVE_CHROMIUM) console.warn(`[browser tests] skipped: ${CHROMIUM} not found (install it: apt-get install chromium; .ci/run does)`);

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** The MittKanta login page of `baseUrl` in a new context of the language. */
export async function openMittKanta(browser: Browser, baseUrl: string, lang: "fi" | "sv" = "fi", height = 900): Promise<Page> {
  const context = await browser.newContext({ locale: lang === "sv" ? "sv-FI" : "fi-FI", viewport: { width: 1100, height } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/mittkanta/?lang=${lang}`);
  return page;
}

/** Logs in from the login page by typing the identity code, keyboard only. */
export async function loginByKeyboard(page: Page, personId: string): Promise<void> {
  await page.focus("#otherId");
  await page.keyboard.type(personId);
  await Promise.all([page.waitForURL(/\/mittkanta\/people/), page.keyboard.press("Enter")]);
}

/** Follows a link by focusing it and pressing Enter. */
export async function followLink(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole("link", { name }).focus();
  await Promise.all([page.waitForLoadState("load"), page.keyboard.press("Enter")]);
}

/** A full-page screenshot under SCREENSHOTS. */
export const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
