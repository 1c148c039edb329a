// The closed lists of oversight's registers (C6): the log's entry schemas allow only these values, and the web
// app offers exactly these. Kept free of imports so the browser bundle can use the same module.

/** What a complaint about the technology's use is about (C6; Oakland 9.64.010 item E). */
export const COMPLAINT_CATEGORIES = [
  'unauthorised_request',
  'scope_exceeded',
  'prohibited_purpose',
  'retention',
  'privacy_of_non_subject',
  'data_accuracy',
  'other',
] as const;

/** Where a complaint stands. */
export const COMPLAINT_STATUSES = [
  'received',
  'under_review',
  'sustained',
  'not_sustained',
  'withdrawn',
  'closed',
] as const;

/** What part of the use policy a violation broke (C6; Oakland 9.64.010 item F). */
export const VIOLATION_CATEGORIES = [
  'request_outside_policy',
  'prohibited_purpose',
  'retention_exceeded',
  'unlogged_access',
  'unauthorised_sharing',
  'legal_process_missing',
  'notice_not_given',
  'other',
] as const;

/** The system unauthorised access reached (C6; Oakland 9.64.010 item G). */
export const BREACH_SYSTEMS = [
  'community_server',
  'household_hub',
  'evidence_locker',
  'agency_system',
  'other',
] as const;

/** Where a breach's handling stands. */
export const BREACH_STATUSES = ['investigating', 'contained', 'resolved'] as const;
