import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bus } from '../../src/ports/bus.js';

/** The behaviour every Bus implementation (in-process now, networked later) must show. */
export function busContract(name: string, make: () => Promise<Bus>): void {
  test(`${name}: subscribers receive typed payloads; unsubscribe stops delivery; a failing handler does not stop others`, async () => {
    const bus = await make();
    try {
      const got: string[] = [];
      const off = bus.subscribe('account.created', (p) => {
        got.push(`a:${p.userId}`);
      });
      bus.subscribe('account.created', () => {
        throw new Error('boom');
      });
      bus.subscribe('account.created', async (p) => {
        await new Promise((r) => setTimeout(r, 5));
        got.push(`b:${p.role}`);
      });
      await bus.publish('account.created', { userId: 'u1', role: 'resident' });
      assert.deepEqual(got, ['a:u1', 'b:resident']);
      off();
      await bus.publish('account.created', { userId: 'u2', role: 'resident' });
      assert.deepEqual(got, ['a:u1', 'b:resident', 'b:resident']);
      await bus.publish('hub.linked', { hubId: 'h', cell: 'c' });
    } finally {
      await bus.close();
    }
  });
}
