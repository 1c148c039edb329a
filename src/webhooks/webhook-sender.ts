/** What became of one HTTP POST to a webhook: the status it answered, or why there was none. */
export type WebhookResponse = { status: number } | { status: null; error: string };

/** POSTs a signed JSON body (the port the webhooks service sees). Never throws. */
export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse>;
}

/**
 * POST with fetch: a timeout, no redirects followed (a 3xx is a failure: the receiver must give its final URL),
 * and the response body read and dropped.
 */
export class FetchWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Porchlight-Webhooks/1', ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const reason =
        err.name === 'TimeoutError'
          ? `no answer within ${Math.round(this.timeoutMs / 1000)} s`
          : (err.cause?.code ?? err.message);
      return { status: null, error: String(reason).slice(0, 200) };
    }
  }
}
