// The far side of the alert latency benchmark, in its own process as a browser and a push service would be, so its
// clock readings are not delayed by the hub's event loop: the web app's WebSocket clients and the loopback Web Push
// service. It reports each arrival to the benchmark over IPC with the time it was read here.
import { WebSocket } from 'ws';
import { PushEndpoint } from '../../test/support/push-endpoint.js';

/** Messages the benchmark sends. */
export type ToClients =
  | { type: 'subscribe'; name: string; vapidKey: string }
  | { type: 'connect'; name: string; url: string; cookie: string }
  | { type: 'close' };

/** Messages this process sends back. */
export type FromClients =
  | { type: 'ready' }
  | { type: 'subscription'; name: string; endpoint: string; keys: { p256dh: string; auth: string } }
  | { type: 'connected'; name: string }
  | { type: 'arrival'; via: 'ws' | 'push'; eventId: string; atMs: number }
  | { type: 'closed'; errors: string[] };

const nowMs = () => performance.timeOrigin + performance.now();
const send = (m: FromClients) => process.send!(m);
const push = await PushEndpoint.start();
const sockets: WebSocket[] = [];

push.onReceive = (r) => {
  if (typeof r.payload.eventId === 'string')
    send({ type: 'arrival', via: 'push', eventId: r.payload.eventId, atMs: r.receivedAtMs });
};

process.on('message', (m: ToClients) => {
  if (m.type === 'subscribe') {
    push.expectVapidKey(m.vapidKey);
    const sub = push.newSubscription();
    send({ type: 'subscription', name: m.name, endpoint: sub.endpoint, keys: sub.keys });
  } else if (m.type === 'connect') {
    const ws = new WebSocket(m.url, { headers: { cookie: m.cookie } });
    ws.on('message', (data: Buffer) => {
      const atMs = nowMs();
      const alert = JSON.parse(data.toString('utf8')) as { eventId: string | null };
      if (alert.eventId) send({ type: 'arrival', via: 'ws', eventId: alert.eventId, atMs });
    });
    ws.once('open', () => send({ type: 'connected', name: m.name }));
    sockets.push(ws);
  } else {
    for (const ws of sockets) ws.terminate();
    void push.close().then(() => {
      send({ type: 'closed', errors: push.errors });
      process.disconnect();
    });
  }
});
send({ type: 'ready' });
