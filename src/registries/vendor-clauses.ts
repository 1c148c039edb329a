// Finds clauses in a partnership agreement that give a vendor approval over official statements (C3): the
// clause that lets a camera company vet what a police department or council says in public. Pure text rules,
// no model: each flag names the clause, who holds the approval and which kind of statement it covers, so a
// reader can see why it was flagged.
//
// A clause is flagged when it (1) covers public statements (press releases, talking points, public
// communications, …), (2) makes them need someone's approval, consent or sign-off, and (3) that someone is the
// vendor, both parties jointly, or a named body that is not a public one. The reverse — the agency approving the
// vendor's statements — is what a public body should have and is not flagged; neither is approving invoices or
// anything else that is not a public statement, nor a clause that says no approval is needed.

/** A party to an agreement: its name and whether it is a public body, a vendor or neither. */
export interface AgreementParty {
  name: string;
  kind: 'public_body' | 'vendor' | 'other';
}

/** Who holds an approval, as far as the text tells. */
export type ApproverKind = 'vendor' | 'mutual' | 'named';

/** A flagged clause: its position in the text (UTF-16 offsets, end exclusive) and why it was flagged. */
export interface FlaggedClause {
  start: number;
  end: number;
  text: string;
  /** The words naming who must approve, as written. */
  approver: string;
  approverKind: ApproverKind;
  /** The kind of statement the approval covers, as written. */
  statement: string;
}

/** A stretch of the text between clause boundaries. */
interface Span {
  start: number;
  end: number;
  text: string;
}

// Statements an official body makes in public. "statement" and "communication" alone are too broad (statements
// of work, billing statements, notices), so they count only with a qualifier that makes them public.
const STATEMENT = new RegExp(
  [
    String.raw`press[\s-]+releases?`,
    String.raw`news[\s-]+releases?`,
    String.raw`media[\s-]+(?:releases?|advisor(?:y|ies)|statements?|communications?|inquir(?:y|ies)|interviews?|appearances?)`,
    String.raw`talking[\s-]+points?`,
    String.raw`(?:public|official|press|external|written\s+public)\s+(?:statements?|communications?|comments?|remarks|announcements?|messaging|materials?|outreach)`,
    String.raw`statements?\s+(?:to|for)\s+(?:the\s+)?(?:press|media|public|news\s+media|community|residents)`,
    String.raw`communications?\s+(?:to|with)\s+(?:the\s+)?(?:press|media|public|news\s+media|community|residents)`,
    String.raw`communications?\s+(?:regarding|about|concerning|relating\s+to|mentioning)\s+(?:the\s+)?(?:program(?:me)?|partnership|products?|services?|system|cameras?|platform|portal|technology|vendor|company)`,
    String.raw`public[\s-]+facing\s+(?:materials?|content|communications?|statements?)`,
    String.raw`announcements?`,
    String.raw`publicity`,
    String.raw`press\s+conferences?`,
    String.raw`social[\s-]+media\s+(?:posts?|content|messages?|statements?|announcements?)`,
    String.raw`(?:marketing|promotional|outreach)\s+materials?`,
    String.raw`messaging`,
    String.raw`op-?eds?`,
  ].join('|'),
  'i',
);

// The approval itself. "review" alone is not approval: a vendor that may read a press release cannot stop it.
const APPROVAL_NOUN = String.raw`(?:approval|consent|sign[\s-]?off|authori[sz]ation|permission|veto|clearance)`;
const APPROVAL_VERB = String.raw`(?:approve|pre-?approve|consent\s+to|sign\s+off\s+on|authori[sz]e|veto|clear)`;
const ADJECTIVES = String.raw`(?:(?:prior|advance|express|final|written|formal|explicit)\s+)*`;

// Who may hold an approval. Generic words first; party names are added per agreement.
const VENDOR_WORDS = [
  'company',
  'vendor',
  'provider',
  'service provider',
  'contractor',
  'licensor',
  'supplier',
  'seller',
  'manufacturer',
  'consultant',
];
const PUBLIC_WORDS = [
  'city',
  'county',
  'agency',
  'department',
  'police',
  'sheriff',
  'council',
  'commission',
  'board',
  'municipality',
  'town',
  'village',
  'district',
  'government',
  'state',
  'mayor',
  'chief',
  'city manager',
  'city attorney',
  'clerk',
  'customer',
  'client',
  'licensee',
  'subscriber',
  'authority',
  'office',
  'public body',
];
const MUTUAL =
  /\b(?:(?:the\s+)?other\s+part(?:y|ies)|each\s+party|either\s+party|both\s+parties|the\s+parties|all\s+parties|parties)\b/i;
const NEGATION = /\b(?:no|not|never|nor|neither|none)\b|n['’]t\b/i;
const PROHIBITION = /\b(?:no|not|never|nor|neither|none|prohibited|refrain|only)\b|n['’]t\b/i;

// The start of a line up to a full stop that is only a list marker ("2", "4.1", "(b)") and/or a short title-case
// heading ("Publicity", "Press Releases").
const HEADING =
  /^\s*(?:\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]?\s*)?(?:[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|and|of|&)){0,4})?\s*$/;

// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  'inc',
  'ltd',
  'co',
  'corp',
  'llc',
  'l.l.c',
  'no',
  'nos',
  'sec',
  'secs',
  'art',
  'para',
  'e.g',
  'i.e',
  'etc',
  'vs',
  'mr',
  'ms',
  'mrs',
  'dr',
  'st',
  'u.s',
  'approx',
  'dept',
]);

/**
 * Splits agreement text into clauses: at sentence ends, semicolons, blank lines and numbered or lettered list
 * items, keeping each clause's offsets into the original text.
 */
export function splitClauses(text: string): Span[] {
  const cuts = new Set<number>([0, text.length]);
  const boundary =
    /([.!?])(["'’”)]*)\s+(?=["'“(]?[A-Z0-9])|;\s*|\n\s*\n+|\n(?=\s*(?:\(?[a-z0-9]{1,3}[.)]|\d+(?:\.\d+)+\.?|[-•*])\s)/g;
  for (const m of text.matchAll(boundary)) {
    const at = m.index;
    if (m[1]) {
      const before = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(Math.max(0, at - 12), at))?.[1] ?? '';
      const word = before.toLowerCase();
      // "Acme Inc. shall…", "Sec. 4", "J. Smith": not the end of a sentence.
      if (ABBREVIATIONS.has(word) || /^[A-Z]$/.test(before)) continue;
      // "1. Term. This Agreement…": a list marker or a heading stays with the sentence it introduces.
      const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
      if (HEADING.test(line)) continue;
    }
    cuts.add(at + m[0].length);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Span[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    let start = points[i]!;
    let end = points[i + 1]!;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) out.push({ start, end, text: text.slice(start, end) });
  }
  return out;
}

interface Vocabulary {
  /** Names of this agreement's parties, by kind. */
  parties: { kind: AgreementParty['kind']; re: RegExp }[];
  vendorWords: RegExp[];
  publicWords: RegExp[];
}

function wordPattern(phrase: string): RegExp {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

// "Acme Cameras, Inc." is also written "Acme Cameras".
function nameForms(name: string): string[] {
  const bare = name
    .replace(/[,.]?\s*\b(?:inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|plc|gmbh)\.?$/i, '')
    .replace(/[.,]+$/, '')
    .trim();
  return [...new Set([name.trim(), bare])].filter((f) => f.length >= 2);
}

function vocabulary(parties: readonly AgreementParty[]): Vocabulary {
  return {
    parties: parties.flatMap((p) => nameForms(p.name).map((f) => ({ kind: p.kind, re: wordPattern(f) }))),
    vendorWords: VENDOR_WORDS.map(wordPattern),
    publicWords: PUBLIC_WORDS.map(wordPattern),
  };
}

type Holder = ApproverKind | 'public' | null;

/** Of several matches, the one nearest the end of the phrase names the holder ("the Department's vendor"). */
function nearestEnd<T>(phrase: string, candidates: { value: T; re: RegExp }[]): T | undefined {
  let best: { value: T; at: number } | undefined;
  for (const c of candidates) {
    const at = lastIndex(phrase, c.re);
    if (at >= 0 && (!best || at > best.at)) best = { value: c.value, at };
  }
  return best?.value;
}

/** Classifies the words naming an approver: the agreement's own party names first, then generic words. */
function classify(words: string, vocab: Vocabulary): Holder {
  const phrase = words.trim();
  if (!phrase) return null;
  if (MUTUAL.test(phrase)) return 'mutual';
  const party = nearestEnd(
    phrase,
    vocab.parties.map((p) => ({ value: p.kind, re: p.re })),
  );
  if (party) return party === 'vendor' ? 'vendor' : party === 'public_body' ? 'public' : 'named';
  const generic = nearestEnd<'vendor' | 'public'>(phrase, [
    ...vocab.vendorWords.map((re) => ({ value: 'vendor' as const, re })),
    ...vocab.publicWords.map((re) => ({ value: 'public' as const, re })),
  ]);
  if (generic) return generic;
  // A capitalised name the vocabulary does not know ("Flock's approval") is flagged for a human to judge.
  if (/^(?:the\s+)?[A-Z]/.test(phrase) && !STATEMENT.test(phrase)) return 'named';
  return null;
}

function lastIndex(text: string, re: RegExp): number {
  const g = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
  let last = -1;
  for (const m of text.matchAll(g)) last = m.index;
  return last;
}

/** The words just before `end` that name a party: a run of capitalised words, "of", "&", or a known word. */
function nameBefore(text: string, end: number): string {
  // Only the last few words can name the party; looking further back would make long clauses quadratic.
  const tail = text.slice(Math.max(0, end - 160), end);
  const mutual = /(?:the\s+)?(?:other|each|either|both|all)\s+part(?:y|ies)$/i.exec(tail);
  if (mutual) return mutual[0];
  const words = tail.split(/\s+/).filter(Boolean);
  const run: string[] = [];
  for (let i = words.length - 1; i >= 0 && run.length < 6; i--) {
    const w = words[i]!.replace(/^[("“'‘]+/, '');
    const lower = w.toLowerCase().replace(/[,;:]$/, '');
    if (w !== words[i] || /[,;:]$/.test(words[i]!)) {
      // Punctuation inside the run ends it: "(the City)" or "Company, the City's" — keep the word, stop after.
      if (run.length === 0) run.unshift(w.replace(/[,;:]$/, ''));
      break;
    }
    const known = [...VENDOR_WORDS, ...PUBLIC_WORDS].some((k) => k.split(' ').includes(lower));
    if (/^[A-Z0-9]/.test(w) || known || ((lower === 'of' || lower === '&') && run.length > 0)) run.unshift(w);
    else if (['other', 'each', 'either', 'both', 'all'].includes(lower) && run.length > 0) run.unshift(w);
    else break;
  }
  while (run.length && /^(?:of|&)$/i.test(run[0]!)) run.shift();
  return run.join(' ');
}

/** The words just after `start` that name a party (after "by", "of", "from", "to"). */
function nameAfter(text: string, start: number): string {
  const m =
    /^\s*(?:the\s+)?((?:(?:other|each|either|both)\s+part(?:y|ies))|(?:[A-Za-z0-9][\w&'’.-]*(?:\s+(?:of\s+|&\s+)?[A-Z0-9][\w&'’.-]*){0,5}))/.exec(
      text.slice(start),
    );
  return (m?.[1] ?? '').replace(/['’]s$/, '').replace(/[.,]$/, '');
}

interface Approval {
  holder: string;
  at: number;
  /** The approval is introduced by "without": a requirement only where the clause prohibits acting without it. */
  without: boolean;
  /** "no right to approve", "not subject to": the clause denies the approval. */
  negated: boolean;
}

function precedingWords(text: string, at: number, count: number): string {
  return text
    .slice(Math.max(0, at - 120), at)
    .split(/\s+/)
    .filter(Boolean)
    .slice(-count)
    .join(' ');
}

/** Every approval phrase in a clause with the words naming who holds it. */
function approvals(clause: string): Approval[] {
  const found: Approval[] = [];
  const add = (holder: string, at: number) => {
    const before = precedingWords(clause, at, 6);
    const without = /\bwithout\b/i.test(precedingWords(clause, at, 5));
    // "without" is itself a negation; only other negations close by deny the approval.
    const near = precedingWords(clause, at, 4).replace(/\bwithout\b.*$/i, '');
    found.push({
      holder,
      at,
      without,
      negated: !without && NEGATION.test(near) && !/\bunless\b/i.test(before),
    });
  };

  // "Company's prior written approval", "the other party's consent"
  for (const m of clause.matchAll(
    new RegExp(String.raw`['’]s?\s+${ADJECTIVES}(?:review\s+and\s+)?${APPROVAL_NOUN}`, 'gi'),
  )) {
    const owner = nameBefore(clause, m.index);
    add(owner, m.index - owner.length);
  }
  // "approval of the Company", "consent from Vendor", "approval by both parties"
  for (const m of clause.matchAll(new RegExp(String.raw`\b${APPROVAL_NOUN}\s+(?:of|from|by)\s+`, 'gi')))
    add(nameAfter(clause, m.index + m[0].length), m.index);
  // "approved by Vendor", "authorised in writing by the Company"
  for (const m of clause.matchAll(
    /\b(?:approved|pre-?approved|authori[sz]ed|consented\s+to|signed\s+off(?:\s+on)?|cleared|vetted)\s+(?:(?:in\s+(?:advance|writing)|beforehand|first|in\s+advance\s+and\s+in\s+writing)\s+)*by\s+/gi,
  ))
    add(nameAfter(clause, m.index + m[0].length), m.index);
  // "Vendor must review and approve", "the Company shall have the right to approve"
  for (const m of clause.matchAll(
    new RegExp(
      String.raw`\b(?:shall|must|will|may|can|has|have|retains?|reserves?|is\s+entitled)\s+(?:(?:also|first|jointly|have|has|the|sole|exclusive|final|right|authority|to|in\s+its\s+sole\s+discretion)\s+)*(?:review\s+and\s+|review,?\s+edit\s+and\s+)?${APPROVAL_VERB}\b`,
      'gi',
    ),
  )) {
    const owner = nameBefore(clause, m.index);
    const negatedHere = /\b(?:not|no|never)\b|n['’]t\b/i.test(m[0]);
    if (negatedHere) continue;
    add(owner, m.index - owner.length);
  }
  // "Vendor shall have final approval over", "the Company retains a veto on"
  for (const m of clause.matchAll(
    new RegExp(
      String.raw`\b(?:(?:shall|will|must|may)\s+)?(?:have|has|retains?|holds?|keeps?)\s+(?:the\s+|a\s+)?(?:(?:sole|final|exclusive|full|absolute)\s+)*(?:right\s+of\s+)?(?:${APPROVAL_NOUN}|editorial\s+control|final\s+say)\s+(?:over|of|on|for|regarding)\b`,
      'gi',
    ),
  )) {
    const owner = nameBefore(clause, m.index);
    add(owner, m.index - owner.length);
  }
  // "subject to Vendor approval", "subject to the prior written consent of Company", "submitted to Vendor for approval"
  for (const m of clause.matchAll(
    new RegExp(
      String.raw`\bsubject\s+to\s+(?:the\s+)?(.{0,60}?)\s*(?:['’]s\s+)?${ADJECTIVES}(?:review\s+and\s+)?${APPROVAL_NOUN}`,
      'gi',
    ),
  ))
    if (m[1]?.trim()) add(m[1].trim(), m.index);
  for (const m of clause.matchAll(
    new RegExp(
      String.raw`\bsubmit(?:s|ted|ting)?\b.{0,120}?\bto\s+(?:the\s+)?(.{1,60}?)\s+for\s+(?:its\s+|their\s+)?${ADJECTIVES}(?:review\s+and\s+)?${APPROVAL_NOUN}`,
      'gi',
    ),
  ))
    add(m[1]!.trim(), m.index);
  // "mutually approved", "jointly agreed", "the mutual written consent of the parties"
  for (const m of clause.matchAll(
    /\b(?:mutual(?:ly)?\s+(?:written\s+)?(?:agreed|approved|agree|approve|acceptable|approval|consent|agreement)|jointly\s+(?:approved|approve|agreed|agree)|(?:agreed|approved)\s+(?:upon\s+)?(?:in\s+writing\s+)?by\s+both\s+parties)\b/gi,
  ))
    add('both parties', m.index);
  return found;
}

/**
 * The clauses of an agreement's text that give a vendor (or a vendor jointly with the public body) approval
 * over official statements. `parties` names who is a vendor and who a public body, for names the generic
 * vocabulary does not know.
 */
export function findVendorApprovalClauses(
  text: string,
  parties: readonly AgreementParty[] = [],
): FlaggedClause[] {
  const vocab = vocabulary(parties);
  const out: FlaggedClause[] = [];
  for (const clause of splitClauses(text)) {
    const statements = [...clause.text.matchAll(new RegExp(STATEMENT.source, 'gi'))];
    if (statements.length === 0) continue;
    // "Nothing in this Agreement requires…" denies every approval the clause goes on to mention.
    if (/^\W*nothing\b|\bnothing\s+(?:in|herein)\b/i.test(clause.text)) continue;
    for (const a of approvals(clause.text)) {
      if (a.negated) continue;
      // "may issue press releases without the Company's approval" grants freedom; "shall not … without" binds.
      if (a.without && !PROHIBITION.test(clause.text.slice(0, a.at))) continue;
      const kind = classify(a.holder, vocab);
      if (kind === null || kind === 'public') continue;
      out.push({
        start: clause.start,
        end: clause.end,
        text: clause.text,
        approver: a.holder,
        approverKind: kind,
        // The statement nearest the approval is the one it governs ("Publicity. … approval before any press release").
        statement: statements.reduce((best, m) =>
          Math.abs(m.index - a.at) < Math.abs(best.index - a.at) ? m : best,
        )[0],
      });
      break;
    }
  }
  return out;
}
