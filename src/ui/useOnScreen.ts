import { useCallback, useEffect, useState, type RefCallback } from 'react';

/**
 * Whether the element is on screen or near it (within `margin`), for a panel that need not
 * redraw while nobody can see it. True until the browser has said otherwise, and where there is
 * no IntersectionObserver.
 */
export function useOnScreen<T extends Element>(margin = '200px'): [RefCallback<T>, boolean] {
  const [element, setElement] = useState<T | null>(null);
  const [onScreen, setOnScreen] = useState(true);
  const ref = useCallback((el: T | null) => setElement(el), []);
  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) setOnScreen(last.isIntersecting);
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, margin]);
  return [ref, onScreen];
}

/**
 * `value` while `live`, else the value it had when last live: a panel off screen keeps the
 * picture it last drew, and catches up as it comes back into view. A new `key` (another model)
 * passes through at once, so a held panel never shows a model that is gone.
 */
export function useHeld<T>(value: T, live: boolean, key?: string): T {
  const [held, setHeld] = useState({ value, key });
  const pass = live || held.key !== key;
  if (pass && held.value !== value) setHeld({ value, key });
  return pass ? value : held.value;
}
