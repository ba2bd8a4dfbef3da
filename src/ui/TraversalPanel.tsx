// Every code dimension as a slider: the code of the digit in focus, one slider per unit over
// ±3σ of that unit on the test codes, decoded at once as it moves. For the VAE, a row per unit
// decoding −3σ … +3σ.
import { memo, useMemo } from 'react';
import { unitRange } from '../model/inspect';
import type { Store } from '../state/store';
import type { Inspection } from '../train/protocol';
import { DigitCanvas } from './DigitCanvas';
import { useTraversal } from './useStore';
import { About, useHidden } from './Why';

/** Code units on screen at once; a selector shows the others. */
export const UNITS_PER_PAGE = 16;

interface Props {
  inspection: Inspection;
  stats: { mean: Float32Array; std: Float32Array } | null;
  page: number;
  /** Where the edited code and its picture come from, at once as a slider moves. */
  store: Pick<Store, 'getTraversal' | 'subscribeTraversal'>;
  onPage: (page: number) => void;
  onCode: (code: Float32Array) => void;
  onReset: () => void;
}

function TraversalPanelImpl({ inspection, stats, page, store, onPage, onCode, onReset }: Props) {
  const hidden = useHidden('traversal');
  const edited = useTraversal(store);
  const own = inspection.layers.find((t) => t.name === 'code')?.values;
  const output = inspection.layers.find((t) => t.name === 'reconstruction')?.values ?? null;
  const rows = inspection.traversalRows;
  // One view per image, made once per answer: a slider's move repaints none of them.
  const rowImages = useMemo(
    () =>
      rows
        ? rows.units.map((_, r) =>
            Array.from({ length: rows.steps }, (_, s) => {
              const at = (r * rows.steps + s) * 784;
              return rows.images.subarray(at, at + 784);
            }),
          )
        : [],
    [rows],
  );
  if (!own || hidden) return null;
  const k = own.length;
  const pages = Math.ceil(k / UNITS_PER_PAGE);
  const from = Math.min(page, pages - 1) * UNITS_PER_PAGE;
  const units = Array.from({ length: Math.min(UNITS_PER_PAGE, k - from) }, (_, i) => from + i);
  const code = edited?.code ?? own;
  const image = edited ? (edited.image ?? output) : output;

  const set = (j: number, v: number) => {
    const next = code.slice();
    next[j] = v;
    onCode(next);
  };
  return (
    <section
      className="panel wide traversal lazy"
      aria-label="Latent traversal"
      data-edited={edited !== null}
    >
      <h2>Latent traversal</h2>
      <About topic="traversal" />
      <div className="traversal-row">
        <figure>
          <DigitCanvas pixels={image} label="Traversal" size={140} />
          <figcaption>
            <button type="button" onClick={onReset} disabled={!edited}>
              Reset code
            </button>
          </figcaption>
        </figure>
        <div className="code-sliders">
          {pages > 1 && (
            <label className="field">
              <span>Code units</span>
              <select
                value={Math.min(page, pages - 1)}
                onChange={(e) => onPage(Number(e.target.value))}
              >
                {Array.from({ length: pages }, (_, p) => (
                  <option key={p} value={p}>
                    {p * UNITS_PER_PAGE + 1}–{Math.min(k, (p + 1) * UNITS_PER_PAGE)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {units.map((j) => {
            const value = code[j]!;
            const [lo, hi] = unitRange(stats?.mean[j] ?? 0, stats?.std[j] ?? 1, own[j]!);
            return (
              <label key={j} className="code-slider">
                <span>Code {j + 1}</span>
                <input
                  type="range"
                  aria-label={`Code ${j + 1}`}
                  min={lo}
                  max={hi}
                  step={(hi - lo) / 200}
                  value={Math.min(hi, Math.max(lo, value))}
                  onChange={(e) => set(j, Number(e.target.value))}
                />
                <output>{value.toFixed(2)}</output>
              </label>
            );
          })}
        </div>
      </div>
      {rows && (
        <>
          <h3>Each unit from −3σ to +3σ</h3>
          <div className="vae-rows">
            {rows.units.map((u, r) => (
              <div className="vae-row" key={u} aria-label={`Code unit ${u + 1} from −3σ to +3σ`}>
                <span className="hint">{u + 1}</span>
                {rowImages[r]!.map((pixels, s) => (
                  <DigitCanvas
                    key={s}
                    pixels={pixels}
                    label={`Code unit ${u + 1} step ${s + 1}`}
                    size={36}
                  />
                ))}
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

export const TraversalPanel = memo(TraversalPanelImpl);
