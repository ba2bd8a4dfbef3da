import { DigitCanvas } from './DigitCanvas';
import { About, useHidden } from './Why';

const COUNT = 32;

/** New digits: codes drawn from the prior N(0, I), decoded. */
export function Samples({
  samples,
  onGenerate,
}: {
  samples: Float32Array | null;
  onGenerate: () => void;
}) {
  if (useHidden('samples')) return null;
  return (
    <section className="panel wide lazy" aria-label="Generated digits">
      <h2>Generate</h2>
      <About topic="generate" />
      <button type="button" className="primary" onClick={onGenerate}>
        Generate
      </button>
      <div className="samples">
        {samples &&
          Array.from({ length: Math.min(COUNT, samples.length / 784) }, (_, i) => (
            <DigitCanvas
              key={i}
              pixels={samples.subarray(i * 784, (i + 1) * 784)}
              label={`Generated digit ${i + 1}`}
              size={44}
            />
          ))}
      </div>
    </section>
  );
}
