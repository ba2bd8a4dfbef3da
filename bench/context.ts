// What every section of the benchmark shares: the browser, the servers, the options, and the
// list of parts that failed (a failed part is reported, and the run goes on).
import type { Browser, BrowserContextOptions } from '@playwright/test';
import type { Options, Profile } from './options';
import type { BenchPage } from './probes';
import { errorMessage, log } from './util';

export interface SectionError {
  section: string;
  message: string;
}

export class BenchContext {
  readonly p: Profile;
  readonly errors: SectionError[] = [];
  /** The data and responsiveness pages run with the defaults, on this backend. */
  readonly pageQuery: string;

  constructor(
    readonly browser: Browser,
    /** The app's preview server. */
    readonly base: string,
    /** The test pages' preview server (the peer page). */
    readonly pagesBase: string,
    readonly opts: Options,
  ) {
    this.p = opts.profile;
    this.pageQuery = opts.pageBackend === 'auto' ? '' : `?backend=${opts.pageBackend}`;
  }

  /**
   * A page in a context of its own; `initScript` (a function and its argument, or source text)
   * runs before any of the page's scripts; `device` replaces the desktop screen (a phone's).
   */
  async page<A = undefined>(
    initScript?: ((arg: A) => void) | string,
    arg?: A,
    device: BrowserContextOptions = { viewport: { width: 1280, height: 900 } },
  ): Promise<BenchPage> {
    const context = await this.browser.newContext(device);
    // tsx compiles this code with esbuild's keepNames, which wraps inner functions in calls to a
    // module helper `__name`. Page functions are sent to the page as source text, without the
    // helper, so the page gets one that does what it does for them: nothing.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    // Init-script arguments are plain JSON, so the page sees `arg` as it is.
    if (typeof initScript === 'string') await context.addInitScript({ content: initScript });
    else if (initScript) await context.addInitScript(initScript as (a: unknown) => void, arg);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return Object.assign(page, { pageErrors, closeAll: () => context.close() });
  }

  /** Runs one part; a failure is logged and recorded, and gives null. */
  async section<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
    const t0 = Date.now();
    try {
      const r = await fn();
      log(`  ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return r;
    } catch (err) {
      const message = errorMessage(err);
      this.errors.push({ section: name, message });
      log(`  ! ${name} failed: ${message}`);
      return null;
    }
  }
}
