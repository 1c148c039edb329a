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
  community_hub_invitations: CommunityHubInvitationsTable;
  community_hubs: CommunityHubsTable;
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
  created_at: string;
}

export interface HubHouseholdMembersTable {
  household_id: string;
  user_id: string;
  capabilities: string;
  expires_at: string | null;
  created_at: string;
}

export interface HubHouseholdInvitationsTable {
  id: string;
  token_hash: string;
  household_id: string;
  email: string;
  capabilities: string;
  access_expires_at: string | null;
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
