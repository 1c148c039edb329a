/** What a household member may be granted (A7); cameras add per-camera scoping later. */
export const CAPABILITIES = ['view_live', 'view_recordings', 'manage_cameras', 'share_clips'] as const;

/** One grantable capability. */
export type Capability = (typeof CAPABILITIES)[number];

/** A person's standing in a household, as read from storage. */
export interface Standing {
  isOwner: boolean;
  capabilities: readonly Capability[];
  /** ISO time after which a member's access stops; null for no expiry. */
  expiresAt: string | null;
}

/** Whether access has lapsed at `nowMs`; expiry takes effect at the exact instant, not at the next sign-in. */
export function isExpired(standing: Standing, nowMs: number): boolean {
  return !standing.isOwner && standing.expiresAt !== null && Date.parse(standing.expiresAt) <= nowMs;
}

/** Whether someone with this standing may use a capability now. Owners may do everything. */
export function may(standing: Standing | undefined, capability: Capability, nowMs: number): boolean {
  if (!standing) return false;
  if (standing.isOwner) return true;
  if (isExpired(standing, nowMs)) return false;
  return standing.capabilities.includes(capability);
}

/** Whether someone may see the household at all (any live capability). */
export function mayView(standing: Standing | undefined, nowMs: number): boolean {
  return (
    !!standing && (standing.isOwner || (!isExpired(standing, nowMs) && standing.capabilities.length > 0))
  );
}

/** Parse stored capabilities, dropping unknown ones so an old row can never grant something new. */
export function parseCapabilities(json: string): Capability[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? CAPABILITIES.filter((c) => v.includes(c)) : [];
  } catch {
    return [];
  }
}
