// MQTT topics and Home Assistant discovery configs (A3, A5) as pure functions, so the unit tests can pin every
// topic and every field Home Assistant reads. https://www.home-assistant.io/integrations/mqtt/

/** The prefixes an installation configures. */
export interface MqttPrefixes {
  /** Porchlight's own topics, e.g. `porchlight`. */
  topic: string;
  /** Home Assistant's discovery prefix, e.g. `homeassistant`. */
  discovery: string;
}

/** The per-camera topics Porchlight publishes and listens to. */
export interface CameraTopics {
  /** In: a doorbell button publishes here to ring. */
  ring: string;
  /** Out, retained: `ON` while motion is under way, `OFF` after. */
  motion: string;
  /** Out, retained: `ON` while the camera's stream is online. */
  online: string;
  /** Out: `{"event_type":"ring",…}` for each ring that alerts (Home Assistant event entity). */
  doorbell: string;
  /** Out, retained: JPEG bytes of the latest alert's picture. */
  snapshot: string;
  /** Out: each alert as JSON (the same object the web app receives). */
  alert: string;
}

/** The hub's availability topic: retained `online`, and `offline` as the last will. */
export function availabilityTopic(p: MqttPrefixes): string {
  return `${p.topic}/availability`;
}

/** Every alert of every camera, as JSON, for automations that want them all in one place. */
export function alertsTopic(p: MqttPrefixes): string {
  return `${p.topic}/alerts`;
}

/** The topic filter the hub subscribes to for rings of any camera. */
export function ringFilter(p: MqttPrefixes): string {
  return `${p.topic}/cameras/+/ring`;
}

/** Topics of one camera. */
export function cameraTopics(p: MqttPrefixes, cameraId: string): CameraTopics {
  const base = `${p.topic}/cameras/${cameraId}`;
  return {
    ring: `${base}/ring`,
    motion: `${base}/motion`,
    online: `${base}/online`,
    doorbell: `${base}/doorbell`,
    snapshot: `${base}/snapshot`,
    alert: `${base}/alert`,
  };
}

/** The camera id of a ring topic, or null when the topic is not one (or the id is not a UUID). */
export function cameraIdOfRingTopic(p: MqttPrefixes, topic: string): string | null {
  const head = `${p.topic}/cameras/`;
  if (!topic.startsWith(head) || !topic.endsWith('/ring')) return null;
  const id = topic.slice(head.length, -'/ring'.length);
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.toLowerCase() : null;
}

/**
 * The device token a ring message carries, if any: a JSON object's `token` field, e.g. `{"token":"…"}`. Any other
 * payload (empty, `ON`, `pressed`, `{"action":"single"}`) carries none: buttons publish what they publish.
 */
export function ringToken(payload: Buffer): string | undefined {
  if (payload.length === 0 || payload.length > 4096 || payload[0] !== 0x7b) return undefined;
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    if (v && typeof v === 'object' && 'token' in v) {
      const t = v.token;
      return typeof t === 'string' ? t : '';
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The Home Assistant components Porchlight announces per camera. */
export const DISCOVERY_ENTITIES = ['motion', 'doorbell', 'snapshot', 'online'] as const;
/** One of them. */
export type DiscoveryEntity = (typeof DISCOVERY_ENTITIES)[number];

const COMPONENT: Record<DiscoveryEntity, string> = {
  motion: 'binary_sensor',
  doorbell: 'event',
  snapshot: 'image',
  online: 'binary_sensor',
};

/** The discovery node id: the topic prefix with anything Home Assistant refuses in a node id made `_`. */
export function discoveryNodeId(p: MqttPrefixes): string {
  return p.topic.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** `<discovery>/<component>/<node>/<camera>_<entity>/config`. */
export function discoveryTopic(p: MqttPrefixes, cameraId: string, entity: DiscoveryEntity): string {
  return `${p.discovery}/${COMPONENT[entity]}/${discoveryNodeId(p)}/${cameraId}_${entity}/config`;
}

/** The filter matching every discovery config this hub publishes (to sweep those of removed cameras). */
export function discoveryFilter(p: MqttPrefixes): string {
  return `${p.discovery}/+/${discoveryNodeId(p)}/+/config`;
}

/** The camera id of one of this hub's discovery config topics, or null. */
export function cameraIdOfDiscoveryTopic(p: MqttPrefixes, topic: string): string | null {
  const parts = topic.split('/');
  const discoveryParts = p.discovery.split('/').length;
  if (parts.length !== discoveryParts + 4 || parts.at(-1) !== 'config') return null;
  if (parts.slice(0, discoveryParts).join('/') !== p.discovery) return null;
  if (parts[discoveryParts + 1] !== discoveryNodeId(p)) return null;
  const m = /^([0-9a-f-]{36})_(motion|doorbell|snapshot|online)$/.exec(parts[discoveryParts + 2] ?? '');
  return m ? m[1]! : null;
}

/** The unique_id Home Assistant keys an entity by: stable across renames and restarts. */
export function uniqueId(cameraId: string, entity: DiscoveryEntity): string {
  return `porchlight_${cameraId}_${entity}`;
}

/** What a discovery config needs to know about a camera. */
export interface DiscoveryCamera {
  id: string;
  name: string;
}

/**
 * The retained discovery config of one entity of a camera. All four share one device per camera, and are
 * available while the hub's availability topic says `online`.
 */
export function discoveryConfig(
  p: MqttPrefixes,
  camera: DiscoveryCamera,
  entity: DiscoveryEntity,
  version: string,
): Record<string, unknown> {
  const topics = cameraTopics(p, camera.id);
  const common = {
    unique_id: uniqueId(camera.id, entity),
    availability: [
      { topic: availabilityTopic(p), payload_available: 'online', payload_not_available: 'offline' },
    ],
    device: {
      identifiers: [`porchlight_${camera.id}`],
      name: camera.name,
      manufacturer: 'Porchlight',
      model: 'Doorbell camera',
      sw_version: version,
    },
    origin: { name: 'Porchlight', sw_version: version },
  };
  switch (entity) {
    case 'motion':
      return {
        ...common,
        name: 'Motion',
        device_class: 'motion',
        state_topic: topics.motion,
        payload_on: 'ON',
        payload_off: 'OFF',
      };
    case 'online':
      return {
        ...common,
        name: 'Camera online',
        device_class: 'connectivity',
        entity_category: 'diagnostic',
        state_topic: topics.online,
        payload_on: 'ON',
        payload_off: 'OFF',
      };
    case 'doorbell':
      return {
        ...common,
        name: 'Doorbell',
        device_class: 'doorbell',
        event_types: ['ring'],
        state_topic: topics.doorbell,
      };
    case 'snapshot':
      return {
        ...common,
        name: 'Latest alert',
        image_topic: topics.snapshot,
        content_type: 'image/jpeg',
      };
  }
}
