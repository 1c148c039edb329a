// What to delete (A4), decided from facts alone, like frigate's record maintainer: continuous segments live N days,
// event clips M days, a camera that records only events keeps segments just long enough to serve as pre-roll, a
// segment an event clip still needs is held, and when free disk falls under the threshold the oldest footage goes
// first (continuous segments before event clips, held segments last). Pure: the retention service gathers the
// facts, applies the decision and logs every deletion.

/** Retention settings from configuration. */
export interface RetentionSettings {
  continuousDays: number;
  eventDays: number;
  /** Free bytes the disk should keep; below it the oldest footage is purged. */
  minFreeBytes: number;
}

/** A stored continuous segment. */
export interface SegmentFact {
  id: string;
  cameraId: string;
  endMs: number;
  sizeBytes: number;
  /** An event's clip has not been built from it yet. */
  keptForEvent: boolean;
}

/** A stored event clip. */
export interface ClipFact {
  eventId: string;
  cameraId: string;
  endMs: number;
  sizeBytes: number;
}

/** What retention needs to know about a camera; cameras that no longer exist keep footage by age. */
export interface CameraFact {
  continuous: boolean;
  preRollMs: number;
}

/** Everything one retention pass decides on. */
export interface RetentionInput {
  nowMs: number;
  settings: RetentionSettings;
  /** Free bytes on the recordings disk, or null when unknown (the disk rule is then skipped). */
  freeBytes: number | null;
  /** Candidates, in any order. */
  segments: readonly SegmentFact[];
  clips: readonly ClipFact[];
  cameras: ReadonlyMap<string, CameraFact>;
}

/** Why something was deleted. */
export type PurgeReason = 'age' | 'not-continuous' | 'disk' | 'camera-removed';

/** One deletion. */
export interface Deletion {
  kind: 'segment' | 'clip';
  /** Segment id, or the event id for a clip. */
  id: string;
  cameraId: string;
  bytes: number;
  reason: PurgeReason;
}

/** The decision. */
export interface RetentionDecision {
  deletions: Deletion[];
  /** Free bytes once the deletions are done (null when unknown). */
  freeBytesAfter: number | null;
  /** Bytes still missing to the threshold after deleting everything allowed (0 when the threshold is met). */
  shortBytes: number;
}

const DAY_MS = 24 * 3600_000;
/** Event-only cameras keep segments this long beyond the pre-roll, so an event starting now still finds them. */
export const EVENT_ONLY_GRACE_MS = 60_000;

/** Decide what one retention pass deletes. */
export function decideRetention(input: RetentionInput): RetentionDecision {
  const { nowMs, settings } = input;
  const continuousCutoff = nowMs - settings.continuousDays * DAY_MS;
  const eventCutoff = nowMs - settings.eventDays * DAY_MS;
  const deletions: Deletion[] = [];
  const deleted = new Set<string>();
  const drop = (d: Deletion) => {
    deletions.push(d);
    deleted.add(`${d.kind}:${d.id}`);
  };

  const byAge = (a: { endMs: number }, b: { endMs: number }) => a.endMs - b.endMs;
  const segments = [...input.segments].sort(byAge);
  const clips = [...input.clips].sort(byAge);

  for (const s of segments) {
    const camera = input.cameras.get(s.cameraId);
    const base = { kind: 'segment' as const, id: s.id, cameraId: s.cameraId, bytes: s.sizeBytes };
    if (s.keptForEvent) {
      // A hold must not keep footage forever (an event whose clip never got built).
      if (s.endMs < eventCutoff) drop({ ...base, reason: 'age' });
      continue;
    }
    if (s.endMs < continuousCutoff) drop({ ...base, reason: 'age' });
    else if (camera && !camera.continuous && s.endMs < nowMs - camera.preRollMs - EVENT_ONLY_GRACE_MS)
      drop({ ...base, reason: 'not-continuous' });
  }
  for (const c of clips) {
    if (c.endMs < eventCutoff)
      drop({ kind: 'clip', id: c.eventId, cameraId: c.cameraId, bytes: c.sizeBytes, reason: 'age' });
  }

  if (input.freeBytes === null) return { deletions, freeBytesAfter: null, shortBytes: 0 };
  let free = input.freeBytes + deletions.reduce((sum, d) => sum + d.bytes, 0);
  // Oldest first, least valuable first: continuous footage, then event clips, then held segments.
  const queue: Deletion[] = [
    ...segments
      .filter((s) => !s.keptForEvent)
      .map((s) => ({
        kind: 'segment' as const,
        id: s.id,
        cameraId: s.cameraId,
        bytes: s.sizeBytes,
        reason: 'disk' as const,
      })),
    ...clips.map((c) => ({
      kind: 'clip' as const,
      id: c.eventId,
      cameraId: c.cameraId,
      bytes: c.sizeBytes,
      reason: 'disk' as const,
    })),
    ...segments
      .filter((s) => s.keptForEvent)
      .map((s) => ({
        kind: 'segment' as const,
        id: s.id,
        cameraId: s.cameraId,
        bytes: s.sizeBytes,
        reason: 'disk' as const,
      })),
  ];
  for (const d of queue) {
    if (free >= settings.minFreeBytes) break;
    // Deleting what takes no space (an event without a clip) would lose history and free nothing.
    if (d.bytes <= 0 || deleted.has(`${d.kind}:${d.id}`)) continue;
    drop(d);
    free += d.bytes;
  }
  return { deletions, freeBytesAfter: free, shortBytes: Math.max(0, settings.minFreeBytes - free) };
}
