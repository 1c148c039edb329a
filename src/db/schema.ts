/**
 * Table types for Kysely. Times are ISO-8601 UTC text and booleans are 0/1 integers on every dialect,
 * so the same queries and migrations run on SQLite and PostgreSQL.
 * Tables prefixed `hub_` belong to the household hub; `community_` to the community server. No community
 * table holds footage or an exact location (PRODUCT "Deployment", P1).
 */
export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  account_invitations: AccountInvitationsTable;
  password_resets: PasswordResetsTable;
  organisations: OrganisationsTable;
  settings: SettingsTable;
  hub_households: HubHouseholdsTable;
  hub_household_members: HubHouseholdMembersTable;
  hub_household_invitations: HubHouseholdInvitationsTable;
  hub_link: HubLinkTable;
  hub_cameras: HubCamerasTable;
  hub_camera_gaps: HubCameraGapsTable;
  hub_recording_segments: HubRecordingSegmentsTable;
  hub_events: HubEventsTable;
  hub_alerts: HubAlertsTable;
  hub_alert_recipients: HubAlertRecipientsTable;
  hub_push_subscriptions: HubPushSubscriptionsTable;
  hub_webhooks: HubWebhooksTable;
  hub_webhook_deliveries: HubWebhookDeliveriesTable;
  community_hub_invitations: CommunityHubInvitationsTable;
  community_hubs: CommunityHubsTable;
  transparency_head: TransparencyHeadTable;
  transparency_leaves: TransparencyLeavesTable;
  transparency_nodes: TransparencyNodesTable;
  transparency_checkpoints: TransparencyCheckpointsTable;
  transparency_witnesses: TransparencyWitnessesTable;
  transparency_cosignatures: TransparencyCosignaturesTable;
  community_agreements: CommunityAgreementsTable;
  community_subsidy_programmes: CommunitySubsidyProgrammesTable;
  community_subsidy_batches: CommunitySubsidyBatchesTable;
  community_subsidy_disbursements: CommunitySubsidyDisbursementsTable;
  community_communications: CommunityCommunicationsTable;
  community_registry_versions: CommunityRegistryVersionsTable;
  community_log_tallies: CommunityLogTalliesTable;
  community_log_tally_cursor: CommunityLogTallyCursorTable;
  community_complaints: CommunityComplaintsTable;
  community_audits: CommunityAuditsTable;
  community_violations: CommunityViolationsTable;
  community_breaches: CommunityBreachesTable;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: string;
  organisation_id: string | null;
  totp_secret_enc: string | null;
  totp_enabled: number;
  totp_last_step: number;
  failed_signins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface AccountInvitationsTable {
  id: string;
  token_hash: string;
  role: string;
  email: string;
  organisation_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface OrganisationsTable {
  id: string;
  kind: string;
  name: string;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface HubHouseholdsTable {
  id: string;
  owner_user_id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  mode: string;
  schedule: string | null;
  created_at: string;
}

export interface HubHouseholdMembersTable {
  household_id: string;
  user_id: string;
  capabilities: string;
  expires_at: string | null;
  /** JSON array of camera ids the capabilities are limited to; null for every camera. */
  camera_ids: string | null;
  created_at: string;
}

export interface HubHouseholdInvitationsTable {
  id: string;
  token_hash: string;
  household_id: string;
  email: string;
  capabilities: string;
  access_expires_at: string | null;
  camera_ids: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface HubLinkTable {
  household_id: string;
  hub_id: string;
  token: string;
  cell: string;
  linked_at: string;
}

export interface CommunityHubInvitationsTable {
  id: string;
  code_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface CommunityHubsTable {
  id: string;
  token_hash: string;
  cell: string;
  camera_count: number;
  accepting_count: number;
  linked_at: string;
  updated_at: string;
}

export interface HubCamerasTable {
  id: string;
  household_id: string;
  name: string;
  /** Stream URL with credentials, sealed with the hub's secret key. */
  main_url_sealed: string;
  /** The same URL with the password removed, for display. */
  main_url_display: string;
  detect_url_sealed: string | null;
  detect_url_display: string | null;
  enabled: number;
  accepts_requests: number;
  device_token_hash: string;
  settings: string;
  snooze_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface HubCameraGapsTable {
  id: string;
  camera_id: string;
  started_at: string;
  ended_at: string | null;
  reason: string;
}

/** A 64-bit integer: PostgreSQL's driver reads bigint as text, so repositories convert reads with Number(). */
type Int8 = import('kysely').ColumnType<number | string, number, number>;
/** A column of an append-only table: written once, and the type system refuses an update (the database does too). */
type Frozen<Select, Insert = Select> = import('kysely').ColumnType<Select, Insert, never>;

/** The public log's head (one row, id 1): its size and the frontier hashes the next append folds into. */
export interface TransparencyHeadTable {
  id: number;
  size: Int8;
  /** Hex hashes of the tree's complete root subtrees, largest first, concatenated. */
  frontier: string;
  updated_at: string;
}

/** One log entry (E1): its RFC 8785 canonical JSON text and RFC 9162 leaf hash. Append-only. */
export interface TransparencyLeavesTable {
  idx: Frozen<number | string, number>;
  type: Frozen<string>;
  time: Frozen<string>;
  entry: Frozen<string>;
  leaf_hash: Frozen<string>;
}

/** Hash of the complete subtree of 2^level leaves starting at leaf idx * 2^level. Append-only. */
export interface TransparencyNodesTable {
  level: Frozen<number>;
  idx: Frozen<number | string, number>;
  hash: Frozen<string>;
}

/** A signed checkpoint (C2SP tlog-checkpoint) of the log at one size. Append-only. */
export interface TransparencyCheckpointsTable {
  size: Frozen<number | string, number>;
  root_hash: Frozen<string>;
  note: Frozen<string>;
  created_at: Frozen<string>;
}

/** An independent witness key registered by oversight (E2). */
export interface TransparencyWitnessesTable {
  id: string;
  name: string;
  /** Eight lowercase hex digits, as in the key and its signature lines. */
  key_id: string;
  verifier_key: string;
  registered_by: string;
  registered_at: string;
  entry_index: Int8;
}

/** A witness's cosignature line over one checkpoint. */
export interface TransparencyCosignaturesTable {
  witness_id: string;
  size: Int8;
  signature: string;
  timestamp: Int8;
  received_at: string;
}

/** An alert that was sent (A3, A5): a doorbell ring or motion that passed the alert rules. */
export interface HubAlertsTable {
  id: string;
  household_id: string;
  camera_id: string;
  /** `ring` or `motion`. */
  kind: string;
  /** `high` (rings) or `normal`. */
  priority: string;
  /** The motion event (for its snapshot); null for rings. */
  event_id: string | null;
  /** JSON array of the zone names the motion was in. */
  zones: string;
  at: string;
}

/** Who an alert was sent to: the alert history each person sees. */
export interface HubAlertRecipientsTable {
  alert_id: string;
  user_id: string;
}

/** A browser's Web Push subscription (RFC 8030 endpoint and RFC 8291 keys), owned by the account that made it. */
export interface HubPushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  /** The browser's P-256 public key, base64url. */
  p256dh: string;
  /** The 16-byte authentication secret, base64url. */
  auth: string;
  created_at: string;
  last_success_at: string | null;
}

/** A household's webhook (A5): alerts of its cameras are POSTed there, signed per Standard Webhooks. */
export interface HubWebhooksTable {
  id: string;
  household_id: string;
  url: string;
  description: string;
  /** The `whsec_…` signing secret, sealed with the data dir's key. */
  secret_sealed: string;
  enabled: number;
  created_at: string;
  updated_at: string;
  last_attempt_at: string | null;
  last_success_at: string | null;
  /** HTTP status of the last attempt; null when it got no answer. */
  last_status: number | null;
  last_error: string | null;
}

/** One message to a webhook and its retries (`id` is the webhook-id header, the same on every attempt). */
export interface HubWebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_type: string;
  /** The JSON body, exactly as signed and sent. */
  payload: string;
  /** `pending`, `delivered` or `failed`. */
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A recorded segment of a camera's main stream (A4), stored as a blob under `segments/<camera>/`. */
export interface HubRecordingSegmentsTable {
  id: string;
  camera_id: string;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  blob_key: string;
  size_bytes: Int8;
  /** 1 while an event's clip still has to be built from this segment (retention keeps it). */
  kept_for_event: number;
  created_at: string;
}

/** A motion event (A2, A4) with its snapshot, thumbnail and clip. */
export interface HubEventsTable {
  id: string;
  camera_id: string;
  household_id: string;
  /** `motion`. */
  kind: string;
  started_at: string;
  ended_at: string | null;
  peak_area: number;
  peak_at: string | null;
  /** JSON array of zone names the motion was in. */
  zones: string;
  /** 1 when the mode allowed an alert. */
  alerted: number;
  snapshot_key: string | null;
  thumbnail_key: string | null;
  /** `pending` (waiting for post-roll), `ready`, `failed`, or `none` (the mode did not record). */
  clip_status: string;
  clip_key: string | null;
  clip_sha256: string | null;
  clip_size: Int8 | null;
  clip_duration_ms: number | null;
  created_at: string;
  updated_at: string;
}

/** A partnership agreement in the public registry (C3), current version; older versions are in the versions table. */
export interface CommunityAgreementsTable {
  id: string;
  version: number;
  title: string;
  /** JSON array of `{ name, kind }`, kind `public_body`, `vendor` or `other`. */
  parties: string;
  /** Dates are `YYYY-MM-DD`. */
  signed_on: string;
  effective_on: string;
  expires_on: string | null;
  full_text: string;
  /** 1 when the clause detector flagged vendor approval over official statements in the text. */
  vendor_approval: number;
  /** The account that entered it (internal audit; never served, never logged). */
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}

/** A subsidy programme (C4). Money in integer minor units of `currency`. */
export interface CommunitySubsidyProgrammesTable {
  id: string;
  version: number;
  name: string;
  funder: string;
  vendor: string;
  /** ISO 4217 code. */
  currency: string;
  amount_cents: Int8;
  discount_cents_per_unit: Int8;
  units: Int8;
  vendor_match_cents: Int8;
  starts_on: string;
  ends_on: string | null;
  terms: string;
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}

/** One logged batch of disbursements; `salt` is secret so the logged commitment cannot be brute-forced. */
export interface CommunitySubsidyBatchesTable {
  id: string;
  programme_id: string;
  disbursed_on: string;
  salt: string;
  commitment: string;
  entry_index: Int8;
  entered_by_user: string;
  recorded_at: string;
}

/** Subsidised units per coarse H3 cell in one batch: never a buyer, an address or a point (P1). */
export interface CommunitySubsidyDisbursementsTable {
  batch_id: string;
  cell: string;
  units: Int8;
  amount_cents: Int8;
}

/** An official communication (C5), current version. */
export interface CommunityCommunicationsTable {
  id: string;
  version: number;
  title: string;
  body: string;
  issued_on: string;
  /** `press_release`, `social_media`, `talking_points`, `public_statement`, `letter` or `other`. */
  medium: string;
  author_organisation: string;
  /** The author's official role, e.g. `Public Information Officer`; never a private person's name or email. */
  author_role: string;
  /** JSON array of `{ organisation, role }`. */
  editors: string;
  /** `none`, `reviewed`, `drafted` or `approved`. */
  vendor_involvement: string;
  vendor: string | null;
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}

/** Every version of every registry record: the canonical JSON whose SHA-256 the log entry holds. */
export interface CommunityRegistryVersionsTable {
  /** `agreement`, `subsidy`, `communication`, `complaint`, `audit`, `violation` or `breach`. */
  kind: string;
  record_id: string;
  version: number;
  canonical: string;
  record_hash: string;
  entry_index: Int8;
  recorded_at: string;
}

/** Running counts of public log entries by type, month, actor and a type-specific detail (E3, C6). */
export interface CommunityLogTalliesTable {
  type: string;
  /** `YYYY-MM` of the entry's time (UTC). */
  month: string;
  actor_class: string;
  /** The acting organisation's name, '' for none. */
  organisation: string;
  /** A code from the entry (offence category, disclosure basis, …), '' for none. */
  detail: string;
  entries: Int8;
  /** A type-specific sum: clips disclosed, units disbursed, … (0 where the type has none). */
  quantity: Int8;
}

/** How far into the log the tallies have been folded (one row, id 1). */
export interface CommunityLogTallyCursorTable {
  id: number;
  next_index: Int8;
  updated_at: string;
}

/**
 * A complaint about the technology's use (C6), as oversight publishes it. Never the complainant: at most the
 * public body it concerns. Dates are `YYYY-MM-DD`.
 */
export interface CommunityComplaintsTable {
  id: string;
  version: number;
  received_on: string;
  /** The agency (public body) it concerns; null when none. */
  agency: string | null;
  /** One of `COMPLAINT_CATEGORIES` (src/transparency/entries.ts). */
  category: string;
  /** Oversight's public summary; must not name residents. */
  summary: string;
  /** One of `COMPLAINT_STATUSES`. */
  status: string;
  outcome: string | null;
  closed_on: string | null;
  /** The account that entered it (internal audit; never served, never logged). */
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}

/** An audit of the technology's use (C6). */
export interface CommunityAuditsTable {
  id: string;
  version: number;
  /** The auditing organisation. */
  auditor: string;
  /** The agency audited; null for an audit of the whole programme. */
  agency: string | null;
  period_from: string;
  period_to: string;
  audited_on: string;
  findings: number;
  violations: number;
  summary: string;
  /** SHA-256 (hex) of the published audit report, if one was published. */
  report_sha256: string | null;
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}

/** A violation of the use policy (C6), found by an audit (`audit_id`) or otherwise. */
export interface CommunityViolationsTable {
  id: string;
  version: number;
  audit_id: string | null;
  agency: string | null;
  /** One of `VIOLATION_CATEGORIES`. */
  category: string;
  /** The policy clause, as the policy numbers it. */
  clause: string | null;
  occurred_on: string;
  summary: string;
  corrective_action: string | null;
  corrected_on: string | null;
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}

/** Unauthorised access to data obtained through the system (C6): counts only, never the owners. */
export interface CommunityBreachesTable {
  id: string;
  version: number;
  discovered_on: string;
  occurred_on: string | null;
  agency: string | null;
  /** One of `BREACH_SYSTEMS`. */
  system: string;
  /** Records or clips reached. */
  records_affected: number;
  /** 1 when the owners of the affected records were notified. */
  owners_notified: number;
  owners_notified_on: string | null;
  summary: string;
  remediation: string | null;
  /** One of `BREACH_STATUSES`. */
  status: string;
  entered_by_user: string;
  created_at: string;
  updated_at: string;
}
