// Valid registry records and helpers shared by the registries and public-record tests.
import { gridDisk, latLngToCell } from 'h3-js';
import type { ApiClient, TestRuntime } from '../support/runtime.js';

/**
 * The day the fixtures' dates are written for: tests give their runtime a clock starting here (clockFrom), so
 * a complaint "received on 2026-03-10" is in the past, and "2999-01-01" in the future, whatever day they run.
 */
export const FIXTURES_NOW = '2026-06-15T12:00:00Z';

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

/** A complaint body: about Metro Police, summarised by oversight without naming anyone. */
export function complaintBody(extra: Record<string, unknown> = {}) {
  return {
    receivedOn: '2026-03-10',
    agency: 'Metro Police',
    category: 'scope_exceeded',
    summary: 'A request asked for footage from a wider area than the incident justified.',
    status: 'received',
    ...extra,
  };
}

/** An audit body: the privacy commission audited Metro Police's first quarter. */
export function auditBody(extra: Record<string, unknown> = {}) {
  return {
    auditor: 'Privacy Advisory Commission',
    agency: 'Metro Police',
    periodFrom: '2026-01-01',
    periodTo: '2026-03-31',
    auditedOn: '2026-04-20',
    findings: 3,
    violations: 1,
    summary: 'Quarterly audit of requests and evidence locker access. One request exceeded its window.',
    reportSha256: 'AB'.repeat(32),
    ...extra,
  };
}

/** A violation body. */
export function violationBody(extra: Record<string, unknown> = {}) {
  return {
    agency: 'Metro Police',
    category: 'request_outside_policy',
    clause: '4.2(b)',
    occurredOn: '2026-02-14',
    summary: 'A request window of 30 hours exceeded the 24 hours the policy allows.',
    ...extra,
  };
}

/** A breach body. */
export function breachBody(extra: Record<string, unknown> = {}) {
  return {
    discoveredOn: '2026-05-03',
    occurredOn: '2026-05-01',
    agency: 'Metro Police',
    system: 'evidence_locker',
    recordsAffected: 4,
    ownersNotified: false,
    summary: 'A shared account at the agency viewed four clips outside the case they were shared for.',
    status: 'investigating',
    ...extra,
  };
}
