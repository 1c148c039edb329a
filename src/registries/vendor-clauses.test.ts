import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { findVendorApprovalClauses, splitClauses, type AgreementParty } from './vendor-clauses.js';

const PARTIES: AgreementParty[] = [
  { name: 'City of Springfield', kind: 'public_body' },
  { name: 'Springfield Police Department', kind: 'public_body' },
  { name: 'Flock Safety', kind: 'vendor' },
  { name: 'Ring LLC', kind: 'vendor' },
  { name: 'Neighbourhood Watch Association', kind: 'other' },
];

const flagged = (text: string, parties = PARTIES) => findVendorApprovalClauses(text, parties);

describe('vendor approval over official statements: clauses that must be flagged', () => {
  const POSITIVE: [string, string, 'vendor' | 'mutual' | 'named'][] = [
    [
      'The City shall obtain Company’s prior written approval before issuing any press release regarding the Program.',
      'press release',
      'vendor',
    ],
    [
      "The City shall obtain Company's prior written approval before issuing any press release.",
      'press release',
      'vendor',
    ],
    [
      'Vendor must review and approve all public statements about the partnership.',
      'public statements',
      'vendor',
    ],
    [
      'All talking points and communications are subject to Flock Safety approval.',
      'talking points',
      'vendor',
    ],
    ['Talking points used by officers are subject to Ring approval.', 'Talking points', 'vendor'],
    [
      'Neither party shall issue any press release relating to this Agreement without the prior written consent of the other party.',
      'press release',
      'mutual',
    ],
    [
      'Neither Party will issue a press release or other public announcement without the other party’s prior written approval.',
      'public announcement',
      'mutual',
    ],
    [
      'All press releases shall be approved in writing by the Company prior to publication.',
      'press releases',
      'vendor',
    ],
    [
      'The Department shall submit all public communications concerning the cameras to Vendor for review and approval.',
      'public communications',
      'vendor',
    ],
    ['Any media statements must be mutually approved by the parties.', 'media statements', 'mutual'],
    [
      'The Provider reserves the right to approve all social media posts by the Agency that mention the Provider.',
      'social media posts',
      'vendor',
    ],
    [
      'Licensor shall have the right to review and approve any publicity concerning the Services.',
      'publicity',
      'vendor',
    ],
    [
      'No announcement regarding this program shall be made by the Police Department unless approved by Flock Safety.',
      'announcement',
      'vendor',
    ],
    [
      'Statements to the media about the portal require the consent of Ring.',
      'Statements to the media',
      'vendor',
    ],
    [
      'Messaging about the subsidy programme is subject to the Contractor’s written approval.',
      'Messaging',
      'vendor',
    ],
    [
      'The Agency may not hold a press conference about the partnership without the Vendor’s consent.',
      'press conference',
      'vendor',
    ],
    [
      'The Agency agrees that Vendor shall have final approval over all communications regarding the Products.',
      'communications regarding the Products',
      'vendor',
    ],
    [
      'Ring retains editorial control over the Department’s social media posts about the portal.',
      'social media posts',
      'vendor',
    ],
    // A body that is neither a known public body nor a party: flagged for a person to judge.
    ['Press releases are subject to Acme Analytics approval.', 'Press releases', 'named'],
    // An "other" party that is not a public body holds the approval.
    [
      'Public statements shall be approved by the Neighbourhood Watch Association before release.',
      'Public statements',
      'named',
    ],
  ];
  for (const [text, statement, kind] of POSITIVE)
    test(text, () => {
      const hits = flagged(text);
      assert.equal(hits.length, 1, JSON.stringify(hits));
      assert.equal(hits[0]!.approverKind, kind, `approver ${hits[0]!.approver}`);
      assert.equal(hits[0]!.statement.toLowerCase(), statement.toLowerCase());
      assert.equal(hits[0]!.text, text);
      assert.equal(text.slice(hits[0]!.start, hits[0]!.end), hits[0]!.text);
    });

  test('generic vendor words are recognised without a party list', () => {
    assert.equal(
      findVendorApprovalClauses('Vendor must review and approve all public statements.').length,
      1,
    );
  });

  test('a flagged clause inside a longer agreement keeps its exact offsets', () => {
    const text = [
      '1. Term. This Agreement begins on the Effective Date.',
      '2. Publicity. The City shall obtain Company’s prior written approval before issuing any press release. Each party bears its own costs.',
      '3. Fees. The City shall pay invoices within 30 days.',
    ].join('\n');
    const hits = flagged(text);
    assert.equal(hits.length, 1);
    assert.equal(
      text.slice(hits[0]!.start, hits[0]!.end),
      '2. Publicity. The City shall obtain Company’s prior written approval before issuing any press release.',
    );
  });
});

describe('vendor approval over official statements: tricky clauses that must not be flagged', () => {
  const NEGATIVE = [
    // The public body approving the vendor's statements is what it should have.
    'Company shall obtain the City’s prior written approval before issuing any press release regarding the Program.',
    'Vendor shall not issue any press release mentioning the City without the City’s prior written consent.',
    'All press releases by Flock Safety concerning the Department must be approved by the Springfield Police Department.',
    'The Agency reserves the right to approve all marketing materials that Vendor prepares.',
    'Ring shall submit any public statement about the City to the City for review and approval.',
    'Vendor’s public statements about the program are subject to City Council approval.',
    // Approval of something that is not a public statement.
    'Vendor must review and approve all invoices submitted under this Agreement.',
    'The City shall approve invoices and billing statements within 30 days.',
    'Company shall approve the Statement of Work before services begin.',
    'All financial statements are subject to the Company’s prior written approval.',
    'Any change to the installation schedule requires the prior written consent of the Vendor.',
    // No approval at all, or approval expressly denied.
    'Vendor may provide suggested talking points, which the City may use or disregard at its sole discretion.',
    'The City may issue press releases about the program without the Company’s approval.',
    'The City retains sole editorial control over its public statements; Vendor shall have no right to review or approve them.',
    'Public statements by the Department are not subject to Vendor approval.',
    'Nothing in this Agreement requires the City to obtain Vendor’s approval of any press release.',
    'The Agency will send the Vendor a courtesy copy of each press release after publication.',
    'Vendor may review press releases for factual accuracy before publication.',
    'Press releases must be approved in advance.',
    'Each party shall be responsible for approving its own press releases.',
    'The City may seek Vendor’s input on press releases, but final approval rests solely with the City.',
    'The City shall have final approval over all communications regarding the program, including any drafted by Vendor.',
    'All notices and other communications under this Agreement shall be in writing and delivered to the addresses below.',
    'The Department shall notify the Company of press inquiries about the system.',
    'Vendor shall refer all media inquiries about the City’s use of the system to the City.',
  ];
  for (const text of NEGATIVE)
    test(text, () => {
      assert.deepEqual(flagged(text), []);
    });
});

describe('clause splitting', () => {
  test('sentences, semicolons, blank lines and list items split; abbreviations and initials do not', () => {
    const text =
      'Acme Inc. shall deliver cameras. See Sec. 4 for fees; the City pays.\n\n(a) First item\n(b) Second item e.g. this';
    assert.deepEqual(
      splitClauses(text).map((c) => c.text),
      [
        'Acme Inc. shall deliver cameras.',
        'See Sec. 4 for fees;',
        'the City pays.',
        '(a) First item',
        '(b) Second item e.g. this',
      ],
    );
  });

  test('every clause maps back to the text at its offsets', () => {
    const text = 'One.  Two;\n\n3. Three. Four!';
    for (const c of splitClauses(text)) assert.equal(text.slice(c.start, c.end), c.text);
  });

  test('empty and whitespace-only text has no clauses and nothing flagged', () => {
    assert.deepEqual(splitClauses(''), []);
    assert.deepEqual(splitClauses(' \n\n '), []);
    assert.deepEqual(findVendorApprovalClauses(''), []);
  });
});

describe('robustness', () => {
  const words = fc.constantFrom(
    'Vendor',
    'City',
    'shall',
    'not',
    'approve',
    'approval',
    'press release',
    'talking points',
    'without',
    'the',
    'other party’s',
    'consent',
    'subject to',
    'of',
    '.',
    ';',
    '\n\n',
    '1.',
    'Inc.',
    'public statements',
    'by',
  );
  test('any text: no exception, and every flag points at its clause in the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.array(words, { maxLength: 60 }).map((w) => w.join(' ')),
        ),
        (text) => {
          for (const f of findVendorApprovalClauses(text, PARTIES)) {
            assert.equal(text.slice(f.start, f.end), f.text);
            assert.ok(f.start >= 0 && f.end <= text.length && f.start < f.end);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  // Not a benchmark: the bound is far above normal run time (well under a second on a quiet machine) and only
  // catches catastrophic regular-expression backtracking, which takes minutes on such input.
  test('a long agreement (200 000 characters, one run-on clause or many) is checked without catastrophic backtracking', () => {
    const clause =
      'The City shall obtain Company’s prior written approval before issuing any press release. ';
    const many = clause.repeat(Math.ceil(200_000 / clause.length));
    const runOn =
      'and the parties approve invoices '.repeat(6000) + 'press release subject to Vendor approval';
    for (const text of [many, runOn]) {
      const t0 = performance.now();
      const hits = findVendorApprovalClauses(text, PARTIES);
      assert.ok(performance.now() - t0 < 15_000, `took ${performance.now() - t0} ms`);
      assert.ok(hits.length >= 1);
    }
  });
});
