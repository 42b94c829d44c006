/** Loads the recorded graphite-web answers (test/fixtures, written by scripts/record-fixtures.sh). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FixtureMeta, GraphiteEvent, GraphiteSeries } from './graphite';

export const fixtureDir = join(__dirname, 'fixtures');

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as T;
}

export function loadRecorded() {
  const meta = readFixture<FixtureMeta>('meta.json');
  const render = readFixture<GraphiteSeries[]>(`${meta.service}.render.json`);
  const events = readFixture<GraphiteEvent[]>(`${meta.service}.events.json`);
  const newRender = readFixture<GraphiteSeries[]>(`${meta.service}.no-forecast.render.json`);
  return { meta, render, events, newRender };
}
