// How a config key's slider maps its positions to values: the key's range, step and scale from
// CONFIG_TABLE, so a slider and the URL agree on what a value may be.
import { CONFIG_TABLE, type NumberSpec, type SliderKey } from './config';

export interface SliderScale {
  min: number;
  max: number;
  step: number;
  /** The slider position of a value (its log10 on a log scale). */
  position(value: number): number;
  /** The value at a slider position, rounded as the key's step implies. */
  value(position: number): number;
}

/** How a key's slider maps positions to values, from the key's range, step and scale. */
export function sliderScale(key: SliderKey): SliderScale {
  const spec: NumberSpec = CONFIG_TABLE[key];
  const step = spec.step ?? 1;
  if (spec.stops) return stopsScale(spec.stops);
  if (spec.log) {
    const { digits } = spec.log;
    return {
      min: Math.log10(spec.min),
      max: Math.log10(spec.max),
      step,
      position: (v) => Math.log10(v),
      value: (p) => Number((10 ** p).toPrecision(digits)),
    };
  }
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return {
    min: spec.min,
    max: spec.max,
    step,
    position: (v) => v,
    value: (p) => Number(p.toFixed(decimals)),
  };
}

/** A slider that steps through `stops`: its position is the index of the nearest stop. */
function stopsScale(stops: readonly number[]): SliderScale {
  return {
    min: 0,
    max: stops.length - 1,
    step: 1,
    position: (v) => {
      let best = 0;
      for (let i = 1; i < stops.length; i++)
        if (Math.abs(stops[i]! - v) < Math.abs(stops[best]! - v)) best = i;
      return best;
    },
    value: (p) => stops[Math.max(0, Math.min(stops.length - 1, Math.round(p)))]!,
  };
}
