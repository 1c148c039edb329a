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
  community_hub_invitations: CommunityHubInvitationsTable;
  community_hubs: CommunityHubsTable;
  transparency_head: TransparencyHeadTable;
  transparency_leaves: TransparencyLeavesTable;
  transparency_nodes: TransparencyNodesTable;
  transparency_checkpoints: TransparencyCheckpointsTable;
  transparency_witnesses: TransparencyWitnessesTable;
  transparency_cosignatures: TransparencyCosignaturesTable;
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
