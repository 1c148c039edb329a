// Who may enter what in the public registries (C3–C5), as pure rules. The routes already admit only the roles
// named here; these rules decide the finer cases: the instance admin only for agreements the body that runs the
// server is party to, an agency admin only for its own agency's statements.
import type { Role } from '../accounts/roles.js';
import type { ErrorCode } from '../shared/errors.js';
import type { AgreementParty } from './vendor-clauses.js';

/** The account entering a record: its role and organisation (never shown or logged as a person). */
export interface RegistryActor {
  userId: string;
  role: Role;
  organisation: string | null;
}

/** A rule's answer: allowed, or refused with a catalogue code. */
export type Decision = { allowed: true } | { allowed: false; code: ErrorCode };

const ALLOW: Decision = { allowed: true };
const refuse = (code: ErrorCode): Decision => ({ allowed: false, code });

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');

/**
 * Recording or amending an agreement: oversight for any agreement; the instance admin only where the operator
 * (the body running this server) is a party, before and after the change.
 */
export function mayEnterAgreement(
  actor: RegistryActor,
  parties: readonly AgreementParty[],
  operatorName: string | undefined,
  previousParties?: readonly AgreementParty[],
): Decision {
  if (actor.role === 'oversight') return ALLOW;
  if (actor.role !== 'admin') return refuse('ERR_FORBIDDEN');
  const party = (list: readonly AgreementParty[]) => list.some((p) => same(p.name, operatorName));
  if (!operatorName || !party(parties) || (previousParties && !party(previousParties)))
    return refuse('ERR_NOT_A_PARTY');
  return ALLOW;
}

/** Recording or amending a subsidy programme or its disbursements: oversight only (C4). */
export function mayEnterSubsidy(actor: RegistryActor): Decision {
  return actor.role === 'oversight' ? ALLOW : refuse('ERR_FORBIDDEN');
}

/**
 * Recording or amending an official communication: oversight for any; an agency admin only for statements
 * its own agency authored, before and after the change.
 */
export function mayEnterCommunication(
  actor: RegistryActor,
  authorOrganisation: string,
  previousAuthorOrganisation?: string,
): Decision {
  if (actor.role === 'oversight') return ALLOW;
  if (actor.role !== 'agency_admin') return refuse('ERR_FORBIDDEN');
  if (!same(actor.organisation, authorOrganisation)) return refuse('ERR_OTHER_ORGANISATION');
  if (previousAuthorOrganisation !== undefined && !same(actor.organisation, previousAuthorOrganisation))
    return refuse('ERR_OTHER_ORGANISATION');
  return ALLOW;
}

/**
 * Recording or updating a complaint, an audit, a violation or a breach: oversight only. Oversight is the body
 * independent of both the agencies and the operator, so neither an agency nor the instance admin may write the
 * record of complaints about them, their audits or their breaches.
 */
export function mayEnterOversightRecord(actor: RegistryActor): Decision {
  return actor.role === 'oversight' ? ALLOW : refuse('ERR_FORBIDDEN');
}
