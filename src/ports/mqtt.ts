/** Where a connection to the MQTT broker stands. `disabled`: no broker is configured. */
export type MqttState = 'disabled' | 'connecting' | 'connected' | 'reconnecting';

/** The connection's state for the readiness detail, logs and metrics; never holds credentials. */
export interface MqttStatus {
  state: MqttState;
  /** The broker's URL without user name or password, or null when disabled. */
  broker: string | null;
  /** When the state last changed (ISO). */
  since: string;
  /** Why the last connection attempt or the connection failed, without credentials. */
  lastError: string | null;
  /** Successful connections since start (1 after the first, +1 per reconnect). */
  connects: number;
}

/** A message that arrived on a subscribed topic. `retained`: the broker replayed a stored message on subscribe. */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  retained: boolean;
}

/**
 * A connection to an MQTT broker (A3, A5). It connects in the background and reconnects with backoff; publishing
 * while disconnected drops the message (the caller republishes the state that matters on every connect), so a
 * broker that is down never blocks or grows memory in the hub.
 */
export interface MqttConnection {
  /** Publish; false when not connected (the message is dropped). Never throws. */
  publish(topic: string, payload: string | Buffer, options?: { retain?: boolean; qos?: 0 | 1 }): boolean;
  /** Subscribe to a topic filter, now and after every reconnect. */
  subscribe(filter: string): void;
  /** Called with every message on a subscribed topic; returns an unsubscribe function. */
  onMessage(handler: (message: MqttMessage) => void): () => void;
  /** Called after every successful connection (the first and each reconnect); returns an unsubscribe function. */
  onConnect(handler: () => void): () => void;
  /** Where the connection stands. */
  status(): MqttStatus;
  /** Publish the offline availability, disconnect and stop reconnecting. */
  close(): Promise<void>;
}
