import type { LookupFunction } from 'node:net';
import { guardedLookup, guardedPost, type OutboundResponse } from '../shared/outbound-http.js';
import { webhookAddressProblem, type WebhookUrlRules } from './webhooks.policy.js';

/** What became of one HTTP POST to a webhook: the status it answered, or why there was none. */
export type WebhookResponse = OutboundResponse;

/** POSTs a signed JSON body (the port the webhooks service sees). Never throws. */
export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse>;
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
    this.lookup = guardedLookup((ip) => webhookAddressProblem(ip, rules));
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    return guardedPost(
      url,
      { 'content-type': 'application/json', 'user-agent': 'Porchlight-Webhooks/1', ...headers },
      Buffer.from(body, 'utf8'),
      { lookup: this.lookup, timeoutMs: this.timeoutMs },
    );
  }
}
