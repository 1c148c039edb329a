/** Account roles (PRODUCT "Roles"). A neighbour is a resident with no camera; household members are residents
 * who hold a membership in someone else's household. The public has no account. */
export const ROLES = [
  'admin',
  'resident',
  'agency_officer',
  'agency_admin',
  'oversight',
  'moderator',
] as const;

/** One account role. */
export type Role = (typeof ROLES)[number];

/** Roles that must enrol two-factor sign-in before they can act (F3, C1). */
export const MFA_ROLES: ReadonlySet<Role> = new Set<Role>(['agency_officer', 'agency_admin', 'oversight']);

/** Roles the instance admin may invite; residents sign up (or are invited when sign-up is invite-only). */
export const INVITABLE_ROLES = [
  'resident',
  'agency_officer',
  'agency_admin',
  'oversight',
  'moderator',
] as const;

/** A role the admin may invite. */
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/** Organisation kind an invited role belongs to, if any. */
export function organisationKindFor(role: Role): 'agency' | 'oversight' | null {
  if (role === 'agency_officer' || role === 'agency_admin') return 'agency';
  if (role === 'oversight') return 'oversight';
  return null;
}

/** True when a string is a known role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
