import type { Kysely, Selectable } from 'kysely';
import type { DB, HubEventsTable, HubRecordingSegmentsTable } from '../db/schema.js';

/** A segment row as stored (sizes read back as numbers). */
export type SegmentRow = Omit<Selectable<HubRecordingSegmentsTable>, 'size_bytes'> & { size_bytes: number };
/** An event row as stored (sizes read back as numbers). */
export type EventRow = Omit<Selectable<HubEventsTable>, 'clip_size'> & { clip_size: number | null };

const toSegment = (r: Selectable<HubRecordingSegmentsTable>): SegmentRow => ({
  ...r,
  size_bytes: Number(r.size_bytes),
});
const toEvent = (r: Selectable<HubEventsTable>): EventRow => ({
  ...r,
  peak_area: Number(r.peak_area),
  clip_size: r.clip_size === null ? null : Number(r.clip_size),
});

/** Kysely queries for segments, events and gaps. */
export class RecordingRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Store a segment. */
  async insertSegment(row: SegmentRow): Promise<void> {
    await this.db.insertInto('hub_recording_segments').values(row).execute();
  }

  /** Segments of a camera overlapping [from, to), oldest first. */
  async segmentsOverlapping(cameraId: string, fromIso: string, toIso: string): Promise<SegmentRow[]> {
    const rows = await this.db
      .selectFrom('hub_recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('ended_at', '>', fromIso)
      .where('started_at', '<', toIso)
      .orderBy('started_at')
      .execute();
    return rows.map(toSegment);
  }

  /** Segments of a camera in a time range, for the timeline. */
  async listSegments(cameraId: string, fromIso: string, toIso: string, limit: number): Promise<SegmentRow[]> {
    const rows = await this.db
      .selectFrom('hub_recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('ended_at', '>', fromIso)
      .where('started_at', '<', toIso)
      .orderBy('started_at')
      .limit(limit)
      .execute();
    return rows.map(toSegment);
  }

  /**
   * One page of a camera's segment spans overlapping [from, to), ordered by start then id, after a keyset
   * position (coverage streams through these pages, so a month of segments never sits in memory at once).
   */
  async segmentSpansPage(
    cameraId: string,
    fromIso: string,
    toIso: string,
    after: { startedAt: string; id: string } | null,
    limit: number,
  ): Promise<{ id: string; started_at: string; ended_at: string }[]> {
    let q = this.db
      .selectFrom('hub_recording_segments')
      .select(['id', 'started_at', 'ended_at'])
      .where('camera_id', '=', cameraId)
      .where('ended_at', '>', fromIso)
      .where('started_at', '<', toIso);
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('started_at', '>', after.startedAt),
          eb.and([eb('started_at', '=', after.startedAt), eb('id', '>', after.id)]),
        ]),
      );
    return q.orderBy('started_at').orderBy('id').limit(limit).execute();
  }

  /** Mark a camera's segments overlapping [from, to) (to: open-ended when null) as held for an event clip. */
  async markKept(cameraId: string, fromIso: string, toIso: string | null): Promise<void> {
    let q = this.db
      .updateTable('hub_recording_segments')
      .set({ kept_for_event: 1 })
      .where('camera_id', '=', cameraId)
      .where('ended_at', '>', fromIso);
    if (toIso !== null) q = q.where('started_at', '<', toIso);
    await q.execute();
  }

  /** Release the hold on segments. */
  async releaseKept(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db
        .updateTable('hub_recording_segments')
        .set({ kept_for_event: 0 })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  /** Blob keys of a camera's segments (to find files no row knows of). */
  async segmentKeys(cameraId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('hub_recording_segments')
      .select('blob_key')
      .where('camera_id', '=', cameraId)
      .execute();
    return new Set(rows.map((r) => r.blob_key));
  }

  /** Segments that ended before a time, oldest first; `kept` filters on the hold. */
  async segmentsEndedBefore(
    iso: string,
    limit: number,
    kept?: boolean,
    cameraId?: string,
  ): Promise<SegmentRow[]> {
    let q = this.db.selectFrom('hub_recording_segments').selectAll().where('ended_at', '<', iso);
    if (kept !== undefined) q = q.where('kept_for_event', '=', kept ? 1 : 0);
    if (cameraId !== undefined) q = q.where('camera_id', '=', cameraId);
    const rows = await q.orderBy('ended_at').limit(limit).execute();
    return rows.map(toSegment);
  }

  /** Any segments of one camera (for purging a removed camera). */
  async cameraSegments(cameraId: string, limit: number): Promise<SegmentRow[]> {
    const rows = await this.db
      .selectFrom('hub_recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .limit(limit)
      .execute();
    return rows.map(toSegment);
  }

  /** Any events of one camera, open or ended (for purging a removed camera). */
  async cameraEvents(cameraId: string, limit: number): Promise<EventRow[]> {
    const rows = await this.db
      .selectFrom('hub_events')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  /** The oldest segments of all cameras. */
  async oldestSegments(limit: number): Promise<SegmentRow[]> {
    const rows = await this.db
      .selectFrom('hub_recording_segments')
      .selectAll()
      .orderBy('ended_at')
      .limit(limit)
      .execute();
    return rows.map(toSegment);
  }

  /** Delete segment rows. */
  async deleteSegments(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db
        .deleteFrom('hub_recording_segments')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  /** Store an event. */
  async insertEvent(row: EventRow): Promise<void> {
    await this.db.insertInto('hub_events').values(row).execute();
  }

  /** Change an event. */
  async updateEvent(id: string, patch: Partial<Omit<EventRow, 'id'>>): Promise<void> {
    await this.db.updateTable('hub_events').set(patch).where('id', '=', id).execute();
  }

  /** An event by id. */
  async findEvent(id: string): Promise<EventRow | undefined> {
    const r = await this.db.selectFrom('hub_events').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toEvent(r) : undefined;
  }

  /** A camera's events that overlap [from, to), newest first. */
  async listEvents(cameraId: string, fromIso: string, toIso: string, limit: number): Promise<EventRow[]> {
    const rows = await this.db
      .selectFrom('hub_events')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('started_at', '<', toIso)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', fromIso)]))
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  /** Events whose clip is still to be built (after a restart of the hub). */
  async pendingEvents(cameraId: string): Promise<EventRow[]> {
    const rows = await this.db
      .selectFrom('hub_events')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('clip_status', '=', 'pending')
      .orderBy('started_at')
      .execute();
    return rows.map(toEvent);
  }

  /** Events that ended before a time (retention), oldest first. */
  async eventsEndedBefore(iso: string, limit: number): Promise<EventRow[]> {
    const rows = await this.db
      .selectFrom('hub_events')
      .selectAll()
      .where('ended_at', '<', iso)
      .orderBy('ended_at')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  /** The oldest events with a stored clip. */
  async oldestClips(limit: number): Promise<EventRow[]> {
    const rows = await this.db
      .selectFrom('hub_events')
      .selectAll()
      .where('clip_status', '=', 'ready')
      .orderBy('ended_at')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  /** Delete event rows. */
  async deleteEvents(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db
        .deleteFrom('hub_events')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  /** The household's mode and schedule and the camera's snooze, for the motion mode decision. */
  async modeFacts(
    cameraId: string,
  ): Promise<{ mode: string; schedule: string | null; snoozeUntil: string | null } | undefined> {
    const r = await this.db
      .selectFrom('hub_cameras')
      .innerJoin('hub_households', 'hub_households.id', 'hub_cameras.household_id')
      .select(['hub_households.mode', 'hub_households.schedule', 'hub_cameras.snooze_until'])
      .where('hub_cameras.id', '=', cameraId)
      .executeTakeFirst();
    return r ? { mode: r.mode, schedule: r.schedule, snoozeUntil: r.snooze_until } : undefined;
  }

  /** Open a gap (the camera's stream was lost); ignored when the camera no longer exists. */
  async openGap(row: {
    id: string;
    camera_id: string;
    started_at: string;
    reason: string;
  }): Promise<boolean> {
    const exists = await this.db
      .selectFrom('hub_cameras')
      .select('id')
      .where('id', '=', row.camera_id)
      .executeTakeFirst();
    if (!exists) return false;
    await this.db
      .insertInto('hub_camera_gaps')
      .values({ ...row, reason: row.reason.slice(0, 500), ended_at: null })
      .execute();
    return true;
  }

  /** Close a gap. */
  async closeGap(id: string, endedIso: string): Promise<void> {
    await this.db.updateTable('hub_camera_gaps').set({ ended_at: endedIso }).where('id', '=', id).execute();
  }

  /** Close gaps a previous run of the hub left open (it stopped before the stream came back). */
  async closeOpenGaps(cameraId: string, endedIso: string): Promise<void> {
    await this.db
      .updateTable('hub_camera_gaps')
      .set({ ended_at: endedIso })
      .where('camera_id', '=', cameraId)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** A camera's gaps overlapping [from, to), oldest first. */
  async listGaps(
    cameraId: string,
    fromIso: string,
    toIso: string,
    limit: number,
  ): Promise<{ id: string; started_at: string; ended_at: string | null; reason: string }[]> {
    return this.db
      .selectFrom('hub_camera_gaps')
      .select(['id', 'started_at', 'ended_at', 'reason'])
      .where('camera_id', '=', cameraId)
      .where('started_at', '<', toIso)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', fromIso)]))
      .orderBy('started_at')
      .limit(limit)
      .execute();
  }
}
