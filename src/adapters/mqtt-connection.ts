import { connect, type MqttClient } from 'mqtt';
import type { MqttConnection, MqttMessage, MqttState, MqttStatus } from '../ports/mqtt.js';

/** Options of the broker connection. */
export interface MqttConnectionOptions {
  /** `mqtt://` or `mqtts://`, user name and password allowed in the URL (never logged or shown). */
  url: string;
  /** CA certificates (PEM) an mqtts:// broker's certificate must chain to, instead of the system's. */
  ca?: Buffer;
  /** Retained `online`/`offline` availability topic; `offline` is also the last will. */
  availabilityTopic: string;
  /** First reconnect delay; doubles on each failure up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Reports state changes (for logs), without credentials. */
  onStateChange?: (status: MqttStatus) => void;
  now?: () => number;
}

/** The broker URL as it may be shown: scheme, host and port, never the user name or password. */
export function redactBrokerUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'mqtt://(invalid)';
  }
}

/** An error's message with anything that looks like URL credentials removed. */
function safeMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\/\/[^/@\s]*@/g, '//').slice(0, 300);
}

/**
 * The MQTT connection over the `mqtt` package. mqtt.js's own fixed-period reconnect is off; this class reconnects
 * with exponential backoff (1 s doubling to 30 s by default) and resubscribes. Publishing while disconnected drops
 * the message instead of queueing it, so a broker down for days costs no memory.
 */
export class MqttJsConnection implements MqttConnection {
  private readonly client: MqttClient;
  private readonly filters = new Set<string>();
  private readonly messageHandlers = new Set<(m: MqttMessage) => void>();
  private readonly connectHandlers = new Set<() => void>();
  private current: MqttStatus;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly now: () => number;

  constructor(private readonly options: MqttConnectionOptions) {
    this.now = options.now ?? Date.now;
    this.current = {
      state: 'connecting',
      broker: redactBrokerUrl(options.url),
      since: new Date(this.now()).toISOString(),
      lastError: null,
      connects: 0,
    };
    this.client = connect(options.url, {
      clientId: `porchlight_${Math.random().toString(16).slice(2, 10)}`,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: 0,
      queueQoSZero: false,
      ...(options.ca ? { ca: options.ca } : {}),
      will: { topic: options.availabilityTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client.on('connect', () => {
      this.failures = 0;
      this.setState('connected', null, true);
      this.client.publish(options.availabilityTopic, 'online', { qos: 1, retain: true }, () => undefined);
      for (const f of this.filters) this.client.subscribe(f, { qos: 1 }, () => undefined);
      for (const h of this.connectHandlers) this.safely(h);
    });
    this.client.on('message', (topic, payload, packet) => {
      const m: MqttMessage = { topic, payload, retained: packet.retain };
      for (const h of this.messageHandlers) this.safely(() => h(m));
    });
    // Without a listener an 'error' event would throw; every failure ends in 'close', which schedules the retry.
    this.client.on('error', (e) => {
      this.current = { ...this.current, lastError: safeMessage(e) };
    });
    this.client.on('close', () => this.scheduleReconnect());
  }

  publish(topic: string, payload: string | Buffer, options: { retain?: boolean; qos?: 0 | 1 } = {}): boolean {
    if (!this.client.connected || this.closing) return false;
    this.client.publish(
      topic,
      payload,
      { qos: options.qos ?? 0, retain: options.retain ?? false },
      () => undefined,
    );
    return true;
  }

  subscribe(filter: string): void {
    this.filters.add(filter);
    if (this.client.connected) this.client.subscribe(filter, { qos: 1 }, () => undefined);
  }

  onMessage(handler: (message: MqttMessage) => void): () => void {
    this.messageHandlers.add(handler);
    return () => this.messageHandlers.delete(handler);
  }

  onConnect(handler: () => void): () => void {
    this.connectHandlers.add(handler);
    return () => this.connectHandlers.delete(handler);
  }

  status(): MqttStatus {
    return { ...this.current };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.client.connected) {
      // A clean disconnect does not fire the last will, so say offline first.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        this.client.publish(this.options.availabilityTopic, 'offline', { qos: 1, retain: true }, () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    // A broker that stopped answering must not hold up shutdown: give a clean end two seconds, then force it.
    let timer: NodeJS.Timeout | undefined;
    const clean = this.client.endAsync(!this.client.connected).catch(() => undefined);
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 2000)));
    if ((await Promise.race([clean, late])) === 'late') this.client.stream.destroy();
    clearTimeout(timer);
  }

  private scheduleReconnect(): void {
    if (this.closing || this.timer) return;
    const min = this.options.minBackoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 30_000;
    const delay = Math.min(max, min * 2 ** Math.min(this.failures, 16));
    // The first failure of a streak is reported even when the state does not change (a broker down at start).
    const first = this.failures === 0;
    this.failures++;
    this.setState(
      this.current.connects ? 'reconnecting' : 'connecting',
      this.current.lastError,
      false,
      first,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closing) this.client.reconnect();
    }, delay);
    this.timer.unref();
  }

  private setState(state: MqttState, lastError: string | null, connected: boolean, report = false): void {
    const changed = state !== this.current.state;
    this.current = {
      ...this.current,
      state,
      lastError,
      since: changed ? new Date(this.now()).toISOString() : this.current.since,
      connects: this.current.connects + (connected ? 1 : 0),
    };
    if (changed || report) this.options.onStateChange?.(this.status());
  }

  private safely(f: () => void): void {
    try {
      f();
    } catch {
      // A handler's failure must not break the connection's event loop; handlers report their own errors.
    }
  }
}

/** Build a connection (the seam main.ts uses). */
export function openMqttConnection(options: MqttConnectionOptions): MqttConnection {
  return new MqttJsConnection(options);
}
