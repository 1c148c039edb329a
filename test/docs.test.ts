import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateDocs } from '../scripts/gen-docs.js';

test('generated docs (OpenAPI, API reference, README configuration table) are up to date', async () => {
  const docs = await generateDocs();
  for (const [file, content] of Object.entries(docs)) {
    assert.equal(fs.readFileSync(file, 'utf8'), content, `${file} is stale: run npm run docs`);
  }
});

test('every documented route has a summary and the OpenAPI document is 3.1', async () => {
  const spec = JSON.parse((await generateDocs())['docs/openapi.json']!) as {
    openapi: string;
    paths: Record<string, Record<string, { summary?: string }>>;
  };
  assert.equal(spec.openapi, '3.1.0');
  for (const [p, ops] of Object.entries(spec.paths))
    for (const [m, op] of Object.entries(ops)) assert.ok(op.summary, `${m} ${p} has a summary`);
});
