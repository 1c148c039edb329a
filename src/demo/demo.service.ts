import type { AccountView } from '../accounts/accounts.service.js';
import type { CameraView, CamerasService } from '../cameras/cameras.service.js';
import type { HouseholdsService } from '../households/households.service.js';
import type { ManagedProcess, ProcessRunner } from '../ports/process-runner.js';
import { restartDelayMs } from '../recording/camera-health.js';
import { AppError } from '../shared/errors.js';
import { demoSceneArgs } from './demo-scene.js';

/** The RTSP server the demo scene is published to (the loopback relay in production). */
export interface DemoRelay {
  start(port: number): Promise<number>;
  stop(): Promise<void>;
  isPublishing(path: string): boolean;
}

const PATH = '/porchlight-demo';

/**
 * The demo camera (issue "The doorbell", 9): ffmpeg generates a synthetic doorbell scene at run time and
 * publishes it to a loopback RTSP relay; the demo camera is an ordinary camera whose URL points there, so it
 * goes through exactly the ingest path a real RTSP camera takes.
 */
export class DemoCameraService {
  private publisher: ManagedProcess | undefined;
  private port = 0;
  private starting: Promise<string> | undefined;
  private stopped = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly relay: DemoRelay,
    private readonly runner: ProcessRunner,
    private readonly cameras: CamerasService,
    private readonly households: HouseholdsService,
    private readonly options: { port: number; ffmpegPath: string; onError: (e: unknown) => void },
  ) {}

  /** The demo stream's URL once the relay listens and the scene is publishing. */
  ensureRunning(): Promise<string> {
    this.starting ??= this.boot().catch((e: unknown) => {
      this.starting = undefined;
      throw e;
    });
    return this.starting;
  }

  /** Whether a stream URL is this hub's demo stream. */
  isDemoUrl(url: string): boolean {
    return /^rtsp:\/\/127\.0\.0\.1:\d+\/porchlight-demo$/.test(url);
  }

  /** Add the demo camera to a household (manage_cameras), starting the scene if needed. */
  async addDemoCamera(
    user: AccountView,
    householdId: string,
  ): Promise<{ camera: CameraView; deviceToken: string }> {
    // Check before starting anything: nobody else's request may start processes on this hub.
    await this.households.assertMay(user.id, householdId, 'manage_cameras');
    const url = await this.ensureRunning();
    return this.cameras.create(user, householdId, { name: 'Demo camera', mainUrl: url });
  }

  /** At start-up: run the scene when a saved camera still points at it. */
  async resume(): Promise<void> {
    const specs = await this.cameras.enabledSpecs();
    if (specs.some((s) => this.isDemoUrl(s.mainUrl))) await this.ensureRunning();
  }

  private async boot(): Promise<string> {
    try {
      this.port = await this.relay.start(this.options.port);
    } catch (e) {
      throw new AppError(
        'ERR_UNAVAILABLE',
        `The demo camera's RTSP relay cannot listen on 127.0.0.1:${this.options.port} (${(e as Error).message}); set PORCHLIGHT_DEMO_RTSP_PORT.`,
      );
    }
    this.spawnScene();
    const deadline = Date.now() + 15_000;
    while (!this.relay.isPublishing(PATH)) {
      if (Date.now() > deadline)
        throw new AppError('ERR_UNAVAILABLE', 'The demo scene did not start (is ffmpeg installed?).');
      await new Promise((r) => setTimeout(r, 100));
    }
    return `rtsp://127.0.0.1:${this.port}${PATH}`;
  }

  private spawnScene(): void {
    if (this.stopped) return;
    const started = Date.now();
    const proc = this.runner.spawn(
      this.options.ffmpegPath,
      demoSceneArgs({ rtspUrl: `rtsp://127.0.0.1:${this.port}${PATH}` }),
    );
    this.publisher = proc;
    void proc.exited.then(() => {
      if (this.stopped) return;
      // A scene that ran for a while restarts at once; one that keeps dying backs off like a camera would.
      this.failures = Date.now() - started > 30_000 ? 0 : this.failures + 1;
      if (this.failures > 3)
        this.options.onError(new Error(`demo scene exited: ${proc.stderrTail().slice(-300)}`));
      this.restartTimer = setTimeout(() => this.spawnScene(), restartDelayMs(this.failures));
      this.restartTimer.unref();
    });
  }

  /** Stop the scene and the relay. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.publisher?.stop(2000);
    await this.relay.stop();
  }
}
