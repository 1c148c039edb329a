import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** A tiny router over the History API: the path decides the page, the fragment carries link secrets. */

const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
window.addEventListener('popstate', () => {
  document.body.dataset.navigated = 'yes';
  emit();
});
window.addEventListener('hashchange', emit);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => window.location.pathname + window.location.search + window.location.hash;

/** The current location; re-renders on navigation. */
export function useLocation(): { pathname: string; hash: string } {
  useSyncExternalStore(subscribe, snapshot);
  return { pathname: window.location.pathname, hash: window.location.hash };
}

/** Go to an in-app path. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  // Tells the next page's title to take focus, so a screen reader announces the page change.
  document.body.dataset.navigated = 'yes';
  emit();
}

/** The token a link carries in its fragment (never sent to the server by the browser). */
export function fragmentToken(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '')).trim();
}

/** An in-app link: a real anchor (open in new tab works), navigating without a reload on a plain click. */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
