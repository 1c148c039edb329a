// Valid registry records and helpers shared by the registries and public-record tests.
import { gridDisk, latLngToCell } from 'h3-js';
import type { ApiClient, TestRuntime } from '../support/runtime.js';

/** The operator name tests configure, so the admin may record agreements it is party to. */
export const OPERATOR = 'Springfield City Council';

/** Coarse cells at the default community resolution (7), around one point, and a finer one inside the first. */
export const CELLS = gridDisk(latLngToCell(37.8044, -122.2712, 7), 1);
/** A resolution-9 cell: finer than the community records. */
export const FINE_CELL = latLngToCell(37.8044, -122.2712, 9);

/** An agreement body with a clause giving the vendor approval over press releases. */
export function agreementBody(extra: Record<string, unknown> = {}) {
  return {
    title: 'Community camera partnership',
    parties: [
      { name: 'Metro Police', kind: 'public_body' },
      { name: 'Acme Doorbells Inc.', kind: 'vendor' },
    ],
    signedOn: '2026-01-15',
    effectiveOn: '2026-02-01',
    expiresOn: '2027-01-31',
    text:
      '1. Purpose. The parties will promote the camera portal.\n' +
      '2. Publicity. The Agency shall obtain Acme Doorbells’ prior written approval before issuing any press release about the portal.\n' +
      '3. Fees. The Agency shall approve invoices within 30 days.',
    ...extra,
  };
}

/** A subsidy programme body. */
export function subsidyBody(extra: Record<string, unknown> = {}) {
  return {
    name: 'Doorbell discount 2026',
    funder: 'Springfield City Council',
    vendor: 'Acme Doorbells Inc.',
    currency: 'USD',
    amountCents: 5_000_000,
    discountCentsPerUnit: 5_000,
    units: 1000,
    vendorMatchCents: 1_000_000,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    terms: 'Resolution 2026-14: residents may claim a $50 discount on one doorbell camera.',
    ...extra,
  };
}

/** An official communication body authored by an agency. */
export function communicationBody(extra: Record<string, unknown> = {}) {
  return {
    title: 'Police join the neighbourhood camera portal',
    body: 'Metro Police today joined the camera portal. Residents decide what to share.',
    issuedOn: '2026-03-02',
    medium: 'press_release',
    author: { organisation: 'Metro Police', role: 'Public Information Officer' },
    editors: [{ organisation: 'Acme Doorbells Inc.', role: 'Communications team' }],
    vendorInvolvement: 'reviewed',
    vendor: 'Acme Doorbells Inc.',
    ...extra,
  };
}

/** One served log entry, parsed. */
export async function logEntry(client: ApiClient, index: number): Promise<Record<string, unknown>> {
  const r = await client.get<{ entries: { canonical: string }[] }>(
    `/api/v1/transparency/entries?start=${index}&end=${index + 1}`,
  );
  const e = r.body.entries[0];
  if (!e) throw new Error(`no log entry ${index}`);
  return JSON.parse(e.canonical) as Record<string, unknown>;
}

/** The log's committed size. */
export async function logSize(client: ApiClient): Promise<number> {
  return (await client.get<{ treeSize: number }>('/api/v1/transparency/entries?start=0&end=0')).body.treeSize;
}

/** Link a household with `cameras` cameras in `cell` (accepting requests: `accepting`). */
export async function linkHousehold(
  t: TestRuntime,
  cell: string,
  cameras: number,
  accepting = 0,
): Promise<void> {
  const hubs = t.runtime.linkedHubs!;
  const { code } = await hubs.createInvitation('test');
  await hubs.link(code, { cell, cameraCount: cameras, acceptingCount: accepting });
}
