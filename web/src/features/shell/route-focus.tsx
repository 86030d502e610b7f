import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After client-side navigation, move focus to the new page's main heading so screen-reader and
 * keyboard users start at the top of the new content (as a full page load would).
 */
export function RouteFocus() {
  const { pathname } = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      const active = document.activeElement;
      if (active && active !== document.body && document.querySelector('main')?.contains(active)) return;
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
    }, 50);
    return () => clearTimeout(timer);
  }, [pathname]);
  return null;
}
