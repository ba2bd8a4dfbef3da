// Copy or understand? The model's error on test digits beside its error on inputs it has never
// seen the like of. A model that learned what digits look like pulls noise towards a digit and
// reconstructs it badly; one that copies its input (an overcomplete code with nothing to stop
// it) reconstructs noise nearly as well as digits.
import { memo } from 'react';
import type { Analysis } from '../train/protocol';
import { About, useHidden } from './Why';

const ROWS = [
  ['digits', 'Test digits'],
  ['noise', 'Uniform noise'],
  ['inverted', 'Digits inverted'],
  ['shifted', 'Digits shifted 4 px'],
] as const;

function CopyTestImpl({ test }: { test: Analysis['copyTest'] }) {
  const top = Math.max(...ROWS.map(([k]) => test[k]), 1e-9);
  const ratio = test.digits > 0 ? test.noise / test.digits : null;
  if (useHidden('copy')) return null;
  return (
    <section
      className="panel copy-test lazy"
      aria-label="Copy or understand?"
      data-digit-mse={test.digits}
      data-noise-mse={test.noise}
      data-inverted-mse={test.inverted}
      data-shifted-mse={test.shifted}
    >
      <h2>Copy or understand?</h2>
      <About topic="identity" />
      <ul className="hbars">
        {ROWS.map(([k, name]) => (
          <li key={k}>
            <span>{name}</span>
            <span className="hbar" aria-hidden="true">
              <span
                className={k === 'digits' ? 'fill digits' : 'fill'}
                style={{ width: `${(100 * test[k]) / top}%` }}
              />
            </span>
            <output>{test[k].toFixed(4)}</output>
          </li>
        ))}
      </ul>
      {ratio !== null && (
        <p className="hint">
          Noise comes back {ratio.toFixed(1)}× worse than digits. A model that learned what digits
          look like turns noise into something digit-like; one that copies its input keeps the
          noise. Try the pad’s Noise button.
        </p>
      )}
    </section>
  );
}

export const CopyTest = memo(CopyTestImpl);
