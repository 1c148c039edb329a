import { PageTitle } from '../components.js';
import { Link } from '../router.js';
import { AGENCY_ROLES, HOUSEHOLD_ROLES, OVERSIGHT_ROLES, ROLE_LABELS, useSession } from '../session.js';

/** The public transparency pages: the dashboard, registries, annual report and log explorer (no account). */
export { PublicPage } from './public.js';

/** The start page: a short dashboard for the signed-in account, or a welcome for visitors. */
export function HomePage() {
  const { user, setup } = useSession();
  if (!user)
    return (
      <div className="narrow">
        <PageTitle title="Welcome">Your doorbell, your neighbours, your rules</PageTitle>
        <p className="lead">
          Porchlight records at your front door and keeps the footage at home. Neighbours talk in a shared
          feed. Agencies can ask for footage only under rules the community voted for, and every request is
          written to a public, verifiable log.
        </p>
        <div className="actions">
          <Link to="/sign-in" className="button button-primary">
            Sign in
          </Link>
          {setup.signupMode === 'open' && (
            <Link to="/sign-up" className="button">
              Create an account
            </Link>
          )}
          <Link to="/public" className="button button-quiet">
            See the public record
          </Link>
        </div>
      </div>
    );
  return (
    <>
      <PageTitle title="Home">Hello, {user.displayName}</PageTitle>
      <p className="muted">
        Signed in as {ROLE_LABELS[user.role]}
        {user.organisation ? `, ${user.organisation}` : ''}.
      </p>
      <div className="cards">
        {HOUSEHOLD_ROLES.includes(user.role) && (
          <section className="card" aria-labelledby="home-cameras">
            <h2 id="home-cameras">Cameras</h2>
            <p>
              Cameras arrive in the doorbell release: live view, motion alerts and the recordings timeline
              will appear here.
            </p>
            <p>
              <Link to="/household">Set up your household and invite members</Link>
            </p>
          </section>
        )}
        {AGENCY_ROLES.includes(user.role) && (
          <section className="card" aria-labelledby="home-agency">
            <h2 id="home-agency">Agency</h2>
            <p>
              Footage requests and the evidence locker arrive in a later release.{' '}
              <Link to="/agency">About the agency area</Link>
            </p>
          </section>
        )}
        {OVERSIGHT_ROLES.includes(user.role) && (
          <section className="card" aria-labelledby="home-oversight">
            <h2 id="home-oversight">Oversight</h2>
            <p>
              Use policies, votes and disclosure reviews arrive in a later release.{' '}
              <Link to="/oversight">About oversight</Link>
            </p>
          </section>
        )}
        <section className="card" aria-labelledby="home-public">
          <h2 id="home-public">Public record</h2>
          <p>
            Everything agencies do here is public.{' '}
            <Link to="/public">See the camera map and transparency record</Link>
          </p>
        </section>
      </div>
    </>
  );
}

/** The neighbours' feed (placeholder). */
export function NeighboursPage() {
  return (
    <div className="narrow">
      <PageTitle>Neighbours</PageTitle>
      <p>
        The neighbours’ feed arrives in a later release: posts by category with a coarse area, comments, a
        contact relay that hides your email and phone, and moderation with a public log.
      </p>
      <p>
        Posts about a “suspicious” person will have to describe behaviour, not race, and agency posts will
        always be labelled as such.
      </p>
    </div>
  );
}

/** The agency area (placeholder). */
export function AgencyPage() {
  const { user } = useSession();
  return (
    <div className="narrow">
      <PageTitle>Agency</PageTitle>
      <p>
        {user?.organisation ? `${user.organisation}: ` : ''}footage requests and the evidence locker arrive in
        a later release.
      </p>
      <p>
        Requests will be possible only under the community’s active, approved use policy. You will learn how
        many cameras a request reached (above the public threshold), never who was asked or who declined.
        Every request is written to the public log before it takes effect.
      </p>
    </div>
  );
}

/** The oversight area (placeholder). */
export function OversightPage() {
  return (
    <div className="narrow">
      <PageTitle>Oversight</PageTitle>
      <p>
        Use policies (drafts, public comment, votes, amendments and sunsets), emergency disclosure reviews and
        the annual surveillance report arrive in a later release.
      </p>
    </div>
  );
}

/** No page at this address. */
export function NotFoundPage() {
  return (
    <div className="narrow">
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no page at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </div>
  );
}
