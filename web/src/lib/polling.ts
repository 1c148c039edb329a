import { useEffect } from 'react';

/** Run `tick` every `ms` while the tab is visible, and once as soon as it becomes visible again. */
export function useWhileVisible(tick: () => void, ms: number): void {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      clearInterval(timer);
      if (!document.hidden) timer = setInterval(tick, ms);
    };
    const onVisibility = () => {
      if (!document.hidden) tick();
      start();
    };
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [tick, ms]);
}
