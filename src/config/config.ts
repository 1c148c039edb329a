import fs from 'node:fs';
import path from 'node:path';

/** Which halves of Porchlight a process runs (PRODUCT "Deployment"). */
export type ServerRole = 'hub' | 'community';

/** The validated configuration, parsed once at boot. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  publicUrl: string | undefined;
  trustProxy: boolean;
  roles: ServerRole[];
  signupMode: 'open' | 'invite';
  sessionTtlHours: number;
  signinMaxFailures: number;
  signinLockoutMinutes: number;
  signinRateLimit: number;
  cellResolution: number;
  metrics: boolean;
  fileCamerasDir: string | undefined;
  maxCamerasPerHousehold: number;
  maxCameras: number;
  demoRtspPort: number;
  webDir: string | undefined;
  logOrigin: string | undefined;
  /** IANA time zone for local times such as alert quiet hours; undefined: the machine's. */
  timeZone: string | undefined;
  vapidSubject: string | undefined;
  pushAllowLoopback: boolean;
  retentionContinuousDays: number;
  retentionEventDays: number;
  minFreeDiskMb: number;
  segmentSeconds: number;
  ffmpegPath: string;
  ffprobePath: string;
  /** Tile URL template for the public camera map; undefined: a plain background, no tiles, no network. */
  mapTileUrl: string | undefined;
  mapTileAttribution: string | undefined;
  /** The public body that runs this server, as named in agreements it is party to. */
  operatorName: string | undefined;
  /** MQTT broker (A3, A5); undefined: MQTT is off. May hold credentials: never log it. */
  mqttUrl: string | undefined;
  /** PEM file of the CA that signed an mqtts:// broker's certificate; undefined: the system's CAs. */
  mqttCaFile: string | undefined;
  mqttTopicPrefix: string;
  mqttDiscoveryPrefix: string;
  mqttDiscovery: boolean;
  mqttRingRequireToken: boolean;
  /** Webhook URLs may name hosts on the local network (Home Assistant, Node-RED). */
  webhookAllowLocal: boolean;
  /** Webhook URLs may name 127.0.0.1 (tests only). */
  webhookAllowLoopback: boolean;
}

interface KeySpec<K extends keyof Config> {
  env: string;
  key: K;
  default: string | undefined;
  doc: string;
  parse: (raw: string) => Config[K];
  /** The value may hold a password: an error names the key, never the value. */
  secret?: boolean;
}

class InvalidValue extends Error {}

const int = (min: number, max: number) => (raw: string) => {
  if (!/^-?\d+$/.test(raw.trim())) throw new InvalidValue(`must be an integer from ${min} to ${max}`);
  const n = Number(raw);
  if (n < min || n > max) throw new InvalidValue(`must be an integer from ${min} to ${max}`);
  return n;
};
const oneOf =
  <T extends string>(...values: T[]) =>
  (raw: string): T => {
    if (!(values as string[]).includes(raw)) throw new InvalidValue(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
const bool = (raw: string) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new InvalidValue('must be true or false');
};
const topicPrefix = (raw: string) => {
  const s = raw.trim();
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(s) || s.length > 100)
    throw new InvalidValue(
      'must be MQTT topic levels of letters, digits, _ and - separated by /, e.g. porchlight',
    );
  return s;
};
const url =
  (...protocols: string[]) =>
  (raw: string) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new InvalidValue('must be a URL');
    }
    if (!protocols.includes(u.protocol))
      throw new InvalidValue(`must start with ${protocols.join(' or ')}//`);
    return raw.replace(/\/+$/, '');
  };

/** Every configuration key, its default and what it means; the README's table is generated from this list. */
export const CONFIG_KEYS: KeySpec<keyof Config>[] = [
  spec('PORCHLIGHT_PORT', 'port', '8080', 'TCP port of the web server.', int(0, 65535)),
  spec(
    'PORCHLIGHT_HOST',
    'host',
    '127.0.0.1',
    'Address to listen on; `0.0.0.0` to serve the local network.',
    (s) => {
      if (!s.trim()) throw new InvalidValue('must not be empty');
      return s.trim();
    },
  ),
  spec('PORCHLIGHT_DATA_DIR', 'dataDir', './data', 'Folder for the SQLite database, keys and footage.', (s) =>
    path.resolve(s),
  ),
  spec(
    'PORCHLIGHT_DATABASE_URL',
    'databaseUrl',
    undefined,
    'Unset: embedded SQLite in the data dir. `postgres://user@host:5432/db`: PostgreSQL.',
    url('postgres:', 'postgresql:'),
  ),
  spec(
    'PORCHLIGHT_LOG_LEVEL',
    'logLevel',
    'info',
    'Structured log level: fatal, error, warn, info, debug, trace or silent.',
    oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  ),
  spec(
    'PORCHLIGHT_PUBLIC_URL',
    'publicUrl',
    undefined,
    'External URL used in invitation and reset links (default: the listen address).',
    url('http:', 'https:'),
  ),
  spec(
    'PORCHLIGHT_TRUST_PROXY',
    'trustProxy',
    'false',
    'Trust X-Forwarded-* headers from a reverse proxy (needed for Secure cookies behind TLS termination).',
    bool,
  ),
  spec(
    'PORCHLIGHT_ROLES',
    'roles',
    'hub,community',
    'Which roles this process runs: `hub`, `community` or both (the CLI verbs set this).',
    (s) => {
      const parts = [...new Set(s.split(',').map((p) => p.trim()))];
      if (!parts.length || parts.some((p) => p !== 'hub' && p !== 'community'))
        throw new InvalidValue('must be hub, community or hub,community');
      return parts as ServerRole[];
    },
  ),
  spec(
    'PORCHLIGHT_SIGNUP_MODE',
    'signupMode',
    'open',
    'Resident sign-up on a new instance: `open` or `invite` (invite-only); the admin can change it later.',
    oneOf('open', 'invite'),
  ),
  spec(
    'PORCHLIGHT_SESSION_TTL_HOURS',
    'sessionTtlHours',
    '336',
    'How long a sign-in lasts without use.',
    int(1, 8760),
  ),
  spec(
    'PORCHLIGHT_SIGNIN_MAX_FAILURES',
    'signinMaxFailures',
    '5',
    'Failed sign-ins in a row before an account is locked for a while.',
    int(1, 100),
  ),
  spec(
    'PORCHLIGHT_SIGNIN_LOCKOUT_MINUTES',
    'signinLockoutMinutes',
    '15',
    'How long a locked account stays locked.',
    int(1, 1440),
  ),
  spec(
    'PORCHLIGHT_SIGNIN_RATE_LIMIT',
    'signinRateLimit',
    '10',
    'Sign-in, sign-up and other credential requests allowed per minute from one client address.',
    int(1, 100_000),
  ),
  spec(
    'PORCHLIGHT_CELL_RESOLUTION',
    'cellResolution',
    '7',
    'H3 resolution of the coarse cell a hub reports to the community (7 ≈ 5 km²); never finer than 9.',
    int(4, 9),
  ),
  spec(
    'PORCHLIGHT_FILE_CAMERAS_DIR',
    'fileCamerasDir',
    undefined,
    'Folder whose video files may be used as camera sources (testing, demos); unset: local files are refused.',
    (s) => path.resolve(s),
  ),
  spec(
    'PORCHLIGHT_MAX_CAMERAS_PER_HOUSEHOLD',
    'maxCamerasPerHousehold',
    '16',
    'Most cameras one household may add on this hub; more are refused with ERR_CAMERA_LIMIT.',
    int(1, 10_000),
  ),
  spec(
    'PORCHLIGHT_MAX_CAMERAS',
    'maxCameras',
    '48',
    'Most cameras this hub records in all (each runs ffmpeg, about 5 % of a core; docs/benchmarks.md); more are refused.',
    int(1, 100_000),
  ),
  spec(
    'PORCHLIGHT_DEMO_RTSP_PORT',
    'demoRtspPort',
    '8554',
    "Loopback port of the demo camera's RTSP relay (started only when a demo camera exists); 0 picks a free port.",
    int(0, 65535),
  ),
  spec('PORCHLIGHT_METRICS', 'metrics', 'true', 'Serve Prometheus metrics at /metrics.', bool),
  spec(
    'PORCHLIGHT_WEB_DIR',
    'webDir',
    undefined,
    'Folder of the built web app (default: web/dist of the package).',
    (s) => path.resolve(s),
  ),
  spec(
    'PORCHLIGHT_LOG_ORIGIN',
    'logOrigin',
    undefined,
    "Origin line of the public log's checkpoints, e.g. `council.example.org/log` (default: the host of PORCHLIGHT_PUBLIC_URL + `/log`, or `porchlight.local/log`; fixed once the log key exists).",
    (s) => {
      // A checkpoint origin is one line and, as the log key's name, may hold no spaces or "+".
      if (!/^[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~-]+)*$/.test(s))
        throw new InvalidValue('must be a host and path without scheme, e.g. council.example.org/log');
      return s;
    },
  ),
  spec(
    'PORCHLIGHT_TIMEZONE',
    'timeZone',
    undefined,
    "IANA time zone of the household, e.g. `Europe/Paris`, for local times such as alert quiet hours (default: the machine's).",
    (s) => {
      try {
        return new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
      } catch {
        throw new InvalidValue('must be an IANA time zone such as Europe/Paris or UTC');
      }
    },
  ),
  spec(
    'PORCHLIGHT_VAPID_SUBJECT',
    'vapidSubject',
    undefined,
    'Contact that push services see in Web Push (VAPID) requests: `mailto:you@example.org` or an https URL (default: PORCHLIGHT_PUBLIC_URL when https, else a placeholder some services refuse).',
    (s) => {
      if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(s))
        throw new InvalidValue('must be mailto:address or an https:// URL');
      return s;
    },
  ),
  spec(
    'PORCHLIGHT_PUSH_ALLOW_LOOPBACK',
    'pushAllowLoopback',
    'false',
    'Accept Web Push subscriptions whose endpoint is http://127.0.0.1 (tests and benchmarks only; production endpoints must be https).',
    bool,
  ),
  spec(
    'PORCHLIGHT_RETENTION_CONTINUOUS_DAYS',
    'retentionContinuousDays',
    '3',
    'Days continuous recording segments are kept (A4).',
    int(0, 3650),
  ),
  spec(
    'PORCHLIGHT_RETENTION_EVENT_DAYS',
    'retentionEventDays',
    '30',
    'Days motion events are kept with their clip, snapshot and thumbnail.',
    int(1, 3650),
  ),
  spec(
    'PORCHLIGHT_MIN_FREE_DISK_MB',
    'minFreeDiskMb',
    '1024',
    'Free disk space (MB) to keep on the recordings disk; below it the oldest footage is purged first, whatever its age.',
    int(0, 100_000_000),
  ),
  spec(
    'PORCHLIGHT_SEGMENT_SECONDS',
    'segmentSeconds',
    '10',
    'Length of recorded segments in seconds (cut at the first keyframe after it).',
    int(2, 60),
  ),
  spec(
    'PORCHLIGHT_FFMPEG_PATH',
    'ffmpegPath',
    'ffmpeg',
    'The ffmpeg executable used for recording and detection.',
    (s) => {
      if (!s.trim() || s.trim().startsWith('-')) throw new InvalidValue('must be a program name or path');
      return s.trim();
    },
  ),
  spec(
    'PORCHLIGHT_FFPROBE_PATH',
    'ffprobePath',
    'ffprobe',
    'The ffprobe executable used to test camera connections.',
    (s) => {
      if (!s.trim() || s.trim().startsWith('-')) throw new InvalidValue('must be a program name or path');
      return s.trim();
    },
  ),
  spec(
    'PORCHLIGHT_MAP_TILE_URL',
    'mapTileUrl',
    undefined,
    "Tile URL template for the public camera map, e.g. `https://tiles.example.org/{z}/{x}/{y}.png` (default: unset, a plain background: visitors' browsers fetch nothing from elsewhere).",
    (s) => {
      if (!/^https?:\/\/[^\s"'<>]+$/.test(s) || !['{z}', '{x}', '{y}'].every((p) => s.includes(p)))
        throw new InvalidValue('must be an http(s) URL template containing {z}, {x} and {y}');
      return s;
    },
  ),
  spec(
    'PORCHLIGHT_MAP_TILE_ATTRIBUTION',
    'mapTileAttribution',
    undefined,
    'Attribution shown under the map when tiles are configured, as the tile provider requires (plain text).',
    (s) => {
      if (s.length > 200 || /[<>]/.test(s))
        throw new InvalidValue('must be plain text of at most 200 characters');
      return s;
    },
  ),
  spec(
    'PORCHLIGHT_OPERATOR_NAME',
    'operatorName',
    undefined,
    'Name of the public body that runs this community server (e.g. `Springfield City Council`); the instance admin may record partnership agreements this body is party to (default: unset, the admin records none).',
    (s) => {
      if (!/^[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F .,&'()/-]{0,99}$/.test(s))
        throw new InvalidValue(
          "must be an organisation name: letters, digits, spaces and . , & ' ( ) / - only, at most 100 characters",
        );
      return s;
    },
  ),
  {
    ...spec(
      'PORCHLIGHT_MQTT_URL',
      'mqttUrl',
      undefined,
      'MQTT broker for doorbell buttons, Home Assistant and alerts, e.g. `mqtt://user:password@192.168.1.5:1883` or `mqtts://…:8883` (default: unset, MQTT off). The password is never logged.',
      url('mqtt:', 'mqtts:'),
    ),
    secret: true,
  },
  spec(
    'PORCHLIGHT_MQTT_CA_FILE',
    'mqttCaFile',
    undefined,
    "PEM file of the certificate authority that signed an `mqtts://` broker's certificate (a home CA or a self-signed broker); default: the system's CAs.",
    (s) => {
      const file = path.resolve(s);
      if (!fs.existsSync(file)) throw new InvalidValue('must be a readable PEM file');
      return file;
    },
  ),
  spec(
    'PORCHLIGHT_MQTT_TOPIC_PREFIX',
    'mqttTopicPrefix',
    'porchlight',
    "First levels of Porchlight's MQTT topics: `<prefix>/availability`, `<prefix>/cameras/<id>/ring`, … (one prefix per hub on a shared broker).",
    topicPrefix,
  ),
  spec(
    'PORCHLIGHT_MQTT_DISCOVERY_PREFIX',
    'mqttDiscoveryPrefix',
    'homeassistant',
    "Home Assistant's MQTT discovery prefix.",
    topicPrefix,
  ),
  spec(
    'PORCHLIGHT_MQTT_DISCOVERY',
    'mqttDiscovery',
    'true',
    'Announce each camera to Home Assistant by MQTT discovery (retained configs; cleared when a camera is removed).',
    bool,
  ),
  spec(
    'PORCHLIGHT_MQTT_RING_REQUIRE_TOKEN',
    'mqttRingRequireToken',
    'false',
    'Accept MQTT rings only with the camera\'s device token in the payload (`{"token":"…"}`); by default the broker\'s ACLs decide who may publish a ring, and a token, when sent, must be right.',
    bool,
  ),
  spec(
    'PORCHLIGHT_WEBHOOK_ALLOW_LOCAL',
    'webhookAllowLocal',
    'true',
    'Webhook URLs may name private addresses and local names (`homeassistant.local`), where Home Assistant and Node-RED usually run; set false on a hub several households share. Loopback and link-local addresses are always refused.',
    bool,
  ),
  spec(
    'PORCHLIGHT_WEBHOOK_ALLOW_LOOPBACK',
    'webhookAllowLoopback',
    'false',
    'Webhook URLs may name http://127.0.0.1 (tests only).',
    bool,
  ),
];

function spec<K extends keyof Config>(
  env: string,
  key: K,
  def: string | undefined,
  doc: string,
  parse: (raw: string) => Config[K],
): KeySpec<keyof Config> {
  return { env, key, default: def, doc, parse };
}

/** Variables read before configuration exists: the bin shim's switch to run from TypeScript sources. */
const OUTSIDE_CONFIG = new Set(['PORCHLIGHT_FROM_SOURCE']);

/** Thrown with every invalid key listed, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse and validate configuration from environment variables; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  const known = new Set(CONFIG_KEYS.map((k) => k.env));
  for (const k of CONFIG_KEYS) {
    const raw = env[k.env];
    const value = raw === undefined || raw === '' ? k.default : raw;
    if (value === undefined) {
      out[k.key] = undefined;
      continue;
    }
    try {
      out[k.key] = k.parse(value);
    } catch (e) {
      if (!(e instanceof InvalidValue)) throw e;
      problems.push(k.secret ? `${k.env}: ${e.message}` : `${k.env}=${JSON.stringify(raw)}: ${e.message}`);
    }
  }
  // A misspelt key silently falling back to its default is worse than refusing to start.
  for (const name of Object.keys(env)) {
    if (
      name.startsWith('PORCHLIGHT_') &&
      !known.has(name) &&
      !OUTSIDE_CONFIG.has(name) &&
      !name.startsWith('PORCHLIGHT_TEST_')
    )
      problems.push(`${name}: unknown setting`);
  }
  if (problems.length) throw new ConfigError(problems);
  return { ...(out as unknown as Config), ...overrides };
}
