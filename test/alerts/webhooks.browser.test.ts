// The webhooks section of the alerts page in a real browser (Debian Chromium) against the real server: the owner
// adds a webhook, sees its secret once, sends a test message that a loopback receiver gets signed, and sees it
// delivered.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, requireWebBuild, WEB_DIR } from '../support/browser.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import { PASSWORD, startTestRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime | undefined;
let browser: Browser | undefined;
let receiver: http.Server | undefined;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let base = '';

before(async () => {
  requireWebBuild();
  requireChromium();
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  rt = await startTestRuntime('sqlite', {
    config: { webDir: WEB_DIR, signinRateLimit: 1000, webhookAllowLoopback: true },
  });
  await rt.runtime.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(rt.runtime.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium(['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']);
});

after(async () => {
  await browser?.close();
  await rt?.close();
  await new Promise((r) => receiver?.close(r));
});

test(
  'the owner adds a webhook, copies its secret, sends a test and sees it delivered',
  { timeout: 120_000 },
  async () => {
    const t = rt!;
    await setupAdmin(t);
    const owner = t.client();
    await owner.post('/api/v1/auth/sign-up', {
      email: uniqueEmail('hook-owner'),
      password: PASSWORD,
      displayName: 'Owner',
    });
    await owner.post('/api/v1/households', { name: 'Elm Street' });
    const hookUrl = `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/porchlight`;

    const errors: string[] = [];
    const context = await browser!.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies([{ name: 'pl_session', value: owner.cookie('pl_session')!, url: base }]);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${base}/alerts`);
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByText('No webhooks yet.').waitFor();
    await section.getByRole('button', { name: 'Add webhook' }).click();
    await section.getByRole('alert').filter({ hasText: 'Enter webhook url' }).waitFor();
    await section.getByLabel('Webhook URL').fill(hookUrl);
    await section.getByLabel('Description (optional)').fill('Node-RED');
    await section.getByRole('button', { name: 'Add webhook' }).click();
    const secretField = section.getByLabel(`Signing secret for ${hookUrl}`);
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    assert.match(secret, /^whsec_/);
    await section
      .getByRole('row', { name: /Node-RED/ })
      .getByText('Not used yet')
      .waitFor();

    await section.getByRole('button', { name: `Send test to ${hookUrl}` }).click();
    await section.getByRole('status').filter({ hasText: 'A test message is on its way' }).waitFor();
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(received.length, 1);
    const { headers, body } = received[0]!;
    const mac = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
      .digest('base64');
    assert.equal(headers['webhook-signature'], `v1,${mac}`);
    assert.equal((JSON.parse(body) as { type: string }).type, 'webhook.test');

    await t.runtime.webhooks!.idle();
    await page.reload();
    await section
      .getByRole('row', { name: /Node-RED/ })
      .getByText('Delivered')
      .waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  },
);
