import { isValidCell, getResolution } from 'h3-js';
import { AppError } from '../shared/errors.js';
import { hashToken, newId, newToken, safeEqual } from '../shared/tokens.js';
import type { Clock } from '../ports/clock.js';
import type { Bus } from '../ports/bus.js';
import type { CommunityInfo, HouseholdSummary, LinkCredentials } from '../ports/community-link.js';
import type { LinkedHubsRepository } from './linked-hubs.repository.js';

const INVITATION_TTL_MS = 14 * 24 * 3600_000;
/** Camera counts a single household may claim; bounds what a misbehaving hub can do to the map. */
const MAX_CAMERAS = 64;

/** One cell of the public camera map. */
export interface CellCount {
  cell: string;
  cameras: number;
  accepting: number;
}

/** The community side of linking: invitation codes, linked households by coarse cell, and the camera map. */
export class LinkedHubsService {
  constructor(
    private readonly repo: LinkedHubsRepository,
    private readonly clock: Clock,
    private readonly bus: Bus,
    private readonly info: CommunityInfo & { suppressionK: number },
  ) {}

  private iso(offset = 0): string {
    return new Date(this.clock.now() + offset).toISOString();
  }

  /** The parameters hubs need. */
  communityInfo(): CommunityInfo {
    return { cellResolution: this.info.cellResolution };
  }

  /** Issue a one-time code a household enters on its hub to link. */
  async createInvitation(createdBy: string): Promise<{ code: string; expiresAt: string }> {
    const code = newToken(18);
    const expiresAt = this.iso(INVITATION_TTL_MS);
    await this.repo.insertInvitation({
      id: newId(),
      code_hash: hashToken(code),
      created_by: createdBy,
      created_at: this.iso(),
      expires_at: expiresAt,
      used_at: null,
    });
    return { code, expiresAt };
  }

  /** Redeem a code: the community records only the summary's coarse cell and counts. */
  async link(code: string, summary: HouseholdSummary): Promise<LinkCredentials> {
    const clean = this.checkSummary(summary);
    const token = newToken();
    const hubId = newId();
    await this.repo.transaction(async (repo) => {
      if (!(await repo.claimInvitation(hashToken(code), this.iso()))) throw new AppError('ERR_TOKEN_INVALID');
      await repo.insertHub({
        id: hubId,
        token_hash: hashToken(token),
        cell: clean.cell,
        camera_count: clean.cameraCount,
        accepting_count: clean.acceptingCount,
        linked_at: this.iso(),
        updated_at: this.iso(),
      });
    });
    await this.bus.publish('hub.linked', { hubId, cell: clean.cell });
    return { hubId, token };
  }

  /** Accept a new summary from a linked household. */
  async report(credentials: LinkCredentials, summary: HouseholdSummary): Promise<void> {
    const clean = this.checkSummary(summary);
    await this.authenticate(credentials);
    await this.repo.updateHub(credentials.hubId, {
      cell: clean.cell,
      camera_count: clean.cameraCount,
      accepting_count: clean.acceptingCount,
      updated_at: this.iso(),
    });
  }

  /** Forget a linked household. */
  async unlink(credentials: LinkCredentials): Promise<void> {
    await this.authenticate(credentials);
    await this.repo.deleteHub(credentials.hubId);
  }

  /** Camera counts per coarse cell, with cells under k suppressed (P1, D7). The same for agencies and the public. */
  async cameraMap(): Promise<{ k: number; cells: CellCount[]; suppressedCells: number }> {
    const rows = await this.repo.countsByCell();
    const cells: CellCount[] = [];
    let suppressedCells = 0;
    for (const r of rows) {
      const cameras = Number(r.cameras ?? 0);
      // A cell whose households have no cameras is not a camera cell at all; it is neither shown nor counted.
      if (cameras === 0) continue;
      if (cameras < this.info.suppressionK) {
        suppressedCells++;
        continue;
      }
      cells.push({
        cell: r.cell,
        cameras,
        accepting: Number(r.accepting ?? 0) < this.info.suppressionK ? 0 : Number(r.accepting),
      });
    }
    return { k: this.info.suppressionK, cells, suppressedCells };
  }

  private async authenticate(credentials: LinkCredentials): Promise<void> {
    const hub = await this.repo.findHub(credentials.hubId);
    if (!hub || !safeEqual(hub.token_hash, hashToken(credentials.token)))
      throw new AppError('ERR_UNAUTHENTICATED');
  }

  private checkSummary(s: HouseholdSummary): HouseholdSummary {
    // A cell finer than the community's resolution would narrow a household down: refuse it outright.
    if (!isValidCell(s.cell) || getResolution(s.cell) !== this.info.cellResolution)
      throw new AppError(
        'ERR_VALIDATION',
        `cell must be an H3 index at resolution ${this.info.cellResolution}`,
      );
    const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_CAMERAS;
    if (!ok(s.cameraCount) || !ok(s.acceptingCount) || s.acceptingCount > s.cameraCount)
      throw new AppError('ERR_VALIDATION', 'camera counts are out of range');
    return { cell: s.cell, cameraCount: s.cameraCount, acceptingCount: s.acceptingCount };
  }
}
