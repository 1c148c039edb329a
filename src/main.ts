import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { AccountsRepository } from './accounts/accounts.repository.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { AccountsService } from './accounts/accounts.service.js';
import { argon2Hasher, type PasswordHasher } from './accounts/password.js';
import { openDatabase } from './adapters/database.js';
import { InProcessBus } from './adapters/in-process-bus.js';
import { inProcessCommunityLink } from './adapters/in-process-community-link.js';
import { loadOrCreateKey } from './adapters/keys.js';
import { LocalBlobStore } from './adapters/local-blob-store.js';
import { communityRoutes } from './community/community.routes.js';
import { LinkedHubsRepository } from './community/linked-hubs.repository.js';
import { LinkedHubsService } from './community/linked-hubs.service.js';
import type { Config } from './config/config.js';
import { migrateToLatest, type MigrationSet } from './db/migrate.js';
import { householdsRoutes } from './households/households.routes.js';
import { CamerasRepository } from './cameras/cameras.repository.js';
import { camerasRoutes } from './cameras/cameras.routes.js';
import { CamerasService } from './cameras/cameras.service.js';
import { idleRunner } from './cameras/camera-runner.js';
import { HouseholdsRepository } from './households/households.repository.js';
import { HouseholdsService } from './households/households.service.js';
import { buildApp, type App, type RouteModule } from './http/app.js';
import { Scheduler } from './jobs/scheduler.js';
import { missingSystemPrograms } from './adapters/system-deps.js';
import { DemoCameraService } from './demo/demo.service.js';
import { demoRoutes } from './demo/demo.routes.js';
import { RtspRelay } from './adapters/rtsp-relay.js';
import type { RouteEntry } from './http/access.js';
import type { BlobStore } from './ports/blob-store.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { CommunityLink } from './ports/community-link.js';
import type { Database } from './ports/database.js';
import { AppError } from './shared/errors.js';
import { SecretBox } from './shared/secret-box.js';
import { defaultLogOrigin, loadOrCreateLogKey } from './transparency/log-key.js';
import { TransparencyRepository } from './transparency/transparency.repository.js';
import { transparencyRoutes } from './transparency/transparency.routes.js';
import { TransparencyService } from './transparency/transparency.service.js';
import { PublicRecordRepository } from './public-record/public-record.repository.js';
import { publicRecordRoutes } from './public-record/public-record.routes.js';
import { PublicRecordService } from './public-record/public-record.service.js';
import { RegistriesRepository } from './registries/registries.repository.js';
import { registriesRoutes } from './registries/registries.routes.js';
import { RegistriesService } from './registries/registries.service.js';
import { OversightRepository } from './registries/oversight.repository.js';
import { oversightRoutes } from './registries/oversight.routes.js';
import { OversightRegistersService } from './registries/oversight.service.js';
import { AlertSockets } from './alerts/alert-sockets.js';
import { AlertsRepository } from './alerts/alerts.repository.js';
import { alertsRoutes } from './alerts/alerts.routes.js';
import { AlertsService } from './alerts/alerts.service.js';
import { loadOrCreateVapidKeys, WebPushSender } from './alerts/web-push-sender.js';
import { HttpWebhookSender } from './webhooks/webhook-sender.js';
import { WebhooksRepository } from './webhooks/webhooks.repository.js';
import { webhooksRoutes } from './webhooks/webhooks.routes.js';
import { DEFAULT_WEBHOOK_RETRIES, WebhooksService } from './webhooks/webhooks.service.js';
import {
  cameraDirectory,
  MqttIntegration,
  recordingPictures,
  type MqttSettings,
} from './alerts/mqtt-integration.js';
import type { Bus } from './ports/bus.js';
import { ChildProcessRunner } from './adapters/child-process-runner.js';
import { FfmpegMedia } from './recording/ffmpeg-media.js';
import { LocalRecordingFiles } from './recording/recording-files.adapter.js';
import type { Logger } from './recording/recording.ports.js';
import { RecordingRepository } from './recording/recording.repository.js';
import { coverageRoutes, footageRoutes, recordingRoutes } from './recording/recording.routes.js';
import { CoverageService } from './recording/coverage.service.js';
import { FootageService } from './recording/footage.service.js';
import {
  DEFAULT_RECORDING_OPTIONS,
  RecordingService,
  type RecordingOptions,
} from './recording/recording.service.js';
import { RetentionService } from './recording/retention.service.js';

/** Everything a running process holds: adapters, services and the web app. */
export interface Runtime {
  config: Config;
  database: Database;
  blobs: BlobStore;
  accounts: AccountsService;
  households: HouseholdsService | undefined;
  cameras: CamerasService | undefined;
  linkedHubs: LinkedHubsService | undefined;
  /** The public log (community role); other domains append through it as a PublicLog. */
  transparency: TransparencyService | undefined;
  /** Public registries of agreements, subsidies and communications (community role). */
  registries: RegistriesService | undefined;
  /** Oversight's registers of complaints, audits, violations and breaches (community role). */
  oversight: OversightRegistersService | undefined;
  /** Dashboard, annual report and open data (community role). */
  publicRecord: PublicRecordService | undefined;
  app: App & { routeTable: RouteEntry[] };
  clock: Clock;
  /** The event bus domains talk through (tests publish pipeline events on it). */
  bus: Bus;
  /** Doorbell rings, motion alerts, live connections and Web Push (hub role). */
  alerts: AlertsService | undefined;
  /** Camera ingest, motion events, segments and clips (hub role). */
  recording: RecordingService | undefined;
  /** Retention of recorded footage (hub role). */
  retention: RetentionService | undefined;
  /** Doorbell buttons, Home Assistant discovery and alerts over MQTT (hub role; off without a broker URL). */
  mqtt: MqttIntegration | undefined;
  /** Household webhooks and their deliveries (hub role). */
  webhooks: WebhooksService | undefined;
  /** Stop serving and release every adapter. */
  close(): Promise<void>;
}

/** Seams tests may replace (never the thing under test). */
export interface RuntimeOverrides {
  clock?: Clock;
  hasher?: PasswordHasher;
  pgSchema?: string;
  /** Where structured logs go (default: standard output). */
  logStream?: NodeJS.WritableStream;
  /** Recording pipeline timings (tests shorten backoff and waits). */
  recording?: Partial<Omit<RecordingOptions, 'ffmpegPath'>>;
  /** MQTT reconnect timings (tests shorten the backoff). */
  mqtt?: Pick<MqttSettings, 'minBackoffMs' | 'maxBackoffMs' | 'ringDebounceMs'>;
  /** Webhook retry delays (tests shorten them). */
  webhookRetryDelaysMs?: readonly number[];
}

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Suppression threshold for the camera map (P1): cells with fewer cameras are not shown. */
export const DEFAULT_SUPPRESSION_K = 5;

/** A hub running without a community server: linking needs one. */
const detachedLink: CommunityLink = {
  info: () =>
    Promise.reject(
      new AppError('ERR_UNAVAILABLE', 'This hub runs alone; no community server is configured.'),
    ),
  link: () =>
    Promise.reject(
      new AppError('ERR_UNAVAILABLE', 'This hub runs alone; no community server is configured.'),
    ),
  report: () => Promise.resolve(),
  unlink: () => Promise.resolve(),
};

/** Boot: configuration → adapters → migrations → the services of the roles this process runs → web app. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  const database = await openDatabase({
    url: config.databaseUrl,
    sqlitePath: path.join(config.dataDir, 'porchlight.db'),
    pgSchema: overrides.pgSchema,
  });
  try {
    const hub = config.roles.includes('hub');
    const community = config.roles.includes('community');
    const sets: MigrationSet[] = [
      'core',
      ...(hub ? (['hub'] as const) : []),
      ...(community ? (['community'] as const) : []),
    ];
    await migrateToLatest(database, sets);

    const blobs = new LocalBlobStore(path.join(config.dataDir, 'blobs'));
    const secrets = new SecretBox(loadOrCreateKey(config.dataDir, 'secret.key', 32));
    const bus = new InProcessBus();
    const accounts = new AccountsService(
      new AccountsRepository(database.db),
      overrides.hasher ?? argon2Hasher,
      secrets,
      clock,
      bus,
      {
        sessionTtlHours: config.sessionTtlHours,
        signinMaxFailures: config.signinMaxFailures,
        signinLockoutMinutes: config.signinLockoutMinutes,
        defaultSignupMode: config.signupMode,
      },
    );
    // Links in invitations and resets point at the configured public URL, else at the address the admin used.
    const linkBase = (req: { protocol: string; host: string }) =>
      config.publicUrl ?? `${req.protocol}://${req.host}`;
    const routes: RouteModule[] = [accountsRoutes(accounts, linkBase, config.signinRateLimit)];

    let linkedHubs: LinkedHubsService | undefined;
    let transparency: TransparencyService | undefined;
    let registries: RegistriesService | undefined;
    let oversight: OversightRegistersService | undefined;
    let publicRecord: PublicRecordService | undefined;
    let logPublicRecordError = (e: unknown) => console.error('public record:', e);
    // The app (and its logger) is built after the services; until then a scheduler error goes to stderr.
    let logError = (e: unknown) => console.error('public log:', e);
    if (community) {
      linkedHubs = new LinkedHubsService(new LinkedHubsRepository(database.db), clock, bus, {
        cellResolution: config.cellResolution,
        suppressionK: DEFAULT_SUPPRESSION_K,
      });
      routes.push(communityRoutes(linkedHubs));
      // The key's name is the log's origin, fixed when the key was made.
      const logKey = loadOrCreateLogKey(config.dataDir, config.logOrigin, defaultLogOrigin(config.publicUrl));
      transparency = new TransparencyService(
        new TransparencyRepository(database.db),
        logKey,
        clock,
        bus,
        { origin: logKey.name },
        (e) => logError(e),
      );
      routes.push(transparencyRoutes(transparency));
      registries = new RegistriesService(new RegistriesRepository(database.db), transparency, clock, {
        cellResolution: config.cellResolution,
        suppressionK: DEFAULT_SUPPRESSION_K,
        operatorName: config.operatorName,
      });
      routes.push(registriesRoutes(registries));
      oversight = new OversightRegistersService(new OversightRepository(database.db), transparency, clock);
      routes.push(oversightRoutes(oversight));
      publicRecord = new PublicRecordService(
        new PublicRecordRepository(database.db),
        transparency,
        registries,
        oversight,
        linkedHubs,
        clock,
        bus,
        {
          cellResolution: config.cellResolution,
          mapTileUrl: config.mapTileUrl,
          mapTileAttribution: config.mapTileAttribution,
        },
        (e) => logPublicRecordError(e),
      );
      routes.push(publicRecordRoutes(publicRecord));
    }
    let households: HouseholdsService | undefined;
    let cameras: CamerasService | undefined;
    let recording: RecordingService | undefined;
    let retention: RetentionService | undefined;
    // The app (and its logger) is built after the services; the recording pipeline logs through it once it exists.
    let recordingTarget: Logger | undefined = undefined;
    const recordingLog: Logger = {
      debug: (o, m) => recordingTarget?.debug(o, m),
      info: (o, m) => recordingTarget?.info(o, m),
      warn: (o, m) => recordingTarget?.warn(o, m),
      error: (o, m) => (recordingTarget ? recordingTarget.error(o, m) : console.error('recording:', m, o)),
    };
    let demo: DemoCameraService | undefined;
    let alerts: AlertsService | undefined;
    let alertSockets: AlertSockets | undefined;
    let mqtt: MqttIntegration | undefined;
    let webhooks: WebhooksService | undefined;
    let logAlertError = (e: unknown, what: string) => console.error(`alerts: ${what}:`, e);
    if (hub) {
      const local = linkedHubs;
      households = new HouseholdsService(
        new HouseholdsRepository(database.db),
        accounts,
        local ? inProcessCommunityLink(local) : detachedLink,
        clock,
        bus,
        // With the community in this process, the local hub's households link themselves.
        {
          ...(local ? { autoLinkCode: async () => (await local.createInvitation('local-hub')).code } : {}),
          timeZone: config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        },
      );
      routes.push(householdsRoutes(households, accounts, linkBase, config.signinRateLimit));
      cameras = new CamerasService(
        new CamerasRepository(database.db),
        households,
        secrets,
        clock,
        bus,
        {
          fileRoot: config.fileCamerasDir,
          maxPerHousehold: config.maxCamerasPerHousehold,
          maxPerHub: config.maxCameras,
        },
        idleRunner,
      );
      routes.push(camerasRoutes(cameras, config.signinRateLimit));

      // Recording: ffmpeg writes segments straight into the local blob store's folder.
      const blobRoot = path.join(config.dataDir, 'blobs');
      const processes = new ChildProcessRunner();
      const recordingFiles = new LocalRecordingFiles(blobRoot);
      const recordingRepo = new RecordingRepository(database.db);
      // One set of media tools (ffmpeg, ffprobe, a temp folder) for recording and playback of continuous footage.
      const media = new FfmpegMedia(processes, {
        ffmpegPath: config.ffmpegPath,
        ffprobePath: config.ffprobePath,
        tempDir: path.join(config.dataDir, 'tmp'),
      });
      recording = new RecordingService(
        {
          repo: recordingRepo,
          blobs,
          files: recordingFiles,
          media,
          runner: processes,
          cameras,
          clock,
          bus,
          log: recordingLog,
        },
        {
          ...DEFAULT_RECORDING_OPTIONS,
          segmentSeconds: config.segmentSeconds,
          ...overrides.recording,
          ffmpegPath: config.ffmpegPath,
        },
      );
      cameras.useRunner(recording);
      const running = recording;
      retention = new RetentionService(
        recordingRepo,
        blobs,
        recordingFiles,
        {
          runningCameras: () => running.runningCameras(),
          heldWindows: (id) => running.heldWindows(id),
        },
        clock,
        bus,
        recordingLog,
        {
          continuousDays: config.retentionContinuousDays,
          eventDays: config.retentionEventDays,
          minFreeBytes: config.minFreeDiskMb * 1024 * 1024,
        },
      );
      const purger = retention;
      // A removed camera's footage goes at once, not when it ages out (answered before DELETE returns).
      bus.subscribe('camera.removed', async (e) => {
        await purger.purgeCamera(e.cameraId);
      });
      routes.push(recordingRoutes(recording));
      routes.push(coverageRoutes(new CoverageService(recordingRepo, cameras, clock)));
      routes.push(
        footageRoutes(
          new FootageService({
            repo: recordingRepo,
            cameras,
            files: recordingFiles,
            media,
            timeoutSeconds: config.segmentSeconds + 10,
          }),
        ),
      );
      demo = new DemoCameraService(new RtspRelay(), processes, cameras, households, {
        port: config.demoRtspPort,
        ffmpegPath: config.ffmpegPath,
        onError: (e) => recordingLog.error({ err: e }, 'demo camera scene keeps failing'),
      });
      routes.push(demoRoutes(demo));

      const accountsForSockets = accounts;
      alertSockets = new AlertSockets({
        pingIntervalMs: 30_000,
        sessionUser: async (token) => (await accountsForSockets.resolveSession(token))?.user.id ?? null,
        onError: (e) => logAlertError(e, 're-checking an alert connection'),
      });
      const socketsForSessions = alertSockets;
      bus.subscribe('sessions.ended', (e) => void socketsForSessions.sessionsEnded(e));
      alerts = new AlertsService(
        new AlertsRepository(database.db),
        cameras,
        households,
        bus,
        clock,
        new WebPushSender(loadOrCreateVapidKeys(config.dataDir), vapidSubject(config), {
          allowLoopback: config.pushAllowLoopback,
        }),
        alertSockets,
        {
          timeZone: config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
          allowLoopbackPush: config.pushAllowLoopback,
          onError: (e, what) => logAlertError(e, what),
        },
      );
      webhooks = new WebhooksService(
        new WebhooksRepository(database.db),
        households,
        secrets,
        clock,
        new HttpWebhookSender({
          allowLocal: config.webhookAllowLocal,
          allowLoopback: config.webhookAllowLoopback,
        }),
        {
          allowLocal: config.webhookAllowLocal,
          allowLoopback: config.webhookAllowLoopback,
          retryDelaysMs: overrides.webhookRetryDelaysMs ?? DEFAULT_WEBHOOK_RETRIES,
          publicUrl: config.publicUrl,
          onError: (e, what) => logAlertError(e, what),
        },
      );
      alerts.addSink(webhooks);
      routes.push(webhooksRoutes(webhooks));
      const pipeline = recording;
      mqtt = new MqttIntegration(
        {
          url: config.mqttUrl,
          caFile: config.mqttCaFile,
          prefixes: { topic: config.mqttTopicPrefix, discovery: config.mqttDiscoveryPrefix },
          discovery: config.mqttDiscovery,
          requireRingToken: config.mqttRingRequireToken,
          version: packageVersion(),
          ...overrides.mqtt,
        },
        {
          alerts,
          cameras: cameraDirectory(cameras),
          pictures: recordingPictures(
            pipeline,
            async (id) => (await recordingRepo.findEvent(id))?.snapshot_key ?? null,
            blobs,
          ),
          bus,
        },
      );
      routes.push(
        alertsRoutes(alerts, alertSockets, {
          rateLimit: config.signinRateLimit,
          publicUrl: config.publicUrl,
        }),
      );
    }

    let closing = false;
    const app = await buildApp({
      accounts,
      routes,
      logLevel: config.logLevel,
      logStream: overrides.logStream,
      trustProxy: config.trustProxy,
      now: () => clock.now(),
      webDir: config.webDir ?? path.join(PACKAGE_ROOT, 'web', 'dist'),
      metrics: config.metrics,
      ...(mqtt?.enabled
        ? {
            registerMetrics: (registry) => mqtt.registerMetrics(registry),
            readyDetail: () => {
              const s = mqtt.status();
              // The state only: the broker's address and errors go to the logs, not to anonymous callers.
              return { mqtt: { state: s.state, since: s.since, connects: s.connects } };
            },
          }
        : {}),
      ready: async () => {
        if (closing) return false;
        await sql`select 1`.execute(database.db);
        return true;
      },
    });

    logError = (e) => app.log.error({ err: e }, 'public log: signing a checkpoint failed');
    transparency?.start();
    logPublicRecordError = (e) =>
      app.log.error({ err: e }, 'public record: folding the log into tallies failed');
    publicRecord?.start();
    logAlertError = (e, what) => app.log.error({ err: e }, `alerts: ${what} failed`);
    alerts?.start();
    mqtt?.start(app.log.child({ module: 'mqtt' }));
    webhooks?.start();
    const jobs = new Scheduler((job, e) => app.log.error({ err: e, job }, 'background job failed'));
    jobs.add({
      name: 'purge-expired-sessions',
      everyMs: 3600_000,
      run: () => accounts.purgeExpiredSessions(),
    });
    recordingTarget = app.log.child({ module: 'recording' });
    if (retention) {
      const r = retention;
      jobs.add({ name: 'recording-retention', everyMs: 60_000, run: () => r.run() });
    }
    // The demo scene publishes before cameras start, so a saved demo camera connects on its first try.
    await demo
      ?.resume()
      .catch((e: unknown) => app.log.error({ err: e }, 'starting the demo camera scene failed'));
    // Cameras start once the web app exists; a camera that cannot start must not stop the hub from booting.
    await recording?.startAll().catch((e: unknown) => app.log.error({ err: e }, 'starting cameras failed'));

    return {
      config,
      database,
      blobs,
      accounts,
      households,
      cameras,
      linkedHubs,
      transparency,
      registries,
      oversight,
      publicRecord,
      app,
      clock,
      bus,
      alerts,
      recording,
      retention,
      mqtt,
      webhooks,
      async close() {
        closing = true;
        await jobs.stop();
        await app.close();
        // Every ffmpeg stops (finishing its segment) and waiting clips are built before the database closes.
        await recording?.close();
        await demo?.stop();
        await mqtt?.close();
        await alerts?.stop();
        await webhooks?.stop();
        alertSockets?.close();
        await publicRecord?.stop();
        await transparency?.stop();
        await bus.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** Porchlight's version from package.json (shown on Home Assistant's device page). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The VAPID contact push services see: configured, else the public URL when https, else a placeholder. */
function vapidSubject(config: Config): string {
  if (config.vapidSubject) return config.vapidSubject;
  if (config.publicUrl?.startsWith('https://')) return config.publicUrl;
  return 'mailto:porchlight@localhost';
}

/** Run the server until SIGINT/SIGTERM, then shut down gracefully (in-flight requests finish). */
export async function serve(config: Config): Promise<Runtime> {
  const runtime = await createRuntime(config);
  const missing = config.roles.includes('hub') ? missingSystemPrograms(config) : [];
  if (missing.length) {
    // Accounts and households work without them; say plainly what does not and how to fix it.
    const text = `Missing system programs: ${missing.join(', ')}. Install them with: sudo scripts/install-system-deps.sh`;
    runtime.app.log.warn({ missing }, text);
    console.error(`porchlight: ${text}`);
  }
  await runtime.app.listen({ port: config.port, host: config.host });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    runtime.close().then(
      () => process.exit(0),
      (e: unknown) => {
        runtime.app.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return runtime;
}
