import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalize } from '../../src/transparency/canonical-json.js';
import { DIALECTS, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import { setupAdmin, signedInAs } from '../support/factories.js';
import { RegistriesRepository } from '../../src/registries/registries.repository.js';
import { RegistriesService } from '../../src/registries/registries.service.js';
import type { RegistryActor } from '../../src/registries/registries.policy.js';
import type { AgreementFields, CommunicationFields } from '../../src/registries/registry-records.js';
import type { PublicLog } from '../../src/transparency/public-log.js';
import {
  CELLS,
  FINE_CELL,
  OPERATOR,
  agreementBody,
  communicationBody,
  logEntry,
  logSize,
  subsidyBody,
  FIXTURES_NOW,
} from './fixtures.js';
import { clockFrom } from '../support/clock.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

interface Version {
  version: number;
  recordHash: string;
  entryIndex: number;
  canonical: string;
}
interface Agreement {
  id: string;
  version: number;
  recordHash: string;
  entryIndex: number;
  text: string;
  vendorApprovalOfStatements: boolean;
  flaggedClauses: { start: number; end: number; text: string; approverKind: string }[];
  versions: Version[];
  enteredBy: { class: string; organisation: string | null };
}
interface Programme {
  id: string;
  recordHash: string;
  entryIndex: number;
  unitsDisbursed: number;
  cells: { cell: string; units: number }[];
  suppressedCells: number;
  k: number;
  versions: Version[];
}
interface Communication {
  id: string;
  version: number;
  recordHash: string;
  entryIndex: number;
  vendorInvolvement: string;
  vendor: string | null;
  versions: Version[];
}

for (const dialect of DIALECTS) {
  describe(`public registries on ${dialect}`, () => {
    let t: TestRuntime;
    let admin: ApiClient;
    let oversight: ApiClient;
    let agencyAdmin: ApiClient;
    let officer: ApiClient;
    let resident: ApiClient;
    let moderator: ApiClient;
    let anon: ApiClient;
    before(async () => {
      t = await startTestRuntime(dialect, {
        config: { signinRateLimit: 10_000, operatorName: OPERATOR },
        overrides: { clock: clockFrom(FIXTURES_NOW) },
      });
      admin = await setupAdmin(t);
      oversight = (await signedInAs(t, admin, 'oversight')).client;
      agencyAdmin = (await signedInAs(t, admin, 'agency_admin')).client;
      officer = (await signedInAs(t, admin, 'agency_officer')).client;
      resident = (await signedInAs(t, admin, 'resident')).client;
      moderator = (await signedInAs(t, admin, 'moderator')).client;
      anon = t.client();
    });
    after(() => t.close());

    /** Every version's canonical JSON hashes to its record hash, and the log entry at its index names that hash. */
    async function assertLogged(
      versions: Version[],
      type: string,
      refName: string,
    ): Promise<Record<string, unknown>[]> {
      const out = [];
      for (const [i, v] of versions.entries()) {
        assert.equal(
          sha256(v.canonical),
          v.recordHash,
          'the served canonical JSON hashes to the record hash',
        );
        assert.equal(canonicalize(JSON.parse(v.canonical)), v.canonical, 'and is canonical');
        const entry = await logEntry(anon, v.entryIndex);
        assert.equal(entry.type, i === 0 ? `${type}.recorded` : `${type}.amended`);
        const refs = entry.refs as Record<string, string>;
        assert.equal(refs[refName], v.recordHash, 'the log entry refers to this version');
        if (i > 0)
          assert.equal(
            refs.previous,
            versions[i - 1]!.recordHash,
            'amendments chain to the previous version',
          );
        out.push(entry);
      }
      return out;
    }

    test('agreements: oversight records one; it is readable without sign-in, flagged, and logged by hash', async () => {
      const r = await oversight.post<Agreement>('/api/v1/registries/agreements', agreementBody());
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const a = (await anon.get<Agreement>(`/api/v1/public/agreements/${r.body.id}`)).body;
      assert.equal(a.text, agreementBody().text);
      assert.equal(a.vendorApprovalOfStatements, true);
      assert.equal(a.flaggedClauses.length, 1);
      const clause = a.flaggedClauses[0]!;
      assert.equal(a.text.slice(clause.start, clause.end), clause.text);
      assert.match(clause.text, /prior written approval before issuing any press release/);
      assert.deepEqual(a.enteredBy, { class: 'oversight', organisation: 'City Council' });
      const [entry] = await assertLogged(a.versions, 'agreement', 'agreement');
      assert.equal(entry!.vendorApprovalOfStatements, true);
      assert.equal((entry!.refs as Record<string, string>).document, sha256(a.text));
      assert.deepEqual(entry!.actor, { class: 'oversight', organisation: 'City Council' });
      const list = await anon.get<{ agreements: { id: string; flaggedClauseCount: number }[] }>(
        '/api/v1/public/agreements',
      );
      assert.equal(list.status, 200);
      assert.ok(list.body.agreements.some((x) => x.id === a.id && x.flaggedClauseCount === 1));
    });

    test('agreements: an amendment is a new version chained in the log; a change that changes nothing is not', async () => {
      const a = (await oversight.post<Agreement>('/api/v1/registries/agreements', agreementBody())).body;
      const size = await logSize(anon);
      const same = await oversight.patch<Agreement>(`/api/v1/registries/agreements/${a.id}`, {
        title: agreementBody().title,
      });
      assert.equal(same.status, 200);
      assert.equal(same.body.version, 1);
      assert.equal(await logSize(anon), size, 'no entry for a no-op');
      const cleaned = await oversight.patch<Agreement>(`/api/v1/registries/agreements/${a.id}`, {
        text: 'The City alone decides what it says in public. Company shall obtain the City’s approval before issuing any press release.',
        expiresOn: null,
      });
      assert.equal(cleaned.status, 200, JSON.stringify(cleaned.body));
      assert.equal(cleaned.body.version, 2);
      assert.equal(cleaned.body.vendorApprovalOfStatements, false);
      const entries = await assertLogged(cleaned.body.versions, 'agreement', 'agreement');
      assert.equal(entries[1]!.vendorApprovalOfStatements, false);
      assert.deepEqual(entries[1]!.counts, { version: 2 });
      assert.equal(
        (JSON.parse(cleaned.body.versions[1]!.canonical) as { expiresOn: unknown }).expiresOn,
        null,
      );
    });

    test('agreements: only oversight and the admin may enter them, the admin only where the operator is a party', async () => {
      for (const c of [agencyAdmin, officer, resident, moderator])
        assert.equal((await c.post('/api/v1/registries/agreements', agreementBody())).status, 403);
      assert.equal((await anon.post('/api/v1/registries/agreements', agreementBody())).status, 401);
      const notParty = await admin.post('/api/v1/registries/agreements', agreementBody());
      assert.equal(notParty.status, 403);
      assert.equal(notParty.body.code, 'ERR_NOT_A_PARTY');
      const withOperator = agreementBody({
        parties: [
          { name: OPERATOR, kind: 'public_body' },
          { name: 'Acme Doorbells Inc.', kind: 'vendor' },
        ],
      });
      const ok = await admin.post<Agreement>('/api/v1/registries/agreements', withOperator);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.enteredBy, { class: 'instance', organisation: OPERATOR });
      const [entry] = await assertLogged(ok.body.versions, 'agreement', 'agreement');
      assert.deepEqual(entry!.actor, { class: 'instance', organisation: OPERATOR });
      // The admin cannot take the operator off an agreement (it would then edit one it is not party to).
      const drop = await admin.patch(`/api/v1/registries/agreements/${ok.body.id}`, {
        parties: [{ name: 'Acme Doorbells Inc.', kind: 'vendor' }],
      });
      assert.equal(drop.body.code, 'ERR_NOT_A_PARTY');
      const oversightOne = (await oversight.post<Agreement>('/api/v1/registries/agreements', agreementBody()))
        .body;
      const foreign = await admin.patch(`/api/v1/registries/agreements/${oversightOne.id}`, {
        title: 'Renamed',
      });
      assert.equal(foreign.body.code, 'ERR_NOT_A_PARTY');
    });

    test('subsidies: a programme and disbursements per coarse cell; finer cells are refused; small cells are suppressed', async () => {
      for (const c of [admin, agencyAdmin, officer, resident, moderator])
        assert.equal((await c.post('/api/v1/registries/subsidies', subsidyBody())).status, 403);
      const p = await oversight.post<Programme>('/api/v1/registries/subsidies', subsidyBody());
      assert.equal(p.status, 201, JSON.stringify(p.body));
      const [recorded] = await assertLogged(p.body.versions, 'subsidy', 'programme');
      assert.deepEqual(recorded!.counts, {
        amountCents: 5_000_000,
        discountCentsPerUnit: 5_000,
        units: 1000,
        vendorMatchCents: 1_000_000,
      });
      const url = `/api/v1/registries/subsidies/${p.body.id}/disbursements`;
      const fine = await oversight.post(url, {
        disbursedOn: '2026-03-01',
        cells: [{ cell: FINE_CELL, units: 9 }],
      });
      assert.equal(fine.status, 422);
      assert.equal(fine.body.code, 'ERR_CELL_RESOLUTION');
      const bogus = await oversight.post(url, {
        disbursedOn: '2026-03-01',
        cells: [{ cell: 'ffffffffffffffff'.slice(1), units: 1 }],
      });
      assert.equal(bogus.body.code, 'ERR_CELL_RESOLUTION');
      const size = await logSize(anon);
      const batch = await oversight.post<{
        units: number;
        cells: number;
        amountCents: number;
        commitment: string;
        entryIndex: number;
      }>(url, {
        disbursedOn: '2026-03-01',
        cells: [
          { cell: CELLS[0]!, units: 7 },
          { cell: CELLS[1]!.toUpperCase(), units: 2 },
        ],
      });
      assert.equal(batch.status, 201, JSON.stringify(batch.body));
      assert.deepEqual(
        { units: batch.body.units, cells: batch.body.cells, amountCents: batch.body.amountCents },
        { units: 9, cells: 2, amountCents: 45_000 },
      );
      assert.equal(batch.body.entryIndex, size);
      const entry = await logEntry(anon, batch.body.entryIndex);
      assert.equal(entry.type, 'subsidy.disbursed');
      assert.deepEqual(entry.counts, { units: 9, cells: 2, amountCents: 45_000 });
      assert.equal((entry.refs as Record<string, string>).batch, batch.body.commitment);
      assert.equal((entry.refs as Record<string, string>).programme, p.body.recordHash);
      // The commitment is salted: hashing the cells alone does not find it.
      const unsalted = sha256(
        canonicalize({
          registry: 'subsidy.disbursement',
          cells: [
            { cell: CELLS[0]!, units: 7, amountCents: 35_000 },
            { cell: CELLS[1]!, units: 2, amountCents: 10_000 },
          ].sort((a, b) => (a.cell < b.cell ? -1 : 1)),
        }),
      );
      assert.notEqual(batch.body.commitment, unsalted);
      assert.ok(!JSON.stringify(entry).includes(CELLS[0]!), 'no cell in the log');

      const view = (await anon.get<Programme>(`/api/v1/public/subsidies/${p.body.id}`)).body;
      assert.equal(view.k, 5);
      assert.deepEqual(
        view.cells.map((c) => [c.cell, c.units]),
        [[CELLS[0], 7]],
      );
      assert.equal(view.suppressedCells, 1);
      assert.equal(view.unitsDisbursed, 9);
      assert.ok(!JSON.stringify(view).includes(CELLS[1]!), 'the small cell appears nowhere');

      const tooMany = await oversight.post(url, {
        disbursedOn: '2026-03-02',
        cells: [{ cell: CELLS[2]!, units: 992 }],
      });
      assert.equal(tooMany.body.code, 'ERR_CONFLICT');
      const outside = await oversight.post(url, {
        disbursedOn: '2027-03-02',
        cells: [{ cell: CELLS[2]!, units: 1 }],
      });
      assert.equal(outside.body.code, 'ERR_VALIDATION');
      const twice = await oversight.post(url, {
        disbursedOn: '2026-03-02',
        cells: [
          { cell: CELLS[2]!, units: 1 },
          { cell: CELLS[2]!, units: 1 },
        ],
      });
      assert.equal(twice.body.code, 'ERR_VALIDATION');
      assert.equal(await logSize(anon), size + 1, 'refused batches left nothing in the log');

      const amended = await oversight.patch<Programme>(`/api/v1/registries/subsidies/${p.body.id}`, {
        units: 1200,
      });
      assert.equal(amended.status, 200, JSON.stringify(amended.body));
      const entries = await assertLogged(amended.body.versions, 'subsidy', 'programme');
      assert.equal((entries[1]!.counts as { units: number }).units, 1200);
      const below = await oversight.patch(`/api/v1/registries/subsidies/${p.body.id}`, { units: 3 });
      assert.equal(below.body.code, 'ERR_CONFLICT');
    });

    test('communications: an agency admin records its own agency’s statements only; vendor involvement is required to name the vendor', async () => {
      for (const c of [admin, officer, resident, moderator])
        assert.equal((await c.post('/api/v1/registries/communications', communicationBody())).status, 403);
      const own = await agencyAdmin.post<Communication>(
        '/api/v1/registries/communications',
        communicationBody(),
      );
      assert.equal(own.status, 201, JSON.stringify(own.body));
      const [entry] = await assertLogged(own.body.versions, 'communication', 'statement');
      assert.equal(entry!.vendorInvolved, true);
      assert.deepEqual(entry!.counts, { editors: 1 });
      assert.deepEqual(entry!.actor, { class: 'agency', organisation: 'Metro Police' });
      const other = await agencyAdmin.post('/api/v1/registries/communications', {
        ...communicationBody(),
        author: { organisation: 'County Sheriff', role: 'Sheriff' },
      });
      assert.equal(other.body.code, 'ERR_OTHER_ORGANISATION');
      const noVendor = await agencyAdmin.post('/api/v1/registries/communications', {
        ...communicationBody(),
        vendor: null,
      });
      assert.equal(noVendor.body.code, 'ERR_VALIDATION');
      const byOversight = await oversight.post<Communication>('/api/v1/registries/communications', {
        ...communicationBody(),
        author: { organisation: 'County Sheriff', role: 'Sheriff' },
      });
      assert.equal(byOversight.status, 201);
      const foreign = await agencyAdmin.patch(`/api/v1/registries/communications/${byOversight.body.id}`, {
        title: 'Edited',
      });
      assert.equal(foreign.body.code, 'ERR_OTHER_ORGANISATION');
      // A later disclosure: the vendor drafted it.
      const drafted = await agencyAdmin.patch<Communication>(
        `/api/v1/registries/communications/${own.body.id}`,
        {
          vendorInvolvement: 'drafted',
        },
      );
      assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
      const entries = await assertLogged(drafted.body.versions, 'communication', 'statement');
      assert.equal(entries[1]!.vendorInvolvement, 'drafted');
      const none = await agencyAdmin.patch<Communication>(
        `/api/v1/registries/communications/${own.body.id}`,
        {
          vendorInvolvement: 'none',
        },
      );
      assert.equal(none.body.vendor, null, 'no involvement clears the vendor');
      const list = await anon.get<{ communications: { id: string; vendorInvolvement: string }[] }>(
        '/api/v1/public/communications',
      );
      assert.ok(list.body.communications.some((c) => c.id === own.body.id && c.vendorInvolvement === 'none'));
    });

    test('a refused log append rolls the registry write back: nothing is recorded that is not in the log', async () => {
      const db = t.runtime.database.db;
      const count = async () => ({
        agreements: (await db.selectFrom('community_agreements').select('id').execute()).length,
        programmes: (await db.selectFrom('community_subsidy_programmes').select('id').execute()).length,
        communications: (await db.selectFrom('community_communications').select('id').execute()).length,
        versions: (await db.selectFrom('community_registry_versions').select('record_id').execute()).length,
        batches: (await db.selectFrom('community_subsidy_batches').select('id').execute()).length,
      });
      const existing = (await oversight.post<Agreement>('/api/v1/registries/agreements', agreementBody()))
        .body;
      const programme = (await oversight.post<Programme>('/api/v1/registries/subsidies', subsidyBody())).body;
      const before = await count();
      const size = await logSize(anon);

      // 1. The log itself fails after appending (storage error, lost connection): the real append ran inside the
      //    transaction, then the failure rolls back the entry and the registry rows together.
      const real = t.runtime.transparency!;
      const failing: PublicLog = {
        append: async (trx, entry) => {
          await real.append(trx, entry);
          throw new Error('log storage failed');
        },
        appendMany: async (trx, entries) => {
          await real.appendMany(trx, entries);
          throw new Error('log storage failed');
        },
      };
      const broken = new RegistriesService(new RegistriesRepository(db), failing, t.runtime.clock, {
        cellResolution: 7,
        suppressionK: 5,
        operatorName: OPERATOR,
      });
      const actor: RegistryActor = {
        userId: crypto.randomUUID(),
        role: 'oversight',
        organisation: 'City Council',
      };
      const agreement = agreementBody() as unknown as AgreementFields;
      for (const attempt of [
        () => broken.recordAgreement(actor, agreement),
        () => broken.amendAgreement(actor, existing.id, { title: 'Changed' }),
        () => broken.recordProgramme(actor, subsidyBody()),
        () => broken.amendProgramme(actor, programme.id, { units: 999 }),
        () =>
          broken.recordDisbursements(actor, programme.id, {
            disbursedOn: '2026-05-01',
            cells: [{ cell: CELLS[3]!, units: 5 }],
          }),
        () => broken.recordCommunication(actor, communicationBody() as unknown as CommunicationFields),
      ])
        await assert.rejects(attempt(), /log storage failed/);
      assert.deepEqual(await count(), before, 'no registry row survived a failed append');
      assert.equal(await logSize(anon), size, 'and no entry');

      // 2. The log refuses the entry (an organisation name its allow-list does not accept, as an older database
      //    might hold): the request fails with the catalogue code and nothing is kept.
      const org = await db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('name', '=', 'City Council')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('organisations')
        .set({ name: 'Council: Privacy Commission' })
        .where('id', '=', org.id)
        .execute();
      try {
        for (const [method, url, body] of [
          ['POST', '/api/v1/registries/agreements', agreementBody()],
          ['PATCH', `/api/v1/registries/agreements/${existing.id}`, { title: 'Changed' }],
          ['POST', '/api/v1/registries/subsidies', subsidyBody()],
          [
            'POST',
            `/api/v1/registries/subsidies/${programme.id}/disbursements`,
            { disbursedOn: '2026-05-01', cells: [{ cell: CELLS[3], units: 5 }] },
          ],
          ['POST', '/api/v1/registries/communications', communicationBody()],
        ] as const) {
          const r = await oversight.request(method, url, body);
          assert.equal(r.status, 500, `${method} ${url}: ${JSON.stringify(r.body)}`);
          assert.equal((r.body as { code: string }).code, 'ERR_LOG_ENTRY_REFUSED');
        }
      } finally {
        await db.updateTable('organisations').set({ name: org.name }).where('id', '=', org.id).execute();
      }
      assert.deepEqual(await count(), before, 'no registry row survived a refused append');
      assert.equal(await logSize(anon), size);
      assert.equal((await anon.get<Agreement>(`/api/v1/public/agreements/${existing.id}`)).body.version, 1);
    });

    test('log entries of the registries carry no personal data: no email, no person, no free text', async () => {
      const size = await logSize(anon);
      const r = await anon.get<{ entries: { type: string; canonical: string }[] }>(
        `/api/v1/transparency/entries?start=0&end=${size}`,
      );
      const mine = r.body.entries.filter((e) => /^(agreement|subsidy|communication)\./.test(e.type));
      assert.ok(mine.length >= 10, `checked ${mine.length} entries`);
      const users = await t.runtime.database.db
        .selectFrom('users')
        .select(['id', 'email', 'display_name'])
        .execute();
      const keys = new Set<string>();
      const walk = (v: unknown): void => {
        if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) {
            keys.add(k);
            walk(x);
          }
      };
      for (const e of mine) {
        assert.ok(!e.canonical.includes('@'), e.canonical);
        for (const u of users) {
          assert.ok(!e.canonical.includes(u.id), 'no account id');
          assert.ok(!e.canonical.includes(u.email), 'no email');
          assert.ok(!e.canonical.includes(u.display_name), 'no display name');
        }
        for (const text of [
          agreementBody().text,
          agreementBody().title,
          communicationBody().body,
          'Public Information Officer',
        ])
          assert.ok(!e.canonical.includes(text), 'registry text lives in the registry, not the log');
        walk(JSON.parse(e.canonical));
      }
      for (const k of keys) assert.doesNotMatch(k, /name|email|user|person|address|text|title/i, k);
    });

    test('bad text is refused before anything is hashed: lone surrogates and control characters', async () => {
      for (const text of ['\ud800 unpaired', 'bell \u0007 here']) {
        const r = await oversight.post('/api/v1/registries/agreements', agreementBody({ text }));
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.code, 'ERR_VALIDATION');
      }
      const expired = await oversight.post(
        '/api/v1/registries/agreements',
        agreementBody({ expiresOn: '2025-01-01' }),
      );
      assert.equal(expired.body.code, 'ERR_VALIDATION');
      const email = await oversight.post('/api/v1/registries/communications', {
        ...communicationBody(),
        author: { organisation: 'Metro Police', role: 'jane@metro.example' },
      });
      assert.equal(email.body.code, 'ERR_VALIDATION', 'an email does not fit where a role goes');
      assert.equal((await anon.get(`/api/v1/public/agreements/${crypto.randomUUID()}`)).status, 404);
    });
  });
}
