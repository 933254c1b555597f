/**
 * The browser of the browser tests: Debian's Chromium driven by playwright-core (`npx playwright install`
 * does not work on our machines). Without /usr/bin/chromium (or CHROMIUM_PATH) the tests skip and say why.
 */
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

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
