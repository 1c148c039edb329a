import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';

/** The broker tests use; `.ci/run` exports it (a Mosquitto on loopback). */
export const TEST_MQTT_URL = process.env.PORCHLIGHT_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

let counter = 0;
/** A topic prefix no other test (or run) shares, so retained messages never leak between tests. */
export function uniquePrefix(name: string): string {
  counter++;
  return `pltest_${name}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A received message. */
export interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
  text: string;
}

/** A test client that records every message on its subscriptions. */
export class MqttProbe {
  readonly messages: Received[] = [];
  private sentinels = 0;

  private constructor(
    readonly client: MqttClient,
    private readonly sentinelTopic: string,
  ) {
    client.on('message', (topic, payload, packet) =>
      this.messages.push({ topic, payload, retain: packet.retain, text: payload.toString('utf8') }),
    );
  }

  /** Connect and subscribe to the filters (and to a private sentinel topic for `settle`). */
  static async open(filters: string[], url = TEST_MQTT_URL): Promise<MqttProbe> {
    const client = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000 });
    const sentinel = `pltest_sentinel/${Math.random().toString(36).slice(2)}`;
    await client.subscribeAsync([...filters, sentinel], { qos: 1 });
    const probe = new MqttProbe(client, sentinel);
    // Retained messages are sent after the subscription; the sentinel comes after them on this connection.
    await probe.settle();
    return probe;
  }

  /** Resolves once every message the broker queued for this client before now has arrived (a round trip). */
  async settle(): Promise<void> {
    const n = ++this.sentinels;
    const payload = `sentinel-${n}`;
    await this.client.publishAsync(this.sentinelTopic, payload, { qos: 1 });
    await this.waitFor((m) => m.topic === this.sentinelTopic && m.text === payload);
  }

  /** Messages on one topic, sentinels left out. */
  on(topic: string): Received[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  /** Wait for a message matching the predicate (searching those already received too). */
  async waitFor(match: (m: Received) => boolean, ms = 10_000): Promise<Received> {
    const end = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > end) throw new Error('timed out waiting for an MQTT message');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async publish(topic: string, payload: string | Buffer, retain = false): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, retain });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/** A free TCP port on loopback (closed again at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A Mosquitto of the test's own on a loopback port (for broker up/down tests). */
export class OwnMosquitto {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Start on a loopback port; `extra` lines go into the listener's configuration (e.g. TLS files). */
  static async start(port: number, extra: string[] = []): Promise<OwnMosquitto> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-mosquitto-'));
    const conf = path.join(dir, 'mosquitto.conf');
    fs.writeFileSync(
      conf,
      [`listener ${port} 127.0.0.1`, ...extra, 'allow_anonymous true', 'persistence false', ''].join('\n'),
    );
    // Debian installs it in /usr/sbin, which is not on every user's PATH.
    const bin =
      process.env.PORCHLIGHT_TEST_MOSQUITTO ??
      (fs.existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto');
    const child = spawn(bin, ['-c', conf], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const own = new OwnMosquitto(child, dir, port);
    const end = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited: ${stderr}`);
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (up) return own;
      if (Date.now() > end) {
        await own.stop();
        throw new Error(`mosquitto did not listen on ${port}: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 it signed (openssl), for an mqtts
 * listener. The files are world-readable: Mosquitto started as root drops to its own user before reading them.
 */
export function makeTestCa(): { dir: string; ca: string; cert: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porchlight-ca-'));
  fs.chmodSync(dir, 0o755);
  const f = (name: string) => path.join(dir, name);
  const run = (args: string[]) => {
    const r = spawnSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.toString()}`);
  };
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Porchlight test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  ]);
  fs.writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run([
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    f('san.ext'),
    '-out',
    f('server.crt'),
  ]);
  for (const name of fs.readdirSync(dir)) fs.chmodSync(f(name), 0o644);
  return { dir, ca: f('ca.crt'), cert: f('server.crt'), key: f('server.key') };
}
