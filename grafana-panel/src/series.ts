/**
 * Reads leptoid's Graphite series out of Grafana DataFrames (pure, no React).
 *
 * Series names (each node sanitized to [A-Za-z0-9_-]):
 *   <prefix>.<env>.<service>.utilization | .offered_load
 *   <prefix>.<env>.<service>.forecast.h<k>.{mean,lower,upper}
 *   <prefix>.<env>.<service>.capacity.{desired,recommended,in_service}
 *   <prefix>.<env>.<service>.decision.code
 *   <prefix>.<env>.<service>.forecast_error.h<k>.{abs,mase}
 */
import type { DataFrame, Field } from '@grafana/data';

export interface Point {
  t: number; // epoch ms
  v: number | null; // null = gap (never 0)
}

export type Quantity = 'mean' | 'lower' | 'upper';
export type CapacityKind = 'desired' | 'recommended' | 'in_service';
export const capacityKinds: CapacityKind[] = ['desired', 'recommended', 'in_service'];

export interface ServiceSeries {
  /** "<prefix>.<env>.<service>" */
  base: string;
  utilization?: Point[];
  offeredLoad?: Point[];
  forecast: Map<number, Partial<Record<Quantity, Point[]>>>;
  capacity: Partial<Record<CapacityKind, Point[]>>;
  decision?: Point[];
  error: Map<number, { abs?: Point[]; mase?: Point[] }>;
}

export interface Annotation {
  t: number;
  title: string;
  text: string;
  tags: string[];
}

const TAIL =
  /^(.*?)\.?(utilization|offered_load|forecast\.h(\d+)\.(mean|lower|upper)|capacity\.(desired|recommended|in_service)|decision\.code|forecast_error\.h(\d+)\.(abs|mase))$/;

function fieldValues(field: Field): unknown[] {
  const values = field.values as unknown;
  if (Array.isArray(values)) {
    return values;
  }
  // older Vector-like values
  const vec = values as { toArray?: () => unknown[] };
  return typeof vec?.toArray === 'function' ? vec.toArray() : [];
}

function num(x: unknown): number | null {
  if (x == null) {
    return null;
  }
  const n = typeof x === 'number' ? x : Number(x);
  return Number.isFinite(n) ? n : null;
}

/** The Graphite target a field came from (Grafana puts it in displayNameFromDS and frame.name). */
export function seriesName(frame: DataFrame, field: Field): string {
  const candidates = [
    field.config?.displayNameFromDS,
    field.labels?.name,
    frame.name,
    field.config?.displayName,
    field.name,
  ];
  for (const c of candidates) {
    if (c && TAIL.test(c.trim())) {
      return c.trim();
    }
  }
  return (candidates.find((c) => !!c) ?? '').trim();
}

/** Every (name, points) pair found in the frames; number fields against the frame's time field. */
export function namedSeries(frames: DataFrame[]): Array<{ name: string; points: Point[] }> {
  const out: Array<{ name: string; points: Point[] }> = [];
  for (const frame of frames ?? []) {
    const time = frame.fields.find((f) => f.type === 'time');
    if (!time) {
      continue;
    }
    const ts = fieldValues(time).map(num);
    for (const field of frame.fields) {
      if (field === time || field.type !== 'number') {
        continue;
      }
      const vs = fieldValues(field);
      const points: Point[] = [];
      ts.forEach((t, i) => {
        if (t != null) {
          points.push({ t, v: num(vs[i]) });
        }
      });
      points.sort((a, b) => a.t - b.t);
      out.push({ name: seriesName(frame, field), points });
    }
  }
  return out;
}

function emptyService(base: string): ServiceSeries {
  return { base, forecast: new Map(), capacity: {}, error: new Map() };
}

/** Groups the frames by service ("<prefix>.<env>.<service>"), sorted by name. Unknown series are ignored. */
export function readServices(frames: DataFrame[]): ServiceSeries[] {
  const byBase = new Map<string, ServiceSeries>();
  for (const { name, points } of namedSeries(frames)) {
    const m = TAIL.exec(name);
    if (!m) {
      continue;
    }
    const base = m[1];
    const s = byBase.get(base) ?? emptyService(base);
    byBase.set(base, s);
    const tail = m[2];
    if (tail === 'utilization') {
      s.utilization = points;
    } else if (tail === 'offered_load') {
      s.offeredLoad = points;
    } else if (tail === 'decision.code') {
      s.decision = points;
    } else if (m[3] && m[4]) {
      const k = Number(m[3]);
      const h = s.forecast.get(k) ?? {};
      h[m[4] as Quantity] = points;
      s.forecast.set(k, h);
    } else if (m[5]) {
      s.capacity[m[5] as CapacityKind] = points;
    } else if (m[6] && m[7]) {
      const k = Number(m[6]);
      const e = s.error.get(k) ?? {};
      e[m[7] as 'abs' | 'mase'] = points;
      s.error.set(k, e);
    }
  }
  return [...byBase.values()].sort((a, b) => a.base.localeCompare(b.base));
}

function stringList(x: unknown): string[] {
  if (Array.isArray(x)) {
    return x.map(String);
  }
  if (typeof x === 'string' && x.length > 0) {
    return x.split(/[,\s]+/).filter(Boolean);
  }
  return [];
}

/** Annotation frames (Grafana passes dashboard annotations as DataFrames with time/title/text/tags fields). */
export function readAnnotations(frames: DataFrame[] | undefined): Annotation[] {
  const out: Annotation[] = [];
  for (const frame of frames ?? []) {
    const byName = (n: string) => frame.fields.find((f) => f.name === n);
    const time = byName('time') ?? frame.fields.find((f) => f.type === 'time');
    if (!time) {
      continue;
    }
    const ts = fieldValues(time);
    const title = byName('title');
    const text = byName('text');
    const tags = byName('tags');
    ts.forEach((t, i) => {
      const tt = num(t);
      if (tt == null) {
        return;
      }
      const titleS = title ? String(fieldValues(title)[i] ?? '') : '';
      const textS = text ? String(fieldValues(text)[i] ?? '') : '';
      out.push({
        t: tt,
        // when only "text" is set (some Grafana versions fold title into text), its first line is the title
        title: titleS || textS.split('\n')[0],
        text: titleS ? textS : textS.split('\n').slice(1).join('\n'),
        tags: tags ? stringList(fieldValues(tags)[i]) : [],
      });
    });
  }
  return out.sort((a, b) => a.t - b.t);
}
