/**
 * frames -> drawn model (pure; no React, no DOM). Everything the panel draws is computed
 * here in data space and in pixels, so it can be unit-tested on real Graphite answers.
 */
import type { DataFrame } from '@grafana/data';

import { formatUtcHHMM, linear, niceMax, Tick, timeTicks, valueTicks } from './scale';
import {
  Annotation,
  CapacityKind,
  capacityKinds,
  Point,
  readAnnotations,
  readServices,
  ServiceSeries,
} from './series';
import { defaultOptions, LeptoidOptions } from './types';

export interface ModelInput {
  series: DataFrame[];
  annotations?: DataFrame[];
  /** time range of the dashboard, epoch ms */
  from: number;
  to: number;
  /** wall-clock "now" (normally min(range end, Date.now())) */
  now: number;
  width: number;
  height: number;
  options?: Partial<LeptoidOptions>;
  formatTime?: (t: number) => string;
}

export interface XY {
  x: number;
  y: number;
}

export interface ForecastLayer {
  kind: 'latest' | 'horizon';
  /** horizon drawn (for "horizon"), or null for the latest full path */
  k: number | null;
  /** the run time the latest path was forecast from */
  origin: number | null;
  mean: Point[];
  lower: Point[];
  upper: Point[];
  meanPath: string;
  bandPolygons: XY[][];
  bandPath: string;
}

export interface StepChange {
  t: number;
  x: number;
  from: number;
  to: number;
}

export interface StepLine {
  kind: CapacityKind;
  points: Point[];
  path: string;
  changes: StepChange[];
}

export type MarkerKind = 'scale-out' | 'scale-in' | 'hold' | 'other';

export interface Marker {
  t: number;
  x: number;
  kind: MarkerKind;
  title: string;
  text: string;
  source: 'event' | 'decision';
}

export interface GapRegion {
  from: number;
  to: number;
  x0: number;
  x1: number;
  trailing: boolean;
}

export type NoticeKind = 'no-data' | 'no-forecast' | 'data-gap' | 'stale-forecast' | 'multiple-services';

export interface Notice {
  kind: NoticeKind;
  text: string;
}

export interface ErrorStat {
  k: number;
  abs: number | null;
  mase: number | null;
  at: number | null;
  source: 'series' | 'view';
}

export interface DrawnModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  service: string | null;
  services: string[];
  xDomain: [number, number];
  yMax: number;
  capMax: number;
  now: number;
  nowX: number;
  lastRun: number | null;
  step: number | null;
  /** which series is the actual: leptoid's forecasts are of offered load */
  actualKind: ActualKind;
  /** capacity and offered load share one scale (both count busy instances) */
  sharedScale: boolean;
  latestUtilization: number | null;
  actual: { points: Point[]; path: string };
  gaps: GapRegion[];
  forecasts: ForecastLayer[];
  capacity: StepLine[];
  markers: Marker[];
  errorStat: ErrorStat | null;
  xTicks: Tick[];
  yTicks: Tick[];
  capTicks: Tick[];
  notices: Notice[];
  /** nothing to draw at all */
  empty: boolean;
}

export type ActualKind = 'offered_load' | 'utilization';
export const ACTUAL_LABEL: Record<ActualKind, string> = { offered_load: 'offered load', utilization: 'utilization' };

const DECISION_KIND: Record<number, MarkerKind | undefined> = { 0: 'hold', 1: 'scale-out', 2: 'scale-in' };

function median(xs: number[]): number | null {
  if (xs.length === 0) {
    return null;
  }
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function nonNull(points: Point[] | undefined): Array<{ t: number; v: number }> {
  return (points ?? []).filter((p): p is { t: number; v: number } => p.v != null);
}

/** Median spacing of the non-null points (ms), or null with fewer than two. */
export function spacing(points: Point[] | undefined): number | null {
  const ts = nonNull(points).map((p) => p.t);
  const diffs: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    if (ts[i] > ts[i - 1]) {
      diffs.push(ts[i] - ts[i - 1]);
    }
  }
  return median(diffs);
}

/**
 * The step h<k> is shifted by, in ms: the option, else the spacing of the actual series (leptoid
 * writes it every metric step; h<k> is origin + k metric steps), else the spacing of the run times.
 */
export function inferStep(s: ServiceSeries, stepSeconds: number, actual?: Point[]): number | null {
  if (stepSeconds > 0) {
    return stepSeconds * 1000;
  }
  const own = spacing(actual) ?? spacing(s.offeredLoad) ?? spacing(s.utilization);
  if (own != null) {
    return own;
  }
  const runs = new Set<number>();
  for (const h of s.forecast.values()) {
    for (const p of nonNull(h.mean ?? h.upper ?? h.lower)) {
      runs.add(p.t);
    }
  }
  return spacing([...runs].sort((a, b) => a - b).map((t) => ({ t, v: 1 }))) ?? spacing(s.decision);
}

/** Kind of a leptoid event: its kind tag (scale-out, scale-in, hold), else its title ("leptoid scale-out api: 4 -> 7"). */
export function markerKind(title: string, tags: string[] = []): MarkerKind {
  for (const kind of ['scale-out', 'scale-in', 'hold'] as const) {
    if (tags.includes(kind)) {
      return kind;
    }
  }
  const m = /\b(scale[- ]out|scale[- ]in|hold)\b/i.exec(title);
  if (!m) {
    return 'other';
  }
  const k = m[1].toLowerCase().replace(' ', '-');
  return k === 'hold' ? 'hold' : (k as MarkerKind);
}

function valueAt(points: Point[] | undefined, t: number): number | null {
  const p = (points ?? []).find((q) => q.t === t);
  return p ? p.v : null;
}

function latestNonNull(points: Point[] | undefined, upTo: number): { t: number; v: number } | null {
  const xs = nonNull(points).filter((p) => p.t <= upTo);
  return xs.length ? xs[xs.length - 1] : null;
}

function linePath(points: Point[], sx: (t: number) => number, sy: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.v == null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${r(sx(p.t))},${r(sy(p.v))}`;
    pen = true;
  }
  return d;
}

/**
 * The fan's points are the run origins shifted by k steps: one per run (every 5 min, say) in a
 * series Graphite keeps at the metric step (1 min), so it is null between runs. Joins consecutive
 * runs (nulls dropped) and keeps a break (one null) where runs are missing: a silence longer than
 * 1.5 x the usual run spacing, e.g. the holds during a data gap.
 */
function joinRuns(points: Point[], runSpacing: number | null): Point[] {
  const xs = nonNull(points);
  const hold = 1.5 * (runSpacing ?? Number.POSITIVE_INFINITY);
  const out: Point[] = [];
  xs.forEach((p, i) => {
    if (i > 0 && p.t - xs[i - 1].t > hold) {
      out.push({ t: (p.t + xs[i - 1].t) / 2, v: null });
    }
    out.push(p);
  });
  return out;
}

function r(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Polygons of the band between lower and upper (same timestamps), split where either is missing. */
function bandPolygons(lower: Point[], upper: Point[], sx: (t: number) => number, sy: (v: number) => number): XY[][] {
  const polys: XY[][] = [];
  let run: Array<{ t: number; lo: number; hi: number }> = [];
  const flush = () => {
    if (run.length >= 1) {
      const top = run.map((p) => ({ x: r(sx(p.t)), y: r(sy(p.hi)) }));
      const bottom = run.map((p) => ({ x: r(sx(p.t)), y: r(sy(p.lo)) })).reverse();
      polys.push([...top, ...bottom]);
    }
    run = [];
  };
  const his = new Map(upper.map((p) => [p.t, p.v]));
  for (const p of lower) {
    const hi = his.get(p.t);
    if (p.v == null || hi == null) {
      flush();
      continue;
    }
    run.push({ t: p.t, lo: Math.min(p.v, hi), hi: Math.max(p.v, hi) });
  }
  flush();
  return polys;
}

function polygonPath(polys: XY[][]): string {
  return polys.map((poly) => 'M' + poly.map((p) => `${p.x},${p.y}`).join('L') + 'Z').join('');
}

/**
 * Capacity is written once per run (run time), while Graphite's finest archive usually holds the
 * metric step: between two runs the series is null. A value holds until the next run's value if
 * that comes within `hold` (1.5 x the series' own spacing, i.e. the run interval); a longer silence
 * (missed runs, leptoid down) breaks the line.
 */
function stepHold(points: Point[]): number {
  return 1.5 * (spacing(points) ?? Number.POSITIVE_INFINITY);
}

function stepPath(points: Point[], end: number, sx: (t: number) => number, sy: (v: number) => number): string {
  const xs = nonNull(points);
  const hold = stepHold(points);
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    const p = xs[i];
    const prev = i > 0 && p.t - xs[i - 1].t <= hold ? xs[i - 1] : null;
    if (prev) {
      d += `L${r(sx(p.t))},${r(sy(prev.v))}L${r(sx(p.t))},${r(sy(p.v))}`;
    } else {
      d += `M${r(sx(p.t))},${r(sy(p.v))}`;
    }
    const next = i + 1 < xs.length ? xs[i + 1] : null;
    if (!next || next.t - p.t > hold) {
      // a value before a silence holds for one run interval; the last one up to the end of the
      // range unless leptoid has been silent for longer than `hold` since
      const until = Math.min(end, p.t + (next ? hold / 1.5 : hold));
      d += `L${r(sx(until))},${r(sy(p.v))}`;
    }
  }
  return d;
}

function stepChanges(points: Point[], sx: (t: number) => number): StepChange[] {
  const xs = nonNull(points);
  const hold = stepHold(points);
  const out: StepChange[] = [];
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1];
    const b = xs[i];
    if (b.t - a.t <= hold && a.v !== b.v) {
      out.push({ t: b.t, x: r(sx(b.t)), from: a.v, to: b.v });
    }
  }
  return out;
}

function gapRegions(
  points: Point[] | undefined,
  step: number | null,
  now: number,
  runInterval: number | null
): Array<Omit<GapRegion, 'x0' | 'x1'>> {
  const xs = nonNull(points);
  const own = spacing(points) ?? step;
  if (xs.length === 0 || own == null) {
    return [];
  }
  const out: Array<Omit<GapRegion, 'x0' | 'x1'>> = [];
  for (let i = 1; i < xs.length; i++) {
    if (xs[i].t - xs[i - 1].t > 1.5 * own) {
      out.push({ from: xs[i - 1].t, to: xs[i].t, trailing: false });
    }
  }
  const last = xs[xs.length - 1].t;
  if (now - last > (runInterval ?? 0) + 2 * own) {
    out.push({ from: last, to: now, trailing: true });
  }
  return out;
}

export function buildModel(input: ModelInput): DrawnModel {
  const options: LeptoidOptions = { ...defaultOptions, ...(input.options ?? {}) };
  const fmt = input.formatTime ?? formatUtcHHMM;
  const { width, height, now } = input;
  const services = readServices(input.series);
  const s = services.find((x) => x.offeredLoad || x.utilization || x.forecast.size > 0) ?? services[0] ?? null;
  const notices: Notice[] = [];
  const plot = {
    left: 46,
    top: options.showMarkers ? 22 : 10,
    right: width - (options.showCapacity ? 44 : 14),
    bottom: height - 22,
  };

  if (!s) {
    return emptyModel(input, plot, services, [
      {
        kind: 'no-data',
        text: 'No leptoid series in this query. Expected <prefix>.<env>.<service>.utilization, .forecast.h<k>.{mean,lower,upper}, .capacity.*',
      },
    ]);
  }
  if (services.length > 1) {
    notices.push({
      kind: 'multiple-services',
      text: `The query returned ${services.length} services; showing ${s.base}. Narrow the query with $service.`,
    });
  }

  const actualKind: ActualKind =
    options.actual === 'auto' ? (s.offeredLoad ? 'offered_load' : 'utilization') : options.actual;
  const actualAll = (actualKind === 'offered_load' ? s.offeredLoad : s.utilization) ?? [];
  const actualLabel = ACTUAL_LABEL[actualKind];
  const step = inferStep(s, options.stepSeconds, actualAll);
  const ks = [...s.forecast.keys()].sort((a, b) => a - b);

  // the most recent run that published a forecast
  let lastRun: number | null = null;
  for (const h of s.forecast.values()) {
    const p = latestNonNull(h.mean ?? h.upper, Number.POSITIVE_INFINITY);
    if (p && (lastRun == null || p.t > lastRun)) {
      lastRun = p.t;
    }
  }
  const haveForecast = lastRun != null && step != null;
  const runTimes = new Set<number>();
  for (const h of s.forecast.values()) {
    for (const p of nonNull(h.mean ?? h.upper)) {
      runTimes.add(p.t);
    }
  }
  const runInterval = spacing([...runTimes].sort((a, b) => a - b).map((t) => ({ t, v: 1 }))) ?? spacing(s.decision) ?? step;

  // horizon k actually drawn: the option, or the nearest published one
  const kWanted = Math.max(1, Math.round(options.horizon));
  const kDrawn = ks.length ? ks.reduce((best, k) => (Math.abs(k - kWanted) < Math.abs(best - kWanted) ? k : best)) : null;

  const wantLatest = options.view === 'latest' || options.view === 'both';
  const wantHorizon = options.view === 'horizon' || options.view === 'both';

  // data-space layers first (pixels later, once the domains are known)
  type DataLayer = Omit<ForecastLayer, 'meanPath' | 'bandPolygons' | 'bandPath'>;
  const layers: DataLayer[] = [];
  const bandOf = (mean: Point[], lower: Point[], upper: Point[]): { lo: Point[]; hi: Point[] } => {
    if (options.band === 'none') {
      return { lo: [], hi: [] };
    }
    if (options.band === 'upper') {
      return { lo: mean, hi: upper };
    }
    return { lo: lower, hi: upper };
  };
  if (haveForecast && wantHorizon && kDrawn != null) {
    const h = s.forecast.get(kDrawn) ?? {};
    const shift = (ps: Point[] | undefined) => (ps ?? []).map((p) => ({ t: p.t + kDrawn * step!, v: p.v }));
    const mean = shift(h.mean);
    const band = bandOf(mean, shift(h.lower), shift(h.upper));
    layers.push({ kind: 'horizon', k: kDrawn, origin: null, mean, lower: band.lo, upper: band.hi });
  }
  if (haveForecast && wantLatest) {
    const mean: Point[] = [];
    const lower: Point[] = [];
    const upper: Point[] = [];
    for (const k of ks) {
      const h = s.forecast.get(k)!;
      const t = lastRun! + k * step!;
      mean.push({ t, v: valueAt(h.mean, lastRun!) });
      lower.push({ t, v: valueAt(h.lower, lastRun!) });
      upper.push({ t, v: valueAt(h.upper, lastRun!) });
    }
    const band = bandOf(mean, lower, upper);
    layers.push({ kind: 'latest', k: null, origin: lastRun, mean, lower: band.lo, upper: band.hi });
  }

  // domains
  let xEnd = input.to;
  for (const l of layers) {
    for (const p of nonNull(l.mean)) {
      xEnd = Math.max(xEnd, p.t);
    }
  }
  const xDomain: [number, number] = [input.from, xEnd];
  const inX = (t: number) => t >= xDomain[0] && t <= xDomain[1];
  const actual = actualAll.filter((p) => inX(p.t));
  let vMax = 0;
  for (const p of nonNull(actual)) {
    vMax = Math.max(vMax, p.v);
  }
  for (const l of layers) {
    for (const p of [...nonNull(l.mean), ...nonNull(l.upper)]) {
      if (inX(p.t)) {
        vMax = Math.max(vMax, p.v);
      }
    }
  }
  const capSeries = capacityKinds.map((kind) => ({ kind, points: (s.capacity[kind] ?? []).filter((p) => inX(p.t)) }));
  let cMax = 0;
  for (const c of capSeries) {
    for (const p of nonNull(c.points)) {
      cMax = Math.max(cMax, p.v);
    }
  }
  // offered load (Erlangs) and capacity (instances) both count instances: one scale shows the headroom
  const sharedScale = actualKind === 'offered_load' && options.showCapacity && cMax > 0;
  let yMax: number;
  let capMax: number;
  if (sharedScale) {
    yMax = capMax = niceMax(Math.max(vMax, cMax) * 1.08, 5);
  } else {
    yMax = niceMax(Math.max(actualKind === 'utilization' ? 1 : 0, vMax * 1.05, 1e-6), 5);
    capMax = niceMax(Math.max(4, cMax * 1.15), 5);
  }

  const sx = linear(xDomain[0], xDomain[1], plot.left, plot.right);
  const sy = linear(0, yMax, plot.bottom, plot.top);
  const sc = linear(0, capMax, plot.bottom, plot.top);

  // The latest path is drawn from "now" on: its origin is leptoid's last data point, a step or
  // more before the run and up to a run interval before now, so its first horizons are already
  // past (what happened there is the actual's, and the fan's, to show).
  // The fan joins consecutive runs across the metric steps between them.
  const drawn = (l: DataLayer) => (p: Point) => inX(p.t) && (l.kind !== 'latest' || p.t > now);
  const runSpacing = spacing([...runTimes].sort((a, b) => a - b).map((t) => ({ t, v: 1 })));
  const line = (l: DataLayer, ps: Point[]) => {
    const shown = ps.filter(drawn(l));
    return l.kind === 'horizon' ? joinRuns(shown, runSpacing) : shown;
  };
  const forecasts: ForecastLayer[] = layers.map((l) => {
    const polys = bandPolygons(line(l, l.lower), line(l, l.upper), sx, sy);
    return {
      ...l,
      meanPath: linePath(line(l, l.mean), sx, sy),
      bandPolygons: polys,
      bandPath: polygonPath(polys),
    };
  });

  const capacity: StepLine[] = options.showCapacity
    ? capSeries
        .filter((c) => c.points.length > 0)
        .map((c) => ({
          kind: c.kind,
          points: c.points,
          path: stepPath(c.points, Math.min(xDomain[1], input.to + (step ?? 0)), sx, sc),
          changes: stepChanges(c.points, sx),
        }))
    : [];

  // markers: events (with reasons) first, then decision codes not covered by an event
  const markers: Marker[] = [];
  if (options.showMarkers) {
    const nodes = s.base.split('.');
    const [prefix, serviceName] = [nodes[0], nodes[nodes.length - 1]];
    // leptoid's events carry the tags prefix, env, service: drop other services' events
    const mine = (a: Annotation) => !(a.tags.includes(prefix) && !a.tags.includes(serviceName));
    const events: Annotation[] = readAnnotations(input.annotations).filter((a) => inX(a.t) && mine(a));
    for (const a of events) {
      markers.push({ t: a.t, x: r(sx(a.t)), kind: markerKind(a.title, a.tags), title: a.title, text: a.text, source: 'event' });
    }
    const near = (step ?? 300_000) / 2;
    for (const p of nonNull(s.decision)) {
      const kind = DECISION_KIND[p.v];
      if (!kind || !inX(p.t)) {
        continue;
      }
      if (markers.some((m) => m.source === 'event' && m.kind === kind && Math.abs(m.t - p.t) <= near)) {
        continue;
      }
      markers.push({
        t: p.t,
        x: r(sx(p.t)),
        kind,
        title: `${kind} (decision code ${p.v})`,
        text: 'No Graphite event with reasons for this run; add the leptoid events annotation to see them.',
        source: 'decision',
      });
    }
    markers.sort((a, b) => a.t - b.t);
  }

  // gaps in the actual, and what to say about them
  // leptoid writes the actual once per run, so it normally ends up to a run interval before now
  const gaps: GapRegion[] = gapRegions(actual, step, Math.min(now, input.to), runInterval).map((g) => ({
    ...g,
    x0: r(sx(Math.max(g.from, xDomain[0]))),
    x1: r(sx(Math.min(g.to, xDomain[1]))),
  }));
  const trailing = gaps.find((g) => g.trailing);
  if (nonNull(actual).length === 0) {
    notices.push({ kind: 'data-gap', text: `Data gap: no ${actualLabel} in this time range` });
  } else if (trailing) {
    notices.push({ kind: 'data-gap', text: `Data gap: no ${actualLabel} since ${fmt(trailing.from)}` });
  }
  if (!haveForecast) {
    notices.push({
      kind: 'no-forecast',
      text: `No forecast yet: leptoid has not published ${s.base}.forecast.h<k> in this time range`,
    });
  } else if (runInterval != null && lastRun != null && now - lastRun > 2 * runInterval) {
    notices.push({
      kind: 'stale-forecast',
      text: `Forecast is stale: last run ${fmt(lastRun)}, ${Math.floor((now - lastRun) / runInterval)} run intervals ago`,
    });
  }

  const errorStat = haveForecast ? forecastError(s, kDrawn ?? 1, step!, input.to, actual) : null;

  const xTicks = timeTicks(xDomain[0], xDomain[1], Math.max(2, Math.floor((plot.right - plot.left) / 90)), sx, fmt);
  const yTicks = valueTicks(yMax, Math.max(2, Math.floor((plot.bottom - plot.top) / 40)), sy);
  // on a shared scale the instance ticks sit on the same grid lines (whole numbers only)
  const capTicks = sharedScale
    ? yTicks.filter((t) => Number.isInteger(t.value))
    : valueTicks(capMax, Math.max(2, Math.floor((plot.bottom - plot.top) / 40)), sc, true);

  return {
    width,
    height,
    plot,
    service: s.base,
    services: services.map((x) => x.base),
    xDomain,
    yMax,
    capMax,
    now,
    nowX: r(sx(Math.min(Math.max(now, xDomain[0]), xDomain[1]))),
    lastRun,
    step,
    actualKind,
    sharedScale,
    latestUtilization: latestNonNull(s.utilization, input.to)?.v ?? null,
    actual: { points: actual, path: linePath(actual, sx, sy) },
    gaps,
    forecasts,
    capacity,
    markers,
    errorStat,
    xTicks,
    yTicks,
    capTicks,
    notices,
    empty: false,
  };
}

/** Latest rolling error published for horizon k; else the error of the shifted h<k> mean against the actual in view. */
function forecastError(s: ServiceSeries, k: number, step: number, to: number, actual: Point[]): ErrorStat | null {
  const e = s.error.get(k);
  const abs = latestNonNull(e?.abs, to);
  const mase = latestNonNull(e?.mase, to);
  if (abs || mase) {
    return { k, abs: abs?.v ?? null, mase: mase?.v ?? null, at: (mase ?? abs)!.t, source: 'series' };
  }
  const mean = s.forecast.get(k)?.mean;
  if (!mean) {
    return null;
  }
  const act = new Map(nonNull(actual).map((p) => [p.t, p.v]));
  const errs: number[] = [];
  for (const p of nonNull(mean)) {
    const a = act.get(p.t + k * step);
    if (a != null) {
      errs.push(Math.abs(a - p.v));
    }
  }
  if (errs.length === 0) {
    return null;
  }
  return { k, abs: errs.reduce((x, y) => x + y, 0) / errs.length, mase: null, at: null, source: 'view' };
}

function emptyModel(input: ModelInput, plot: DrawnModel['plot'], services: ServiceSeries[], notices: Notice[]): DrawnModel {
  return {
    width: input.width,
    height: input.height,
    plot,
    service: null,
    services: services.map((x) => x.base),
    xDomain: [input.from, input.to],
    yMax: 1,
    capMax: 4,
    now: input.now,
    nowX: plot.right,
    lastRun: null,
    step: null,
    actualKind: 'offered_load',
    sharedScale: false,
    latestUtilization: null,
    actual: { points: [], path: '' },
    gaps: [],
    forecasts: [],
    capacity: [],
    markers: [],
    errorStat: null,
    xTicks: [],
    yTicks: [],
    capTicks: [],
    notices,
    empty: true,
  };
}
