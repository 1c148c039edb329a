import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from './scheduler.js';

test('jobs run soon after start, repeat, never overlap, and survive failures', async () => {
  const errors: string[] = [];
  const s = new Scheduler((name) => errors.push(name));
  let runs = 0;
  let concurrent = 0;
  let maxConcurrent = 0;
  s.add({
    name: 'slow',
    everyMs: 5,
    run: async () => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((r) => setTimeout(r, 20));
      concurrent--;
      runs++;
      if (runs === 1) throw new Error('first run fails');
    },
  });
  await new Promise((r) => setTimeout(r, 150));
  await s.stop();
  assert.ok(runs >= 3, `ran ${runs} times`);
  assert.equal(maxConcurrent, 1);
  assert.deepEqual(errors, ['slow']);
  const after = runs;
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(runs, after, 'nothing runs after stop');
});
