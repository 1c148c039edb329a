import fs from 'node:fs';
import { Counter, Gauge, type Registry } from 'prom-client';
import { openMqttConnection } from '../adapters/mqtt-connection.js';
import type { Bus } from '../ports/bus.js';
import type { MqttConnection, MqttStatus } from '../ports/mqtt.js';
import { MqttBridge, type AlertPictures, type CameraDirectory, type RingsAndAlerts } from './mqtt-bridge.js';
import { availabilityTopic, type MqttPrefixes } from './mqtt-topics.js';

/** Settings of the MQTT integration, from configuration. */
export interface MqttSettings {
  url: string | undefined;
  /** PEM file of the CA for an mqtts:// broker. */
  caFile?: string | undefined;
  prefixes: MqttPrefixes;
  discovery: boolean;
  requireRingToken: boolean;
  version: string;
  /** Rings of one camera closer together than this are one press (default 1 s; tests set 0). */
  ringDebounceMs?: number;
  /** Tests shorten the reconnect backoff. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Where the integration reports, once the app's logger exists. */
export interface MqttLog {
  info(detail: Record<string, unknown>, message: string): void;
  warn(detail: Record<string, unknown>, message: string): void;
  error(detail: Record<string, unknown>, message: string): void;
}

/**
 * The MQTT integration as the process holds it: off when no broker URL is configured; otherwise a connection
 * that never blocks start-up (it connects in the background) and the bridge between it and the alerts domain.
 */
export class MqttIntegration {
  private connection: MqttConnection | undefined;
  private bridge: MqttBridge | undefined;
  private rings: Counter<'result'> | undefined;

  constructor(
    private readonly settings: MqttSettings,
    private readonly deps: {
      alerts: RingsAndAlerts;
      cameras: CameraDirectory;
      pictures: AlertPictures;
      bus: Bus;
    },
  ) {}

  /** Whether a broker is configured. */
  get enabled(): boolean {
    return this.settings.url !== undefined;
  }

  /** The connection's state (`disabled` when no broker is configured). */
  status(): MqttStatus {
    return (
      this.connection?.status() ?? {
        state: 'disabled',
        broker: null,
        since: new Date().toISOString(),
        lastError: null,
        connects: 0,
      }
    );
  }

  /** `porchlight_mqtt_connected` and `porchlight_mqtt_rings_total{result}`. */
  registerMetrics(registry: Registry): void {
    const enabled = this.enabled;
    const status = () => this.status();
    new Gauge({
      name: 'porchlight_mqtt_connected',
      help: 'Whether the hub is connected to its MQTT broker (1) or not (0); no sample when MQTT is off.',
      registers: [registry],
      // Read the state when scraped rather than tracking every change.
      collect() {
        if (enabled) this.set(status().state === 'connected' ? 1 : 0);
      },
    });
    this.rings = new Counter({
      name: 'porchlight_mqtt_rings_total',
      help: 'Doorbell rings received over MQTT, by result: accepted, refused (device token), unknown-camera, debounced.',
      labelNames: ['result'],
      registers: [registry],
    });
  }

  /** Connect (in the background) and start bridging; a no-op when MQTT is off. */
  start(log: MqttLog): void {
    const url = this.settings.url;
    if (!url || this.connection) return;
    const prefixes = this.settings.prefixes;
    let ca: Buffer | undefined;
    try {
      ca = this.settings.caFile ? fs.readFileSync(this.settings.caFile) : undefined;
    } catch (e) {
      log.error({ err: e, file: this.settings.caFile }, 'MQTT: the CA file cannot be read; MQTT stays off');
      return;
    }
    this.connection = openMqttConnection({
      url,
      ...(ca ? { ca } : {}),
      availabilityTopic: availabilityTopic(prefixes),
      ...(this.settings.minBackoffMs !== undefined ? { minBackoffMs: this.settings.minBackoffMs } : {}),
      ...(this.settings.maxBackoffMs !== undefined ? { maxBackoffMs: this.settings.maxBackoffMs } : {}),
      onStateChange: (s) => {
        const detail = { broker: s.broker, state: s.state, error: s.lastError };
        if (s.state === 'connected') log.info(detail, 'MQTT connected');
        else log.warn(detail, 'MQTT not connected; retrying with backoff');
      },
    });
    this.bridge = new MqttBridge(
      this.connection,
      this.deps.alerts,
      this.deps.cameras,
      this.deps.pictures,
      this.deps.bus,
      {
        prefixes,
        discovery: this.settings.discovery,
        version: this.settings.version,
        requireRingToken: this.settings.requireRingToken,
        ringDebounceMs: this.settings.ringDebounceMs ?? 1000,
        onRing: (result) => this.rings?.inc({ result }),
        onError: (e, what) => log.error({ err: e }, `MQTT: ${what} failed`),
        onWarn: (message, detail) => log.warn(detail, message),
      },
    );
    this.bridge.start();
  }

  /** Say offline, disconnect and stop. */
  async close(): Promise<void> {
    this.bridge?.stop();
    await this.connection?.close();
  }
}

/** The hub's cameras for discovery, from the cameras service (no access checks: the broker is the operator's). */
export function cameraDirectory(cameras: {
  allCameras(): Promise<{ id: string; name: string }[]>;
  specOf(id: string): Promise<{ id: string; name: string } | undefined>;
}): CameraDirectory {
  return {
    all: async () => (await cameras.allCameras()).map((c) => ({ id: c.id, name: c.name })),
    get: async (id) => {
      const c = await cameras.specOf(id);
      return c ? { id: c.id, name: c.name } : undefined;
    },
  };
}

/** Alert pictures from the recording pipeline: the newest frame, and a motion event's stored snapshot. */
export function recordingPictures(
  recording: {
    latestJpeg(cameraId: string): { jpeg: Buffer } | null;
    status(cameraId: string): { state: string } | undefined;
  },
  findSnapshotKey: (eventId: string) => Promise<string | null>,
  blobs: { get(key: string): Promise<AsyncIterable<unknown>> },
): AlertPictures {
  return {
    latest: (cameraId) => recording.latestJpeg(cameraId)?.jpeg ?? null,
    online: (cameraId) => {
      const s = recording.status(cameraId);
      return s ? s.state === 'online' : undefined;
    },
    eventSnapshot: async (eventId) => {
      const key = await findSnapshotKey(eventId);
      if (!key) return null;
      const chunks: Buffer[] = [];
      for await (const c of await blobs.get(key)) chunks.push(Buffer.from(c as Uint8Array));
      return Buffer.concat(chunks);
    },
  };
}
