/**
 * What a linked household tells the community server: a coarse cell and counts, never an address,
 * exact location or footage (PRODUCT "Deployment", P1).
 */
export interface HouseholdSummary {
  /** H3 cell index at the community's coarse resolution. */
  cell: string;
  cameraCount: number;
  acceptingCount: number;
}

/** Credentials the community issues to a linked household; the hub keeps them. */
export interface LinkCredentials {
  hubId: string;
  token: string;
}

/** The community's coarse-cell resolution, which the hub must report at. */
export interface CommunityInfo {
  cellResolution: number;
}

/**
 * The one way a hub reaches the community server. Today an in-process implementation; the footage-request
 * work adds an HTTP one with the same contract, so hub code does not change.
 */
export interface CommunityLink {
  /** The community's public parameters. */
  info(): Promise<CommunityInfo>;
  /** Redeem an invitation code; returns credentials for later reports. */
  link(invitationCode: string, summary: HouseholdSummary): Promise<LinkCredentials>;
  /** Report a changed summary. */
  report(credentials: LinkCredentials, summary: HouseholdSummary): Promise<void>;
  /** Leave the community; the community forgets the household. */
  unlink(credentials: LinkCredentials): Promise<void>;
}
