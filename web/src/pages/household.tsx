import { useEffect, useRef, useState, type ReactNode } from 'react';
import { del, errorMessage, patch, post } from '../api.js';
import { CapabilityList, CapabilityPicker, capabilityLabel } from '../capabilities.js';
import {
  CopyField,
  ErrorMessage,
  Form,
  Loading,
  Notice,
  PageTitle,
  Submit,
  When,
  fromLocalInput,
  toLocalInput,
  useResource,
} from '../components.js';
import {
  ACTIONS_COLUMN,
  ActionButton,
  Confirm,
  Loaded,
  NumberField,
  RecordTable,
  Section,
  SubmitForm,
  TextField,
  useSubmit,
} from '../lib/forms.js';
import { Link, fragmentToken, useLocation } from '../router.js';
import { useSession } from '../session.js';
import type {
  Account,
  Capability,
  HouseholdDetail,
  HouseholdMember,
  HouseholdSummary,
  IssuedLink,
} from '../types.js';
import { DisplayNameField, MissingToken, NewPasswordField, SignInForm, useTokenDescription } from './auth.js';

/** The household area: my own household (or a form to create it) and the households I belong to. */
export function HouseholdPage() {
  const list = useResource<{ households: HouseholdSummary[] }>('/api/v1/households');
  const owned = list.data?.households.find((h) => h.isOwner);
  const memberOf = list.data?.households.filter((h) => !h.isOwner) ?? [];
  return (
    <>
      <PageTitle>Household</PageTitle>
      <Loaded resource={list} loading="Loading your households">
        {() =>
          owned ? (
            <>
              <OwnedHousehold id={owned.id} />
              <Memberships households={memberOf} onLeft={list.reload} />
            </>
          ) : (
            <>
              <Memberships households={memberOf} onLeft={list.reload} />
              <CreateHousehold onCreated={list.reload} />
            </>
          )
        }
      </Loaded>
    </>
  );
}

function Memberships({ households, onLeft }: { households: HouseholdSummary[]; onLeft: () => void }) {
  const { user } = useSession();
  const [leaving, setLeaving] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const leave = (h: HouseholdSummary) =>
    void run(async () => {
      await del(`/api/v1/households/${h.id}/members/${user!.id}`);
      setLeaving(null);
      setMessage(`You left ${h.name}.`);
      onLeft();
    });
  return (
    <Section id="memberships" title="Households you belong to">
      <ErrorMessage error={error} />
      {message && <Notice>{message}</Notice>}
      <RecordTable
        label="Households you belong to"
        empty="You are not a member of anyone else's household. When someone invites you, it appears here."
        head={['Household', 'What you may do', 'Access until', ACTIONS_COLUMN]}
        rows={households.map((h) => ({
          id: h.id,
          cells: [
            h.name,
            <CapabilityList ids={h.capabilities} />,
            h.accessExpiresAt ? <When iso={h.accessExpiresAt} /> : 'No end date',
            leaving === h.id ? (
              <Confirm
                question={`Leave ${h.name}?`}
                confirm="Yes, leave"
                busy={busy}
                onConfirm={() => leave(h)}
                onCancel={() => setLeaving(null)}
              />
            ) : (
              <ActionButton
                className="button button-quiet"
                what={h.name}
                onClick={() => {
                  setMessage(null);
                  setLeaving(h.id);
                }}
              >
                Leave
              </ActionButton>
            ),
          ],
        }))}
      />
    </Section>
  );
}

function CreateHousehold({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const state = useSubmit();
  const submit = () =>
    void state.run(async () => {
      await post('/api/v1/households', { name });
      onCreated();
    });
  return (
    <Section id="create-household" title="Create your household" className="narrow">
      <p>
        Your household is where your cameras, recordings and the people you share them with live. Everything
        stays on this hub unless you choose to share a clip.
      </p>
      <SubmitForm
        labelledBy="create-household"
        state={state}
        onValid={submit}
        submit="Create household"
        busyText="Creating…"
      >
        <TextField
          label="Household name"
          name="name"
          required
          maxLength={100}
          hint="For you and your members, for example “Our flat” or “12 Elm Street”. Neighbours never see it."
          value={name}
          onChange={setName}
        />
      </SubmitForm>
    </Section>
  );
}

function OwnedHousehold({ id }: { id: string }) {
  const detail = useResource<HouseholdDetail>(`/api/v1/households/${id}`);
  const h = detail.data;
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!h) return <Loading what="Loading your household" />;
  const update = (next: HouseholdDetail) => detail.setData(next);
  return (
    <>
      <section aria-labelledby="household-name">
        <h2 id="household-name">
          <span className="eyebrow">Your household</span> {h.name}
        </h2>
      </section>
      <LocationSection household={h} onSaved={update} />
      <CommunitySection household={h} onSaved={update} />
      <MembersSection household={h} onChanged={update} reload={detail.reload} />
      <InviteSection household={h} onInvited={detail.reload} />
      <InvitationsSection household={h} reload={detail.reload} />
    </>
  );
}

function LocationSection({
  household,
  onSaved,
}: {
  household: HouseholdDetail;
  onSaved: (h: HouseholdDetail) => void;
}) {
  const [latitude, setLatitude] = useState(household.location ? String(household.location.latitude) : '');
  const [longitude, setLongitude] = useState(household.location ? String(household.location.longitude) : '');
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();

  const save = (location: { latitude: number; longitude: number } | null) =>
    void run(async () => {
      setSaved(null);
      onSaved(await patch<HouseholdDetail>(`/api/v1/households/${household.id}`, { location }));
      if (!location) {
        setLatitude('');
        setLongitude('');
      }
      setSaved(location ? 'Location saved.' : 'Location removed.');
    });

  const useDevice = () => {
    setError(null);
    if (!('geolocation' in navigator))
      return setError('This browser cannot tell its position; type the numbers instead.');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLatitude(p.coords.latitude.toFixed(6));
        setLongitude(p.coords.longitude.toFixed(6));
      },
      () => setError('The position could not be read; type the numbers instead.'),
      { enableHighAccuracy: false, timeout: 10_000 },
    );
  };

  return (
    <Section id="location" title="Location" className="narrow">
      <p>
        The exact location stays on this hub. Only a coarse area (a map cell of a few square kilometres) is
        shared with the community, so that the public camera map can count cameras per area. Neighbours and
        agencies never see your address.
      </p>
      <Form
        onValid={() => save({ latitude: Number(latitude), longitude: Number(longitude) })}
        aria-labelledby="location"
      >
        <ErrorMessage error={error} />
        {saved && <Notice>{saved}</Notice>}
        <div className="field-row">
          <NumberField
            label="Latitude"
            name="latitude"
            inputMode="decimal"
            step="any"
            min={-90}
            max={90}
            required
            hint="−90 to 90, e.g. 51.5074"
            value={latitude}
            onChange={setLatitude}
          />
          <NumberField
            label="Longitude"
            name="longitude"
            inputMode="decimal"
            step="any"
            min={-180}
            max={180}
            required
            hint="−180 to 180, e.g. −0.1278"
            value={longitude}
            onChange={setLongitude}
          />
        </div>
        <div className="actions">
          <Submit busy={busy} busyText="Saving…">
            Save location
          </Submit>
          <button type="button" className="button" onClick={useDevice}>
            Use this device’s position
          </button>
          {household.location && (
            <button type="button" className="button button-quiet" onClick={() => save(null)} disabled={busy}>
              Remove location
            </button>
          )}
        </div>
      </Form>
    </Section>
  );
}

function CommunitySection({
  household,
  onSaved,
}: {
  household: HouseholdDetail;
  onSaved: (h: HouseholdDetail) => void;
}) {
  const [code, setCode] = useState('');
  const state = useSubmit();
  const submit = () =>
    void state.run(async () => {
      onSaved(
        await post<HouseholdDetail>(`/api/v1/households/${household.id}/community-link`, {
          code: code.trim(),
        }),
      );
    });
  return (
    <Section id="community" title="Community link" className="narrow">
      {household.community.linked ? (
        <p>
          <span className="badge badge-ok">Linked</span> This household is linked to the community server.
          {household.community.cell && (
            <>
              {' '}
              The only place it shares is the coarse area <code>{household.community.cell}</code>.
            </>
          )}
        </p>
      ) : (
        <>
          <p>
            <span className="badge">Not linked</span> Linking adds your household’s coarse area and camera
            count to the community’s public map, and lets you see footage requests. Nothing else leaves this
            hub.
            {!household.location && ' Set the location first.'}
          </p>
          <SubmitForm
            labelledBy="community"
            state={state}
            onValid={submit}
            submit="Link household"
            busyText="Linking…"
          >
            <TextField
              label="Link code"
              name="code"
              required
              autoComplete="off"
              hint="The one-time code the community server’s admin gave you."
              value={code}
              onChange={setCode}
            />
          </SubmitForm>
        </>
      )}
    </Section>
  );
}

function MembersSection({
  household,
  onChanged,
  reload,
}: {
  household: HouseholdDetail;
  onChanged: (h: HouseholdDetail) => void;
  reload: () => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // After an inline editor or confirmation closes, focus returns to the button that opened it.
  const [returnFocus, setReturnFocus] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    if (!returnFocus) return;
    document.getElementById(returnFocus)?.focus();
    setReturnFocus(null);
  }, [returnFocus]);

  const remove = (m: HouseholdMember) =>
    void run(async () => {
      await del(`/api/v1/households/${household.id}/members/${m.userId}`);
      setRemoving(null);
      setMessage(`${m.displayName} was removed.`);
      reload();
    });

  return (
    <Section id="members" title="Members">
      <ErrorMessage error={error} />
      {message && <Notice>{message}</Notice>}
      <RecordTable
        label="Members"
        empty="No one else has access yet. Invite someone below."
        head={['Member', 'What they may do', 'Access until', ACTIONS_COLUMN]}
        rows={household.members.map((m) => ({
          id: m.userId,
          span:
            editing === m.userId ? (
              <MemberEditor
                household={household}
                member={m}
                onDone={(next, note) => {
                  if (next) onChanged(next);
                  if (note) setMessage(note);
                  setEditing(null);
                  setReturnFocus(`edit-${m.userId}`);
                }}
              />
            ) : undefined,
          cells: [
            <>
              {m.displayName}
              <span className="sub">{m.email}</span>
            </>,
            <CapabilityList ids={m.capabilities} />,
            <>
              {m.expiresAt ? <When iso={m.expiresAt} /> : 'No end date'}
              {m.expired && <span className="badge badge-warn">Expired</span>}
            </>,
            removing === m.userId ? (
              <Confirm
                question={`Remove ${m.displayName}?`}
                confirm="Yes, remove"
                busy={busy}
                onConfirm={() => remove(m)}
                onCancel={() => {
                  setRemoving(null);
                  setReturnFocus(`remove-${m.userId}`);
                }}
              />
            ) : (
              <>
                <ActionButton
                  id={`edit-${m.userId}`}
                  what={`access of ${m.displayName}`}
                  onClick={() => {
                    setMessage(null);
                    setEditing(m.userId);
                  }}
                >
                  Edit
                </ActionButton>
                <ActionButton
                  id={`remove-${m.userId}`}
                  className="button button-quiet"
                  what={m.displayName}
                  onClick={() => {
                    setMessage(null);
                    setRemoving(m.userId);
                  }}
                >
                  Remove
                </ActionButton>
              </>
            ),
          ],
        }))}
      />
    </Section>
  );
}

function MemberEditor({
  household,
  member,
  onDone,
}: {
  household: HouseholdDetail;
  member: HouseholdMember;
  onDone: (next: HouseholdDetail | null, note?: string) => void;
}) {
  const [capabilities, setCapabilities] = useState<Capability[]>(member.capabilities as Capability[]);
  const [expires, setExpires] = useState(toLocalInput(member.expiresAt));
  const [capError, setCapError] = useState<string | undefined>(undefined);
  const { busy, error, run } = useSubmit();
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const save = () => {
    if (capabilities.length === 0) return setCapError('Choose at least one, or remove the member instead.');
    setCapError(undefined);
    void run(async () => {
      const next = await patch<HouseholdDetail>(
        `/api/v1/households/${household.id}/members/${member.userId}`,
        {
          capabilities,
          expiresAt: fromLocalInput(expires),
        },
      );
      onDone(next, `${member.displayName}’s access was updated.`);
    });
  };
  return (
    <Form onValid={save} aria-label={`Access of ${member.displayName}`} className="form inline-editor">
      <h3 ref={title} tabIndex={-1}>
        Access of {member.displayName}
      </h3>
      <ErrorMessage error={error} />
      <CapabilityPicker value={capabilities} onChange={setCapabilities} error={capError} />
      <TextField
        label="Access ends (optional)"
        name="expiresAt"
        type="datetime-local"
        hint="In your local time. Leave empty for no end date; the change takes effect at once."
        value={expires}
        onChange={setExpires}
      />
      <div className="actions">
        <Submit busy={busy} busyText="Saving…">
          Save access
        </Submit>
        <button type="button" className="button button-quiet" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </Form>
  );
}

function InviteSection({ household, onInvited }: { household: HouseholdDetail; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [capabilities, setCapabilities] = useState<Capability[]>(['view_live']);
  const [expires, setExpires] = useState('');
  const [capError, setCapError] = useState<string | undefined>(undefined);
  const [issued, setIssued] = useState<(IssuedLink & { email: string }) | null>(null);
  const state = useSubmit();

  const submit = () => {
    if (capabilities.length === 0) return setCapError('Choose at least one thing they may do.');
    setCapError(undefined);
    void state.run(async () => {
      const accessExpiresAt = fromLocalInput(expires);
      const link = await post<IssuedLink>(`/api/v1/households/${household.id}/invitations`, {
        email,
        capabilities,
        ...(accessExpiresAt ? { accessExpiresAt } : {}),
      });
      setIssued({ ...link, email });
      setEmail('');
      setExpires('');
      onInvited();
    });
  };

  return (
    <Section id="invite" title="Invite a member" className="narrow">
      <p>
        Members see only what you allow, and only until the end date you set. You can change or end their
        access at any time.
      </p>
      <SubmitForm
        labelledBy="invite"
        state={state}
        onValid={submit}
        submit="Create invitation link"
        busyText="Creating link…"
      >
        <TextField
          label="Their email"
          name="email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={setEmail}
        />
        <CapabilityPicker value={capabilities} onChange={setCapabilities} error={capError} />
        <TextField
          label="Access ends (optional)"
          name="accessExpiresAt"
          type="datetime-local"
          hint="In your local time. Leave empty for access until you remove them."
          value={expires}
          onChange={setExpires}
        />
      </SubmitForm>
      {issued && (
        <div className="issued" aria-live="polite">
          <Notice>Invitation for {issued.email} created.</Notice>
          <CopyField
            label="Invitation link"
            value={issued.url}
            hint={
              <>
                Send it to them privately: anyone with the link can accept it. It works once and expires{' '}
                <When iso={issued.expiresAt} />.
              </>
            }
          />
        </div>
      )}
    </Section>
  );
}

function InvitationsSection({ household, reload }: { household: HouseholdDetail; reload: () => void }) {
  const { busy, error, run } = useSubmit();
  const revoke = (id: string) =>
    void run(async () => {
      await del(`/api/v1/households/${household.id}/invitations/${id}`);
      reload();
    });
  return (
    <Section id="open-invitations" title="Open invitations">
      <ErrorMessage error={error} />
      <RecordTable
        label="Open invitations"
        empty="No invitations are waiting to be accepted."
        head={['Email', 'What they may do', 'Link expires', ACTIONS_COLUMN]}
        rows={household.invitations.map((i) => ({
          id: i.id,
          cells: [
            i.email,
            <>
              <CapabilityList ids={i.capabilities} />
              {i.accessExpiresAt && (
                <span className="sub">
                  Access until <When iso={i.accessExpiresAt} />
                </span>
              )}
            </>,
            <When iso={i.expiresAt} />,
            <ActionButton
              className="button button-quiet"
              what={`invitation for ${i.email}`}
              onClick={() => revoke(i.id)}
              disabled={busy}
            >
              Revoke
            </ActionButton>,
          ],
        }))}
      />
    </Section>
  );
}

interface HouseholdInvitationInfo {
  householdName: string;
  email: string;
  capabilities: string[];
  accessExpiresAt: string | null;
  accountExists: boolean;
}

/** Join a household from an invitation link: sign in, or create an account, then accept. */
export function JoinHouseholdPage() {
  const { hash } = useLocation();
  const token = fragmentToken(hash);
  const { user, setUser, signOut } = useSession();
  const { data: info, error: loadError } = useTokenDescription<HouseholdInvitationInfo>(
    '/api/v1/household-invitations/describe',
    token,
  );
  const [joined, setJoined] = useState(false);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const state = useSubmit();
  const { busy, error, setError, run } = state;

  const accept = (body: Record<string, string>) =>
    void run(async () => {
      const r = await post<{ householdId: string; user: Account }>('/api/v1/household-invitations/accept', {
        token,
        ...body,
      });
      setUser(r.user);
      setJoined(true);
    });

  let body: ReactNode;
  if (!token) body = <MissingToken />;
  else if (loadError) body = <ErrorMessage error={loadError} />;
  else if (!info) body = <Loading what="Reading the invitation" />;
  else if (joined)
    body = (
      <>
        <Notice>You joined {info.householdName}.</Notice>
        <p>
          <Link to="/household">See your households</Link>
        </p>
      </>
    );
  else {
    const sameEmail = user && user.email.toLowerCase() === info.email.toLowerCase();
    body = (
      <>
        <p>
          You are invited to join the household <strong>{info.householdName}</strong>.
        </p>
        <dl className="facts">
          <dt>Invitation for</dt>
          <dd>{info.email}</dd>
          <dt>You may</dt>
          <dd>
            {info.capabilities.length
              ? info.capabilities.map(capabilityLabel).join(', ')
              : 'Nothing yet (the owner can add access later)'}
          </dd>
          <dt>Access until</dt>
          <dd>
            {info.accessExpiresAt ? (
              <When iso={info.accessExpiresAt} />
            ) : (
              'No end date; the owner can end it at any time'
            )}
          </dd>
        </dl>
        {user && sameEmail ? (
          <>
            <ErrorMessage error={error} />
            <p>You are signed in as {user.displayName}.</p>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => accept({})}
            >
              {busy ? 'Joining…' : 'Join'}
            </button>
          </>
        ) : user ? (
          <>
            <ErrorMessage error={error} />
            <p>
              You are signed in as {user.email}, but this invitation is for {info.email}. Sign out, then open
              the link again to accept it as {info.email}.
            </p>
            <button
              type="button"
              className="button"
              onClick={() => signOut().catch((e: unknown) => setError(errorMessage(e)))}
            >
              Sign out
            </button>
          </>
        ) : info.accountExists ? (
          <section aria-labelledby="join-sign-in">
            <h2 id="join-sign-in">Sign in to accept</h2>
            <p>There is already an account for {info.email}. Sign in, then join.</p>
            <SignInForm email={info.email} onSignedIn={() => undefined} />
          </section>
        ) : (
          <section aria-labelledby="join-new">
            <h2 id="join-new">Create your account and join</h2>
            <p>
              Choose how you appear to the household and a password. You will be signed in as {info.email}.
            </p>
            <SubmitForm
              labelledBy="join-new"
              state={state}
              onValid={() => accept({ displayName, password })}
              submit="Create account and join"
              busyText="Joining…"
            >
              <DisplayNameField value={displayName} onChange={setDisplayName} />
              <NewPasswordField hint="At least 10 characters." value={password} onChange={setPassword} />
            </SubmitForm>
          </section>
        )}
      </>
    );
  }

  return (
    <div className="narrow">
      <PageTitle>Join a household</PageTitle>
      {body}
    </div>
  );
}
