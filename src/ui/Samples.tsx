import { DigitCanvas } from './DigitCanvas';

const COUNT = 32;

/** New digits: codes drawn from the prior N(0, I), decoded. */
export function Samples({
  samples,
  onGenerate,
}: {
  samples: Float32Array | null;
  onGenerate: () => void;
}) {
  return (
    <section className="panel wide" aria-label="Generated digits">
      <h2>
        Generate <small>(decode random codes drawn from N(0, I))</small>
      </h2>
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
