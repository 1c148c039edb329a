import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cellToParent, getResolution, isValidCell } from 'h3-js';
import { ManualClock } from '../../src/ports/clock.js';
import { ENTRY_TYPE_NAMES, sha256Hex, type NewLogEntry } from '../../src/transparency/entries.js';
import { PublicRecordRepository } from '../../src/public-record/public-record.repository.js';
import { PublicRecordService, type Dashboard } from '../../src/public-record/public-record.service.js';
import { DIALECTS, startTestRuntime, type ApiClient, type TestRuntime } from '../support/runtime.js';
import { setupAdmin, signedInAs } from '../support/factories.js';
import {
  CELLS,
  OPERATOR,
  agreementBody,
  auditBody,
  breachBody,
  communicationBody,
  complaintBody,
  violationBody,
  linkHousehold,
  logSize,
  subsidyBody,
} from '../registries/fixtures.js';
import { pageCount, pdfkitText, poppler, popplerMissing } from './pdf.js';

const K = 5;
let serial = 0;
const ref = () => sha256Hex(`ref ${serial++} ${Math.random()}`);

function request(organisation: string, offenceCategory: string): NewLogEntry {
  return {
    type: 'request.published',
    actor: { class: 'agency', organisation },
    refs: { request: ref(), policy: ref() },
    offenceCategory,
    counts: { windowHours: 6, areaCells: 2 },
  };
}
function disclosure(
  organisation: string,
  basis: 'emergency' | 'warrant' | 'subpoena' | 'court_order',
  clips: number,
): NewLogEntry {
  return {
    type: 'disclosure.recorded',
    actor: { class: 'agency', organisation },
    refs: { disclosure: ref(), request: ref() },
    basis,
    counts: { clips },
  };
}
const policy = (): NewLogEntry => ({
  type: 'policy.approved',
  actor: { class: 'oversight', organisation: 'City Council' },
  refs: { policy: ref(), document: ref() },
  counts: { version: 1, votesFor: 5, votesAgainst: 2, abstentions: 0 },
});

// Anything shaped like an H3 index: what must never name a cell under k.
const H3_LIKE = /\b8[0-9a-f]{14}\b/g;

for (const dialect of DIALECTS) {
  describe(`public record on ${dialect}: dashboard, annual report and open data`, () => {
    let t: TestRuntime;
    let anon: ApiClient;
    let oversight: ApiClient;
    let agencyAdmin: ApiClient;
    const clock = new ManualClock(Date.parse('2026-06-15T12:00:00Z'));

    before(async () => {
      t = await startTestRuntime(dialect, {
        overrides: { clock },
        config: { signinRateLimit: 100_000, operatorName: OPERATOR },
      });
      const admin = await setupAdmin(t);
      oversight = (await signedInAs(t, admin, 'oversight')).client;
      agencyAdmin = (await signedInAs(t, admin, 'agency_admin')).client;
      anon = t.client();
    });
    after(() => t.close());

    const append = (entries: NewLogEntry[]) =>
      t.runtime.database.db.transaction().execute((trx) => t.runtime.transparency!.appendMany(trx, entries));
    const dashboard = async () => {
      const r = await anon.get<Dashboard>('/api/v1/public/dashboard');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    /** Rate limits count per minute: a test that makes many requests moves the clock on between rounds. */
    const nextMinute = () => clock.advance(61_000);

    test('an empty community: zeros for every series and every entry type, no map cells, no tiles', async () => {
      const d = await dashboard();
      assert.equal(d.months.length, 12);
      assert.equal(d.months.at(-1), '2026-06');
      assert.equal(d.months[0], '2025-07');
      assert.equal(d.requests.total, 0);
      assert.deepEqual(
        d.requests.byMonth.map((m) => m.count),
        Array(12).fill(0),
      );
      assert.deepEqual(
        d.log.entriesByType.map((e) => e.key),
        ENTRY_TYPE_NAMES,
        'every known entry type is listed, with zeros',
      );
      assert.ok(d.log.entriesByType.every((e) => e.count === 0));
      assert.deepEqual(d.sharing, {
        recorded: false,
        requestsWithShares: 0,
        clipsShared: 0,
        shareRate: null,
      });
      assert.deepEqual(
        d.legalProcess.byBasis.map((b) => [b.key, b.count]),
        [
          ['warrant', 0],
          ['subpoena', 0],
          ['court_order', 0],
        ],
      );
      assert.equal(d.emergency.total, 0);
      assert.deepEqual(d.map.cells, []);
      assert.equal(d.map.k, K);
      assert.equal(d.map.tiles, null, 'no tile server unless the operator configures one');
    });

    test('requests, disclosures and policies from the log: by month, category and agency', async () => {
      clock.set(Date.parse('2026-04-10T09:00:00Z'));
      await append([request('Metro Police', 'burglary'), request('Metro Police', 'burglary')]);
      clock.set(Date.parse('2026-05-02T09:00:00Z'));
      await append([
        request('County Sheriff', 'vandalism'),
        disclosure('Metro Police', 'warrant', 3),
        policy(),
      ]);
      clock.set(Date.parse('2026-06-01T09:00:00Z'));
      await append([
        disclosure('County Sheriff', 'emergency', 1),
        disclosure('Metro Police', 'court_order', 2),
      ]);
      clock.set(Date.parse('2025-03-01T09:00:00Z'));
      await append([request('Metro Police', 'robbery')]); // outside the last twelve months
      clock.set(Date.parse('2026-06-15T12:00:00Z'));

      const d = await dashboard();
      assert.equal(d.requests.total, 4);
      const month = (m: string) => d.requests.byMonth.find((x) => x.month === m)?.count;
      assert.equal(month('2026-04'), 2);
      assert.equal(month('2026-05'), 1);
      assert.equal(month('2026-06'), 0);
      assert.deepEqual(
        d.requests.byCategory.map((c) => [c.key, c.count]),
        [
          ['burglary', 2],
          ['robbery', 1],
          ['vandalism', 1],
        ],
      );
      assert.deepEqual(
        d.requests.byAgency.map((c) => [c.key, c.count]),
        [
          ['Metro Police', 3],
          ['County Sheriff', 1],
        ],
      );
      assert.equal(d.legalProcess.total, 2);
      assert.equal(d.legalProcess.clips, 5);
      assert.deepEqual(
        d.legalProcess.byBasis.map((b) => b.count),
        [1, 0, 1],
      );
      assert.equal(d.emergency.total, 1);
      assert.equal(d.emergency.clips, 1);
      assert.equal(d.policies.total, 1);
      assert.equal(d.log.size, await logSize(anon));
      assert.equal(d.log.entriesByType.find((e) => e.key === 'request.published')?.count, 4);
    });

    test('the log is folded into tallies exactly once: across pages, concurrent readers and two processes', async () => {
      const before = (await dashboard()).log.entriesByType.find((e) => e.key === 'clip.accessed')!.count;
      const n = 2_345;
      for (let i = 0; i < n; i += 500)
        await append(
          Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
            type: 'clip.accessed' as const,
            actor: { class: 'agency' as const, organisation: 'Metro Police' },
            refs: { clip: ref(), request: ref() },
            access: (i + j) % 2 ? ('view' as const) : ('download' as const),
          })),
        );
      // A second process on the same database, folding with small pages while this one folds too.
      const other = new PublicRecordService(
        new PublicRecordRepository(t.runtime.database.db),
        t.runtime.transparency!,
        t.runtime.registries!,
        t.runtime.oversight!,
        t.runtime.linkedHubs!,
        clock,
        t.runtime.bus,
        { cellResolution: 7, mapTileUrl: undefined, mapTileAttribution: undefined, pageSize: 97 },
      );
      const [a, b] = await Promise.all([dashboard(), dashboard(), other.catchUp(), other.catchUp()]);
      for (const d of [a, b])
        assert.equal(d.log.entriesByType.find((e) => e.key === 'clip.accessed')!.count, before + n);
      const cursor = await t.runtime.database.db
        .selectFrom('community_log_tally_cursor')
        .select('next_index')
        .executeTakeFirstOrThrow();
      assert.equal(Number(cursor.next_index), await logSize(anon));
      const rows = (await other.openData('log-activity', 'json')).body;
      const total = (JSON.parse(rows) as { rows: { entries: number }[] }).rows.reduce(
        (s, r) => s + r.entries,
        0,
      );
      assert.equal(total, await logSize(anon), 'every entry counted once');
    });

    test('the map: camera counts per coarse cell with boundaries; cells under k are left out', async () => {
      await linkHousehold(t, CELLS[0]!, 3, 2);
      await linkHousehold(t, CELLS[0]!, 3, 1);
      await linkHousehold(t, CELLS[1]!, 4, 4);
      await linkHousehold(t, CELLS[2]!, 0);
      const d = await dashboard();
      assert.deepEqual(
        d.map.cells.map((c) => [c.cell, c.cameras, c.accepting]),
        [[CELLS[0], 6, 0]],
        'accepting counts under k are shown as 0, like the camera map',
      );
      assert.equal(d.map.suppressedCells, 1);
      assert.equal(d.map.resolution, 7);
      const boundary = d.map.cells[0]!.boundary;
      assert.equal(boundary.length, 6, 'a hexagon');
      for (const [lat, lng] of boundary) {
        assert.ok(Math.abs(lat - 37.8) < 0.2 && Math.abs(lng + 122.27) < 0.2, `${lat},${lng} near the cell`);
      }
      assert.ok(!JSON.stringify(d).includes(CELLS[1]!), 'the small cell is nowhere in the dashboard');
    });

    test('property: no cell under k ever appears in any public output', async () => {
      const programme = (
        await oversight.post<{ id: string }>(
          '/api/v1/registries/subsidies',
          subsidyBody({ name: 'Property programme', units: 1_000_000 }),
        )
      ).body;
      const db = t.runtime.database.db;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.record({
                kind: fc.constant('hub' as const),
                cell: fc.constantFrom(...CELLS),
                cameras: fc.integer({ min: 0, max: 6 }),
              }),
              fc.record({
                kind: fc.constant('units' as const),
                cell: fc.constantFrom(...CELLS),
                units: fc.integer({ min: 1, max: 4 }),
              }),
            ),
            { minLength: 1, maxLength: 6 },
          ),
          async (actions) => {
            nextMinute();
            for (const a of actions)
              if (a.kind === 'hub') await linkHousehold(t, a.cell, a.cameras, Math.min(a.cameras, 1));
              else {
                const r = await oversight.post(`/api/v1/registries/subsidies/${programme.id}/disbursements`, {
                  disbursedOn: '2026-06-01',
                  cells: [{ cell: a.cell, units: a.units }],
                });
                assert.equal(r.status, 201, JSON.stringify(r.body));
              }
            // Ground truth, straight from the tables.
            const cameras = new Map<string, number>();
            for (const h of await db.selectFrom('community_hubs').select(['cell', 'camera_count']).execute())
              cameras.set(h.cell, (cameras.get(h.cell) ?? 0) + h.camera_count);
            const units = new Map<string, number>();
            const perProgramme = await db
              .selectFrom('community_subsidy_disbursements as d')
              .innerJoin('community_subsidy_batches as b', 'b.id', 'd.batch_id')
              .select(['b.programme_id', 'd.cell', 'd.units'])
              .execute();
            const key = (p: string, c: string) => `${p}/${c}`;
            for (const r of perProgramme)
              units.set(
                key(r.programme_id, r.cell),
                (units.get(key(r.programme_id, r.cell)) ?? 0) + Number(r.units),
              );
            const shownByCameras = (c: string) => (cameras.get(c) ?? 0) >= K;
            const shownByUnits = (c: string) => [...units].some(([k, n]) => k.endsWith(`/${c}`) && n >= K);

            const outputs: [string, string, (cell: string) => boolean][] = [];
            const grab = async (url: string, rule: (cell: string) => boolean) => {
              const r = await anon.get(url);
              assert.equal(r.status, 200, `${url}: ${r.raw.body.slice(0, 200)}`);
              outputs.push([url, r.raw.body, rule]);
              return r;
            };
            const dash = (await grab('/api/v1/public/dashboard', (c) => shownByCameras(c) || shownByUnits(c)))
              .body as unknown as Dashboard;
            for (const c of dash.map.cells)
              assert.equal(c.cameras, cameras.get(c.cell), 'exact count when shown');
            for (const c of dash.subsidies.cells) assert.ok(c.units >= K);
            assert.equal(
              dash.map.cells.length + dash.map.suppressedCells,
              [...cameras.values()].filter((n) => n > 0).length,
            );
            for (const f of ['camera-map.csv', 'camera-map.json', 'camera-map.geojson'])
              await grab(`/api/v1/public/open-data/${f}`, shownByCameras);
            for (const f of ['subsidy-cells.csv', 'subsidy-cells.json', 'subsidy-cells.geojson'])
              await grab(`/api/v1/public/open-data/${f}`, shownByUnits);
            await grab('/api/v1/public/camera-map', shownByCameras);
            await grab(
              `/api/v1/public/subsidies/${programme.id}`,
              (c) => (units.get(key(programme.id, c)) ?? 0) >= K,
            );
            await grab('/api/v1/public/subsidies', () => false);
            await grab('/api/v1/public/reports/annual/2026', (c) => shownByCameras(c) || shownByUnits(c));
            await grab('/api/v1/public/reports/annual/2026.csv', (c) => shownByCameras(c) || shownByUnits(c));
            await grab('/api/v1/public/open-data/log-activity.csv', () => false);
            for (const [url, body, shown] of outputs)
              for (const [cell] of body.matchAll(H3_LIKE)) {
                if (!isValidCell(cell)) continue;
                assert.ok(shown(cell), `${url} shows ${cell}, which is under k`);
              }
          },
        ),
        { numRuns: dialect === 'sqlite' ? 25 : 12 },
      );
    });

    test('annual report (C6): JSON with the ordinance items A–K, filled from the data, for all or one agency', async () => {
      nextMinute();
      await oversight.post('/api/v1/registries/agreements', agreementBody());
      await agencyAdmin.post('/api/v1/registries/communications', communicationBody());
      const r = await anon.get<{
        year: number;
        agency: string | null;
        agencies: string[];
        sections: {
          id: string;
          item: string | null;
          paragraphs: string[];
          tables: { id: string; rows: Record<string, unknown>[] }[];
        }[];
      }>('/api/v1/public/reports/annual/2026');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const items = r.body.sections.map((s) => s.item).filter(Boolean);
      assert.deepEqual(items, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K']);
      const table = (section: string, id: string) =>
        r.body.sections.find((s) => s.id === section)!.tables.find((x) => x.id === id)!;
      assert.equal(table('use', 'requests-by-month').rows.length, 12);
      assert.equal(
        table('use', 'requests-by-month').rows.reduce((n, x) => n + (x.requests as number), 0),
        3,
        '2026 requests only (the 2025 one is not in this year)',
      );
      assert.deepEqual(
        table('sharing', 'disclosures').rows.map((x) => [x.agency, x.basis, x.disclosures, x.clips]),
        [
          ['Metro Police', 'warrant', 1, 3],
          ['County Sheriff', 'emergency', 1, 1],
          ['Metro Police', 'court order', 1, 2],
        ],
      );
      assert.match(
        r.body.sections.find((s) => s.id === 'complaints')!.paragraphs[0]!,
        /recorded no complaint/,
        'an empty register says so in words',
      );
      assert.ok(table('costs', 'subsidy-programmes').rows.length >= 1);
      assert.equal(table('costs', 'agreements').rows[0]!.vendorApproval, 'yes (1 clause)');
      assert.equal(table('communications', 'statements').rows[0]!.vendorInvolvement, 'reviewed');
      assert.ok(r.body.agencies.includes('Metro Police') && r.body.agencies.includes('County Sheriff'));

      const sheriff = await anon.get<typeof r.body>(
        `/api/v1/public/reports/annual/2026?agency=${encodeURIComponent('County Sheriff')}`,
      );
      assert.equal(sheriff.body.agency, 'County Sheriff');
      const sTable = (section: string, id: string) =>
        sheriff.body.sections.find((s) => s.id === section)!.tables.find((x) => x.id === id)!;
      assert.deepEqual(
        sTable('requests', 'requests-by-agency').rows.map((x) => x.agency),
        ['County Sheriff'],
      );
      assert.equal(
        sTable('communications', 'statements').rows.length,
        0,
        'Metro Police’s statement is not theirs',
      );
      assert.equal(sTable('costs', 'agreements').rows.length, 0);

      const empty = await anon.get<typeof r.body>('/api/v1/public/reports/annual/2019');
      assert.equal(empty.status, 200);
      assert.ok(
        empty.body.sections.every((s) =>
          s.tables.every(
            (x) =>
              x.id === 'requests-by-month' ||
              x.id.startsWith('cameras') ||
              x.id.startsWith('subsidised') ||
              x.rows.length === 0,
          ),
        ),
      );
      for (const bad of ['abcd', '2026.xml', '0999', '2026.pdf.csv'])
        assert.equal((await anon.get(`/api/v1/public/reports/annual/${bad}`)).status, 400, bad);
    });

    test('annual report PDF: real text, headings and tables on numbered pages', async () => {
      nextMinute();
      const r = await anon.get('/api/v1/public/reports/annual/2026.pdf');
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/pdf');
      const pdf = r.raw.rawPayload;
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      const pages = pageCount(pdf);
      assert.ok(pages >= 2, `${pages} pages`);
      const text = pdfkitText(pdf);
      for (const needle of [
        'Annual surveillance report 2026',
        'A. How the technology was used',
        'B. Data shared with outside entities',
        'J. Costs and funding',
        'Property programme',
        'Footage requests by offence category',
        `page 1 of ${pages}`,
      ])
        assert.ok(text.includes(needle), `the PDF says ${JSON.stringify(needle)}`);
    });

    test(
      'annual report PDF through poppler: pdfinfo and pdftotext read it',
      { skip: popplerMissing() ?? false },
      async () => {
        nextMinute();
        const r = await anon.get(
          `/api/v1/public/reports/annual/2026.pdf?agency=${encodeURIComponent('Metro Police')}`,
        );
        const { text, pages } = poppler(r.raw.rawPayload);
        assert.equal(pages, pageCount(r.raw.rawPayload));
        assert.match(text, /Annual surveillance report 2026 — Metro Police/);
        assert.match(text, /K\. Changes to the use policy/);
        assert.match(text, /Police join the/, 'table cells wrap, but their text is there');
      },
    );

    test('annual report CSV: one line per paragraph and table cell, money in minor units with its currency', async () => {
      nextMinute();
      const r = await anon.get('/api/v1/public/reports/annual/2026.csv');
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-type']), /^text\/csv/);
      assert.match(
        String(r.headers['content-disposition']),
        /attachment; filename="porchlight-annual-report-2026\.csv"/,
      );
      const body = r.raw.body;
      const lines = body.split('\r\n');
      assert.equal(lines[0], 'item,section,table,row,column,label,value,unit');
      assert.equal(lines.at(-1), '', 'ends with CRLF');
      assert.ok(
        lines.includes('A,use,requests-by-month,4,requests,Requests,2,count'),
        'April 2026: two requests',
      );
      assert.ok(lines.some((l) => l.startsWith('J,costs,subsidy-money,') && l.endsWith(',5000000,USD')));
    });

    test('open data: the catalogue, CSV with a header row, JSON with the suppression rule, GeoJSON polygons', async () => {
      nextMinute();
      const cat = await anon.get<{ files: { name: string; formats: string[]; urls: string[] }[] }>(
        '/api/v1/public/open-data',
      );
      assert.deepEqual(
        cat.body.files.map((f) => f.name),
        [
          'camera-map',
          'subsidy-cells',
          'subsidy-programmes',
          'agreements',
          'communications',
          'complaints',
          'audits',
          'violations',
          'breaches',
          'log-activity',
        ],
      );
      for (const f of cat.body.files)
        for (const url of f.urls) assert.equal((await anon.get(url)).status, 200, url);

      const csv = (await anon.get('/api/v1/public/open-data/camera-map.csv')).raw.body;
      assert.equal(csv.split('\r\n')[0], 'cell,resolution,cameras,accepting_requests');
      const json = JSON.parse((await anon.get('/api/v1/public/open-data/camera-map.json')).raw.body) as {
        dataset: string;
        k: number;
        suppressedCells: number;
        rows: { cell: string; cameras: number }[];
      };
      assert.equal(json.dataset, 'camera-map');
      assert.equal(json.k, K);
      assert.ok(json.rows.every((row) => row.cameras >= K));
      assert.equal(csv.trim().split('\r\n').length - 1, json.rows.length);

      const geo = await anon.get('/api/v1/public/open-data/camera-map.geojson');
      assert.match(String(geo.headers['content-type']), /^application\/geo\+json/);
      const fc = JSON.parse(geo.raw.body) as {
        type: string;
        k: number;
        features: {
          type: string;
          geometry: { type: string; coordinates: number[][][] };
          properties: { cell: string; cameras: number };
        }[];
      };
      assert.equal(fc.type, 'FeatureCollection');
      assert.equal(fc.features.length, json.rows.length);
      for (const f of fc.features) {
        assert.equal(f.geometry.type, 'Polygon');
        const ring = f.geometry.coordinates[0]!;
        assert.deepEqual(ring[0], ring.at(-1), 'closed ring');
        assert.equal(ring.length, 7);
        // RFC 7946: [longitude, latitude], exterior ring counter-clockwise (positive shoelace area).
        assert.ok(ring.every(([lng, lat]) => lng! < -100 && lat! > 30));
        let area = 0;
        for (let i = 0; i + 1 < ring.length; i++)
          area += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
        assert.ok(area > 0, 'counter-clockwise');
        assert.equal(getResolution(f.properties.cell), 7);
        assert.equal(cellToParent(f.properties.cell, 6).length, 15);
      }

      const agreements = (await anon.get('/api/v1/public/open-data/agreements.csv')).raw.body;
      assert.match(
        agreements.split('\r\n')[0]!,
        /^id,title,parties,party_kinds,signed_on,effective_on,expires_on,vendor_approval_of_statements,flagged_clauses,version,record_hash,log_entry_index,text$/,
      );
      assert.ok(agreements.includes('"1. Purpose. The parties'), 'multi-line text is quoted');

      assert.equal((await anon.get('/api/v1/public/open-data/agreements.geojson')).status, 400);
      assert.equal((await anon.get('/api/v1/public/open-data/secrets.csv')).status, 400);
    });

    test('complaints, audits, violations and breaches fill report items E–G (JSON, CSV, PDF), the dashboard and open data', async () => {
      nextMinute();
      const post = async (path: string, body: Record<string, unknown>) => {
        const r = await oversight.post<{ id: string }>(`/api/v1/registries/${path}`, body);
        assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
        return r.body;
      };
      const complaint = await post('complaints', complaintBody());
      await oversight.patch(`/api/v1/registries/complaints/${complaint.id}`, {
        status: 'sustained',
        outcome: 'The request was withdrawn.',
        closedOn: '2026-04-01',
      });
      await post('complaints', complaintBody({ agency: 'County Sheriff', category: 'retention' }));
      await post('complaints', complaintBody({ receivedOn: '2025-11-02', category: 'other' })); // last year
      const audit = await post('audits', auditBody());
      await post('violations', violationBody({ auditId: audit.id }));
      await post('breaches', breachBody({ ownersNotified: true, ownersNotifiedOn: '2026-05-04' }));

      type Report = {
        sections: {
          id: string;
          item: string | null;
          paragraphs: string[];
          tables: { id: string; rows: Record<string, unknown>[] }[];
        }[];
      };
      const report = async (query = '') => {
        const r = await anon.get<Report>(`/api/v1/public/reports/annual/2026${query}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return (section: string, id: string) =>
          r.body.sections.find((s) => s.id === section)!.tables.find((x) => x.id === id)!.rows;
      };
      const all = await report();
      assert.deepEqual(
        all('complaints', 'complaints-by-category').map((x) => [x.category, x.complaints]),
        [
          ['retention', 1],
          ['scope exceeded', 1],
        ],
        'the 2025 complaint is not in the 2026 report',
      );
      assert.deepEqual(
        all('complaints', 'complaints-by-status').map((x) => [x.status, x.complaints]),
        [
          ['received', 1],
          ['sustained', 1],
        ],
      );
      const listed = all('complaints', 'complaints').find((x) => x.agency === 'Metro Police')!;
      assert.deepEqual(
        [listed.receivedOn, listed.status, listed.closedOn, listed.outcome],
        ['2026-03-10', 'sustained', '2026-04-01', 'The request was withdrawn.'],
      );
      assert.deepEqual(
        all('audits', 'audits').map((x) => [x.auditor, x.period, x.findings, x.violations]),
        [['Privacy Advisory Commission', '2026-01-01 to 2026-03-31', 3, 1]],
      );
      assert.deepEqual(
        all('audits', 'violations').map((x) => [x.occurredOn, x.category, x.clause]),
        [['2026-02-14', 'request outside policy', '4.2(b)']],
      );
      assert.deepEqual(
        all('breaches', 'breaches').map((x) => [x.system, x.recordsAffected, x.ownersNotified, x.status]),
        [['evidence locker', 4, 'yes, 2026-05-04', 'investigating']],
      );
      const sheriff = await report(`?agency=${encodeURIComponent('County Sheriff')}`);
      assert.deepEqual(
        sheriff('complaints', 'complaints').map((x) => x.category),
        ['retention'],
        'one agency’s report holds its own records only',
      );
      assert.equal(sheriff('audits', 'audits').length, 0);
      assert.equal(sheriff('breaches', 'breaches').length, 0);

      const csv = (await anon.get('/api/v1/public/reports/annual/2026.csv')).raw.body.split('\r\n');
      assert.ok(
        csv.includes('E,complaints,complaints-by-category,1,category,Category,retention,'),
        'CSV: categories',
      );
      assert.ok(
        csv.includes('G,breaches,breaches,1,recordsAffected,Records affected,4,count'),
        'CSV: breaches',
      );
      assert.ok(csv.some((l) => l.startsWith('F,audits,violations,1,clause,Policy clause,4.2(b)')));

      const text = pdfkitText((await anon.get('/api/v1/public/reports/annual/2026.pdf')).raw.rawPayload);
      for (const needle of [
        'G. Data breaches and unauthorised access',
        'Complaints received in 2026 by category',
        'Audits dated 2026',
        'Breaches discovered or occurring in 2026',
        'scope exceeded',
        'request outside policy',
      ])
        assert.ok(text.includes(needle), `the PDF says ${JSON.stringify(needle)}`);

      const d = await dashboard();
      assert.equal(d.oversight.complaints.total, 3);
      assert.equal(d.oversight.complaints.open, 2);
      assert.equal(d.oversight.complaints.byCategory.find((c) => c.key === 'retention')?.count, 1);
      assert.deepEqual(d.oversight.audits, { total: 1, findings: 3, violationsFound: 1 });
      assert.deepEqual(d.oversight.violations.total, 1);
      assert.deepEqual(d.oversight.breaches, { total: 1, open: 1, recordsAffected: 4, ownersNotified: 1 });

      const complaintsCsv = (await anon.get('/api/v1/public/open-data/complaints.csv')).raw.body.split(
        '\r\n',
      );
      assert.equal(
        complaintsCsv[0],
        'id,received_on,agency,category,status,closed_on,summary,outcome,version,record_hash,log_entry_index',
      );
      assert.equal(complaintsCsv.filter(Boolean).length, 4, 'a header and three complaints');
      const breaches = JSON.parse((await anon.get('/api/v1/public/open-data/breaches.json')).raw.body) as {
        dataset: string;
        rows: { records_affected: number; owners_notified: boolean; system: string }[];
      };
      assert.equal(breaches.dataset, 'breaches');
      assert.deepEqual(
        breaches.rows.map((r) => [r.system, r.records_affected, r.owners_notified]),
        [['evidence_locker', 4, true]],
      );
      for (const f of ['audits.csv', 'audits.json', 'violations.csv', 'violations.json'])
        assert.equal((await anon.get(`/api/v1/public/open-data/${f}`)).status, 200, f);
    });
  });
}

describe('public record: a configured tile server reaches the dashboard', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime('sqlite', {
      config: {
        mapTileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
        mapTileAttribution: '© Example contributors',
      },
    });
    await setupAdmin(t);
  });
  after(() => t.close());

  test('tiles and attribution are in the dashboard response', async () => {
    const d = (await t.client().get<Dashboard>('/api/v1/public/dashboard')).body;
    assert.deepEqual(d.map.tiles, {
      url: 'https://tiles.example.org/{z}/{x}/{y}.png',
      attribution: '© Example contributors',
    });
  });
});
