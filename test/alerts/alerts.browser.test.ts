// The alerts page and the service worker in a real browser (Debian Chromium) against the real server: alerts
// arrive live over the WebSocket, the ring test button rings, and a pushed alert becomes a notification with the
// snapshot that opens the camera's page. The push message is handed to the service worker through the DevTools
// protocol, as the browser's push service would; the encryption on the way there is covered by alerts.test.ts.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, requireWebBuild, WEB_DIR } from '../support/browser.js';
import { setupAdmin, uniqueEmail } from '../support/factories.js';
import { PASSWORD, startTestRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime | undefined;
let browser: Browser | undefined;
let base = '';

before(async () => {
  requireWebBuild('sw.js');
  requireChromium();
  rt = await startTestRuntime('sqlite', {
    config: { webDir: WEB_DIR, signinRateLimit: 1000, timeZone: 'UTC' },
  });
  await rt.runtime.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(rt.runtime.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await rt?.close();
});

test(
  'the alerts page: live alerts, the ring test button, and pushed alerts shown by the service worker',
  {
    timeout: 120_000,
  },
  async () => {
    const t = rt!;
    await setupAdmin(t);
    const owner = t.client();
    await owner.post('/api/v1/auth/sign-up', {
      email: uniqueEmail('browser-owner'),
      password: PASSWORD,
      displayName: 'Owner',
    });
    const householdId = (await owner.post<{ id: string }>('/api/v1/households', { name: 'Elm Street' })).body
      .id;
    const camera = await owner.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
      name: 'Front door',
      mainUrl: 'rtsp://192.0.2.10:554/stream1',
      enabled: false,
      // Without a cooldown, so the motion right after the ring test alerts too.
      settings: { alerts: { cooldownSeconds: 0 } },
    });
    const cameraId = camera.body.camera.id;

    const errors: string[] = [];
    const context = await browser!.newContext({ viewport: { width: 390, height: 844 } });
    await context.grantPermissions(['notifications'], { origin: base });
    await context.addCookies([{ name: 'pl_session', value: owner.cookie('pl_session')!, url: base }]);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${base}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    const recent = page.getByRole('region', { name: /Recent alerts/ });
    await recent.getByText('Live', { exact: true }).waitFor();
    await recent.getByText('No alerts yet', { exact: false }).waitFor();

    // The ring test button rings; the alert comes back over the WebSocket without a reload.
    await page.getByRole('button', { name: 'Ring test Front door' }).click();
    await page.getByRole('status').filter({ hasText: 'Rang Front door' }).waitFor();
    await recent.getByRole('article', { name: /Doorbell\s*Front door/ }).waitFor();

    // Motion from the pipeline appears live too, and is announced.
    await t.runtime.bus.publish('motion.started', {
      eventId: crypto.randomUUID(),
      cameraId,
      householdId,
      at: new Date().toISOString(),
      zones: [],
      alert: true,
      detectedAtMs: Date.now(),
    });
    await recent.getByRole('article', { name: /Motion\s*Front door/ }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Motion: Front door' }).waitFor();

    // Enabling notifications registers the service worker; this headless browser has no push service to reach, so
    // subscribing fails, and the page says so in words.
    await page.getByRole('button', { name: 'Enable notifications on this device' }).click();
    await page.getByRole('alert').filter({ hasText: 'could not reach its push service' }).waitFor();
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${base}/`);

    // A pushed ring, delivered to the service worker as a push service would, becomes a notification.
    const cdp = await context.newCDPSession(page);
    const registrationId = await new Promise<string>((resolve) => {
      cdp.on(
        'ServiceWorker.workerRegistrationUpdated',
        (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
          const reg = e.registrations.find((r) => r.scopeURL === `${base}/`);
          if (reg) resolve(reg.registrationId);
        },
      );
      void cdp.send('ServiceWorker.enable');
    });
    const ring = {
      id: crypto.randomUUID(),
      kind: 'ring',
      priority: 'high',
      cameraId,
      cameraName: 'Front door',
      householdId,
      at: new Date().toISOString(),
      snapshotUrl: `/api/v1/cameras/${cameraId}/live.jpg`,
      eventId: null,
      title: 'Someone is at the door',
      body: 'Front door',
      url: `/cameras/${cameraId}`,
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: base,
      registrationId,
      data: JSON.stringify(ring),
    });
    const shown = async () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
          // Not in TypeScript's DOM types, but Chromium exposes it.
          image: (n as Notification & { image?: string }).image,
          requireInteraction: n.requireInteraction,
          data: n.data as unknown,
        })),
      );
    let notes = await shown();
    for (let i = 0; i < 100 && notes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      notes = await shown();
    }
    assert.deepEqual(notes, [
      {
        title: 'Someone is at the door',
        body: 'Front door',
        tag: `ring-${cameraId}`,
        image: `${base}/api/v1/cameras/${cameraId}/live.jpg`,
        requireInteraction: true,
        data: { url: `/cameras/${cameraId}`, id: ring.id },
      },
    ]);

    // The alerts page can be narrowed to one camera.
    await page.goto(`${base}/alerts?camera=${cameraId}`);
    await page.getByText('Showing alerts from Front door.').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  },
);
