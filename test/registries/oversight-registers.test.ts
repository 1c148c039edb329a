import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalize } from '../../src/transparency/canonical-json.js';
import { verifyLog } from '../../src/transparency/verifier.js';
import { DIALECTS, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import { setupAdmin, signedInAs } from '../support/factories.js';
import { OversightRepository } from '../../src/registries/oversight.repository.js';
import { OversightRegistersService } from '../../src/registries/oversight.service.js';
import type { RegistryActor } from '../../src/registries/registries.policy.js';
import type {
  BreachFields,
  ComplaintFields,
  ViolationFields,
} from '../../src/registries/registry-records.js';
import type { PublicLog } from '../../src/transparency/public-log.js';
import { listen } from '../transparency/support.js';
import {
  auditBody,
  breachBody,
  complaintBody,
  FIXTURES_NOW,
  logEntry,
  logSize,
  violationBody,
} from './fixtures.js';
import { clockFrom } from '../support/clock.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

interface Version {
  version: number;
  recordHash: string;
  entryIndex: number;
  canonical: string;
}
interface Row {
  id: string;
  version: number;
  recordHash: string;
  entryIndex: number;
  summary: string;
  versions: Version[];
  enteredBy: { class: string; organisation: string | null };
  [k: string]: unknown;
}

const KINDS = [
  { path: 'complaints', kind: 'complaint', body: complaintBody },
  { path: 'audits', kind: 'audit', body: auditBody },
  { path: 'violations', kind: 'violation', body: violationBody },
  { path: 'breaches', kind: 'breach', body: breachBody },
] as const;

for (const dialect of DIALECTS) {
  describe(`oversight registers (complaints, audits, violations, breaches) on ${dialect}`, () => {
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
        config: { signinRateLimit: 10_000 },
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

    /** Every version hashes to its record hash; the entry at its index names that hash and chains to the last. */
    async function assertLogged(versions: Version[], kind: string): Promise<Record<string, unknown>[]> {
      const out = [];
      for (const [i, v] of versions.entries()) {
        assert.equal(
          sha256(v.canonical),
          v.recordHash,
          'the served canonical JSON hashes to the record hash',
        );
        assert.equal(canonicalize(JSON.parse(v.canonical)), v.canonical, 'and is canonical');
        assert.equal((JSON.parse(v.canonical) as { registry: string }).registry, kind);
        const entry = await logEntry(anon, v.entryIndex);
        assert.equal(entry.type, i === 0 ? `${kind}.recorded` : `${kind}.updated`);
        const refs = entry.refs as Record<string, string>;
        assert.equal(refs[kind], v.recordHash, 'the log entry refers to this version');
        assert.equal(refs.summary, sha256((JSON.parse(v.canonical) as { summary: string }).summary));
        if (i > 0)
          assert.equal(refs.previous, versions[i - 1]!.recordHash, 'updates chain to the last version');
        assert.deepEqual(entry.actor, { class: 'oversight', organisation: 'City Council' });
        out.push(entry);
      }
      return out;
    }

    test('only oversight may record or update them: not the instance admin, not agencies; the public may not', async () => {
      for (const { path, body } of KINDS) {
        for (const c of [admin, agencyAdmin, officer, resident, moderator]) {
          const r = await c.post(`/api/v1/registries/${path}`, body());
          assert.equal(r.status, 403, `${path}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.code, 'ERR_FORBIDDEN');
        }
        assert.equal((await anon.post(`/api/v1/registries/${path}`, body())).status, 401);
        const created = await oversight.post<Row>(`/api/v1/registries/${path}`, body());
        assert.equal(created.status, 201, `${path}: ${JSON.stringify(created.body)}`);
        for (const c of [admin, agencyAdmin])
          assert.equal(
            (await c.patch(`/api/v1/registries/${path}/${created.body.id}`, { summary: 'Changed summary.' }))
              .status,
            403,
          );
        // Everyone reads them, without signing in.
        const list = await anon.get<Record<string, Row[]>>(`/api/v1/public/${path}`);
        assert.equal(list.status, 200);
        assert.ok(list.body[path]!.some((x) => x.id === created.body.id));
        const one = await anon.get<Row>(`/api/v1/public/${path}/${created.body.id}`);
        assert.equal(one.status, 200);
        assert.equal(one.body.summary, body().summary);
        assert.deepEqual(one.body.enteredBy, { class: 'oversight', organisation: 'City Council' });
        assert.equal((await agencyAdmin.get(`/api/v1/public/${path}/${created.body.id}`)).status, 200);
        assert.equal((await anon.get(`/api/v1/public/${path}/${crypto.randomUUID()}`)).status, 404);
      }
    });

    test('complaints: recorded and updated, one log entry per write, chained; a change that changes nothing is not logged', async () => {
      const size = await logSize(anon);
      const c = await oversight.post<Row>('/api/v1/registries/complaints', complaintBody());
      assert.equal(c.status, 201, JSON.stringify(c.body));
      assert.equal(c.body.entryIndex, size);
      const [recorded] = await assertLogged(c.body.versions, 'complaint');
      assert.deepEqual(
        {
          agency: recorded!.agency,
          category: recorded!.category,
          status: recorded!.status,
          receivedOn: recorded!.receivedOn,
        },
        { agency: 'Metro Police', category: 'scope_exceeded', status: 'received', receivedOn: '2026-03-10' },
      );
      const same = await oversight.patch<Row>(`/api/v1/registries/complaints/${c.body.id}`, {
        status: 'received',
      });
      assert.equal(same.body.version, 1);
      assert.equal(await logSize(anon), size + 1, 'no entry for a no-op');

      const review = await oversight.patch<Row>(`/api/v1/registries/complaints/${c.body.id}`, {
        status: 'under_review',
      });
      assert.equal(review.status, 200, JSON.stringify(review.body));
      const decided = await oversight.patch<Row>(`/api/v1/registries/complaints/${c.body.id}`, {
        status: 'sustained',
        outcome: 'The agency withdrew the request and retrained the officers who file requests.',
        closedOn: '2026-04-02',
      });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      assert.equal(decided.body.version, 3);
      assert.equal(decided.body.closedOn, '2026-04-02');
      const entries = await assertLogged(decided.body.versions, 'complaint');
      assert.equal(entries[2]!.status, 'sustained');
      assert.deepEqual(entries[2]!.counts, { version: 3 });
      assert.equal(await logSize(anon), size + 3);

      // Reopening clears the closing date; a closing date on an open complaint is refused.
      const reopened = await oversight.patch<Row>(`/api/v1/registries/complaints/${c.body.id}`, {
        status: 'under_review',
      });
      assert.equal(reopened.body.closedOn, null);
      const bad = await oversight.patch(`/api/v1/registries/complaints/${c.body.id}`, {
        closedOn: '2026-04-03',
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'ERR_VALIDATION');
    });

    test('audits and violations: a violation refers to the audit that found it by its record hash; corrective action updates it', async () => {
      const a = await oversight.post<Row>('/api/v1/registries/audits', auditBody());
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal(a.body.reportSha256, 'ab'.repeat(32), 'hashes are stored in lowercase');
      const [audit] = await assertLogged(a.body.versions, 'audit');
      assert.deepEqual(audit!.counts, { findings: 3, violations: 1 });
      assert.equal(audit!.report, 'ab'.repeat(32));
      assert.equal(audit!.auditor, 'Privacy Advisory Commission');
      assert.equal(audit!.periodFrom, '2026-01-01');

      const v = await oversight.post<Row>(
        '/api/v1/registries/violations',
        violationBody({ auditId: a.body.id }),
      );
      assert.equal(v.status, 201, JSON.stringify(v.body));
      const [found] = await assertLogged(v.body.versions, 'violation');
      assert.equal(found!.audit, a.body.recordHash);
      assert.equal(found!.corrected, false);
      assert.equal(found!.category, 'request_outside_policy');

      const unknown = await oversight.post(
        '/api/v1/registries/violations',
        violationBody({ auditId: crypto.randomUUID() }),
      );
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.code, 'ERR_VALIDATION');
      const dateOnly = await oversight.patch(`/api/v1/registries/violations/${v.body.id}`, {
        correctedOn: '2026-03-01',
      });
      assert.equal(dateOnly.body.code, 'ERR_VALIDATION', 'a correction date needs the action taken');
      const corrected = await oversight.patch<Row>(`/api/v1/registries/violations/${v.body.id}`, {
        correctiveAction: 'Request templates now cap the window at 24 hours.',
        correctedOn: '2026-03-01',
      });
      assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
      const entries = await assertLogged(corrected.body.versions, 'violation');
      assert.equal(entries[1]!.corrected, true);

      const amended = await oversight.patch<Row>(`/api/v1/registries/audits/${a.body.id}`, { findings: 4 });
      assert.equal(amended.status, 200);
      const audits = await assertLogged(amended.body.versions, 'audit');
      assert.deepEqual(audits[1]!.counts, { version: 2, findings: 4, violations: 1 });
      const backwards = await oversight.post(
        '/api/v1/registries/audits',
        auditBody({ periodFrom: '2026-04-01', periodTo: '2026-03-01' }),
      );
      assert.equal(backwards.body.code, 'ERR_VALIDATION');
    });

    test('breaches: the owners’ notice needs its date; status and remediation are updated later', async () => {
      const noDate = await oversight.post(
        '/api/v1/registries/breaches',
        breachBody({ ownersNotified: true }),
      );
      assert.equal(noDate.status, 400);
      assert.equal(noDate.body.code, 'ERR_VALIDATION');
      const early = await oversight.post(
        '/api/v1/registries/breaches',
        breachBody({ occurredOn: '2026-05-04', discoveredOn: '2026-05-03' }),
      );
      assert.equal(early.body.code, 'ERR_VALIDATION', 'discovered before it happened');
      const b = await oversight.post<Row>('/api/v1/registries/breaches', breachBody());
      assert.equal(b.status, 201, JSON.stringify(b.body));
      const [recorded] = await assertLogged(b.body.versions, 'breach');
      assert.deepEqual(recorded!.counts, { recordsAffected: 4 });
      assert.equal(recorded!.system, 'evidence_locker');
      assert.equal(recorded!.ownersNotifiedOn, null);
      assert.equal(recorded!.occurredOn, '2026-05-01');
      const resolved = await oversight.patch<Row>(`/api/v1/registries/breaches/${b.body.id}`, {
        ownersNotified: true,
        ownersNotifiedOn: '2026-05-05',
        status: 'resolved',
        remediation: 'Shared accounts were disabled; every officer now signs in with their own account.',
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      assert.equal(resolved.body.ownersNotified, true);
      const entries = await assertLogged(resolved.body.versions, 'breach');
      assert.equal(entries[1]!.status, 'resolved');
      assert.equal(entries[1]!.ownersNotifiedOn, '2026-05-05');
      const unnotified = await oversight.patch<Row>(`/api/v1/registries/breaches/${b.body.id}`, {
        ownersNotified: false,
      });
      assert.equal(unnotified.body.ownersNotifiedOn, null, 'saying they were not notified clears the date');
    });

    test('bad input is refused with a catalogue code, never a 500: personal data, future dates, unknown values', async () => {
      const size = await logSize(anon);
      const cases: [string, Record<string, unknown>][] = [
        ['complaints', complaintBody({ summary: 'Raised by jane.doe@example.org about her neighbour.' })],
        ['complaints', complaintBody({ summary: 'Call the complainant on (555) 010-0100.' })],
        ['complaints', complaintBody({ summary: 'Footage of 12 Maple Street was requested.' })],
        ['complaints', complaintBody({ outcome: 'Reply sent to +44 20 7946 0958.' })],
        ['complaints', complaintBody({ receivedOn: '2999-01-01' })],
        ['complaints', complaintBody({ receivedOn: '2026-02-30' })],
        ['complaints', complaintBody({ category: 'rudeness' })],
        ['complaints', complaintBody({ agency: 'jane@metro.example' })],
        ['complaints', complaintBody({ summary: 'bell \u0007 here' })],
        ['complaints', complaintBody({ complainant: 'Jane Doe' })],
        ['audits', auditBody({ reportSha256: 'not a hash' })],
        ['audits', auditBody({ findings: -1 })],
        ['violations', violationBody({ clause: 'see jane@example.org' })],
        ['violations', violationBody({ correctiveAction: 'Officer at 4 Elm Road was warned.' })],
        ['breaches', breachBody({ recordsAffected: 1.5 })],
        ['breaches', breachBody({ system: 'the cloud' })],
      ];
      for (const [path, body] of cases) {
        const r = await oversight.post(`/api/v1/registries/${path}`, body);
        assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.code, 'ERR_VALIDATION');
      }
      assert.equal(await logSize(anon), size, 'nothing refused reached the log');
    });

    test('a failed or refused log append rolls the write back: nothing is recorded that is not in the log', async () => {
      const db = t.runtime.database.db;
      const count = async () => ({
        complaints: (await db.selectFrom('community_complaints').select('id').execute()).length,
        audits: (await db.selectFrom('community_audits').select('id').execute()).length,
        violations: (await db.selectFrom('community_violations').select('id').execute()).length,
        breaches: (await db.selectFrom('community_breaches').select('id').execute()).length,
        versions: (await db.selectFrom('community_registry_versions').select('record_id').execute()).length,
      });
      const existing = {
        complaint: (await oversight.post<Row>('/api/v1/registries/complaints', complaintBody())).body,
        audit: (await oversight.post<Row>('/api/v1/registries/audits', auditBody())).body,
        violation: (await oversight.post<Row>('/api/v1/registries/violations', violationBody())).body,
        breach: (await oversight.post<Row>('/api/v1/registries/breaches', breachBody())).body,
      };
      const before = await count();
      const size = await logSize(anon);

      // 1. The log fails after appending: the entry and the register rows roll back together.
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
      const broken = new OversightRegistersService(new OversightRepository(db), failing, t.runtime.clock);
      const actor: RegistryActor = {
        userId: crypto.randomUUID(),
        role: 'oversight',
        organisation: 'City Council',
      };
      const withNulls = <T>(body: object, keys: string[]) =>
        ({ ...Object.fromEntries(keys.map((k) => [k, null])), ...body }) as T;
      for (const attempt of [
        () =>
          broken.recordComplaint(actor, withNulls<ComplaintFields>(complaintBody(), ['outcome', 'closedOn'])),
        () => broken.updateComplaint(actor, existing.complaint.id, { status: 'under_review' }),
        () => broken.recordAudit(actor, auditBody()),
        () => broken.updateAudit(actor, existing.audit.id, { findings: 9 }),
        () =>
          broken.recordViolation(
            actor,
            withNulls<ViolationFields>(violationBody(), ['auditId', 'correctiveAction', 'correctedOn']),
          ),
        () => broken.updateViolation(actor, existing.violation.id, { clause: '5.1' }),
        () =>
          broken.recordBreach(
            actor,
            withNulls<BreachFields>(breachBody(), ['ownersNotifiedOn', 'remediation']),
          ),
        () => broken.updateBreach(actor, existing.breach.id, { status: 'contained' }),
      ])
        await assert.rejects(attempt(), /log storage failed/);
      assert.deepEqual(await count(), before, 'no register row survived a failed append');
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
          ['POST', '/api/v1/registries/complaints', complaintBody()],
          ['PATCH', `/api/v1/registries/complaints/${existing.complaint.id}`, { status: 'withdrawn' }],
          ['POST', '/api/v1/registries/audits', auditBody()],
          ['PATCH', `/api/v1/registries/audits/${existing.audit.id}`, { findings: 7 }],
          ['POST', '/api/v1/registries/violations', violationBody()],
          ['PATCH', `/api/v1/registries/violations/${existing.violation.id}`, { clause: '9.9' }],
          ['POST', '/api/v1/registries/breaches', breachBody()],
          ['PATCH', `/api/v1/registries/breaches/${existing.breach.id}`, { status: 'resolved' }],
        ] as const) {
          const r = await oversight.request(method, url, body);
          assert.equal(r.status, 500, `${method} ${url}: ${JSON.stringify(r.body)}`);
          assert.equal((r.body as { code: string }).code, 'ERR_LOG_ENTRY_REFUSED');
        }
      } finally {
        await db.updateTable('organisations').set({ name: org.name }).where('id', '=', org.id).execute();
      }
      assert.deepEqual(await count(), before, 'no register row survived a refused append');
      assert.equal(await logSize(anon), size);
      assert.equal(
        (await anon.get<Row>(`/api/v1/public/complaints/${existing.complaint.id}`)).body.version,
        1,
      );
    });

    test('log entries carry no personal data and no free text: only hashes, dates, codes, public bodies and counts', async () => {
      const size = await logSize(anon);
      const r = await anon.get<{ entries: { type: string; canonical: string }[] }>(
        `/api/v1/transparency/entries?start=0&end=${size}`,
      );
      const mine = r.body.entries.filter((e) => /^(complaint|audit|violation|breach)\./.test(e.type));
      assert.ok(mine.length >= 12, `checked ${mine.length} entries`);
      const users = await t.runtime.database.db
        .selectFrom('users')
        .select(['id', 'email', 'display_name'])
        .execute();
      const texts = [
        complaintBody().summary,
        auditBody().summary,
        violationBody().summary,
        breachBody().summary,
        'retrained the officers',
        'Shared accounts were disabled',
        '4.2(b)',
      ];
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
        for (const text of texts)
          assert.ok(!e.canonical.includes(text), 'register text stays in the register');
        walk(JSON.parse(e.canonical));
      }
      for (const k of keys)
        assert.doesNotMatch(k, /name|email|user|person|address|text|title|complainant|resident|owner$/i, k);
    });

    test('porchlight verify --full accepts a log holding the new entry types', async () => {
      const server = await listen(t.runtime);
      await t.runtime.transparency!.checkpointNow();
      const result = await verifyLog({ server, key: t.runtime.transparency!.verifierKey(), full: true });
      assert.equal(result.size, await logSize(anon));
      assert.equal(result.entriesChecked, result.size);
    });
  });
}
