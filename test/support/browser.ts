// The headless Chromium the browser tests drive (Debian's, through playwright-core) and the built web app they
// serve: where each is, the checks that say what to install or build when one is missing, and the launch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The built web app the test server serves. */
export const WEB_DIR = path.resolve('web/dist');
/** Debian's Chromium, or the one PORCHLIGHT_TEST_CHROMIUM names. */
export const CHROMIUM = process.env.PORCHLIGHT_TEST_CHROMIUM ?? '/usr/bin/chromium';
/** Where to write screenshots at 1280 and 375 px wide, when set. */
const SHOTS = process.env.PORCHLIGHT_SCREENSHOT_DIR;
/** Headless, no sandbox, no GPU, and nothing that reaches another server on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Throws, saying what to build, unless the web app is built (index.html and any other `files` in WEB_DIR). */
export function requireWebBuild(...files: string[]): void {
  for (const file of ['index.html', ...files])
    if (!fs.existsSync(path.join(WEB_DIR, file)))
      throw new Error(
        `${WEB_DIR}/${file} is missing: build the web app first (npm run build:web; npm test does it).`,
      );
}

/** Throws, saying what to install, unless Chromium is there. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install Debian's chromium or set PORCHLIGHT_TEST_CHROMIUM.`,
    );
}

/** Launches the headless Chromium with CHROMIUM_ARGS (or `args`). */
export function launchChromium(args: string[] = CHROMIUM_ARGS): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/**
 * Screenshots of the page at desktop and phone widths (into PORCHLIGHT_SCREENSHOT_DIR, when set; with `dark`, a
 * dark-scheme one at desktop width too); on the phone nothing may overflow sideways.
 */
export async function shoot(page: Page, name: string, options: { dark?: boolean } = {}): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.waitForTimeout(150);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} is ${overflow} px wider than the ${width} px screen`);
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  if (SHOTS && options.dark) {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SHOTS, `${name}-1280-dark.png`), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  }
}
