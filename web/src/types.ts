/** Shapes of the API's answers that the web app reads (see GET /api/v1/openapi.json). */

/** Account roles, as the server names them. */
export type Role = 'admin' | 'resident' | 'agency_officer' | 'agency_admin' | 'oversight' | 'moderator';

/** An account as the API shows it. */
export interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisation: string | null;
  totpEnabled: boolean;
  /** False while an agency or oversight account has not enrolled two-factor sign-in. */
  mayAct: boolean;
  createdAt: string;
}

/** First-run state and sign-up mode. */
export interface SetupStatus {
  adminExists: boolean;
  signupMode: 'open' | 'invite';
}

/** A capability a household member may hold. */
export type Capability = 'view_live' | 'view_recordings' | 'manage_cameras' | 'share_clips';

/** A household in the list of those I own or belong to. */
export interface HouseholdSummary {
  id: string;
  name: string;
  isOwner: boolean;
  capabilities: string[];
  accessExpiresAt: string | null;
}

/** A member row of a household, as its owner sees it. */
export interface HouseholdMember {
  userId: string;
  displayName: string;
  email: string;
  capabilities: string[];
  expiresAt: string | null;
  expired: boolean;
}

/** An open household invitation. */
export interface HouseholdInvitation {
  id: string;
  email: string;
  capabilities: string[];
  accessExpiresAt: string | null;
  expiresAt: string;
}

/** A household's detail; members and invitations are filled in for the owner only. */
export interface HouseholdDetail extends HouseholdSummary {
  location: { latitude: number; longitude: number } | null;
  community: { linked: boolean; cell: string | null };
  members: HouseholdMember[];
  invitations: HouseholdInvitation[];
}

/** A one-time link the server issued (invitation, reset). */
export interface IssuedLink {
  url: string;
  token: string;
  expiresAt: string;
}
