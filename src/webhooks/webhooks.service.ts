import type { AccountView } from '../accounts/accounts.service.js';
import { cameraPageUrl } from '../alerts/alert-links.js';
import type { Alert, AlertSink } from '../alerts/alerts.service.js';
import { mayView, type Standing } from '../households/households.policy.js';
import type { Clock } from '../ports/clock.js';
import { AppError } from '../shared/errors.js';
import type { SecretBox } from '../shared/secret-box.js';
import { newId } from '../shared/tokens.js';
import type { WebhookSender } from './webhook-sender.js';
import {
  DEFAULT_RETRY_DELAYS_MS,
  delivered,
  newWebhookSecret,
  nextAttemptDelay,
  signWebhook,
  webhookUrlProblem,
  type WebhookUrlRules,
} from './webhooks.policy.js';
import type { DeliveryRow, WebhookRow, WebhooksRepository } from './webhooks.repository.js';

/** A webhook as the API shows it (never its secret). */
export interface WebhookView {
  id: string;
  householdId: string;
  url: string;
  description: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  /** `ok` when the last attempt was delivered, `failing` when it was not, `unused` before the first. */
  health: 'ok' | 'failing' | 'unused';
}

/** A delivery as the API shows it. */
export interface DeliveryView {
  id: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Options from configuration. */
export interface WebhooksOptions extends WebhookUrlRules {
  /** Delay before each retry; its length is the number of retries (so attempts = length + 1). */
  retryDelaysMs: readonly number[];
  /** Absolute URL the web app is reached at, to turn alert paths into links; undefined: paths only. */
  publicUrl: string | undefined;
  onError: (error: unknown, what: string) => void;
}

/** At most this many webhooks per household. */
export const MAX_WEBHOOKS_PER_HOUSEHOLD = 10;
/** Finished deliveries are kept this long for the status page. */
const KEEP_FINISHED_MS = 7 * 24 * 3600_000;
const BATCH = 20;

/** Input for a webhook. */
export interface WebhookInput {
  url?: string | undefined;
  description?: string | undefined;
  enabled?: boolean | undefined;
}

/**
 * Webhooks (A5): a household's owner registers URLs; each alert of the household's cameras that passes the alert
 * rules is POSTed to them as JSON signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`), and retried with exponential backoff. Deliveries are stored before the first attempt, so
 * retries survive a restart. The body carries the alert and links to its picture in the web app (which needs a
 * session); never the picture's bytes or any footage.
 */
export class WebhooksService implements AlertSink {
  readonly name = 'webhooks';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly households: {
      standingOf(userId: string, householdId: string): Promise<Standing | undefined>;
    },
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly sender: WebhookSender,
    private readonly options: WebhooksOptions,
  ) {}

  private iso(offsetMs = 0): string {
    return new Date(this.clock.now() + offsetMs).toISOString();
  }

  /** Resume deliveries left pending by the last run. */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Stop the worker, waiting for the attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Resolves when no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Only the household's owner manages its webhooks: members get 403, everyone else 404. */
  private async mustOwn(user: AccountView, householdId: string): Promise<void> {
    const s = await this.households.standingOf(user.id, householdId);
    if (!mayView(s, this.clock.now())) throw new AppError('ERR_NOT_FOUND');
    if (!s!.isOwner) throw new AppError('ERR_FORBIDDEN', "Only the household's owner manages its webhooks.");
  }

  private checkUrl(url: string): string {
    const problem = webhookUrlProblem(url, this.options);
    if (problem) throw new AppError('ERR_WEBHOOK_URL', problem);
    return url;
  }

  async list(user: AccountView, householdId: string): Promise<WebhookView[]> {
    await this.mustOwn(user, householdId);
    return (await this.repo.listByHousehold(householdId)).map(present);
  }

  /** Register a webhook; its signing secret is in the answer and never again. */
  async create(
    user: AccountView,
    householdId: string,
    input: WebhookInput,
  ): Promise<{ webhook: WebhookView; secret: string }> {
    await this.mustOwn(user, householdId);
    if (!input.url) throw new AppError('ERR_VALIDATION', 'A webhook needs a URL.');
    const url = this.checkUrl(input.url);
    if ((await this.repo.countOf(householdId)) >= MAX_WEBHOOKS_PER_HOUSEHOLD)
      throw new AppError(
        'ERR_CONFLICT',
        `A household may have at most ${MAX_WEBHOOKS_PER_HOUSEHOLD} webhooks.`,
      );
    const secret = newWebhookSecret();
    const now = this.iso();
    const row: WebhookRow = {
      id: newId(),
      household_id: householdId,
      url,
      description: input.description?.trim() ?? '',
      secret_sealed: this.secrets.seal(secret),
      enabled: input.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
      last_attempt_at: null,
      last_success_at: null,
      last_status: null,
      last_error: null,
    };
    await this.repo.insert(row);
    return { webhook: present(row), secret };
  }

  async update(
    user: AccountView,
    householdId: string,
    id: string,
    input: WebhookInput,
  ): Promise<WebhookView> {
    await this.mustOwn(user, householdId);
    if (!(await this.repo.find(householdId, id))) throw new AppError('ERR_NOT_FOUND');
    const patch: Partial<WebhookRow> = { updated_at: this.iso() };
    if (input.url !== undefined) patch.url = this.checkUrl(input.url);
    if (input.description !== undefined) patch.description = input.description.trim();
    if (input.enabled !== undefined) patch.enabled = input.enabled ? 1 : 0;
    await this.repo.update(id, patch);
    return present((await this.repo.find(householdId, id))!);
  }

  async remove(user: AccountView, householdId: string, id: string): Promise<void> {
    await this.mustOwn(user, householdId);
    if (!(await this.repo.delete(householdId, id))) throw new AppError('ERR_NOT_FOUND');
  }

  /** A new signing secret (the old one stops working at once); shown this once. */
  async rotateSecret(user: AccountView, householdId: string, id: string): Promise<{ secret: string }> {
    await this.mustOwn(user, householdId);
    if (!(await this.repo.find(householdId, id))) throw new AppError('ERR_NOT_FOUND');
    const secret = newWebhookSecret();
    await this.repo.update(id, { secret_sealed: this.secrets.seal(secret), updated_at: this.iso() });
    return { secret };
  }

  /** Queue a `webhook.test` message to one webhook, to check the receiver and its signature check. */
  async test(user: AccountView, householdId: string, id: string): Promise<{ deliveryId: string }> {
    await this.mustOwn(user, householdId);
    const hook = await this.repo.find(householdId, id);
    if (!hook) throw new AppError('ERR_NOT_FOUND');
    const deliveryId = newId();
    const now = this.iso();
    await this.repo.insertDeliveries([
      this.delivery(deliveryId, hook.id, 'webhook.test', { webhookId: hook.id, householdId }, now),
    ]);
    this.kick();
    return { deliveryId };
  }

  /** A webhook's latest deliveries. */
  async deliveries(
    user: AccountView,
    householdId: string,
    id: string,
    limit: number,
  ): Promise<DeliveryView[]> {
    await this.mustOwn(user, householdId);
    if (!(await this.repo.find(householdId, id))) throw new AppError('ERR_NOT_FOUND');
    return (await this.repo.recentDeliveries(id, limit)).map(presentDelivery);
  }

  /** An alert passed the rules: queue it for each enabled webhook of the camera's household, and only those. */
  async deliver(alert: Alert): Promise<void> {
    const hooks = await this.repo.enabledOf(alert.householdId);
    if (!hooks.length) return;
    const now = this.iso();
    const base = this.options.publicUrl;
    const data = {
      ...alert,
      links: base
        ? {
            snapshot: `${base}${alert.snapshotUrl}`,
            camera: `${base}${cameraPageUrl(alert.cameraId, alert.eventId)}`,
          }
        : null,
    };
    await this.repo.insertDeliveries(
      hooks.map((h) => this.delivery(newId(), h.id, `alert.${alert.kind}`, data, now, alert.at)),
    );
    this.kick();
  }

  private delivery(
    id: string,
    webhookId: string,
    type: string,
    data: unknown,
    nowIso: string,
    timestamp = nowIso,
  ): DeliveryRow {
    return {
      id,
      webhook_id: webhookId,
      event_type: type,
      // Standard Webhooks' recommended shape: the type, when it happened, and the event's data.
      payload: JSON.stringify({ type, timestamp, data }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: nowIso,
      last_status: null,
      last_error: null,
      created_at: nowIso,
      finished_at: null,
    };
  }

  /** Run a delivery pass now (or right after the one running). */
  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.pass()
      .catch((e: unknown) => this.options.onError(e, 'delivering webhooks'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else void this.schedule();
      });
  }

  /** Sleep until the next pending delivery is due (at most a minute, so a changed clock is noticed). */
  private async schedule(): Promise<void> {
    if (this.stopped) return;
    try {
      const next = await this.repo.nextDue();
      if (next === undefined || this.stopped || this.running) return;
      const wait = Math.min(60_000, Math.max(0, Date.parse(next) - this.clock.now()));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, wait);
      this.timer.unref();
    } catch (e) {
      this.options.onError(e, 'scheduling webhook retries');
    }
  }

  private async pass(): Promise<void> {
    for (;;) {
      const due = await this.repo.due(this.iso(), BATCH);
      if (!due.length) break;
      await Promise.all(due.map((d) => this.attempt(d)));
      if (this.stopped) return;
    }
    await this.repo.purgeFinished(this.iso(-KEEP_FINISHED_MS));
  }

  private async attempt(
    d: DeliveryRow & { url: string; secret_sealed: string; enabled: number },
  ): Promise<void> {
    const nowMs = this.clock.now();
    const now = new Date(nowMs).toISOString();
    const attempts = d.attempts + 1;
    if (!d.enabled) {
      await this.repo.recordAttempt(
        {
          id: d.id,
          webhook_id: d.webhook_id,
          status: 'failed',
          finished_at: now,
          last_error: 'webhook disabled',
        },
        {},
      );
      return;
    }
    const timestamp = Math.floor(nowMs / 1000);
    const secret = this.secrets.open(d.secret_sealed);
    const res = await this.sender.post(
      d.url,
      {
        'webhook-id': d.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, d.id, timestamp, d.payload),
      },
      d.payload,
    );
    const done = new Date(this.clock.now()).toISOString();
    if (res.status !== null && delivered(res.status)) {
      await this.repo.recordAttempt(
        {
          id: d.id,
          webhook_id: d.webhook_id,
          status: 'delivered',
          attempts,
          next_attempt_at: null,
          last_status: res.status,
          last_error: null,
          finished_at: done,
        },
        { last_attempt_at: done, last_success_at: done, last_status: res.status, last_error: null },
      );
      return;
    }
    const error = res.status === null ? res.error : `answered HTTP ${res.status}`;
    const wait = nextAttemptDelay(attempts, this.options.retryDelaysMs);
    await this.repo.recordAttempt(
      {
        id: d.id,
        webhook_id: d.webhook_id,
        status: wait === null ? 'failed' : 'pending',
        attempts,
        next_attempt_at: wait === null ? null : new Date(this.clock.now() + wait).toISOString(),
        last_status: res.status,
        last_error: error,
        finished_at: wait === null ? done : null,
      },
      { last_attempt_at: done, last_status: res.status, last_error: error },
    );
  }
}

/** Default options' retry schedule. */
export const DEFAULT_WEBHOOK_RETRIES = DEFAULT_RETRY_DELAYS_MS;

function present(r: WebhookRow): WebhookView {
  return {
    id: r.id,
    householdId: r.household_id,
    url: r.url,
    description: r.description,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastAttemptAt: r.last_attempt_at,
    lastSuccessAt: r.last_success_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    health: r.last_attempt_at === null ? 'unused' : r.last_error === null ? 'ok' : 'failing',
  };
}

function presentDelivery(r: DeliveryRow): DeliveryView {
  return {
    id: r.id,
    eventType: r.event_type,
    status: r.status === 'delivered' ? 'delivered' : r.status === 'failed' ? 'failed' : 'pending',
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
