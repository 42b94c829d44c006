/** Small pure helpers for axes: linear scales, "nice" ticks, time ticks. */

export interface Tick {
  value: number;
  pos: number;
  label: string;
}

export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const span = d1 - d0 || 1;
  return (x: number) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** A step of 1, 2, 2.5 or 5 x 10^n giving about `count` intervals over [0, max]. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) {
    return 1;
  }
  const raw = max / Math.max(1, count);
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * pow >= raw) {
      return m * pow;
    }
  }
  return 10 * pow;
}

export function niceMax(max: number, count: number): number {
  const step = niceStep(max, count);
  return Math.max(step, Math.ceil(max / step - 1e-9) * step);
}

export function valueTicks(max: number, count: number, scale: (v: number) => number, integer = false): Tick[] {
  let step = niceStep(max, count);
  if (integer) {
    step = Math.max(1, Math.round(step));
  }
  const ticks: Tick[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) {
    const value = Math.round(v * 1e6) / 1e6;
    ticks.push({ value, pos: scale(value), label: formatNumber(value) });
  }
  return ticks;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) {
    return String(v);
  }
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2).replace(/0$/, '');
}

const TIME_STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** Time ticks at round multiples of a step giving about `count` ticks (aligned in UTC). */
export function timeTicks(
  from: number,
  to: number,
  count: number,
  scale: (t: number) => number,
  format: (t: number) => string
): Tick[] {
  const want = (to - from) / Math.max(1, count);
  const step = TIME_STEPS.find((s) => s >= want) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const ticks: Tick[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    ticks.push({ value: t, pos: scale(t), label: format(t) });
  }
  return ticks;
}

export function formatUtcHHMM(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
