import { useState } from 'react';
import { del, patch, post } from '../api.js';
import { CopyField, ErrorMessage, Loading, Notice, useAction, useResource, When } from '../components.js';
import { ACTIONS_COLUMN, ActionButton, RecordTable, Section, SubmitForm, TextField } from '../lib/forms.js';

/** A webhook as the API shows it (never its secret). */
interface Webhook {
  id: string;
  url: string;
  description: string;
  enabled: boolean;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  health: 'ok' | 'failing' | 'unused';
}

interface HouseholdEntry {
  id: string;
  name: string;
  isOwner: boolean;
}

function Health({ hook }: { hook: Webhook }) {
  if (!hook.enabled) return <span className="badge">Off</span>;
  if (hook.health === 'unused') return <span className="badge">Not used yet</span>;
  if (hook.health === 'ok')
    return (
      <>
        <span className="badge badge-ok">Delivered</span>{' '}
        <When iso={hook.lastSuccessAt ?? hook.lastAttemptAt!} />
      </>
    );
  return (
    <>
      <span className="badge badge-warn">Failing</span> {hook.lastError}
      {hook.lastAttemptAt && (
        <>
          {' '}
          (<When iso={hook.lastAttemptAt} />)
        </>
      )}
    </>
  );
}

function HouseholdWebhooks({ household }: { household: HouseholdEntry }) {
  const base = `/api/v1/households/${household.id}/webhooks`;
  const hooks = useResource<{ webhooks: Webhook[] }>(base);
  const { busy, error, run } = useAction();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const act = (what: () => Promise<void>) =>
    void run(async () => {
      setDone(null);
      await what();
      hooks.reload();
    });

  return (
    <div>
      <h3>{household.name}</h3>
      <ErrorMessage error={error ?? hooks.error} />
      {done && <Notice>{done}</Notice>}
      {secret && (
        <CopyField
          label={`Signing secret for ${secret.url}`}
          value={secret.secret}
          hint="Shown only now. Give it to the receiver so it can check the webhook-signature header (Standard Webhooks)."
        />
      )}
      {!hooks.data ? (
        !hooks.error && <Loading what="Loading webhooks" />
      ) : (
        <RecordTable
          caption={`Webhooks of ${household.name}`}
          captionClassName="visually-hidden"
          empty="No webhooks yet."
          head={[{ label: 'URL', cellStyle: { wordBreak: 'break-all' } }, 'Last delivery', ACTIONS_COLUMN]}
          rows={hooks.data.webhooks.map((h) => ({
            id: h.id,
            cells: [
              <>
                {h.description && (
                  <>
                    {h.description}
                    <br />
                  </>
                )}
                <code>{h.url}</code>
              </>,
              <Health hook={h} />,
              <>
                <ActionButton
                  what={`to ${h.url}`}
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      await post(`${base}/${h.id}/test`);
                      setDone(`A test message is on its way to ${h.url}.`);
                    })
                  }
                >
                  Send test
                </ActionButton>
                <ActionButton
                  what={h.url}
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      await patch(`${base}/${h.id}`, { enabled: !h.enabled });
                      setDone(h.enabled ? `${h.url} is off.` : `${h.url} is on.`);
                    })
                  }
                >
                  {h.enabled ? 'Turn off' : 'Turn on'}
                </ActionButton>
                <ActionButton
                  what={`for ${h.url}`}
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      const r = await post<{ secret: string }>(`${base}/${h.id}/secret`);
                      setSecret({ url: h.url, secret: r.secret });
                    })
                  }
                >
                  New secret
                </ActionButton>
                <ActionButton
                  what={h.url}
                  disabled={busy}
                  onClick={() => {
                    if (!window.confirm(`Remove the webhook ${h.url}?`)) return;
                    act(async () => {
                      await del(`${base}/${h.id}`);
                      setDone(`Removed ${h.url}.`);
                    });
                  }}
                >
                  Remove
                </ActionButton>
              </>,
            ],
          }))}
        />
      )}
      {/* Errors show above, for the list and the form alike. */}
      <SubmitForm
        label={`Add a webhook to ${household.name}`}
        state={{ pending: busy, error: null, fieldErrors: {} }}
        onValid={() =>
          act(async () => {
            const r = await post<{ webhook: Webhook; secret: string }>(base, {
              url: url.trim(),
              ...(description.trim() ? { description: description.trim() } : {}),
            });
            setSecret({ url: r.webhook.url, secret: r.secret });
            setUrl('');
            setDescription('');
          })
        }
        submit="Add webhook"
      >
        <TextField
          label="Webhook URL"
          name="url"
          type="url"
          required
          maxLength={2048}
          pattern="https?://\S+"
          title="Enter an http:// or https:// address."
          hint="For example Home Assistant’s http://homeassistant.local:8123/api/webhook/<id> or a Node-RED endpoint."
          value={url}
          onChange={setUrl}
        />
        <TextField
          label="Description (optional)"
          name="description"
          maxLength={200}
          value={description}
          onChange={setDescription}
        />
      </SubmitForm>
    </div>
  );
}

/**
 * Webhooks (A5) of the households the user owns: each alert that passes the alert rules is POSTed as signed JSON
 * (Standard Webhooks), retried when the receiver fails; the last outcome is shown per webhook.
 */
export function Webhooks() {
  const households = useResource<{ households: HouseholdEntry[] }>('/api/v1/households');
  const owned = households.data?.households.filter((h) => h.isOwner) ?? [];
  if (households.error || !households.data || owned.length === 0) return null;
  return (
    <Section id="webhooks" title="Webhooks">
      <p className="hint">
        Each alert of your household’s cameras — rings always, motion as the alert rules allow — is sent as
        JSON to these addresses, signed with the webhook’s secret. The message links to the snapshot in
        Porchlight; it never carries pictures or footage. Failed deliveries are retried for about two hours.
      </p>
      {owned.map((h) => (
        <HouseholdWebhooks key={h.id} household={h} />
      ))}
    </Section>
  );
}
