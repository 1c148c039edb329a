/**
 * The typed events domains use to talk to each other. Declared in one map so a reader sees every
 * cross-domain message in one place; a networked bus carries the same payloads as JSON.
 */
export interface EventMap {
  'account.created': { userId: string; role: string };
  /** Sessions ended: one (sessionIdHash), or every one of the user's but `exceptSessionIdHash`. */
  'sessions.ended': { userId: string; sessionIdHash?: string; exceptSessionIdHash?: string };
  'household.member.added': { householdId: string; userId: string };
  'household.member.removed': { householdId: string; userId: string };
  'hub.linked': { hubId: string; cell: string };
  /** A camera's stream changed state (A1). */
  'camera.status': {
    cameraId: string;
    householdId: string;
    state: 'starting' | 'online' | 'reconnecting' | 'offline' | 'disabled';
    at: string;
    error: string | null;
  };
  /** A camera was removed from its household; its footage is deleted and integrations forget it (A1, A4). */
  'camera.removed': { cameraId: string; householdId: string; at: string };
  /** A camera was added or changed (name, settings, enabled) (A1), after the change is stored. */
  'camera.changed': { cameraId: string; householdId: string; change: 'added' | 'updated' };
  /**
   * Motion passed hysteresis on a camera: an event began. `alert` is the mode decision (home/away/disarmed,
   * schedule, snooze); alert rules (cooldown, quiet hours, zones) are applied by the alerts domain.
   * `detectedAtMs` is the wall-clock time the first motion frame reached the detector, for latency figures.
   */
  'motion.started': {
    eventId: string;
    cameraId: string;
    householdId: string;
    at: string;
    zones: string[];
    alert: boolean;
    detectedAtMs: number;
  };
  /** A motion event ended. */
  'motion.ended': { eventId: string; cameraId: string; householdId: string; at: string; peakArea: number };
  /** An event's snapshot JPEG is stored and can be served. */
  'event.snapshot.ready': { eventId: string; cameraId: string; householdId: string };
  /** An event's clip (pre-roll to post-roll, no re-encoding) is stored with its SHA-256. */
  'event.clip.ready': { eventId: string; cameraId: string; householdId: string; sha256: string };
  /** A camera's recording finished a segment (A4). */
  'recording.segment': {
    segmentId: string;
    cameraId: string;
    startedAt: string;
    endedAt: string;
    sizeBytes: number;
  };
  /** A camera's stream was lost or came back; `endedAt` is null while the gap is open (A1). */
  'camera.gap': {
    gapId: string;
    cameraId: string;
    startedAt: string;
    endedAt: string | null;
    reason: string;
  };
  /** A retention pass deleted footage (A4): counts per reason, for metrics and logs. */
  'recording.purged': {
    segments: number;
    clips: number;
    bytes: number;
    byReason: { age: number; 'not-continuous': number; disk: number; 'camera-removed': number };
  };
  /** Someone pressed the doorbell (A3): the highest-priority alert. */
  'doorbell.ring': {
    ringId: string;
    cameraId: string;
    householdId: string;
    at: string;
    source: 'http' | 'ui' | 'mqtt';
  };
  /** The public log signed a new checkpoint (root hash in hex). */
  'transparency.checkpoint': { size: number; rootHash: string };
}

/** Name of an event in the map. */
export type EventName = keyof EventMap;

/** Publish/subscribe between domains. */
export interface Bus {
  /** Deliver an event to every subscriber; resolves when in-process handlers have run. */
  publish<K extends EventName>(name: K, payload: EventMap[K]): Promise<void>;
  /** Subscribe; returns an unsubscribe function. */
  subscribe<K extends EventName>(
    name: K,
    handler: (payload: EventMap[K]) => void | Promise<void>,
  ): () => void;
  /** Release connections. */
  close(): Promise<void>;
}
