// How a public log entry counts on the dashboard and in reports: by type, month, acting class and organisation,
// and one type-specific detail (an offence category, a disclosure's legal basis, …). Pure: the entries are
// already public, and a tally is only ever a count of them.

/** The key and amounts one entry adds to the tallies. */
export interface Tally {
  type: string;
  /** `YYYY-MM` of the entry's time, UTC. */
  month: string;
  actorClass: string;
  /** '' when the actor has none (the instance). */
  organisation: string;
  /** '' when the type has none. */
  detail: string;
  /** A type-specific amount (clips disclosed, units disbursed); 0 when the type has none. */
  quantity: number;
}

/** Published footage requests (D1). */
export const REQUEST_TYPE = 'request.published';
/** Disclosures under legal process or emergency (D5, D6). */
export const DISCLOSURE_TYPE = 'disclosure.recorded';
/**
 * A resident's share of a clip in answer to a request (D3). No domain logs it yet; when the footage-request work
 * adds it (with `refs.request` and `counts.clips`), the dashboard's share rate fills in without further changes.
 */
export const SHARE_TYPE = 'clip.shared';
/** Legal bases of a disclosure that are legal process, as opposed to an emergency. */
export const LEGAL_PROCESS_BASES = ['warrant', 'subpoena', 'court_order'] as const;

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const count = (v: unknown): number => (Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : 0);

// The fields, in order, that name what kind of action an entry is; the first one present is its detail.
const DETAIL_FIELDS = [
  'offenceCategory',
  'basis',
  'access',
  'action',
  'vendorInvolvement',
  'outcome',
  'decision',
] as const;

// Per-type rules where the generic ones do not fit.
const RULES: Record<string, { detail?: (e: Json) => string; quantity?: (e: Json) => number }> = {
  [SHARE_TYPE]: {
    // Distinct requests with a share give the share rate's numerator.
    detail: (e) => {
      const request = asObject(e.refs)?.request;
      return typeof request === 'string' ? request : '';
    },
    quantity: (e) => count(asObject(e.counts)?.clips),
  },
  [DISCLOSURE_TYPE]: { quantity: (e) => count(asObject(e.counts)?.clips) },
  'subsidy.disbursed': { quantity: (e) => count(asObject(e.counts)?.units) },
  'agreement.recorded': { detail: (e) => (e.vendorApprovalOfStatements === true ? 'vendor_approval' : '') },
  'agreement.amended': { detail: (e) => (e.vendorApprovalOfStatements === true ? 'vendor_approval' : '') },
  'communication.recorded': { detail: (e) => (e.vendorInvolved === true ? 'vendor_involved' : 'none') },
  // Oversight's registers: counted by category or status; a breach by the records it reached.
  'complaint.recorded': { detail: (e) => text(e.category) },
  'complaint.updated': { detail: (e) => text(e.status) },
  'violation.recorded': { detail: (e) => text(e.category) },
  'breach.recorded': {
    detail: (e) => text(e.system),
    quantity: (e) => count(asObject(e.counts)?.recordsAffected),
  },
};

/**
 * The tally one canonical log entry adds. Entry types added later are counted by type, month and actor without
 * any change here; a rule above only refines the detail or the amount.
 */
export function tallyOf(canonical: string): Tally {
  const e = JSON.parse(canonical) as Json;
  const type = String(e.type);
  const actor = asObject(e.actor);
  const rule = RULES[type];
  let detail = '';
  if (rule?.detail) detail = rule.detail(e);
  else
    for (const f of DETAIL_FIELDS)
      if (typeof e[f] === 'string') {
        detail = e[f];
        break;
      }
  return {
    type,
    month: String(e.time).slice(0, 7),
    actorClass: typeof actor?.class === 'string' ? actor.class : '',
    organisation: typeof actor?.organisation === 'string' ? actor.organisation : '',
    detail,
    quantity: rule?.quantity ? rule.quantity(e) : 0,
  };
}

/** Adds up tallies with the same key, so a page of entries is one upsert per key. */
export function foldTallies(tallies: readonly Tally[]): (Tally & { entries: number })[] {
  const out = new Map<string, Tally & { entries: number }>();
  for (const t of tallies) {
    const key = JSON.stringify([t.type, t.month, t.actorClass, t.organisation, t.detail]);
    const have = out.get(key);
    if (have) {
      have.entries += 1;
      have.quantity += t.quantity;
    } else out.set(key, { ...t, entries: 1 });
  }
  return [...out.values()];
}
