import { describe, expect, it } from 'vitest';
import { DataFrame, toDataFrame } from '@grafana/data';

import { buildModel, DrawnModel, markerKind, ModelInput } from '../src/model';
import { readServices } from '../src/series';
import { eventsToAnnotationFrames, GraphiteSeries, renderToFrames } from './graphite';
import { loadRecorded } from './recorded';

const { meta, render, events, newRender } = loadRecorded();
const base = `leptoid.${meta.env}.${meta.service}`;
const stepMs = meta.stepSeconds * 1000;
const from = meta.from * 1000;
const to = meta.until * 1000;

/** The raw recorded series by Graphite target (refId suffix removed), for independent expectations. */
function raw(name: string): Array<[number | null, number]> {
  const s = render.find((x) => x.target.split(' ')[0] === name);
  if (!s) {
    throw new Error(`no recorded series ${name}`);
  }
  return s.datapoints;
}
const rawAt = (name: string, tSec: number) => raw(name).find(([, t]) => t === tSec)?.[0] ?? null;
const lastNonNull = (name: string) => raw(name).filter(([v]) => v != null).slice(-1)[0];
/** leptoid's run interval: capacity is written once per run (every 5 min in the demo; the metric step is 1 min). */
const runMs = (() => {
  const ts = raw(`${base}.capacity.desired`).filter(([v]) => v != null).map(([, t]) => t * 1000);
  const diffs = ts.slice(1).map((t, i) => t - ts[i]).sort((a, b) => a - b);
  return diffs[Math.floor(diffs.length / 2)];
})();
/** Maximal runs of nulls between two recorded values of a series: [last value before, first value after] (s). */
function nullRuns(name: string): Array<[number, number]> {
  const xs = raw(name).filter(([v]) => v != null).map(([, t]) => t);
  return xs.slice(1).flatMap((t, i) => (t - xs[i] > meta.stepSeconds ? [[xs[i], t] as [number, number]] : []));
}

function model(over: Partial<ModelInput> = {}): DrawnModel {
  return buildModel({
    series: renderToFrames(render),
    annotations: eventsToAnnotationFrames(events, ['leptoid', meta.env, meta.service]),
    from,
    to,
    now: to,
    width: 1000,
    height: 360,
    ...over,
  });
}

describe('reading the recorded Graphite answer', () => {
  it('finds one service with its horizons, capacity, decisions and errors', () => {
    const [s, ...rest] = readServices(renderToFrames(render));
    expect(rest).toHaveLength(0);
    expect(s.base).toBe(base);
    const horizons = new Set(render.map((x) => /forecast\.h(\d+)\.mean/.exec(x.target)?.[1]).filter(Boolean).map(Number));
    expect([...s.forecast.keys()].sort((a, b) => a - b)).toEqual([...horizons].sort((a, b) => a - b));
    expect(Object.keys(s.capacity).sort()).toEqual(['desired', 'in_service', 'recommended']);
    expect(s.decision?.length).toBe(raw(`${base}.decision.code`).length);
    expect(s.utilization?.filter((p) => p.v == null).length).toBe(raw(`${base}.utilization`).filter(([v]) => v == null).length);
    expect(s.offeredLoad?.length).toBe(raw(`${base}.offered_load`).length);
  });

  it('draws offered load as the actual (what leptoid forecasts) and shows the latest utilization', () => {
    const m = model();
    expect(m.actualKind).toBe('offered_load');
    expect(m.actual.points.filter((p) => p.v != null).map((p) => p.v)).toEqual(
      raw(`${base}.offered_load`).filter(([v]) => v != null).map(([v]) => v)
    );
    expect(m.latestUtilization).toBe(lastNonNull(`${base}.utilization`)[0]);
    // Erlangs and instances share one scale
    expect(m.sharedScale).toBe(true);
    expect(m.capMax).toBe(m.yMax);
    for (const t of m.capTicks) {
      expect(m.yTicks.find((y) => y.value === t.value)?.pos).toBe(t.pos);
    }
    const u = model({ options: { actual: 'utilization' } });
    expect(u.actualKind).toBe('utilization');
    expect(u.sharedScale).toBe(false);
  });

  it('infers the step from the spacing of the actual', () => {
    expect(model().step).toBe(stepMs);
  });
});

describe('latest full path', () => {
  const m = model({ options: { view: 'latest' } });
  const latest = m.forecasts.find((f) => f.kind === 'latest')!;
  const [, lastRunSec] = lastNonNull(`${base}.forecast.h1.mean`);

  it('starts from the most recent run and puts h<k> at run + k steps with the recorded values', () => {
    expect(latest.origin).toBe(lastRunSec * 1000);
    expect(m.lastRun).toBe(lastRunSec * 1000);
    expect(latest.mean).toHaveLength(12);
    for (const p of latest.mean) {
      const k = (p.t - latest.origin!) / stepMs;
      expect(Number.isInteger(k) && k >= 1 && k <= 12).toBe(true);
      expect(p.v).toBe(rawAt(`${base}.forecast.h${k}.mean`, lastRunSec));
    }
    for (const p of latest.upper) {
      const k = (p.t - latest.origin!) / stepMs;
      expect(p.v).toBe(rawAt(`${base}.forecast.h${k}.upper`, lastRunSec));
    }
  });

  it('draws the band right of now, with upper above lower', () => {
    // the run's origin is its last data point, before now: the horizons still ahead are drawn
    const ahead = latest.upper.filter((p) => p.t > to);
    expect(ahead.length).toBeGreaterThanOrEqual(6);
    expect(latest.upper.length - ahead.length).toBe(Math.ceil((to - lastRunSec * 1000) / stepMs));
    expect(latest.bandPolygons.length).toBe(1);
    const poly = latest.bandPolygons[0];
    expect(poly).toHaveLength(2 * ahead.length);
    for (const p of poly) {
      expect(p.x).toBeGreaterThan(m.nowX);
    }
    // and the drawn vertices are the recorded upper and lower values of those horizons
    const sy = (v: number) => m.plot.bottom - (v / m.yMax) * (m.plot.bottom - m.plot.top);
    ahead.forEach((p, i) => {
      const k = (p.t - latest.origin!) / stepMs;
      expect(poly[i].y).toBeCloseTo(sy(rawAt(`${base}.forecast.h${k}.upper`, lastRunSec)!), 0);
      expect(poly[poly.length - 1 - i].y).toBeCloseTo(sy(rawAt(`${base}.forecast.h${k}.lower`, lastRunSec)!), 0);
    });
    expect(latest.meanPath.split('L').length).toBe(ahead.length);
    const n = poly.length / 2;
    for (let i = 0; i < n; i++) {
      // SVG y grows downwards: upper edge (first half) has smaller y than the lower edge at the same x
      const top = poly[i];
      const bottom = poly[poly.length - 1 - i];
      expect(top.x).toBe(bottom.x);
      expect(top.y).toBeLessThanOrEqual(bottom.y);
    }
    expect(m.xDomain[1]).toBe(lastRunSec * 1000 + 12 * stepMs);
  });

  it('mean-upper band uses the mean as its lower edge; none draws no band', () => {
    const up = model({ options: { view: 'latest', band: 'upper' } }).forecasts[0];
    expect(up.lower).toEqual(up.mean);
    const none = model({ options: { view: 'latest', band: 'none' } }).forecasts[0];
    expect(none.bandPolygons).toHaveLength(0);
    expect(none.meanPath).not.toBe('');
  });
});

describe('fan at horizon k', () => {
  it('shifts every run\'s h3 forward by 3 steps', () => {
    const m = model({ options: { view: 'horizon', horizon: 3 } });
    expect(m.forecasts).toHaveLength(1);
    const f = m.forecasts[0];
    expect(f.k).toBe(3);
    const recorded = raw(`${base}.forecast.h3.mean`).filter(([v]) => v != null);
    const drawn = f.mean.filter((p) => p.v != null);
    expect(drawn.length).toBe(recorded.length);
    drawn.forEach((p, i) => {
      expect(p.t).toBe(recorded[i][1] * 1000 + 3 * stepMs);
      expect(p.v).toBe(recorded[i][0]);
    });
    // consecutive runs are joined (Graphite is null between them at the 1-minute step); the line
    // and band break only where runs published no forecast (holds during the data gaps)
    const vertices = [...f.meanPath.matchAll(/[ML]([\d.]+),([\d.]+)/g)];
    expect(vertices).toHaveLength(recorded.length);
    const silences = recorded.slice(1).filter(([, t], i) => (t - recorded[i][1]) * 1000 > 1.5 * runMs).length;
    expect(silences).toBeGreaterThanOrEqual(2);
    expect(f.meanPath.match(/M/g)).toHaveLength(silences + 1);
    expect(f.bandPolygons.length).toBe(silences + 1);
    expect(f.bandPolygons.reduce((n, p) => n + p.length, 0)).toBe(2 * recorded.length);
  });

  it('falls back to the nearest published horizon', () => {
    expect(model({ options: { view: 'horizon', horizon: 40 } }).forecasts[0].k).toBe(12);
  });

  it('an explicit run interval overrides the inferred one', () => {
    const m = model({ options: { view: 'horizon', horizon: 2, stepSeconds: 60 } });
    const first = raw(`${base}.forecast.h2.mean`).find(([v]) => v != null)!;
    expect(m.forecasts[0].mean.find((p) => p.v != null)!.t).toBe(first[1] * 1000 + 2 * 60_000);
  });
});

describe('capacity steps and decisions', () => {
  const m = model();
  const desired = m.capacity.find((c) => c.kind === 'desired')!;
  const SCALE = /^leptoid scale-(out|in) [\w-]+: (\d+) -> (\d+)$/;
  const scaling = events
    .filter((e) => SCALE.test(e.what) && e.when * 1000 >= from)
    .map((e) => {
      const [, dir, a, b] = SCALE.exec(e.what)!;
      return { t: e.when * 1000, dir, from: Number(a), to: Number(b) };
    });

  it('every change of desired capacity is a recorded scaling event, and the other way round', () => {
    expect(scaling.length).toBeGreaterThan(3);
    const firstDesired = desired.points.find((p) => p.v != null)!.t;
    const expected = scaling.filter((s) => s.t > firstDesired).map((s) => ({ t: s.t, from: s.from, to: s.to }));
    expect(desired.changes.map(({ t, from: a, to: b }) => ({ t, from: a, to: b }))).toEqual(expected);
    for (const c of desired.changes) {
      const s = scaling.find((x) => x.t === c.t)!;
      expect(s.dir).toBe(c.to > c.from ? 'out' : 'in');
    }
  });

  it('in-service capacity follows desired one run later (launch + warm-up = one run interval)', () => {
    expect(runMs).toBe(5 * stepMs);
    const inService = m.capacity.find((c) => c.kind === 'in_service')!;
    for (const c of desired.changes) {
      if (c.t + runMs <= to) {
        expect(inService.changes.some((x) => x.t === c.t + runMs && x.to === c.to)).toBe(true);
      }
    }
  });

  it('holds each run\'s capacity until the next run (Graphite keeps 1-minute points, runs write every 5)', () => {
    const rec = raw(`${base}.capacity.desired`);
    expect(rec.filter(([v]) => v == null).length).toBeGreaterThan(rec.filter(([v]) => v != null).length);
    // one unbroken step line from the first run to the end of the range
    expect(desired.path.match(/M/g)).toHaveLength(1);
    const xs = [...desired.path.matchAll(/[ML]([\d.]+),/g)].map((g) => Number(g[1]));
    const [d0, d1] = m.xDomain;
    const xOf = (t: number) => m.plot.left + ((t - d0) / (d1 - d0)) * (m.plot.right - m.plot.left);
    expect(Math.min(...xs)).toBeCloseTo(xOf(rec.find(([v]) => v != null)![1] * 1000), 0);
    expect(Math.max(...xs)).toBeCloseTo(xOf(Math.min(d1, to + stepMs)), 0);
  });

  it('the step path draws a vertical segment at each change', () => {
    for (const c of desired.changes) {
      const xs = [...desired.path.matchAll(/L([\d.]+),([\d.]+)L([\d.]+),([\d.]+)/g)]
        .filter((g) => g[1] === g[3] && g[2] !== g[4])
        .map((g) => Number(g[1]));
      expect(xs).toContain(c.x);
    }
  });
});

describe('markers', () => {
  const inRange = events.filter((e) => e.when * 1000 >= from && e.when * 1000 <= to);

  it('one marker per event, with its kind and reasons', () => {
    const m = model();
    const fromEvents = m.markers.filter((x) => x.source === 'event');
    expect(fromEvents).toHaveLength(inRange.length);
    for (const e of inRange) {
      const mk = fromEvents.find((x) => x.t === e.when * 1000 && x.title === e.what)!;
      expect(mk.text).toBe(e.data);
      expect(mk.kind).toBe((e.tags as string[])[3]);
    }
    // every hold/scale decision code is covered by an event, so no extra markers
    expect(m.markers.filter((x) => x.source === 'decision')).toHaveLength(0);
  });

  it('without annotations, markers come from decision.code at the same times', () => {
    const m = model({ annotations: [] });
    const codes = raw(`${base}.decision.code`).filter(([v]) => v === 0 || v === 1 || v === 2);
    expect(m.markers.map((x) => x.t)).toEqual(codes.map(([, t]) => t * 1000));
    const kinds = m.markers.map((x) => x.kind);
    expect(kinds).toEqual(codes.map(([v]) => (v === 0 ? 'hold' : v === 1 ? 'scale-out' : 'scale-in')));
    const evTimes = inRange.map((e) => e.when * 1000);
    expect(m.markers.map((x) => x.t)).toEqual(evTimes);
  });
});

describe('error stat', () => {
  it('the recorded run published no forecast_error series (leptoid demo has no read-back), so the stat is in view', () => {
    expect(render.filter((s) => s.target.includes('.forecast_error.'))).toHaveLength(0);
    expect(model({ options: { horizon: 3 } }).errorStat).toMatchObject({ k: 3, source: 'view', mase: null });
  });

  it('shows the latest rolling error published for the horizon drawn', () => {
    // forecast_error.h3.{mase,abs} as docs/naming.md names them, at the recorded run origins
    const origins = raw(`${base}.forecast.h3.mean`).filter(([v]) => v != null);
    const published: GraphiteSeries[] = (['mase', 'abs'] as const).map((q, j) => ({
      target: `${base}.forecast_error.h3.${q} F`,
      datapoints: origins.map(([, t], i) => [(i + 1) * (j + 1) * 0.01, t] as [number, number]),
    }));
    const m = model({ series: renderToFrames([...render, ...published]), options: { horizon: 3 } });
    expect(m.errorStat).toMatchObject({
      k: 3,
      source: 'series',
      mase: origins.length * 0.01,
      abs: origins.length * 0.02,
      at: origins[origins.length - 1][1] * 1000,
    });
  });

  it('without error series, computes the error of the shifted mean against the actual in view', () => {
    const frames = renderToFrames(render.filter((s) => !s.target.includes('forecast_error')));
    const m = model({ series: frames, options: { horizon: 1 } });
    expect(m.errorStat?.source).toBe('view');
    const act = new Map(raw(`${base}.offered_load`).filter(([v]) => v != null).map(([v, t]) => [t, v as number]));
    const errs = raw(`${base}.forecast.h1.mean`)
      .filter(([v, t]) => v != null && act.has(t + meta.stepSeconds))
      .map(([v, t]) => Math.abs(act.get(t + meta.stepSeconds)! - (v as number)));
    expect(m.errorStat?.abs).toBeCloseTo(errs.reduce((a, b) => a + b, 0) / errs.length, 12);
  });
});

describe('gaps and empty states', () => {
  it('marks every recorded gap in offered load as a data gap, and none at the end', () => {
    const m = model();
    // the trace's gaps (leptoid held on stale data there): longer than 1.5 steps
    const expected = nullRuns(`${base}.offered_load`).filter(([a, b]) => b - a > 1.5 * meta.stepSeconds);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(m.gaps).toEqual(expected.map(([a, b]) => expect.objectContaining({ from: a * 1000, to: b * 1000, trailing: false })));
    // the actual ends at the last run's origin, before now: that is not a gap
    expect(lastNonNull(`${base}.offered_load`)[1] * 1000).toBeLessThan(to);
    expect(m.notices.map((n) => n.kind)).not.toContain('data-gap');
    expect(m.notices).toEqual([]);
  });

  it('says "data gap" when utilization stopped arriving', () => {
    const cut = render.map((s) =>
      s.target.includes('.offered_load')
        ? { ...s, datapoints: s.datapoints.map(([v, t]) => [t > meta.lastRun - 1800 ? null : v, t] as [number | null, number]) }
        : s
    );
    const m = model({ series: renderToFrames(cut) });
    const notice = m.notices.find((n) => n.kind === 'data-gap');
    expect(notice?.text).toMatch(/^Data gap: no offered load since \d\d:\d\d$/);
    expect(m.gaps.some((g) => g.trailing)).toBe(true);
  });

  it('says "no forecast yet" for a range with traffic but before the first forecast', () => {
    const frames = renderToFrames(newRender);
    const nf = { from: meta.noForecast.from * 1000, to: meta.noForecast.until * 1000 };
    const m = model({ series: frames, annotations: [], ...nf, now: nf.to });
    expect(m.service).toBe(base);
    expect(newRender.find((x) => x.target.startsWith(`${base}.offered_load `))!.datapoints.some(([v]) => v != null)).toBe(true);
    expect(m.forecasts).toHaveLength(0);
    expect(m.notices.map((n) => n.kind)).toContain('no-forecast');
    expect(m.actual.path.startsWith('M')).toBe(true);
    expect(m.empty).toBe(false);
  });

  it('an answer without leptoid series is an empty state, not a crash', () => {
    const other: GraphiteSeries[] = [{ target: 'collectd.host1.cpu A', datapoints: [[1, meta.from + 300]] }];
    for (const series of [[] as DataFrame[], renderToFrames(other)]) {
      const m = model({ series, annotations: [] });
      expect(m.empty).toBe(true);
      expect(m.notices[0].kind).toBe('no-data');
    }
  });

  it('flags a forecast whose last run is long past', () => {
    const m = model({ now: to + 30 * 60_000, to: to + 30 * 60_000 });
    expect(m.notices.find((n) => n.kind === 'stale-forecast')?.text).toMatch(/last run \d\d:\d\d/);
  });

  it('reads wide frames (one time field, several value fields) as well', () => {
    const names = [`${base}.capacity.desired`, `${base}.decision.code`];
    const t = raw(names[0]).map(([, ts]) => ts * 1000);
    const wide = toDataFrame({
      fields: [
        { name: 'Time', type: 'time', values: t },
        ...names.map((n) => ({ name: n, type: 'number', values: raw(n).map(([v]) => v) })),
      ],
    });
    const [s] = readServices([wide]);
    expect(s.capacity.desired?.map((p) => p.v)).toEqual(raw(names[0]).map(([v]) => v));
    expect(s.decision?.length).toBe(t.length);
  });
});

describe('pixels', () => {
  it('maps the actual line into the plot area, one vertex per recorded value', () => {
    const m = model();
    const vertices = [...m.actual.path.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((g) => [Number(g[1]), Number(g[2])]);
    expect(vertices).toHaveLength(raw(`${base}.offered_load`).filter(([v]) => v != null).length);
    for (const [x, y] of vertices) {
      expect(x).toBeGreaterThanOrEqual(m.plot.left);
      expect(x).toBeLessThanOrEqual(m.plot.right);
      expect(y).toBeGreaterThanOrEqual(m.plot.top);
      expect(y).toBeLessThanOrEqual(m.plot.bottom);
    }
    // gaps (any missing point) break the line into separate pieces
    expect(m.actual.path.split('M').length - 1).toBe(nullRuns(`${base}.offered_load`).length + 1);
  });
});

describe('leptoid event and step conventions (docs/naming.md)', () => {
  it('reads the kind from the kind tag, else from the title', () => {
    expect(markerKind('leptoid scale-out api: 4 -> 7', ['leptoid', 'prod', 'api', 'scale-out'])).toBe('scale-out');
    expect(markerKind('leptoid scale-in api: 7 -> 5 (not applied)')).toBe('scale-in');
    expect(markerKind('leptoid hold api: stale-data')).toBe('hold');
    expect(markerKind('deploy v42')).toBe('other');
  });

  it("ignores other services' events when the annotation query is wider", () => {
    const other = events.map((e) => ({ ...e, tags: ['leptoid', meta.env, 'billing', (e.tags as string[])[3]] }));
    const m = model({ annotations: eventsToAnnotationFrames([...events, ...other], ['leptoid', meta.env]) });
    expect(m.markers.filter((x) => x.source === 'event')).toHaveLength(
      events.filter((e) => e.when * 1000 >= from && e.when * 1000 <= to).length
    );
  });

  it('shifts by the metric step, not the run interval, when they differ', () => {
    // actual every 60 s, runs every 300 s: h<k> is origin + k x 60 s
    const t0 = 1_800_000_000_000;
    const minute = 60_000;
    const time = Array.from({ length: 61 }, (_, i) => t0 + i * minute);
    const runs = time.filter((_, i) => i % 5 === 0);
    const frame = (name: string, ts: number[], vs: number[]) =>
      toDataFrame({ name, fields: [{ name: 'Time', type: 'time', values: ts }, { name: 'Value', type: 'number', values: vs }] });
    const series = [
      frame('leptoid.prod.api.offered_load', time, time.map(() => 2)),
      ...[1, 2].flatMap((k) =>
        (['mean', 'lower', 'upper'] as const).map((q) => frame(`leptoid.prod.api.forecast.h${k}.${q}`, runs, runs.map(() => 2 + k)))
      ),
    ];
    const m = buildModel({ series, from: t0, to: t0 + 60 * minute, now: t0 + 60 * minute, width: 800, height: 300 });
    expect(m.step).toBe(minute);
    const latest = m.forecasts.find((f) => f.kind === 'latest')!;
    expect(latest.mean.map((p) => p.t)).toEqual([t0 + 61 * minute, t0 + 62 * minute]);
    expect(m.notices.map((n) => n.kind)).not.toContain('stale-forecast');
  });
});
