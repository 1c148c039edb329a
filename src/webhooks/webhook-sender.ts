import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { webhookAddressProblem, type WebhookUrlRules } from './webhooks.policy.js';

/** What became of one HTTP POST to a webhook: the status it answered, or why there was none. */
export type WebhookResponse = { status: number } | { status: null; error: string };

/** POSTs a signed JSON body (the port the webhooks service sees). Never throws. */
export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse>;
}

/** An error carrying a short code for the delivery's "last error". */
class RefusedAddress extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS';
}

/**
 * DNS resolution that lets through only addresses the rules allow: the check happens on the address the socket
 * actually connects to, so a name re-pointed at this machine or the cloud metadata address after the URL was
 * accepted (DNS rebinding) is refused at connection time. IP literals never reach a lookup; the URL check covers them.
 */
export function guardedLookup(rules: WebhookUrlRules): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      const allowed = list.filter((a) => webhookAddressProblem(a.address, rules) === null);
      if (allowed.length === 0) {
        const problem = list.length
          ? webhookAddressProblem(list[0]!.address, rules)!
          : `${hostname} has no address.`;
        return callback(new RefusedAddress(problem), '', 0);
      }
      if (options.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * POST over node:http(s): a timeout for the whole exchange, no redirects followed (a 3xx is a failure: the
 * receiver must give its final URL), the response body read and dropped, and every resolved address checked
 * against the webhook URL rules when connecting.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly lookup: LookupFunction;

  constructor(
    rules: WebhookUrlRules,
    private readonly timeoutMs = 10_000,
  ) {
    this.lookup = guardedLookup(rules);
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: WebhookResponse) => {
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
      const payload = Buffer.from(body, 'utf8');
      const req = client.request(
        target,
        {
          method: 'POST',
          lookup: this.lookup,
          headers: {
            'content-type': 'application/json',
            'content-length': String(payload.length),
            'user-agent': 'Porchlight-Webhooks/1',
            ...headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => done({ status: res.statusCode ?? 0 }));
          res.on('error', () => done({ status: res.statusCode ?? 0 }));
        },
      );
      const timer = setTimeout(() => {
        done({ status: null, error: `no answer within ${Math.round(this.timeoutMs / 1000)} s` });
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (e: Error & { code?: string }) =>
        done({
          status: null,
          error: String(e instanceof RefusedAddress ? e.message : (e.code ?? e.message)).slice(0, 200),
        }),
      );
      req.end(payload);
    });
  }
}
