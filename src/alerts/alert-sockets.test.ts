import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { AlertSockets, SESSION_ENDED_CLOSE_CODE } from './alert-sockets.js';

/** A real ws server on loopback whose connections are handed to the registry as `user` with `token`. */
async function harness(sessions: Map<string, string | null>, pingIntervalMs = 40) {
  const sockets = new AlertSockets({
    pingIntervalMs,
    sessionUser: async (token) => sessions.get(token) ?? null,
  });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    sockets.add(url.searchParams.get('user')!, url.searchParams.get('token')!, socket);
  });
  const port = (wss.address() as AddressInfo).port;
  const connect = async (user: string, token: string, options: { autoPong?: boolean } = {}) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?user=${user}&token=${token}`, options);
    const messages: unknown[] = [];
    ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString('utf8'))));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await new Promise<void>((r, j) => {
      ws.once('open', () => r());
      ws.once('error', j);
    });
    return { ws, messages, closed };
  };
  return {
    sockets,
    connect,
    async close() {
      sockets.close();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('alert sockets', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  test('a message goes to every open connection of the named users and no one else', async () => {
    const sessions = new Map([
      ['t-ann', 'ann'],
      ['t-ann-2', 'ann'],
      ['t-bob', 'bob'],
    ]);
    const h = await harness(sessions, 60_000);
    close = () => h.close();
    const ann1 = await h.connect('ann', 't-ann');
    const ann2 = await h.connect('ann', 't-ann-2');
    const bob = await h.connect('bob', 't-bob');
    await until(() => h.sockets.size === 3);
    assert.equal(h.sockets.send(['ann', 'ann', 'nobody'], { hello: 1 }), 2, 'each connection once');
    await until(() => ann1.messages.length === 1 && ann2.messages.length === 1);
    assert.deepEqual(ann1.messages, [{ hello: 1 }]);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(bob.messages, []);
  });

  test('a connection whose session ended is closed with 4401 at the next round', async () => {
    const sessions = new Map<string, string | null>([['t-ann', 'ann']]);
    const h = await harness(sessions);
    close = () => h.close();
    const ann = await h.connect('ann', 't-ann');
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(ann.ws.readyState, WebSocket.OPEN, 'kept open while the session lives (pongs answered)');
    sessions.set('t-ann', null);
    assert.equal(await ann.closed, SESSION_ENDED_CLOSE_CODE);
    await until(() => h.sockets.size === 0);
  });

  test('a client that stops answering pings is dropped', async () => {
    const h = await harness(new Map([['t-ann', 'ann']]));
    close = () => h.close();
    const silent = await h.connect('ann', 't-ann', { autoPong: false });
    const code = await silent.closed;
    assert.equal(code, 1006, 'terminated without a close frame');
    await until(() => h.sockets.size === 0);
  });
});
