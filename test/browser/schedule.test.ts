// The household's weekly schedule and the timeline's continuous-recording band in a real browser against the real
// server: the owner writes an overnight-capable weekly rule in the editor, sees a refused field marked beside it,
// saves, reloads and finds the rule kept and the "Now:" line from the server; a camera with stored segments shows
// its coverage band, whose periods are listed in words, and a click on the band says what it can play.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium, requireWebBuild, shoot, WEB_DIR } from '../support/browser.js';
import os from 'node:os';
import { cutSegments, FOOTAGE } from '../recording/helpers.js';
import { setupAdmin } from '../support/factories.js';
import { PASSWORD, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';

const DAY = 24 * 3600_000;

let rt: TestRuntime | undefined;
let browser: Browser | undefined;
let api: ApiClient;
let base = '';
let householdId = '';
let cameraId = '';

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (ms: number) => `${pad(new Date(ms).getUTCHours())}:${pad(new Date(ms).getUTCMinutes())}`;

before(async () => {
  requireWebBuild();
  requireChromium();
  rt = await startTestRuntime('sqlite', {
    config: { webDir: WEB_DIR, signinRateLimit: 1000, timeZone: 'UTC' },
  });
  await rt.runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = rt.runtime.app.server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  api = await setupAdmin(rt);
  const h = await api.post<{ id: string }>('/api/v1/households', { name: 'Elm Street' });
  assert.equal(h.status, 201);
  householdId = h.body.id;
  const cam = await api.post<{ camera: { id: string } }>(`/api/v1/households/${householdId}/cameras`, {
    name: 'Front door',
    mainUrl: 'rtsp://192.0.2.10:554/stream1',
    enabled: false,
  });
  assert.equal(cam.status, 201, JSON.stringify(cam.body));
  cameraId = cam.body.camera.id;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await rt?.close();
});

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function signIn(page: Page, email = 'admin@example.test'): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await heading(page, 'Sign in');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, /Hello/);
}

test(
  'schedule: the owner writes a weekly rule, sees a refused field marked, saves and finds it after a reload',
  {
    timeout: 90_000,
  },
  async () => {
    const errors: string[] = [];
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cameras' }).click();
    await heading(page, 'Cameras');
    await page.getByRole('link', { name: 'Edit the weekly schedule of Elm Street' }).click();
    await heading(page, 'Schedule');
    await page.getByText('No schedule: the mode stays until someone changes it.').waitFor();
    await page.getByText('UTC', { exact: true }).first().waitFor();

    // A rule every day from two hours ago until two hours from now (past midnight when the clock says so).
    const now = Date.now();
    const from = hhmm(now - 2 * 3600_000);
    const to = hhmm(now + 2 * 3600_000);
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const rule = page.getByRole('group', { name: 'Rule 1' });
    await rule.waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Rule 1',
      'focus moves to the new rule',
    );
    await rule.getByRole('button', { name: 'Every day for rule 1' }).click();
    assert.equal(await rule.getByRole('checkbox', { name: 'Sunday' }).isChecked(), true);
    await rule.getByLabel('From').fill(from);
    await rule.getByLabel('Until').fill('');
    await rule.getByLabel('Mode').selectOption('away');
    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByRole('radio', { name: 'Home' }).check();

    // The server refuses the empty end time; the error sits by the field, which gets the focus.
    await page.getByRole('button', { name: 'Save the schedule' }).click();
    await rule.getByText('Enter an end time (00:00 means midnight).').waitFor();
    assert.equal(await rule.getByLabel('Until').getAttribute('aria-invalid'), 'true');
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      await rule.getByLabel('Until').getAttribute('id'),
    );
    await page.getByText('The schedule was not saved: see the marked fields.').waitFor();

    await rule.getByLabel('Until').fill(to);
    await page.getByRole('button', { name: 'Save the schedule' }).click();
    await page.getByText('Schedule saved.').waitFor();
    await shoot(page, 'schedule-editor');

    // After a reload the rule is there, and the server says what is in force now and what comes next.
    await page.reload();
    await heading(page, 'Schedule');
    const kept = page.getByRole('group', { name: 'Rule 1' });
    await kept.waitFor();
    assert.equal(await kept.getByLabel('From').inputValue(), from);
    assert.equal(await kept.getByLabel('Until').inputValue(), to);
    assert.equal(await kept.getByLabel('Mode').inputValue(), 'away');
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
      assert.equal(await kept.getByRole('checkbox', { name: day }).isChecked(), true, day);
    assert.equal(await page.getByRole('radio', { name: 'Home' }).isChecked(), true);
    const nowLine = page.locator('.schedule-now');
    await nowLine.getByText('Now: Away').waitFor();
    await nowLine.getByText('by the schedule', { exact: false }).waitFor();
    await nowLine.getByText(/Next change: Home at/).waitFor();
    const stored = await api.get<{ schedule: unknown[]; timeZone: string }>(
      `/api/v1/households/${householdId}`,
    );
    assert.deepEqual(stored.body.schedule, [{ days: [0, 1, 2, 3, 4, 5, 6], from, to, mode: 'away' }]);
    assert.equal(stored.body.timeZone, 'UTC');

    // The cameras page says the schedule is in force.
    await page.getByRole('link', { name: 'All cameras' }).click();
    await heading(page, 'Cameras');
    await page.getByText(/Now Away by the schedule/).waitFor();
    assert.deepEqual(errors, []);
    await context.close();

    // A member who may not manage cameras reads the schedule but gets no editor.
    const inv = await api.post<{ token: string }>(`/api/v1/households/${householdId}/invitations`, {
      email: 'viewer@example.test',
      capabilities: ['view_live'],
    });
    assert.equal(inv.status, 201);
    const accepted = await rt!.client().post('/api/v1/household-invitations/accept', {
      token: inv.body.token,
      displayName: 'Viewer',
      password: PASSWORD,
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const memberContext = await browser!.newContext({
      viewport: { width: 375, height: 812 },
      timezoneId: 'UTC',
    });
    const member = await memberContext.newPage();
    member.setDefaultTimeout(15_000);
    const memberErrors: string[] = [];
    member.on('pageerror', (e) => memberErrors.push(e.message));
    await signIn(member, 'viewer@example.test');
    await member.goto(`${base}/cameras`);
    await heading(member, 'Cameras');
    await member.getByRole('link', { name: 'See the weekly schedule of Elm Street' }).click();
    await heading(member, 'Schedule');
    await member.getByRole('heading', { level: 2, name: 'Weekly schedule' }).waitFor();
    await member.getByText(`Every day ${from}–${to}`, { exact: false }).waitFor();
    await member.locator('.schedule-now').getByText('Now: Away').waitFor();
    assert.equal(await member.getByRole('button', { name: 'Save the schedule' }).count(), 0);
    assert.equal(await member.getByRole('button', { name: 'Add a rule' }).count(), 0);
    assert.deepEqual(memberErrors, []);
    await memberContext.close();
  },
);

/** Real ~10 s MPEG-TS segments of the test footage, as the pipeline writes them. */
function realSegments(count: number): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-segments-'));
  return cutSegments(dir, count * 10 + 2).slice(0, count);
}

test(
  'timeline: a camera with stored segments shows its coverage band and plays it',
  { timeout: 90_000 },
  async () => {
    assert.ok(fs.existsSync(FOOTAGE), `the test footage is missing: ${FOOTAGE}`);
    // Yesterday (UTC), so the day is complete whatever the time now: 08:00–10:00 and 14:00–14:30 in 10 s segments,
    // with a 4 ms seam between segments as ffmpeg's cut points leave; one motion event without a clip at 09:30.
    // The first seven segments (08:00–08:01:10) are real footage, so the first minute plays.
    const yesterday = new Date(Date.now() - DAY);
    const dayStart = Date.UTC(yesterday.getUTCFullYear(), yesterday.getUTCMonth(), yesterday.getUTCDate());
    const dayKey = iso(dayStart).slice(0, 10);
    const rows: { s: number; e: number }[] = [];
    for (const [a, b] of [
      [8, 10],
      [14, 14.5],
    ] as const)
      for (let t = dayStart + a * 3600_000; t < dayStart + b * 3600_000; t += 10_000)
        rows.push({ s: t + 4, e: t + 10_000 });
    const db = rt!.runtime.database.db;
    for (const [n, file] of realSegments(7).entries()) {
      const dest = path.join(rt!.dataDir, 'blobs', 'segments', cameraId, `${n}.ts`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(file, dest);
    }
    for (let i = 0; i < rows.length; i += 300)
      await db
        .insertInto('hub_recording_segments')
        .values(
          rows.slice(i, i + 300).map((r, k) => ({
            id: `seg-${i + k}`,
            camera_id: cameraId,
            started_at: iso(r.s),
            ended_at: iso(r.e),
            duration_ms: r.e - r.s,
            blob_key: `segments/${cameraId}/${i + k}.ts`,
            size_bytes: 1000,
            kept_for_event: 0,
            created_at: iso(r.e),
          })),
        )
        .execute();
    await db
      .insertInto('hub_events')
      .values({
        id: crypto.randomUUID(),
        camera_id: cameraId,
        household_id: householdId,
        kind: 'motion',
        started_at: iso(dayStart + 9.5 * 3600_000),
        ended_at: iso(dayStart + 9.5 * 3600_000 + 20_000),
        peak_area: 0.1,
        peak_at: null,
        zones: '[]',
        alerted: 0,
        snapshot_key: null,
        thumbnail_key: null,
        clip_status: 'none',
        clip_key: null,
        clip_sha256: null,
        clip_size: null,
        clip_duration_ms: null,
        created_at: iso(dayStart),
        updated_at: iso(dayStart),
      })
      .execute();

    const errors: string[] = [];
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page);
    await page.goto(`${base}/cameras/${cameraId}?day=${dayKey}`);
    await heading(page, 'Front door');
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    await page.getByText(/1 event, recorded 2 h 30 min/).waitFor();
    const bands = page.locator('.day-bar .day-cover');
    await bands.first().waitFor();
    assert.equal(await bands.count(), 2, 'two merged intervals, not 900 segments');
    const bar = await page.locator('.day-bar').boundingBox();
    const first = await bands.first().boundingBox();
    assert.ok(bar && first);
    // 08:00–10:00 of a 24-hour bar: a twelfth of its width, a third of the way in.
    assert.ok(
      Math.abs(first.x - bar.x - bar.width / 3) < 3,
      `band starts at ${first.x - bar.x} of ${bar.width}`,
    );
    assert.ok(Math.abs(first.width - bar.width / 12) < 3, `band is ${first.width} wide`);

    await page.getByText('Recorded continuously (2 periods)').click();
    // Clock times follow the browser's locale ("08:00:00" or "08:00:00 AM").
    await page.getByText(/08:00:00.* – 10:00:00.* \(2 h\)/).waitFor();

    // Playing a period plays the continuous recording from its start: a minute of real video.
    await page.getByRole('button', { name: /^Play the recording from 08:00:00/ }).click();
    await page.getByRole('heading', { level: 3, name: /^Recording from 08:00:00/ }).waitFor();
    const video = page.getByRole('region', { name: /^Recording from/ }).locator('video');
    assert.match(
      (await video.getAttribute('src')) ?? '',
      /\/footage\?from=.*T08%3A00%3A00\.000Z&seconds=60$/,
    );
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('.event-player video');
        return !!v && v.readyState >= 1 && v.duration > 40;
      },
      undefined,
      { timeout: 30_000 },
    );
    await shoot(page, 'timeline-coverage');

    // A click on covered time plays from there; the nearest event is one button away.
    await page.locator('.day-bar').click({ position: { x: (bar.width * 8.5) / 24, y: bar.height - 3 } });
    await page.getByRole('heading', { level: 3, name: /^Recording from 08:[23]\d/ }).waitFor();
    await page.getByRole('button', { name: /^Nearest event, at 09:30/ }).click();
    await page.getByRole('heading', { level: 3, name: /^Motion at 09:30/ }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  },
);
