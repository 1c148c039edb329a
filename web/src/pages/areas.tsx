import { ErrorMessage, Loading, PageTitle, TableScroll, useResource } from '../components.js';
import { Link } from '../router.js';
import { AGENCY_ROLES, HOUSEHOLD_ROLES, OVERSIGHT_ROLES, ROLE_LABELS, useSession } from '../session.js';

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

interface CameraMap {
  k: number;
  suppressedCells: number;
  cells: { cell: string; cameras: number; accepting: number }[];
}

/** The public transparency page: needs no account. */
export function PublicPage() {
  const map = useResource<CameraMap>('/api/v1/public/camera-map');
  return (
    <>
      <PageTitle>Public record</PageTitle>
      <p className="lead">
        Anyone can see what agencies do on this Porchlight server, without an account. The dashboard of
        requests, policies, disclosures and subsidies, open data and the log verifier arrive in a later
        release.
      </p>
      <section aria-labelledby="camera-map">
        <h2 id="camera-map">Camera map</h2>
        <ErrorMessage error={map.error} />
        {map.loading && <Loading what="Loading the camera map" />}
        {map.data && (
          <>
            <p>
              Cameras are counted per coarse area (a map cell of a few square kilometres). Agencies see
              exactly this, and no more. Areas with fewer than {map.data.k} cameras are left out so no
              household can be singled out
              {map.data.suppressedCells > 0
                ? `; ${map.data.suppressedCells} ${map.data.suppressedCells === 1 ? 'area is' : 'areas are'} left out for that reason.`
                : '.'}
            </p>
            {map.data.cells.length === 0 ? (
              <p>No area has {map.data.k} or more cameras yet.</p>
            ) : (
              <TableScroll label="Camera counts per area">
                <table>
                  <caption>Cameras per area (areas with at least {map.data.k} cameras)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Area (cell)</th>
                      <th scope="col" className="num">
                        Cameras
                      </th>
                      <th scope="col" className="num">
                        Accepting requests
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {map.data.cells.map((c) => (
                      <tr key={c.cell}>
                        <th scope="row">
                          <code>{c.cell}</code>
                        </th>
                        <td className="num">{c.cameras}</td>
                        <td className="num">{c.accepting}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </>
        )}
      </section>
    </>
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
