// The layer rules of eslint.config.js, applied to imports that break them and to ones that keep
// them, the way `npm run lint` sees a file in each folder.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restricted(file: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('layer rules', () => {
  it.each([
    ['src/data/x.ts', "import { Store } from '../state/store';"],
    ['src/data/x.ts', "import type { ToWorker } from '../train/protocol';"],
    ['src/model/x.ts', "import { defaultConfig } from '../state/config';"],
    ['src/model/x.ts', "import { Slider } from '../ui/Slider';"],
    ['src/model/x.ts', "import { REPORT } from '../train/protocol';"],
    ['src/train/x.ts', "import { parseConfig } from '../state/config';"],
    ['src/train/x.ts', "import { fmtInt } from '../ui/format';"],
    ['src/ui/x.ts', "import * as tf from '@tensorflow/tfjs-core';"],
    ['src/persist/x.ts', "import * as tf from '@tensorflow/tfjs-core';"],
    ['src/persist/x.ts', "import { fmtInt } from '../ui/format';"],
  ])('%s may not %s', async (file, source) => {
    expect(await restricted(file, `${source}\nexport {};\n`)).toBe(true);
  });

  it.each([
    ['src/model/x.ts', "import { createRng } from '../data/rng';"],
    ['src/train/x.ts', "import { createModel } from '../model/index';"],
    ['src/state/x.ts', "import type { ToWorker } from '../train/protocol';"],
    ['src/ui/x.ts', "import type { Store } from '../state/store';"],
    ['src/persist/x.ts', "import { parseConfig } from '../state/config';"],
  ])('%s may %s', async (file, source) => {
    expect(await restricted(file, `${source}\nexport {};\n`)).toBe(false);
  });
});
