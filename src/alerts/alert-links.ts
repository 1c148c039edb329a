// The addresses an alert links to, in one place: the recording pipeline serves the images, and the web app the
// pages. When either moves, only this file changes.

/** Snapshot of a motion event, stored by the recording pipeline. */
export function eventSnapshotUrl(eventId: string): string {
  return `/api/v1/events/${encodeURIComponent(eventId)}/snapshot`;
}

/** The camera's latest frame as a JPEG (a ring has no event yet: the picture is whoever is at the door now). */
export function liveSnapshotUrl(cameraId: string): string {
  return `/api/v1/cameras/${encodeURIComponent(cameraId)}/live.jpg`;
}

/** The web app page a notification opens: the camera's page, with the motion event selected in its timeline. */
export function cameraPageUrl(cameraId: string, eventId: string | null): string {
  const page = `/cameras/${encodeURIComponent(cameraId)}`;
  return eventId ? `${page}?event=${encodeURIComponent(eventId)}` : page;
}
