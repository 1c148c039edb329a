// Requests this server sends to addresses users gave it (webhooks, Web Push endpoints): each resolved address
// is checked against the caller's network rules when the socket connects, a timeout bounds the whole exchange,
// no redirect is followed, and the answer's body is read and dropped.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** Why a resolved address may not be connected to, or null when it may. */
export type AddressRule = (ip: string) => string | null;

/** What became of one POST: the status it answered, or why there was none. Never a thrown error. */
export type OutboundResponse = { status: number } | { status: null; error: string };

/** An error carrying a short code for a delivery's "last error". */
class RefusedAddress extends Error {
  readonly code = 'ERR_ADDRESS_REFUSED';
}

/**
 * DNS resolution that lets through only addresses the rule allows: the check happens on the address the socket
 * actually connects to, so a name re-pointed at this machine or the cloud metadata address after the URL was
 * accepted (DNS rebinding) is refused at connection time. IP literals never reach a lookup; the URL check covers them.
 */
export function guardedLookup(rule: AddressRule): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const allowed = addresses.filter((a) => rule(a.address) === null);
      if (allowed.length === 0) {
        const problem = addresses.length ? rule(addresses[0]!.address)! : `${hostname} has no address.`;
        return callback(new RefusedAddress(problem), '', 0);
      }
      if (options.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/** POST a body over node:http(s) through a guarded lookup; resolves with the status or the reason for none. */
export function guardedPost(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  options: { lookup: LookupFunction; timeoutMs: number },
): Promise<OutboundResponse> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return done({ status: null, error: 'not a URL' });
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        lookup: options.lookup,
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
        res.on('error', () => done({ status: res.statusCode ?? 0 }));
      },
    );
    const timer = setTimeout(() => {
      done({ status: null, error: `no answer within ${Math.round(options.timeoutMs / 1000)} s` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (e: Error & { code?: string }) =>
      done({
        status: null,
        error: String(e instanceof RefusedAddress ? e.message : (e.code ?? e.message)).slice(0, 200),
      }),
    );
    req.end(body);
  });
}
