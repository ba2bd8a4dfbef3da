// Builds the app and the benchmark's peer page, and serves each with its own `vite preview`.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { PAGES_OUT_DIR } from '../vite.pages.config';
import { log, ROOT, sleep } from './util';

const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const PAGES_CONFIG = join(ROOT, 'vite.pages.config.ts');

/** The two builds: the app (dist/) and the pages that are not part of it (dist-pages/). */
export const BUILDS = {
  app: { outDir: join(ROOT, 'dist'), page: 'index.html', configArgs: [] as string[] },
  pages: {
    outDir: join(ROOT, PAGES_OUT_DIR),
    page: join('bench', 'peer.html'),
    configArgs: ['--config', PAGES_CONFIG],
  },
};
export type BuildName = keyof typeof BUILDS;

export function builtAlready(): boolean {
  return Object.values(BUILDS).every((b) => existsSync(join(b.outDir, b.page)));
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => res(port));
    });
  });
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => res({ code, out }));
  });
}

/**
 * The MNIST sprite (npm run sprite) and both `vite build`s. Type checking (`tsc -b`, part of
 * `npm run build`) is left to CI: it does not change what is served, and on a 2-core machine
 * it is a tenth of a --quick run.
 */
export async function build(): Promise<void> {
  const t0 = Date.now();
  log('Building the app and the peer page (npm run sprite, vite build ×2)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const steps: [string, string[]][] = [
    [npm, ['run', 'sprite']],
    [process.execPath, [VITE, 'build', ...BUILDS.app.configArgs]],
    [process.execPath, [VITE, 'build', ...BUILDS.pages.configArgs]],
  ];
  for (const [cmd, args] of steps) {
    const { code, out } = await run(cmd, args);
    if (code !== 0) {
      process.stderr.write(out);
      throw new Error(`${[cmd, ...args].join(' ')} failed (exit ${code})`);
    }
  }
  log(`  built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export interface Preview {
  base: string;
  stop: () => void;
}

/**
 * `vite preview` of a private copy of a build on a free port (COOP/COEP headers come from the
 * Vite config). The copy keeps a concurrent `npm run build` from swapping files mid-run.
 */
export async function startPreview(name: BuildName): Promise<Preview> {
  const { outDir, configArgs } = BUILDS[name];
  const port = await freePort();
  const snapshot = mkdtempSync(join(os.tmpdir(), `ae-bench-${name}-`));
  cpSync(outDir, snapshot, { recursive: true });
  const args = [VITE, 'preview', ...configArgs, '--outDir', snapshot, '--port', String(port)];
  const child = spawn(process.execPath, [...args, '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const stop = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(snapshot, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      stop();
      throw new Error(`vite preview (${name}) exited:\n${out}`);
    }
    try {
      // Any answer will do: the pages' build has no index.html.
      await fetch(`${base}/`);
      break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`vite preview (${name}) did not answer on ${base}:\n${out}`);
    }
    await sleep(200);
  }
  return { base, stop };
}
