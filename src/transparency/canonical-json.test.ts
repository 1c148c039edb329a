import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CanonicalJsonError, canonicalBytes, canonicalize } from './canonical-json.js';

function rejects(value: unknown, path: string): void {
  assert.throws(
    () => canonicalize(value),
    (err: unknown) => {
      assert.ok(err instanceof CanonicalJsonError, `expected CanonicalJsonError, got ${String(err)}`);
      assert.equal(err.code, 'ERR_CANONICAL_JSON');
      assert.equal(err.path, path, err.message);
      return true;
    },
  );
}

function fromIeee754(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

// Rebuilds a JSON value with every object's keys inserted in a shuffled order.
function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => shuffleKeys(item, seed + i));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = (seed * 31 + i * 17) % (i + 1);
    [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
  }
  return Object.fromEntries(entries.map(([k, v], i) => [k, shuffleKeys(v, seed + i + 1)]));
}

describe('RFC 8785 examples', () => {
  test('canonicalizes the §3.2.2 sample: sorted keys, shortest numbers, minimal escapes', () => {
    const input = `{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
      "literals": [null, true, false]
    }`;
    assert.equal(
      canonicalize(JSON.parse(input)),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  test('sorts the §3.2.3 keys by UTF-16 code units, so an emoji sorts before U+FB33', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    assert.equal(
      canonicalize(input),
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  test('serializes the Appendix B numbers exactly', () => {
    const samples: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, expected] of samples) assert.equal(canonicalize(fromIeee754(bits)), expected, bits);
    rejects(fromIeee754('7fffffffffffffff'), '$');
    rejects(fromIeee754('7ff0000000000000'), '$');
  });
});

describe('canonical form', () => {
  test('orders integer-like keys as strings, not the way JavaScript objects enumerate them', () => {
    assert.equal(
      canonicalize({ 10: 'a', 2: 'b', 1: 'c', b: 'd', a: 'e' }),
      '{"1":"c","10":"a","2":"b","a":"e","b":"d"}',
    );
  });

  test('escapes exactly the control characters, quote and backslash', () => {
    const controls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
    assert.equal(
      canonicalize(controls),
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"',
    );
    assert.equal(canonicalize('"\\/\u007f\u2028\u2029é😀'), '"\\"\\\\/\u007f\u2028\u2029é😀"');
  });

  test('writes nested structures without whitespace', () => {
    assert.equal(
      canonicalize({ b: [1, { d: null, c: true }], a: {} }),
      '{"a":{},"b":[1,{"c":true,"d":null}]}',
    );
    assert.equal(canonicalize([]), '[]');
    assert.equal(canonicalize(''), '""');
  });

  test('accepts null-prototype objects and values shared between branches', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { z: 1, y: 2 });
    const shared = { x: 1 };
    assert.equal(
      canonicalize({ bare, p: shared, q: [shared] }),
      '{"bare":{"y":2,"z":1},"p":{"x":1},"q":[{"x":1}]}',
    );
  });

  test('encodes the canonical text as UTF-8', () => {
    assert.deepEqual([...canonicalBytes({ é: '€' })], [...Buffer.from('{"é":"€"}', 'utf8')]);
  });

  test('keeps an own "__proto__" key from parsed JSON as data', () => {
    assert.equal(canonicalize(JSON.parse('{"__proto__":1,"a":2}')), '{"__proto__":1,"a":2}');
  });
});

describe('values with no canonical form', () => {
  test('rejects non-finite numbers', () => {
    rejects(Number.NaN, '$');
    rejects({ a: [1, Number.POSITIVE_INFINITY] }, '$.a[1]');
    rejects({ 'odd key': Number.NEGATIVE_INFINITY }, '$["odd key"]');
  });

  test('rejects undefined, functions, bigints and symbols wherever they appear', () => {
    rejects(undefined, '$');
    rejects({ a: undefined }, '$.a');
    rejects([undefined], '$[0]');
    rejects({ f: () => 1 }, '$.f');
    rejects({ n: 1n }, '$.n');
    rejects([Symbol('s')], '$[0]');
  });

  test('rejects objects that are not plain data', () => {
    rejects(new Date(0), '$');
    rejects({ m: new Map() }, '$.m');
    rejects(new Set([1]), '$');
    rejects(new Uint8Array(2), '$');
    rejects(Object('boxed'), '$');
    rejects(
      new (class Point {
        x = 1;
      })(),
      '$',
    );
    class List extends Array<number> {}
    rejects(List.from([1]), '$');
    rejects({ [Symbol('k')]: 1 }, '$');
  });

  test('rejects array holes, cycles and lone surrogates', () => {
    const holey = new Array<number>(3);
    holey[0] = 1;
    holey[2] = 3;
    rejects(holey, '$[1]');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { again: cyclic };
    rejects(cyclic, '$.self.again');
    rejects('\ud800', '$');
    rejects({ '\udc00': 1 }, '$["\\udc00"]');
    rejects(['ok', 'x\ude00'], '$[1]');
  });
});

describe('properties', () => {
  const json = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });

  test('canonicalizing the parsed canonical form gives the same text', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalize(value);
        assert.equal(canonicalize(JSON.parse(text)), text);
      }),
    );
  });

  test('the canonical text parses back to the same value', () => {
    fc.assert(
      fc.property(json, (value) => {
        // JSON itself cannot tell -0 from 0; RFC 8785 writes both as 0.
        assert.deepEqual(JSON.parse(canonicalize(value)), JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  test('key insertion order does not change the canonical text', () => {
    fc.assert(
      fc.property(json, fc.nat(), (value, seed) => {
        assert.equal(canonicalize(shuffleKeys(value, seed)), canonicalize(value));
      }),
    );
  });

  test('agrees with JSON.stringify on values without objects, where key order cannot differ', () => {
    const flat = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null))),
    );
    fc.assert(
      fc.property(flat, (value) => {
        assert.equal(canonicalize(value), JSON.stringify(value));
      }),
    );
  });
});
