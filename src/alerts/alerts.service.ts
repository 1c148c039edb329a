import type { AccountView } from '../accounts/accounts.service.js';
import type { CamerasService } from '../cameras/cameras.service.js';
import type { CameraSpec } from '../cameras/camera-settings.js';
import { parseCameraIds, parseCapabilities, type Standing } from '../households/households.policy.js';
import type { HouseholdsService } from '../households/households.service.js';
import type { Bus, EventMap } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import { newId } from '../shared/tokens.js';
import { cameraPageUrl, eventSnapshotUrl, liveSnapshotUrl } from './alert-links.js';
import type { LiveFeed } from './alert-sockets.js';
import {
  decideMotion,
  isRecipient,
  MAX_PUSH_SUBSCRIPTIONS_PER_USER,
  priorityOf,
  pushEndpointProblem,
  pushKeysProblem,
  pushOptionsFor,
  recipientsOf,
  type AlertKind,
  type AlertPriority,
  type HouseholdPeople,
} from './alerts.policy.js';
import type { AlertsRepository } from './alerts.repository.js';
import type { PushSender } from './push-sender.js';

/** An alert as the web app and push messages carry it. */
export interface Alert {
  id: string;
  kind: AlertKind;
  priority: AlertPriority;
  cameraId: string;
  cameraName: string;
  householdId: string;
  at: string;
  /** Where the picture is: the event's snapshot for motion, the camera's latest frame for a ring. */
  snapshotUrl: string;
  /** The motion event; null for a ring. */
  eventId: string | null;
}

/** A Web Push message: the alert, plus what a service worker needs to show it. */
export interface PushPayload extends Alert {
  title: string;
  body: string;
  /** The page a click on the notification opens. */
  url: string;
}

/**
 * Another way alerts leave the hub (MQTT, webhooks). A sink receives each alert after the alert rules passed it,
 * exactly when the web app and Web Push do, so every channel follows the same mode, quiet hours and cooldown.
 */
export interface AlertSink {
  /** For error reports: "MQTT", "webhooks". */
  readonly name: string;
  /** Take an alert; runs in the background, and a failure is reported, never thrown at the publisher. */
  deliver(alert: Alert): void | Promise<void>;
}

/** Options from configuration. */
export interface AlertsOptions {
  /** IANA time zone quiet hours are read in. */
  timeZone: string;
  /** Accept http://127.0.0.1 push endpoints (tests and benchmarks). */
  allowLoopbackPush: boolean;
  /** Where failures of background work (storing history, pushing) are reported. */
  onError: (error: unknown, what: string) => void;
}

/** A push subscription as the browser's PushSubscription.toJSON() gives it. */
export interface SubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Alerts (A3, A5): turns doorbell rings and motion events from the bus into alerts for the people who may see the
 * camera, applying the alert rules; delivers them to open web app connections and by Web Push; keeps each
 * person's alert history and push subscriptions.
 */
export class AlertsService {
  private readonly lastAlertMs = new Map<string, number | null>();
  private readonly pending = new Set<Promise<void>>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly sinks = new Set<AlertSink>();

  constructor(
    private readonly repo: AlertsRepository,
    private readonly cameras: CamerasService,
    private readonly households: HouseholdsService,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly push: PushSender,
    private readonly live: LiveFeed,
    private readonly options: AlertsOptions,
  ) {}

  /** Listen for rings and motion on the bus. */
  start(): void {
    if (this.unsubscribe.length) return;
    this.unsubscribe.push(
      this.bus.subscribe('doorbell.ring', (e) => this.onRing(e)),
      this.bus.subscribe('motion.started', (e) => this.onMotion(e)),
    );
  }

  /** Stop listening and wait for deliveries in flight. */
  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.drain();
  }

  /** Resolves once every background delivery (history, push) started so far has finished. */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Send every alert to another channel too; returns a function that stops it. */
  addSink(sink: AlertSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** The VAPID public key browsers subscribe with. */
  vapidPublicKey(): string {
    return this.push.publicKey;
  }

  /** A doorbell button pressed (device token in hand): publish the ring; 401 when the token is wrong. */
  async ringFromDevice(cameraId: string, token: string | undefined): Promise<{ ringId: string }> {
    let camera: CameraSpec;
    try {
      camera = await this.cameras.authenticateDevice(cameraId, token ?? '');
    } catch (e) {
      if (e instanceof AppError && e.code === 'ERR_UNAUTHENTICATED')
        throw new AppError('ERR_DEVICE_TOKEN_INVALID');
      throw e;
    }
    return this.ring(camera, 'http');
  }

  /** The ring button in the web app (needs view_live on the camera): rings like the real button, to try alerts. */
  async ringFromUser(user: AccountView, cameraId: string): Promise<{ ringId: string }> {
    const camera = await this.cameras.authorize(user, cameraId, 'view_live');
    return this.ring(camera, 'ui');
  }

  /**
   * A doorbell button on the MQTT broker (A3). The broker's ACLs decide who may publish the ring topic; a message
   * that carries a device token (`{"token":"…"}`) must carry the right one, and with `requireToken` every message
   * must. 401 for a wrong or missing token, 404 for a camera that does not exist.
   */
  async ringFromBroker(
    cameraId: string,
    token: string | undefined,
    requireToken: boolean,
  ): Promise<{ ringId: string }> {
    if (token !== undefined || requireToken) {
      try {
        return await this.ring(await this.cameras.authenticateDevice(cameraId, token ?? ''), 'mqtt');
      } catch (e) {
        if (e instanceof AppError && e.code === 'ERR_UNAUTHENTICATED')
          throw new AppError('ERR_DEVICE_TOKEN_INVALID');
        throw e;
      }
    }
    const camera = await this.cameras.specOf(cameraId);
    if (!camera) throw new AppError('ERR_NOT_FOUND');
    return this.ring(camera, 'mqtt');
  }

  private async ring(camera: CameraSpec, source: 'http' | 'ui' | 'mqtt'): Promise<{ ringId: string }> {
    const ringId = newId();
    await this.bus.publish('doorbell.ring', {
      ringId,
      cameraId: camera.id,
      householdId: camera.householdId,
      at: new Date(this.clock.now()).toISOString(),
      source,
    });
    return { ringId };
  }

  /** Alerts sent to the user, newest first, leaving out cameras the user may no longer see. */
  async history(user: AccountView, limit: number): Promise<Alert[]> {
    const rows = await this.repo.historyOf(user.id, limit);
    const now = this.clock.now();
    const standings = new Map<string, Promise<Standing | undefined>>();
    const out: Alert[] = [];
    for (const r of rows) {
      let standing = standings.get(r.household_id);
      if (!standing)
        standings.set(r.household_id, (standing = this.households.standingOf(user.id, r.household_id)));
      // Access can lapse or narrow after an alert was sent; the history follows what the user may see now.
      if (!isRecipient(await standing, r.camera_id, now)) continue;
      out.push(
        this.present({
          id: r.id,
          kind: r.kind === 'ring' ? 'ring' : 'motion',
          cameraId: r.camera_id,
          cameraName: r.camera_name,
          householdId: r.household_id,
          at: r.at,
          eventId: r.event_id,
        }),
      );
    }
    return out;
  }

  /** Save this browser's push subscription for the user; answers its id. */
  async subscribePush(user: AccountView, input: SubscriptionInput): Promise<{ id: string }> {
    const problem =
      pushEndpointProblem(input.endpoint, this.options.allowLoopbackPush) ??
      pushKeysProblem(input.keys.p256dh, input.keys.auth);
    if (problem) throw new AppError('ERR_PUSH_SUBSCRIPTION', problem);
    const id = await this.repo.upsertSubscription(
      {
        id: newId(),
        user_id: user.id,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        created_at: new Date(this.clock.now()).toISOString(),
        last_success_at: null,
      },
      MAX_PUSH_SUBSCRIPTIONS_PER_USER,
    );
    if (id === null) throw new AppError('ERR_PUSH_SUBSCRIPTION_TAKEN');
    return { id };
  }

  /** Remove one of the user's push subscriptions by its endpoint. */
  async unsubscribePush(user: AccountView, endpoint: string): Promise<void> {
    if (!(await this.repo.deleteSubscription(user.id, endpoint))) throw new AppError('ERR_NOT_FOUND');
  }

  private async onRing(e: EventMap['doorbell.ring']): Promise<void> {
    const camera = await this.cameras.specOf(e.cameraId);
    if (!camera) return;
    // Rings always alert: no mode, zone, quiet hours or cooldown stands between a visitor and the household.
    this.lastAlertMs.set(camera.id, Math.max(Date.parse(e.at), this.lastAlertMs.get(camera.id) ?? 0));
    await this.deliver(camera, 'ring', e.at, null, []);
  }

  private async onMotion(e: EventMap['motion.started']): Promise<void> {
    if (!e.alert) return;
    const camera = await this.cameras.specOf(e.cameraId);
    if (!camera) return;
    if (!this.lastAlertMs.has(camera.id)) {
      const stored = await this.repo.lastAlertAt(camera.id);
      if (!this.lastAlertMs.has(camera.id))
        this.lastAlertMs.set(camera.id, stored ? Date.parse(stored) : null);
    }
    const atMs = Date.parse(e.at);
    // Decide and record the cooldown start without awaiting in between, so two events at once cannot both pass.
    const verdict = decideMotion({
      modeAllows: e.alert,
      eventZones: e.zones,
      zones: camera.settings.motion.zones,
      atMs,
      lastAlertAtMs: this.lastAlertMs.get(camera.id) ?? null,
      cooldownSeconds: camera.settings.alerts.cooldownSeconds,
      quietHours: camera.settings.alerts.quietHours,
      timeZone: this.options.timeZone,
    });
    if (!verdict.alert) return;
    this.lastAlertMs.set(camera.id, atMs);
    await this.deliver(camera, 'motion', e.at, e.eventId, e.zones);
  }

  /**
   * Send an alert: open connections first (the fastest path to a person looking at the app), then Web Push and
   * the history in the background, so the publisher of the event is not held up by push services.
   */
  private async deliver(
    camera: CameraSpec,
    kind: AlertKind,
    at: string,
    eventId: string | null,
    zones: readonly string[],
  ): Promise<void> {
    const stored = await this.repo.householdPeople(camera.householdId);
    const people: HouseholdPeople = {
      ownerId: stored.ownerId,
      members: stored.members.map((m) => ({
        userId: m.user_id,
        standing: {
          isOwner: false,
          capabilities: parseCapabilities(m.capabilities),
          expiresAt: m.expires_at,
          cameraIds: parseCameraIds(m.camera_ids),
        },
      })),
    };
    const recipients = recipientsOf(people, camera.id, this.clock.now());
    const alert = this.present({
      id: newId(),
      kind,
      cameraId: camera.id,
      cameraName: camera.name,
      householdId: camera.householdId,
      at,
      eventId,
    });
    this.live.send(recipients, alert);
    this.track(this.pushTo(recipients, alert));
    for (const sink of this.sinks)
      this.track(
        Promise.resolve().then(() => sink.deliver(alert)),
        `sending an alert to ${sink.name}`,
      );
    this.track(
      this.repo.insertAlert(
        {
          id: alert.id,
          household_id: alert.householdId,
          camera_id: alert.cameraId,
          kind,
          priority: alert.priority,
          event_id: eventId,
          zones: JSON.stringify(zones),
          at,
        },
        recipients,
      ),
      'storing an alert',
    );
  }

  private async pushTo(recipients: readonly string[], alert: Alert): Promise<void> {
    const subscriptions = await this.repo.subscriptionsOf(recipients);
    if (!subscriptions.length) return;
    const payload: PushPayload = {
      ...alert,
      title: alert.kind === 'ring' ? 'Someone is at the door' : `Motion at ${alert.cameraName}`,
      body: alert.kind === 'ring' ? alert.cameraName : 'Tap to see the snapshot.',
      url: cameraPageUrl(alert.cameraId, alert.eventId),
    };
    const text = JSON.stringify(payload);
    const options = pushOptionsFor(alert.kind, alert.cameraId);
    await Promise.all(
      subscriptions.map(async (s) => {
        const outcome = await this.push.send(s, text, options);
        if (outcome.delivered) await this.repo.markDelivered(s.id, new Date(this.clock.now()).toISOString());
        // 404/410: the browser dropped the subscription; sending there again would only fail again.
        else if (outcome.gone) await this.repo.deleteSubscriptionById(s.id);
        else this.options.onError(new Error(outcome.reason), 'sending a push message');
      }),
    );
  }

  private track(work: Promise<void>, what = 'sending push messages'): void {
    const p = work.catch((e: unknown) => this.options.onError(e, what)).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private present(a: Omit<Alert, 'priority' | 'snapshotUrl'>): Alert {
    return {
      id: a.id,
      kind: a.kind,
      priority: priorityOf(a.kind),
      cameraId: a.cameraId,
      cameraName: a.cameraName,
      householdId: a.householdId,
      at: a.at,
      snapshotUrl:
        a.kind === 'ring' || !a.eventId ? liveSnapshotUrl(a.cameraId) : eventSnapshotUrl(a.eventId),
      eventId: a.eventId,
    };
  }
}
