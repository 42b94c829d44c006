/**
 * Turns recorded graphite-web answers into the DataFrames a Grafana panel receives, the way
 * Grafana's Graphite datasource does it (frontend path): the refId that the datasource appended
 * to each target with aliasSub(target, "(^.*$)", "\1 <refId>") is split off the name again,
 * timestamps go from seconds to ms, title = target, and toDataFrame() builds the frame
 * (Time field + Value field carrying the tags as labels and displayNameFromDS = target).
 * Graphite events become the annotation frame: {time: when*1000, title: what, tags, text: data}.
 */
import { DataFrame, toDataFrame } from '@grafana/data';

export interface GraphiteSeries {
  target: string;
  tags?: Record<string, string | number>;
  datapoints: Array<[number | null, number]>;
}

export interface GraphiteEvent {
  when: number;
  what: string;
  data: string;
  tags: string[] | string;
  id?: number;
}

export interface FixtureMeta {
  env: string;
  service: string;
  /** a range of the same query that ends before leptoid's first forecast ("no forecast yet") */
  noForecast: { from: number; until: number };
  from: number;
  until: number;
  lastRun: number;
  stepSeconds: number;
}

/** What the panel gets for one /render answer. */
export function renderToFrames(answer: GraphiteSeries[]): DataFrame[] {
  return answer.map((raw) => {
    const s = { ...raw, datapoints: raw.datapoints.map(([v, t]) => [v, t] as [number | null, number]) };
    const parts = s.target.split(' ');
    let refId = '';
    if (parts.length > 1) {
      refId = parts.pop() ?? '';
    }
    const target = parts.join(' ');
    const ts = { target, title: target, tags: s.tags, datapoints: s.datapoints.map(([v, t]) => [v, t * 1000]) };
    const frame = toDataFrame(ts);
    frame.refId = refId;
    return frame;
  });
}

/** What the panel gets in data.annotations for a Graphite-events annotation query. */
export function eventsToAnnotationFrames(events: GraphiteEvent[], tags: string[]): DataFrame[] {
  const list = events.map((e) => ({
    time: e.when * 1000,
    title: e.what,
    tags: typeof e.tags === 'string' ? e.tags.split(/[ ,]+/).filter(Boolean) : e.tags,
    text: e.data,
  }));
  const frame = toDataFrame(list);
  frame.name = `graphite events ${tags.join(' ')}`;
  return [frame];
}
