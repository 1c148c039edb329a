// The public pages in a real browser (Debian Chromium via playwright-core) against the real server: the dashboard
// with its charts and map at desktop and phone widths, the log explorer checking an entry with WebCrypto, an
// agreement with its flagged clause, and the annual report. No page may reach another server.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium, requireWebBuild, WEB_DIR } from '../support/browser.js';
import { sha256Hex, type NewLogEntry } from '../../src/transparency/entries.js';
import { setupAdmin, signedInAs } from '../support/factories.js';
import { startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import {
  CELLS,
  OPERATOR,
  agreementBody,
  communicationBody,
  linkHousehold,
  subsidyBody,
  FIXTURES_NOW,
} from '../registries/fixtures.js';
import { clockFrom } from '../support/clock.js';

let rt: TestRuntime;
let browser: Browser;
let base = '';
let agreementId = '';
let oversight: ApiClient;

before(async () => {
  requireWebBuild();
  requireChromium();
  rt = await startTestRuntime('sqlite', {
    config: { webDir: WEB_DIR, operatorName: OPERATOR, signinRateLimit: 10_000 },
    overrides: { clock: clockFrom(FIXTURES_NOW) },
  });
  const admin = await setupAdmin(rt);
  oversight = (await signedInAs(rt, admin, 'oversight')).client;
  const agency = (await signedInAs(rt, admin, 'agency_admin')).client;
  agreementId = (await oversight.post<{ id: string }>('/api/v1/registries/agreements', agreementBody())).body
    .id;
  await oversight.post('/api/v1/registries/subsidies', subsidyBody());
  await agency.post('/api/v1/registries/communications', communicationBody());
  for (const cell of CELLS.slice(0, 3)) await linkHousehold(rt, cell, 6, 2);
  await linkHousehold(rt, CELLS[3]!, 2);
  let n = 0;
  const ref = () => sha256Hex(`browser ${n++}`);
  const request = (cat: string): NewLogEntry => ({
    type: 'request.published',
    actor: { class: 'agency', organisation: 'Metro Police' },
    refs: { request: ref(), policy: ref() },
    offenceCategory: cat,
    counts: { windowHours: 4, areaCells: 1 },
  });
  await rt.runtime.database.db
    .transaction()
    .execute((trx) =>
      rt.runtime.transparency!.appendMany(trx, [
        request('burglary'),
        request('burglary'),
        request('vandalism'),
      ]),
    );
  await rt.runtime.transparency!.checkpointNow();
  await rt.runtime.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(rt.runtime.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await rt?.close();
});

/** A page that records uncaught errors and every request to another origin. */
async function open(width: number, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`request to ${r.url()}`);
  });
  return page;
}

for (const width of [1280, 375])
  test(
    `dashboard at ${width} px: charts with data tables, the map without tiles, nothing wider than the screen`,
    { timeout: 60_000 },
    async () => {
      const problems: string[] = [];
      const page = await open(width, problems);
      await page.goto(`${base}/public`);
      await page.getByRole('heading', { level: 1, name: 'Public record' }).waitFor();
      await page.getByRole('img', { name: /Requests per month/ }).waitFor();
      // Three areas have at least k cameras; the fourth (two cameras) is left out.
      await page.locator('path.leaflet-interactive').nth(2).waitFor();
      assert.equal(await page.locator('path.leaflet-interactive').count(), 3);
      assert.equal(await page.locator('.leaflet-tile').count(), 0, 'no tiles unless configured');
      assert.ok(!(await page.content()).includes(CELLS[3]!), 'the small area is nowhere on the page');
      await page.getByText('Show the numbers of Requests by offence category (all time)').click();
      await page.getByRole('cell', { name: '2' }).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      assert.deepEqual(problems, []);
      await page.context().close();
    },
  );

test(
  'log explorer: an entry is checked in the browser against the signed checkpoint',
  { timeout: 60_000 },
  async () => {
    const problems: string[] = [];
    const page = await open(375, problems);
    await page.goto(`${base}/public/log?entry=1`);
    await page.getByRole('heading', { level: 1, name: 'Log explorer' }).waitFor();
    await page.getByRole('button', { name: 'Check entry #1 in this browser' }).click();
    await page.getByText('Verified in this browser: the entry is in the signed log, unchanged.').waitFor();
    assert.equal(
      await page.locator('.check-result .badge-ok').count(),
      3,
      'signature, leaf hash and proof all passed',
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  },
);

test(
  'an agreement shows its flagged clause marked, and its record checks out against the log',
  { timeout: 60_000 },
  async () => {
    const problems: string[] = [];
    const page = await open(1280, problems);
    await page.goto(`${base}/public/agreements/${agreementId}`);
    await page.getByRole('heading', { level: 1, name: 'Community camera partnership' }).waitFor();
    assert.match(
      await page.locator('mark.flagged').innerText(),
      /prior written approval before issuing any press release/,
    );
    await page.getByRole('button', { name: 'Check version 1 against the log' }).click();
    await page
      .getByText('Verified in this browser: this version is the one in the signed log, unchanged.')
      .waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  },
);

test(
  'the annual report page has the ordinance items and links to its PDF and CSV',
  { timeout: 60_000 },
  async () => {
    const problems: string[] = [];
    const page = await open(375, problems);
    // The current report is the server's year (its clock starts at FIXTURES_NOW), not the browser's.
    const year = new Date(rt.runtime.clock.now()).getUTCFullYear();
    await page.goto(`${base}/public/report`);
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`^Annual surveillance report ${year}`) })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: /A\. How the technology was used/ }).waitFor();
    for (const item of ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'])
      assert.equal(
        await page.getByRole('heading', { level: 2, name: new RegExp(`^${item}\\. `) }).count(),
        1,
        item,
      );
    const pdf = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    assert.equal(pdf, `/api/v1/public/reports/annual/${year}.pdf`);
    const res = await fetch(base + pdf);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(problems, []);
    await page.context().close();
  },
);

test(
  'oversight records an official statement through the form; the vendor’s part is shown first',
  { timeout: 60_000 },
  async () => {
    const problems: string[] = [];
    const page = await open(375, problems);
    // The oversight account's session (signed in with two-factor through the API) in this browser.
    await page
      .context()
      .addCookies(
        ['pl_session', 'pl_csrf'].map((name) => ({ name, value: oversight.cookie(name)!, url: base })),
      );
    await page.goto(`${base}/public/registries`);
    await page.getByText('Record an official statement').click();
    const form = page.getByRole('form', { name: 'Record an official statement' });
    await form.getByLabel('Title').fill('Camera portal safety tips');
    await form.getByLabel('Issued on').fill('2026-04-01');
    await form.getByLabel('Author’s organisation').fill('City Council');
    await form.getByLabel('Author’s role').fill('Council Clerk');
    await form.getByRole('radio', { name: 'Vendor drafted this statement' }).check();
    await form.getByLabel('Vendor', { exact: true }).fill('Acme Doorbells Inc.');
    await form
      .getByLabel('Text as issued')
      .fill('Lock your doors. The portal never shares footage without you.');
    await form.getByRole('button', { name: 'Record the statement' }).click();
    await page.getByRole('heading', { level: 1, name: 'Camera portal safety tips' }).waitFor();
    assert.match(
      await page.locator('.involvement').innerText(),
      /Vendor drafted this statement: Acme Doorbells Inc\./,
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  },
);

test(
  'oversight records a complaint, then updates its status; the public register lists it',
  { timeout: 60_000 },
  async () => {
    const problems: string[] = [];
    const page = await open(375, problems);
    await page
      .context()
      .addCookies(
        ['pl_session', 'pl_csrf'].map((name) => ({ name, value: oversight.cookie(name)!, url: base })),
      );
    await page.goto(`${base}/public/oversight`);
    await page.getByRole('heading', { level: 1, name: 'Complaints, audits and breaches' }).waitFor();
    await page.getByText('Record a complaint').click();
    const form = page.getByRole('form', { name: 'Record a complaint' });
    await form.getByLabel('Received on').fill('2026-04-05');
    await form.getByLabel('Agency concerned (optional)').fill('Metro Police');
    await form.getByLabel('Category').selectOption('retention');
    await form.getByLabel('Public summary').fill('Shared clips were kept longer than the policy allows.');
    await form.getByRole('button', { name: 'Record the complaint' }).click();
    await page.getByRole('heading', { level: 1, name: 'Complaint received 2026-04-05' }).waitFor();

    await page.getByText('Update this complaint').click();
    const update = page.getByRole('form', { name: 'Update the complaint' });
    await update.getByLabel('Status').selectOption('sustained');
    await update.getByLabel('Closed on').fill('2026-04-20');
    await update.getByLabel('Outcome and action taken (optional)').fill('The clips were deleted.');
    await update.getByRole('button', { name: 'Save the change' }).click();
    await page.getByText('Saved as a new version').waitFor();
    await page.getByRole('button', { name: 'Check version 2 against the log' }).waitFor();

    const visitor = await open(1280, problems);
    await visitor.goto(`${base}/public/oversight`);
    await visitor.getByRole('link', { name: '2026-04-05' }).waitFor();
    assert.match(await visitor.getByRole('table', { name: /Complaints/ }).innerText(), /sustained/);
    assert.deepEqual(problems, []);
    await page.context().close();
    await visitor.context().close();
  },
);
