import type { Bus, EventMap } from '../ports/bus.js';
import type { MqttConnection, MqttMessage } from '../ports/mqtt.js';
import { AppError } from '../shared/errors.js';
import type { Alert, AlertSink } from './alerts.service.js';
import {
  alertsTopic,
  cameraIdOfDiscoveryTopic,
  cameraIdOfRingTopic,
  cameraTopics,
  DISCOVERY_ENTITIES,
  discoveryConfig,
  discoveryFilter,
  discoveryTopic,
  ringFilter,
  ringToken,
  type DiscoveryCamera,
  type MqttPrefixes,
} from './mqtt-topics.js';

/** What the bridge needs of the alerts service: the ring use case and the alert fan-out. */
export interface RingsAndAlerts {
  ringFromBroker(cameraId: string, token: string | undefined, requireToken: boolean): Promise<unknown>;
  addSink(sink: AlertSink): () => void;
}

/** The hub's cameras, without access checks (the broker is the hub operator's). */
export interface CameraDirectory {
  all(): Promise<DiscoveryCamera[]>;
  get(cameraId: string): Promise<DiscoveryCamera | undefined>;
}

/** Pictures an alert's snapshot comes from. */
export interface AlertPictures {
  /** The camera's newest frame (JPEG), if it is running. */
  latest(cameraId: string): Buffer | null;
  /** A motion event's stored snapshot (JPEG), if any. */
  eventSnapshot(eventId: string): Promise<Buffer | null>;
  /** Whether the camera's stream is online now; undefined when it is not running. */
  online(cameraId: string): boolean | undefined;
}

/** Options from configuration. */
export interface MqttBridgeOptions {
  prefixes: MqttPrefixes;
  /** Announce cameras by Home Assistant discovery. */
  discovery: boolean;
  /** Porchlight's version, shown in Home Assistant's device page. */
  version: string;
  /** Refuse ring messages without the camera's device token. */
  requireRingToken: boolean;
  /** Rings of one camera closer together than this are one press (button bounce, duplicate deliveries). */
  ringDebounceMs: number;
  /** Ring outcomes, for the metric. */
  onRing?: (result: 'accepted' | 'refused' | 'unknown-camera' | 'debounced') => void;
  onError: (error: unknown, what: string) => void;
  onWarn: (message: string, detail: Record<string, unknown>) => void;
}

const MAX_ALERTED_EVENTS = 256;

/**
 * MQTT for Home Assistant and other home automation (A3, A5): a doorbell button publishing to
 * `<prefix>/cameras/<id>/ring` rings like the HTTP button; each camera is announced by Home Assistant discovery
 * (motion, doorbell event, latest alert picture, camera online) under one device; motion and camera state are
 * published as they change, and alerts as the alert rules let them through (it is an alert sink).
 *
 * The motion sensor shows raw motion, whatever the mode and alert rules say: it is the camera's state, for
 * automations such as porch lights. Alert topics (the doorbell event, the picture, the alert JSON) carry only what
 * passed the rules, exactly as Web Push does.
 */
export class MqttBridge implements AlertSink {
  readonly name = 'MQTT';
  private readonly motion = new Map<string, boolean>();
  private readonly lastRing = new Map<string, number>();
  /** Motion events that alerted, whose stored snapshot replaces the first frame once it is ready. */
  private readonly alertedEvents = new Set<string>();
  /** Cameras whose replayed configs are being checked, or were cleared, by the sweep. */
  private readonly swept = new Set<string>();
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly mqtt: MqttConnection,
    private readonly alerts: RingsAndAlerts,
    private readonly cameras: CameraDirectory,
    private readonly pictures: AlertPictures,
    private readonly bus: Bus,
    private readonly options: MqttBridgeOptions,
  ) {}

  /** Subscribe to the bus and the broker; announces everything on every (re)connection. */
  start(): void {
    if (this.off.length) return;
    const p = this.options.prefixes;
    this.off.push(
      this.alerts.addSink(this),
      this.bus.subscribe('motion.started', (e) => this.onMotion(e.cameraId, true)),
      this.bus.subscribe('motion.ended', (e) => this.onMotion(e.cameraId, false)),
      this.bus.subscribe('camera.status', (e) => this.onStatus(e)),
      this.bus.subscribe('camera.changed', (e) =>
        this.background(this.announce(e.cameraId), 'announcing a camera'),
      ),
      this.bus.subscribe('camera.removed', (e) => this.forget(e.cameraId)),
      this.bus.subscribe('event.snapshot.ready', (e) =>
        this.background(this.onSnapshot(e), 'publishing a snapshot'),
      ),
      this.mqtt.onConnect(() => this.background(this.announceAll(), 'announcing cameras')),
      this.mqtt.onMessage((m) => this.background(this.onMessage(m), 'handling an MQTT message')),
    );
    this.mqtt.subscribe(ringFilter(p));
    // Retained discovery configs of cameras removed while the broker was away are swept when they replay.
    if (this.options.discovery) this.mqtt.subscribe(discoveryFilter(p));
  }

  /** Stop listening (the connection itself is closed by its owner). */
  stop(): void {
    for (const f of this.off.splice(0)) f();
  }

  /** An alert that passed the rules: the JSON on the alert topics, the doorbell event for a ring, and its picture. */
  deliver(alert: Alert): void {
    const p = this.options.prefixes;
    const t = cameraTopics(p, alert.cameraId);
    const json = JSON.stringify(alert);
    this.mqtt.publish(alertsTopic(p), json, { qos: 1 });
    this.mqtt.publish(t.alert, json, { qos: 1 });
    if (alert.kind === 'ring')
      this.mqtt.publish(
        t.doorbell,
        JSON.stringify({ event_type: 'ring', alert_id: alert.id, at: alert.at, camera: alert.cameraName }),
        { qos: 1 },
      );
    const jpeg = this.pictures.latest(alert.cameraId);
    if (jpeg) this.mqtt.publish(t.snapshot, jpeg, { qos: 1, retain: true });
    if (alert.kind === 'motion' && alert.eventId) {
      this.alertedEvents.add(alert.eventId);
      if (this.alertedEvents.size > MAX_ALERTED_EVENTS)
        this.alertedEvents.delete(this.alertedEvents.values().next().value!);
    }
  }

  /** Announce every camera: discovery configs, then motion and online state (retained). */
  async announceAll(): Promise<void> {
    for (const camera of await this.cameras.all()) this.publishCamera(camera);
  }

  private async announce(cameraId: string): Promise<void> {
    const camera = await this.cameras.get(cameraId);
    if (camera) this.publishCamera(camera);
  }

  private publishCamera(camera: DiscoveryCamera): void {
    const p = this.options.prefixes;
    if (this.options.discovery)
      for (const entity of DISCOVERY_ENTITIES)
        this.mqtt.publish(
          discoveryTopic(p, camera.id, entity),
          JSON.stringify(discoveryConfig(p, camera, entity, this.options.version)),
          { qos: 1, retain: true },
        );
    const t = cameraTopics(p, camera.id);
    this.mqtt.publish(t.motion, this.motion.get(camera.id) ? 'ON' : 'OFF', { qos: 1, retain: true });
    this.mqtt.publish(t.online, this.pictures.online(camera.id) ? 'ON' : 'OFF', { qos: 1, retain: true });
  }

  /** Clear a removed camera's retained discovery configs and state, so Home Assistant drops its device. */
  private forget(cameraId: string): void {
    const p = this.options.prefixes;
    this.motion.delete(cameraId);
    this.lastRing.delete(cameraId);
    if (this.options.discovery)
      for (const entity of DISCOVERY_ENTITIES)
        this.mqtt.publish(discoveryTopic(p, cameraId, entity), '', { qos: 1, retain: true });
    const t = cameraTopics(p, cameraId);
    for (const topic of [t.motion, t.online, t.snapshot])
      this.mqtt.publish(topic, '', { qos: 1, retain: true });
  }

  private onMotion(cameraId: string, on: boolean): void {
    this.motion.set(cameraId, on);
    this.mqtt.publish(cameraTopics(this.options.prefixes, cameraId).motion, on ? 'ON' : 'OFF', {
      qos: 1,
      retain: true,
    });
  }

  private onStatus(e: EventMap['camera.status']): void {
    if (e.state === 'starting') return;
    this.mqtt.publish(
      cameraTopics(this.options.prefixes, e.cameraId).online,
      e.state === 'online' ? 'ON' : 'OFF',
      {
        qos: 1,
        retain: true,
      },
    );
  }

  private async onSnapshot(e: EventMap['event.snapshot.ready']): Promise<void> {
    if (!this.alertedEvents.has(e.eventId)) return;
    const jpeg = await this.pictures.eventSnapshot(e.eventId);
    if (jpeg)
      this.mqtt.publish(cameraTopics(this.options.prefixes, e.cameraId).snapshot, jpeg, {
        qos: 1,
        retain: true,
      });
  }

  private async onMessage(m: MqttMessage): Promise<void> {
    const p = this.options.prefixes;
    const ringCamera = cameraIdOfRingTopic(p, m.topic);
    if (ringCamera) {
      // A retained ring would ring again on every reconnect; only live presses count.
      if (!m.retained) await this.onRing(ringCamera, m.payload);
      return;
    }
    const configCamera = m.retained && m.payload.length ? cameraIdOfDiscoveryTopic(p, m.topic) : null;
    if (!configCamera || this.swept.has(configCamera)) return;
    // Marked before the lookup: the four configs of one camera arrive together.
    this.swept.add(configCamera);
    if (await this.cameras.get(configCamera)) this.swept.delete(configCamera);
    else this.forget(configCamera);
  }

  private async onRing(cameraId: string, payload: Buffer): Promise<void> {
    const now = performance.now();
    const last = this.lastRing.get(cameraId);
    if (last !== undefined && now - last < this.options.ringDebounceMs) {
      this.options.onRing?.('debounced');
      return;
    }
    this.lastRing.set(cameraId, now);
    try {
      await this.alerts.ringFromBroker(cameraId, ringToken(payload), this.options.requireRingToken);
      this.options.onRing?.('accepted');
    } catch (e) {
      this.lastRing.delete(cameraId);
      if (e instanceof AppError && (e.code === 'ERR_DEVICE_TOKEN_INVALID' || e.code === 'ERR_NOT_FOUND')) {
        const unknown = e.code === 'ERR_NOT_FOUND';
        this.options.onRing?.(unknown ? 'unknown-camera' : 'refused');
        this.options.onWarn(
          unknown
            ? 'MQTT ring for a camera this hub does not have'
            : 'MQTT ring refused: device token missing or wrong',
          { cameraId },
        );
        return;
      }
      throw e;
    }
  }

  private background(work: Promise<void>, what: string): void {
    work.catch((e: unknown) => this.options.onError(e, what));
  }
}
