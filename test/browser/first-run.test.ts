// The first-run journey in a real browser against the real server: set up the admin, sign in, create a household,
// invite a member by link, join from a fresh browser, and see the member's access as the member.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium, requireWebBuild, WEB_DIR } from '../support/browser.js';
import { PASSWORD, startTestRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime | undefined;
let browser: Browser | undefined;
let base = '';

before(async () => {
  requireWebBuild();
  requireChromium();
  rt = await startTestRuntime('sqlite', { config: { webDir: WEB_DIR } });
  await rt.runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = rt.runtime.app.server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await rt?.close();
});

/** A fresh browser profile (its own cookies) that fails the test on any uncaught page error. */
async function openPage(errors: string[]): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function signInThroughForm(page: Page, email: string): Promise<void> {
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await heading(page, 'Sign in');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'Sign in');
}

test(
  'first run: admin sets up, creates a household, invites a member who joins and sees their access',
  { timeout: 180_000 },
  async () => {
    const errors: string[] = [];
    const admin = await openPage(errors);

    // Before set-up, any address shows the first-run page, except the public record, which anyone may read.
    await admin.goto(`${base}/public`);
    await heading(admin, 'Public record');
    await admin.goto(`${base}/household`);
    await heading(admin, 'Set up Porchlight');
    const setup = admin.getByRole('form', { name: 'Create the instance admin' });
    await setup.getByLabel('Email').fill('ada@example.org');
    await setup.getByLabel('Display name').fill('Ada Admin');
    await setup.getByLabel('Password').fill(PASSWORD);
    await setup.getByRole('button', { name: 'Create admin and sign in' }).click();
    await heading(admin, 'Admin');
    assert.equal(await admin.getByRole('link', { name: 'Admin' }).getAttribute('aria-current'), 'page');

    // Sign out and back in through the form.
    await signOut(admin);
    await signInThroughForm(admin, 'ada@example.org');
    await heading(admin, 'Hello, Ada Admin');

    // Create the household.
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Household' }).click();
    await heading(admin, 'Household');
    await admin.getByLabel('Household name').fill('Elm Street');
    await admin.getByRole('button', { name: 'Create household' }).click();
    await admin.getByRole('heading', { level: 2, name: /Elm Street/ }).waitFor();

    // Invite a member who may only view recordings.
    const invite = admin.getByRole('form', { name: 'Invite a member' });
    await invite.getByLabel('Their email').fill('bea@example.org');
    await invite.getByRole('checkbox', { name: 'View live' }).uncheck();
    await invite.getByRole('checkbox', { name: 'View recordings' }).check();
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    const linkField = admin.getByLabel('Invitation link');
    await linkField.waitFor();
    const url = await linkField.inputValue();
    assert.match(url, new RegExp(`^${base}/join-household#[A-Za-z0-9_-]{16,}$`));
    const open = admin.getByRole('region', { name: 'Open invitations', exact: true });
    await open
      .getByRole('row', { name: /bea@example\.org/ })
      .getByText('View recordings')
      .waitFor();

    // The invitee opens the link in a browser of their own and creates an account.
    const member = await openPage(errors);
    await member.goto(url);
    await heading(member, 'Join a household');
    await member.getByText('Elm Street', { exact: true }).waitFor();
    const join = member.getByRole('form', { name: 'Create your account and join' });
    await join.getByLabel('Display name').fill('Bea Member');
    await join.getByLabel('Password').fill(PASSWORD);
    await join.getByRole('button', { name: 'Create account and join' }).click();
    await member.getByRole('status').filter({ hasText: 'You joined Elm Street.' }).waitFor();

    // Signed out and in again, the member sees the household with exactly the granted capability.
    await signOut(member);
    await signInThroughForm(member, 'bea@example.org');
    await heading(member, 'Hello, Bea Member');
    await member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Household' }).click();
    await heading(member, 'Household');
    const memberships = member.getByRole('region', { name: 'Households you belong to', exact: true });
    const row = memberships.getByRole('row', { name: /Elm Street/ });
    await row.getByText('View recordings').waitFor();
    assert.equal(await row.getByText('View live').count(), 0);

    // The owner sees the new member in the members table.
    await admin.reload();
    await heading(admin, 'Household');
    const members = admin.getByRole('region', { name: 'Members', exact: true });
    await members
      .getByRole('row', { name: /Bea Member/ })
      .getByText('View recordings')
      .waitFor();

    assert.deepEqual(errors, []);
  },
);
