import { useId } from 'react';

interface Props {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** What the value means to a person (aria-valuetext and the readout). */
  display: string;
  onChange: (value: number) => void;
  disabled?: boolean;
  hint?: string;
}

export function Slider({ label, min, max, step, value, display, onChange, disabled, hint }: Props) {
  const id = useId();
  return (
    <div className="slider">
      <label htmlFor={id}>
        <span>{label}</span>
        <output htmlFor={id}>{display}</output>
      </label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={display}
        disabled={disabled}
        title={hint}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
      />
    </div>
  );
}
