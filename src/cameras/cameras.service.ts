import type { AccountView } from '../accounts/accounts.service.js';
import type { Capability } from '../households/households.policy.js';
import { mayUseCamera, mayView } from '../households/households.policy.js';
import type { HouseholdsService } from '../households/households.service.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import type { SecretBox } from '../shared/secret-box.js';
import { hashToken, newId, newToken, safeEqual } from '../shared/tokens.js';
import type { CameraRunner, CameraStatus, ProbeResult } from './camera-runner.js';
import { normaliseSettings, type CameraSettings, type CameraSpec } from './camera-settings.js';
import { parseStreamUrl, StreamUrlError } from './camera-url.js';
import type { CameraRow, CamerasRepository } from './cameras.repository.js';

/** A camera as the API shows it: URLs without passwords, live status from the pipeline. */
export interface CameraView {
  id: string;
  householdId: string;
  name: string;
  mainUrl: string;
  detectUrl: string | null;
  enabled: boolean;
  acceptsRequests: boolean;
  settings: CameraSettings;
  snoozeUntil: string | null;
  status: CameraStatus;
  createdAt: string;
  updatedAt: string;
}

/** Input for creating or changing a camera. */
export interface CameraInput {
  name?: string | undefined;
  mainUrl?: string | undefined;
  detectUrl?: string | null | undefined;
  enabled?: boolean | undefined;
  acceptsRequests?: boolean | undefined;
  settings?: unknown;
  snoozeUntil?: string | null | undefined;
}

/** Options from configuration. */
export interface CamerasOptions {
  /** Folder local-file camera sources must be under; undefined refuses files. */
  fileRoot: string | undefined;
  /** Most cameras one household may have. */
  maxPerHousehold?: number;
  /** Most cameras this hub records (each runs ffmpeg: about 5 % of a core). */
  maxPerHub?: number;
}

/** Cameras of a household (A1, A7): CRUD with stream URLs sealed at rest, device tokens, per-camera access. */
export class CamerasService {
  private runner: CameraRunner;

  constructor(
    private readonly repo: CamerasRepository,
    private readonly households: HouseholdsService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly options: CamerasOptions,
    runner: CameraRunner,
  ) {
    this.runner = runner;
  }

  /** Tell other domains (MQTT discovery) a camera changed; their failure never undoes the change. */
  private async changed(cameraId: string, householdId: string, change: 'added' | 'updated') {
    await this.bus.publish('camera.changed', { cameraId, householdId, change }).catch(() => undefined);
  }

  /** Every camera on this hub, without an access check: for hub-wide integrations (MQTT discovery). */
  async allCameras(): Promise<{ id: string; householdId: string; name: string; enabled: boolean }[]> {
    return (await this.repo.listAll()).map((r) => ({
      id: r.id,
      householdId: r.household_id,
      name: r.name,
      enabled: r.enabled === 1,
    }));
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Attach the recording pipeline once it exists (it needs this service to resolve cameras). */
  useRunner(runner: CameraRunner): void {
    this.runner = runner;
  }

  /** The camera, if the user may use `capability` on it; otherwise 404 (cannot see it) or 403 (may see, not do). */
  async authorize(user: AccountView, cameraId: string, capability: Capability): Promise<CameraSpec> {
    const row = await this.repo.find(cameraId);
    if (!row) throw new AppError('ERR_NOT_FOUND');
    await this.households.assertMay(user.id, row.household_id, capability, cameraId);
    return this.spec(row);
  }

  /** Cameras of a household the user may see (owners: all; members: their camera scope). */
  async list(user: AccountView, householdId: string): Promise<CameraView[]> {
    const standing = await this.households.standingOf(user.id, householdId);
    if (!mayView(standing, this.clock.now())) throw new AppError('ERR_NOT_FOUND');
    const rows = await this.repo.listByHousehold(householdId);
    return rows.filter((r) => mayUseCamera(standing!, r.id)).map((r) => this.view(r));
  }

  /** One camera the user may see. */
  async get(user: AccountView, cameraId: string): Promise<CameraView> {
    const row = await this.repo.find(cameraId);
    if (!row) throw new AppError('ERR_NOT_FOUND');
    const standing = await this.households.standingOf(user.id, row.household_id);
    if (!mayView(standing, this.clock.now()) || !mayUseCamera(standing!, cameraId))
      throw new AppError('ERR_NOT_FOUND');
    return this.view(row);
  }

  /** Add a camera; returns its device token (for the doorbell button) once. */
  async create(
    user: AccountView,
    householdId: string,
    input: CameraInput,
  ): Promise<{ camera: CameraView; deviceToken: string }> {
    const standing = await this.households.assertMay(user.id, householdId, 'manage_cameras');
    // A member limited to some cameras must not widen their own reach by adding new ones.
    if (!standing.isOwner && standing.cameraIds) throw new AppError('ERR_FORBIDDEN');
    if (!input.name || !input.mainUrl)
      throw new AppError('ERR_VALIDATION', 'A camera needs a name and a stream URL.');
    const main = this.checkUrl(input.mainUrl);
    const detect = input.detectUrl ? this.checkUrl(input.detectUrl) : null;
    const token = newToken();
    const now = this.iso();
    const row: CameraRow = {
      id: newId(),
      household_id: householdId,
      name: input.name.trim(),
      main_url_sealed: this.secrets.seal(main.input),
      main_url_display: main.display,
      detect_url_sealed: detect ? this.secrets.seal(detect.input) : null,
      detect_url_display: detect?.display ?? null,
      enabled: input.enabled === false ? 0 : 1,
      accepts_requests: input.acceptsRequests ? 1 : 0,
      device_token_hash: hashToken(token),
      settings: JSON.stringify(this.settings(input.settings)),
      snooze_until: input.snoozeUntil ?? null,
      created_at: now,
      updated_at: now,
    };
    const refused = await this.repo.insertWithinLimits(row, {
      perHousehold: this.options.maxPerHousehold ?? 16,
      perHub: this.options.maxPerHub ?? 48,
    });
    if (refused === 'household')
      throw new AppError(
        'ERR_CAMERA_LIMIT',
        `A household may have at most ${this.options.maxPerHousehold ?? 16} cameras on this hub.`,
      );
    if (refused === 'hub')
      throw new AppError(
        'ERR_CAMERA_LIMIT',
        `This hub records at most ${this.options.maxPerHub ?? 48} cameras; ask its admin.`,
      );
    if (row.enabled) await this.runner.start(this.spec(row));
    await this.households.syncCommunity(householdId).catch(() => undefined);
    await this.changed(row.id, householdId, 'added');
    return { camera: this.view(row), deviceToken: token };
  }

  /** Change a camera; the runner restarts ingest only when what ffmpeg does changes (URLs, motion, privacy). */
  async update(user: AccountView, cameraId: string, input: CameraInput): Promise<CameraView> {
    const row = await this.repo.find(cameraId);
    if (!row) throw new AppError('ERR_NOT_FOUND');
    await this.households.assertMay(user.id, row.household_id, 'manage_cameras', cameraId);
    const patch: Partial<CameraRow> = { updated_at: this.iso() };
    if (input.name !== undefined) patch.name = input.name.trim();
    if (input.mainUrl !== undefined) {
      const main = this.checkUrl(input.mainUrl);
      patch.main_url_sealed = this.secrets.seal(main.input);
      patch.main_url_display = main.display;
    }
    if (input.detectUrl !== undefined) {
      const detect = input.detectUrl ? this.checkUrl(input.detectUrl) : null;
      patch.detect_url_sealed = detect ? this.secrets.seal(detect.input) : null;
      patch.detect_url_display = detect?.display ?? null;
    }
    if (input.enabled !== undefined) patch.enabled = input.enabled ? 1 : 0;
    if (input.acceptsRequests !== undefined) patch.accepts_requests = input.acceptsRequests ? 1 : 0;
    if (input.settings !== undefined) patch.settings = JSON.stringify(this.settings(input.settings));
    if (input.snoozeUntil !== undefined) patch.snooze_until = input.snoozeUntil;
    await this.repo.update(cameraId, patch);
    const next = (await this.repo.find(cameraId))!;
    if (next.enabled) await this.runner.start(this.spec(next));
    else await this.runner.stop(cameraId);
    if (input.enabled !== undefined || input.acceptsRequests !== undefined)
      await this.households.syncCommunity(next.household_id).catch(() => undefined);
    await this.changed(cameraId, next.household_id, 'updated');
    return this.view(next);
  }

  /**
   * Remove a camera: stop its ingest, forget it, and announce it (`camera.removed`) so its footage — segments,
   * event clips, snapshots — is deleted at once rather than left to age out, and integrations drop it.
   */
  async remove(user: AccountView, cameraId: string): Promise<void> {
    const row = await this.repo.find(cameraId);
    if (!row) throw new AppError('ERR_NOT_FOUND');
    await this.households.assertMay(user.id, row.household_id, 'manage_cameras', cameraId);
    await this.runner.stop(cameraId);
    await this.repo.dropFromScopes(row.household_id, cameraId);
    await this.repo.delete(cameraId);
    await this.households.syncCommunity(row.household_id).catch(() => undefined);
    await this.bus.publish('camera.removed', { cameraId, householdId: row.household_id, at: this.iso() });
  }

  /** Issue a new device token (the old one stops working). */
  async rotateDeviceToken(user: AccountView, cameraId: string): Promise<string> {
    const row = await this.repo.find(cameraId);
    if (!row) throw new AppError('ERR_NOT_FOUND');
    await this.households.assertMay(user.id, row.household_id, 'manage_cameras', cameraId);
    const token = newToken();
    await this.repo.update(cameraId, { device_token_hash: hashToken(token), updated_at: this.iso() });
    return token;
  }

  /** The camera a device token belongs to (doorbell buttons authenticate with it); 401 otherwise. */
  async authenticateDevice(cameraId: string, token: string): Promise<CameraSpec> {
    const row = await this.repo.find(cameraId);
    if (!row || !token || !safeEqual(row.device_token_hash, hashToken(token)))
      throw new AppError('ERR_UNAUTHENTICATED');
    return this.spec(row);
  }

  /** Try a stream URL before saving it. */
  async testConnection(user: AccountView, householdId: string, url: string): Promise<ProbeResult> {
    await this.households.assertMay(user.id, householdId, 'manage_cameras');
    return this.runner.probe(this.checkUrl(url).input);
  }

  /** Specs of every enabled camera, for the pipeline at start-up. */
  async enabledSpecs(): Promise<CameraSpec[]> {
    return (await this.repo.listEnabled()).map((r) => this.spec(r));
  }

  /** A camera's spec by id, without an access check: for the pipeline and device-token paths only. */
  async specOf(cameraId: string): Promise<CameraSpec | undefined> {
    const row = await this.repo.find(cameraId);
    return row ? this.spec(row) : undefined;
  }

  private checkUrl(raw: string) {
    try {
      return parseStreamUrl(raw, this.options.fileRoot);
    } catch (e) {
      if (e instanceof StreamUrlError) throw new AppError('ERR_STREAM_URL', e.message);
      throw e;
    }
  }

  private settings(input: unknown): CameraSettings {
    try {
      return normaliseSettings(input);
    } catch (e) {
      throw new AppError('ERR_VALIDATION', (e as Error).message);
    }
  }

  private spec(row: CameraRow): CameraSpec {
    return {
      id: row.id,
      householdId: row.household_id,
      name: row.name,
      mainUrl: this.secrets.open(row.main_url_sealed),
      detectUrl: row.detect_url_sealed ? this.secrets.open(row.detect_url_sealed) : null,
      settings: normaliseSettings(JSON.parse(row.settings)),
    };
  }

  private view(row: CameraRow): CameraView {
    const disabled: CameraStatus = {
      state: 'disabled',
      lastFrameAt: null,
      lastError: null,
      since: row.updated_at,
    };
    return {
      id: row.id,
      householdId: row.household_id,
      name: row.name,
      mainUrl: row.main_url_display,
      detectUrl: row.detect_url_display,
      enabled: row.enabled === 1,
      acceptsRequests: row.accepts_requests === 1,
      settings: normaliseSettings(JSON.parse(row.settings)),
      snoozeUntil: row.snooze_until,
      status: row.enabled ? (this.runner.status(row.id) ?? { ...disabled, state: 'starting' }) : disabled,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
