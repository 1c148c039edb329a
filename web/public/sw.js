// Porchlight's service worker: shows Web Push alerts (A5) as notifications, with the snapshot, and opens the
// camera's page on click. It caches nothing: the web app always comes from the hub.
//
// A push message is the JSON the hub encrypts for this browser (RFC 8291):
// { id, kind: 'ring' | 'motion', priority, cameraId, cameraName, householdId, at, snapshotUrl, eventId,
//   title, body, url }

/* eslint-env serviceworker */

self.addEventListener('install', () => {
  // A new version takes over at once; it holds no state an older page could depend on.
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** Whether an image answers within the time allowed (a motion snapshot is written just after the alert). */
async function imageReady(url, waitMs) {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
      if (res.ok && (res.headers.get('content-type') || '').startsWith('image/')) return true;
    } catch {
      // Offline or the hub is restarting: the notification goes out without a picture.
    }
    if (Date.now() + 400 > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

function readPayload(event) {
  if (!event.data) return null;
  try {
    return event.data.json();
  } catch {
    return { title: 'Porchlight', body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  const alert = readPayload(event);
  if (!alert) return;
  const ring = alert.kind === 'ring';
  const options = {
    body: alert.body || alert.cameraName || '',
    icon: '/favicon.svg',
    badge: '/favicon.svg',
    // One notification per camera and kind: a new alert replaces the previous one and buzzes again.
    tag: `${ring ? 'ring' : 'motion'}-${alert.cameraId || 'porchlight'}`,
    renotify: true,
    // A ring stays on screen until someone looks; motion may slip away.
    requireInteraction: ring,
    vibrate: ring ? [300, 100, 300, 100, 600] : [200],
    timestamp: Date.parse(alert.at) || Date.now(),
    data: { url: alert.url || '/alerts', id: alert.id },
  };
  const title = alert.title || (ring ? 'Someone is at the door' : 'Motion');
  event.waitUntil(
    (async () => {
      if (alert.snapshotUrl) {
        // A ring shows whoever is at the door now, at once; motion waits briefly for the event's snapshot.
        if (ring || (await imageReady(alert.snapshotUrl, 3000))) options.image = alert.snapshotUrl;
      }
      await self.registration.showNotification(title, options);
    })(),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(
    (event.notification.data && event.notification.data.url) || '/alerts',
    self.location.origin,
  );
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of windows) {
        if (new URL(client.url).origin !== target.origin) continue;
        await client.focus();
        if ('navigate' in client) await client.navigate(target.href);
        return;
      }
      await self.clients.openWindow(target.href);
    })(),
  );
});
