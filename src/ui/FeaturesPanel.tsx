// What the units learned: the first encoder layer's weights as images (for the convolutional
// model its filters and their feature maps), and on the decoder's side what each code unit adds
// to the picture.
import { memo, useMemo } from 'react';
import { neighbourCorrelation } from '../model/inspect';
import type { Inspection } from '../train/protocol';
import { absMax } from './colormap';
import { FeatureMaps, WeightImage } from './layerViews';
import { useHeld, useOnScreen } from './useOnScreen';
import { About, useHidden } from './Why';

function FeaturesPanelImpl({ inspection: live }: { inspection: Inspection }) {
  const hidden = useHidden('features');
  // Off screen it keeps what it last drew: 64 weight images are the page's heaviest repaint.
  const [ref, onScreen] = useOnScreen<HTMLElement>();
  const inspection = useHeld(live, onScreen, JSON.stringify(live.model));
  const { features, contributions, layers } = inspection;
  const { count, side, weights } = features;
  const conv = side !== 28;
  const size = side * side;
  // How smooth the features are on average: noise at initialisation, strokes once trained.
  const smoothness = useMemo(() => {
    if (conv || count === 0) return null;
    let sum = 0;
    for (let j = 0; j < count; j++)
      sum += neighbourCorrelation(weights.subarray(j * size, (j + 1) * size), side);
    return sum / count;
  }, [conv, count, weights, size, side]);
  // One view per image, made once per inspection: a render that brings no new inspection (one
  // held while off screen, above all) repaints none of the canvases.
  const featureImages = useMemo(
    () => Array.from({ length: count }, (_, j) => weights.subarray(j * size, (j + 1) * size)),
    [weights, count, size],
  );
  const contributionImages = useMemo(
    () => contributions?.units.map((_, r) => contributions.images.subarray(r * 784, (r + 1) * 784)),
    [contributions],
  );
  const addScale = useMemo(
    () => (contributions ? absMax(contributions.images) : 0),
    [contributions],
  );
  const firstMaps = conv ? layers.find((t) => t.shape.length === 3 && t.params > 0) : undefined;
  if (hidden) return null;
  return (
    <section
      ref={ref}
      className="panel wide features lazy"
      aria-label="Learned features"
      data-features={count}
      data-smoothness={smoothness ?? undefined}
    >
      <h2>Learned features</h2>
      <About topic="features" />
      {conv && (
        <p className="hint">
          Each 3×3 filter slides over the digit; its map shows where the digit matches it.
        </p>
      )}
      <div className="feature-grid">
        {featureImages.map((values, j) => (
          <WeightImage
            key={j}
            values={values}
            side={side}
            label={`Feature ${j + 1}`}
            size={conv ? 36 : 48}
          />
        ))}
      </div>
      {firstMaps && (
        <>
          <h3>Their feature maps for the digit in focus</h3>
          <FeatureMaps
            values={firstMaps.values}
            shape={firstMaps.shape}
            label={(c) => `Feature map ${c + 1}`}
            max={64}
            size={48}
          />
        </>
      )}
      {contributions && (
        <>
          <h3>What each code unit adds</h3>
          <p className="hint">
            The decoding of the mean code with one unit raised by a standard deviation, minus the
            decoding of the mean code: what that number of the code draws.
          </p>
          <div className="feature-grid" aria-label="Code unit contributions">
            {contributions.units.map((u, r) => (
              <figure key={u} className="contribution">
                <WeightImage
                  values={contributionImages![r]!}
                  side={28}
                  scale={addScale}
                  label={`Code unit ${u + 1}`}
                  size={48}
                />
                <figcaption>{u + 1}</figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

export const FeaturesPanel = memo(FeaturesPanelImpl);
