/** A browser's push subscription: where to send and the keys to encrypt for (RFC 8030, RFC 8291). */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What became of one push message. `gone`: the push service says the subscription no longer exists. */
export type PushOutcome =
  | { delivered: true; status: number }
  | { delivered: false; gone: boolean; status: number | null; reason: string };

/** Sends encrypted Web Push messages, signed with the hub's VAPID key (the port the alerts service sees). */
export interface PushSender {
  /** The VAPID public key (uncompressed P-256 point, base64url) browsers subscribe with. */
  readonly publicKey: string;
  /** Encrypt `payload` for the target and deliver it; never throws, the outcome says what happened. */
  send(
    target: PushTarget,
    payload: string,
    options: { ttlSeconds: number; urgency: 'high' | 'normal'; topic: string | undefined },
  ): Promise<PushOutcome>;
}
