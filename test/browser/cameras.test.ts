// The camera journey in a real browser against the real server and the real recording pipeline: add a camera whose
// source is a local video file (played at real speed and looped, like a live camera), watch it live, wait until
// the pipeline has recorded a motion event with a ready clip (people walk in within the first ~20 s of the
// footage), then play that clip from the camera's timeline, see its SHA-256, and draw a motion zone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium, requireWebBuild, shoot, WEB_DIR } from '../support/browser.js';
import { setupAdmin } from '../support/factories.js';
import { PASSWORD, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';

const MEDIA_DIR = path.resolve('../shared/media');
const FOOTAGE = path.join(MEDIA_DIR, 'one-by-one-person-detection.mp4');

interface EventView {
  id: string;
  startedAt: string;
  clip: { status: string; url: string | null; sha256: string | null };
}

let rt: TestRuntime | undefined;
let browser: Browser | undefined;
let api: ApiClient;
let base = '';
let householdId = '';
/** The camera the first test adds (the second looks at it as a member). */
let cameraId = '';

before(async () => {
  requireWebBuild();
  requireChromium();
  if (!fs.existsSync(FOOTAGE)) throw new Error(`The test footage is missing: ${FOOTAGE}`);
  rt = await startTestRuntime('sqlite', {
    config: { webDir: WEB_DIR, fileCamerasDir: MEDIA_DIR, segmentSeconds: 4, signinRateLimit: 1000 },
    overrides: { recording: { backoff: { initialMs: 500, maxMs: 2000 }, clipWaitMs: 5000 } },
  });
  if (!rt.runtime.recording)
    throw new Error('The hub runs no recording pipeline (runtime.recording is unset in src/main.ts).');
  await rt.runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = rt.runtime.app.server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  api = await setupAdmin(rt);
  const h = await api.post<{ id: string }>('/api/v1/households', { name: 'Elm Street' });
  assert.equal(h.status, 201);
  householdId = h.body.id;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await rt?.close();
});

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Poll `check` until it returns a value, or fail with `what` after `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test(
  'cameras: add a file camera, watch it live, play a motion clip from the timeline, draw a zone',
  { timeout: 150_000 },
  async () => {
    const errors: string[] = [];
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));

    // Sign in and open Cameras from the main navigation.
    await page.goto(`${base}/sign-in`);
    await heading(page, 'Sign in');
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill('admin@example.test');
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, /Hello/);
    const openapiRead = page.waitForResponse((r) => r.url().endsWith('/api/v1/openapi.json'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cameras' }).click();
    await heading(page, 'Cameras');

    // The empty state offers "Add camera", and the demo camera exactly when the server has that route.
    await page.getByRole('heading', { name: 'No cameras yet' }).waitFor();
    const openapi = await api.get<{ paths: Record<string, unknown> }>('/api/v1/openapi.json');
    const hasDemo = '/api/v1/households/{id}/cameras/demo' in openapi.body.paths;
    const demoButton = page.getByRole('button', { name: 'Add a demo camera' });
    if (hasDemo) await demoButton.waitFor();
    else {
      await openapiRead;
      await page.getByRole('button', { name: 'Home' }).waitFor();
      assert.equal(await demoButton.count(), 0);
    }
    await shoot(page, 'cameras-empty', { dark: true });

    // Add the camera, testing its URL first.
    await page.getByRole('link', { name: 'Add camera' }).click();
    await heading(page, 'Add a camera');
    const form = page.getByRole('form', { name: 'Add a camera' });
    await form.getByLabel('Name').fill('Front door');
    await form.getByLabel('Main stream URL').fill(FOOTAGE);
    await form.getByRole('button', { name: 'Test connection of main stream url' }).click();
    await form.getByText(/Connected\. Video [A-Z0-9]+, \d+ × \d+\./).waitFor({ timeout: 30_000 });
    await form.getByLabel('Seconds after motion (post-roll)').fill('2');
    await shoot(page, 'camera-add', { dark: true });
    await form.getByRole('button', { name: 'Add camera' }).click();
    await page.getByRole('heading', { level: 2, name: 'Front door was added' }).waitFor();
    const token = await page.getByLabel('Device token').inputValue();
    assert.match(token, /^[A-Za-z0-9_-]{16,}$/);
    const curl = await page.getByLabel('Ring from a command line').inputValue();
    assert.match(curl, new RegExp(`Authorization: Bearer ${token}".*/api/v1/cameras/[0-9a-f-]{36}/ring$`));
    await shoot(page, 'camera-added', { dark: true });

    const cams = await api.get<{ cameras: { id: string }[] }>(`/api/v1/households/${householdId}/cameras`);
    cameraId = cams.body.cameras[0]!.id;

    // The grid shows it live: a picture whose alt names the camera and the time, and its status in words.
    await page.getByRole('link', { name: 'All cameras' }).click();
    await heading(page, 'Cameras');
    const tile = page.getByRole('listitem', { name: 'Front door' });
    await tile.getByRole('img', { name: /^Live picture from Front door at / }).waitFor({ timeout: 30_000 });
    await tile.getByText('Online').waitFor({ timeout: 30_000 });
    await tile.getByRole('button', { name: 'Ring test Front door' }).click();
    await tile.getByText('Rang Front door').waitFor();
    await page.getByRole('button', { name: 'Away' }).click();
    await page.getByText('Elm Street is now in Away mode.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Away' }).getAttribute('aria-pressed'), 'true');
    await shoot(page, 'cameras-grid', { dark: true });

    // The pipeline records a motion event and builds its clip; poll the API for it (bounded).
    const event = await waitFor(
      'a motion event with a ready clip from the file camera',
      100_000,
      async () => {
        const r = await api.get<{ events: EventView[] }>(`/api/v1/cameras/${cameraId}/events`);
        return r.body.events.find((e) => e.clip.status === 'ready' && e.clip.sha256);
      },
    );

    // The timeline lists it; playing it streams the clip into a <video> that really plays.
    await tile.getByRole('link', { name: 'Timeline of Front door' }).click();
    await heading(page, 'Front door');
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    await page.getByRole('button', { name: 'Next day' }).waitFor();
    const mark = page
      .getByRole('group', { name: /Events on the day/ })
      .getByRole('button')
      .first();
    await mark.waitFor({ timeout: 20_000 });
    const play = page.getByRole('button', { name: /^Play clip of motion at / }).last();
    await play.waitFor({ timeout: 20_000 });
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: /Play clip/ }) })
      .first()
      .waitFor();
    // Select the event the API reported, by its mark on the bar (keyboard: focus, then Enter).
    const marks = page.getByRole('group', { name: /Events on the day/ }).getByRole('button');
    const n = await marks.count();
    let chosen = false;
    for (let i = 0; i < n && !chosen; i++) {
      await marks.nth(i).focus();
      await page.keyboard.press('Enter');
      const url = new URL(page.url());
      chosen = url.searchParams.get('event') === event.id;
    }
    if (!chosen) await play.click();
    const video = page.locator('video.clip');
    await video.waitFor();
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('video.clip');
        return !!v && v.readyState >= 2 && v.currentTime > 0;
      },
      undefined,
      { timeout: 20_000 },
    );
    const shownHash = await page.getByLabel('SHA-256 of the clip').inputValue();
    assert.match(shownHash, /^[0-9a-f]{64}$/);
    const selected = await api.get<EventView>(
      `/api/v1/events/${new URL(page.url()).searchParams.get('event')}`,
    );
    assert.equal(shownHash, selected.body.clip.sha256);
    const download = page.getByRole('link', { name: /^Download the clip/ });
    assert.equal(await download.getAttribute('href'), selected.body.clip.url);
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    await shoot(page, 'camera-timeline', { dark: true });

    // Settings: draw a three-corner motion zone on the picture, name it, save, and find it in the API.
    await page.getByRole('link', { name: 'Settings' }).click();
    await heading(page, 'Settings of Front door');
    const canvas = page.locator('.zone-canvas');
    await canvas
      .getByRole('img', { name: 'Picture from Front door to draw on' })
      .waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Add zone' }).click();
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    for (const [x, y] of [
      [0.2, 0.5],
      [0.6, 0.5],
      [0.4, 0.9],
    ] as const)
      await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    await page.getByRole('button', { name: /^Corner 3 of Zone 1/ }).waitFor();
    await page.getByLabel('Name of zone 1').fill('Path');
    await page.getByRole('checkbox', { name: 'Alerts here (Path)' }).uncheck();
    // Keyboard: move the first corner right by one step.
    await page.getByRole('button', { name: /^Corner 1 of Path/ }).focus();
    await page.keyboard.press('ArrowRight');
    await shoot(page, 'camera-settings', { dark: true });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved. The camera restarts with the change.').waitFor();
    const saved = await api.get<{
      settings: { motion: { zones: { name: string; points: [number, number][]; alert: boolean }[] } };
    }>(`/api/v1/cameras/${cameraId}`);
    const zone = saved.body.settings.motion.zones[0]!;
    assert.equal(zone.name, 'Path');
    assert.equal(zone.alert, false);
    assert.equal(zone.points.length, 3);
    assert.ok(Math.abs(zone.points[0]![0] - 0.21) < 0.02 && Math.abs(zone.points[0]![1] - 0.5) < 0.02);

    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  'cameras: a member who may only view recordings gets the timeline, but no live picture, ring or settings',
  { timeout: 60_000 },
  async () => {
    assert.ok(cameraId, 'the first test adds the camera');
    const invite = await api.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
      email: 'bea@example.org',
      capabilities: ['view_recordings'],
    });
    assert.equal(invite.status, 201);
    const accepted = await rt!.client().post('/api/v1/household-invitations/accept', {
      token: invite.body.token,
      displayName: 'Bea Member',
      password: PASSWORD,
    });
    assert.equal(accepted.status, 200);

    const errors: string[] = [];
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/sign-in`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill('bea@example.org');
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, /Hello/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cameras' }).click();
    await heading(page, 'Cameras');
    const tile = page.getByRole('listitem', { name: 'Front door' });
    await tile.getByRole('link', { name: 'Timeline of Front door' }).waitFor();
    await tile.getByText(/Online|Reconnecting|Starting/).waitFor();
    assert.equal(await tile.getByRole('img').count(), 0);
    assert.equal(await tile.getByRole('button', { name: /Ring test/ }).count(), 0);
    assert.equal(await tile.getByRole('link', { name: /Settings/ }).count(), 0);
    assert.equal(await page.getByRole('link', { name: /Add camera/ }).count(), 0);
    // The mode is shown, not offered.
    assert.equal(await page.getByRole('button', { name: 'Away' }).count(), 0);
    await page.locator('.mode-now').getByText('Away').waitFor();

    await tile.getByRole('link', { name: 'Timeline of Front door' }).click();
    await heading(page, 'Front door');
    await page.getByText('You may not watch this camera live.').waitFor();
    await page
      .getByRole('button', { name: /^Play clip of motion at / })
      .first()
      .waitFor();
    assert.equal(await page.getByRole('link', { name: 'Settings' }).count(), 0);

    await page.goto(`${base}/cameras/${cameraId}/settings`);
    await page.getByText('You may look at this camera but not change it.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save settings' }).count(), 0);

    assert.deepEqual(errors, []);
    await context.close();
  },
);
