// The report cadence on a clock the test moves by hand. No tensors: this file needs no tfjs.
import { describe, expect, it } from 'vitest';
import { REPORT } from './protocol';
import { nextValidationAt, ReportSchedule } from './schedule';

describe('validation schedule', () => {
  const tenth = 6000;
  it('validates every tenth of an epoch while validation is cheap', () => {
    // 100 ms of validation against 0.5 ms per example: a tenth trains in 3 s.
    expect(nextValidationAt(6016, tenth, 100, 0.5)).toBe(12_000);
    expect(nextValidationAt(0, tenth, 100, 0.5)).toBe(6000);
  });

  it('spreads costly validations over more tenths, always landing on whole epochs', () => {
    // 0.6 s of validation, 5% of the time at most: a tenth (3 s of training) is too short, two
    // tenths too, five are enough.
    expect(nextValidationAt(6016, tenth, 600, 0.5)).toBe(30_000);
    expect(nextValidationAt(30_016, tenth, 600, 0.5)).toBe(60_000);
    // 0.2 s: two tenths.
    expect(nextValidationAt(6016, tenth, 200, 0.5)).toBe(12_000);
    // Slower still: once an epoch, at its end.
    expect(nextValidationAt(60_128, tenth, 100_000, 0.5)).toBe(120_000);
    // No timing yet: validate at the end of the epoch.
    expect(nextValidationAt(128, tenth, 50, 0)).toBe(60_000);
  });
});

describe('ReportSchedule', () => {
  /** A schedule on a clock that moves only when told; 6000 examples per tenth of an epoch. */
  function scheduled() {
    const clock = { t: 1000 };
    const schedule = new ReportSchedule(6000, () => clock.t);
    schedule.restart();
    return { clock, schedule };
  }

  it('sizes a burst to about REPORT.burstMs of steps, 1 to 64', () => {
    const { clock, schedule } = scheduled();
    expect(schedule.burstSteps).toBe(1);
    clock.t += 50;
    schedule.burstEnded(clock.t - 50, 10, 32);
    expect(schedule.burstSteps).toBe(Math.floor(REPORT.burstMs / 5));
    schedule.burstEnded(clock.t, 10, 32);
    expect(schedule.burstSteps).toBe(64);
    clock.t += 1000;
    schedule.burstEnded(clock.t - 1000, 2, 32);
    expect(schedule.burstSteps).toBe(1);
    schedule.restart();
    expect(schedule.burstSteps).toBe(1);
  });

  it('refreshes reconstructions every REPORT.reconMs, or every 20 times their cost', () => {
    const { clock, schedule } = scheduled();
    schedule.reconStarted();
    clock.t += 10;
    schedule.reconEnded();
    clock.t += REPORT.reconMs - 11;
    expect(schedule.reconDue()).toBe(false);
    clock.t += 1;
    expect(schedule.reconDue()).toBe(true);
    // A slow backend: 100 ms per refresh, so one every 2 s.
    schedule.reconStarted();
    clock.t += 100;
    schedule.reconEnded();
    clock.t += REPORT.reconCostFactor * 100 - 101;
    expect(schedule.reconDue()).toBe(false);
    clock.t += 1;
    expect(schedule.reconDue()).toBe(true);
    // The first refresh of a run compiles shaders: its cost is forgotten.
    schedule.forgetFirstCosts();
    schedule.reconStarted();
    clock.t += REPORT.reconMs;
    expect(schedule.reconDue()).toBe(true);
  });

  it('validates at the scheduled example count, and after REPORT.valMaxMs or 20 times its cost', () => {
    const { clock, schedule } = scheduled();
    expect(schedule.valScheduled(5999)).toBe(false);
    expect(schedule.valScheduled(6000)).toBe(true);
    schedule.valStarted();
    expect(schedule.valDue(100)).toBe(false);
    // The scheduled validation runs however recent the last one is.
    expect(schedule.valDue(6000)).toBe(true);
    clock.t += REPORT.valMaxMs;
    expect(schedule.valDue(100)).toBe(true);
    // A validation of 1 s with no training measured yet: the next scheduled one ends the epoch,
    // and the timed one waits 20 s.
    schedule.valStarted();
    clock.t += 1000;
    schedule.valEnded(100);
    expect(schedule.valScheduled(59_999)).toBe(false);
    expect(schedule.valScheduled(60_000)).toBe(true);
    clock.t += 1000 / REPORT.valShare - 1001;
    expect(schedule.valDue(100)).toBe(false);
    clock.t += 1;
    expect(schedule.valDue(100)).toBe(true);
    // Training measured at 0.5 ms per example: a cheap validation is due at the next tenth.
    clock.t += 32 * 100 * 0.5;
    schedule.burstEnded(clock.t - 32 * 100 * 0.5, 100, 32);
    schedule.valStarted();
    clock.t += 100;
    schedule.valEnded(6016);
    expect(schedule.valScheduled(11_999)).toBe(false);
    expect(schedule.valScheduled(12_000)).toBe(true);
  });

  it('looks inside the model at once, then every REPORT.analysisMs or 20 times its cost', () => {
    const { clock, schedule } = scheduled();
    expect(schedule.analysisDue()).toBe(true);
    const started = clock.t;
    clock.t += 200;
    schedule.analysisEnded(started);
    clock.t += REPORT.analysisCostFactor * 200 - 1;
    expect(schedule.analysisDue()).toBe(false);
    expect(schedule.analysisOlderThan(REPORT.analysisMs / 3)).toBe(true);
    clock.t += 1;
    expect(schedule.analysisDue()).toBe(true);
    schedule.forgetFirstCosts();
    schedule.analysisEnded(clock.t);
    clock.t += REPORT.analysisMs - 1;
    expect(schedule.analysisDue()).toBe(false);
    expect(schedule.analysisOlderThan(REPORT.analysisMs - 1)).toBe(true);
    expect(schedule.analysisOlderThan(REPORT.analysisMs)).toBe(false);
    clock.t += 1;
    expect(schedule.analysisDue()).toBe(true);
  });
});
