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
  /** Cameras the capabilities are limited to; null for every camera of the household. */
  cameraIds?: readonly string[] | null;
}

/** Whether access has lapsed at `nowMs`; expiry takes effect at the exact instant, not at the next sign-in. */
export function isExpired(standing: Standing, nowMs: number): boolean {
  return !standing.isOwner && standing.expiresAt !== null && Date.parse(standing.expiresAt) <= nowMs;
}

/**
 * Whether someone with this standing may use a capability now, on one camera when `cameraId` is given.
 * Owners may do everything.
 */
export function may(
  standing: Standing | undefined,
  capability: Capability,
  nowMs: number,
  cameraId?: string,
): boolean {
  if (!standing) return false;
  if (standing.isOwner) return true;
  if (isExpired(standing, nowMs)) return false;
  if (cameraId !== undefined && !mayUseCamera(standing, cameraId)) return false;
  return standing.capabilities.includes(capability);
}

/** Whether a standing's camera scope includes a camera (capabilities aside). */
export function mayUseCamera(standing: Standing, cameraId: string): boolean {
  return standing.isOwner || !standing.cameraIds || standing.cameraIds.includes(cameraId);
}

/** Parse a stored camera scope; anything unreadable scopes to no camera rather than to all. */
export function parseCameraIds(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
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
