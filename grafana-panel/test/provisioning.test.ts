import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { defaultOptions } from '../src/types';
import { readFixture } from './recorded';

const root = join(__dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

interface Target {
  refId: string;
  target: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  targets: Target[];
  options?: Record<string, unknown>;
}
const dashboard = JSON.parse(read('provisioning/dashboards/leptoid/leptoid.json'));
const panels: Panel[] = dashboard.panels;
const pluginId = JSON.parse(read('src/plugin.json')).id;
const variable = (name: string) => dashboard.templating.list.find((v: { name: string }) => v.name === name);

describe('provisioning', () => {
  it('provisions a Graphite datasource of its own that never claims to be the default', () => {
    const yaml = read('provisioning/datasources/graphite.yaml');
    expect(yaml).toMatch(/^\s+type: graphite$/m);
    expect(yaml).toMatch(/^\s+uid: leptoid-graphite$/m);
    expect(yaml).toMatch(/^\s+- name: leptoid-graphite$/m);
    expect(yaml).toMatch(/graphiteVersion: "1\.1"/);
    expect(yaml).not.toMatch(/isDefault:\s*true/);
    expect(yaml).toMatch(/^\s+isDefault: false$/m);
  });

  it('the dashboard provider points at the folder holding the dashboard', () => {
    const yaml = read('provisioning/dashboards/leptoid.yaml');
    expect(yaml).toMatch(/path: \/etc\/grafana\/provisioning\/dashboards\/leptoid$/m);
  });

  it('every query, variable and annotation goes to the Graphite the datasource variable picks', () => {
    expect(variable('datasource')).toMatchObject({ type: 'datasource', query: 'graphite', current: {} });
    const json = read('provisioning/dashboards/leptoid/leptoid.json');
    expect(json).not.toMatch(/"uid": "(leptoid-)?graphite"/);
    for (const p of panels) {
      expect(p.datasource).toEqual({ type: 'graphite', uid: '${datasource}' });
      for (const t of p.targets) {
        expect(t.datasource?.uid).toBe('${datasource}');
      }
    }
    for (const v of dashboard.templating.list.filter((v: { type: string }) => v.type === 'query')) {
      expect(v.datasource).toEqual({ type: 'graphite', uid: '${datasource}' });
    }
  });

  it('every series path starts at the prefix variable, which defaults to leptoid', () => {
    expect(variable('prefix')).toMatchObject({ type: 'textbox', query: 'leptoid', current: { value: 'leptoid' } });
    const targets = panels.flatMap((p) => p.targets.map((t) => t.target));
    for (const t of targets) {
      expect(t).toMatch(/(^|\()\$prefix\.\$env\./);
      expect(t).not.toMatch(/leptoid\./);
    }
  });

  it('has env and service variables from Graphite, service excluding the run-health node', () => {
    const env = variable('env');
    const service = variable('service');
    expect(env).toMatchObject({ name: 'env', type: 'query', definition: '$prefix.*' });
    expect(service).toMatchObject({ name: 'service', type: 'query', definition: '$prefix.$env.*' });
    const re = new RegExp(service.regex.slice(1, -1));
    expect(re.test('run')).toBe(false);
    expect(re.test('web-api')).toBe(true);
  });

  it('annotates from Graphite events tagged leptoid, $env, $service', () => {
    const anno = dashboard.annotations.list.find((a: { datasource: { uid: string } }) => a.datasource.uid === '${datasource}');
    expect(anno.target).toMatchObject({ queryType: 'tags', fromAnnotations: true, tags: ['leptoid', '$env', '$service'] });
  });

  it('the forecast panel uses this plugin and asks exactly what the fixtures were recorded with', () => {
    const panel = panels.find((p) => p.type === pluginId)!;
    expect(panel).toBeDefined();
    const meta = readFixture<{ panelTargets: string[] }>('meta.json');
    // with the prefix variable at its default, as Grafana interpolates it before asking Graphite
    const prefix = variable('prefix').query;
    expect(panel.targets.map((t) => `${t.refId}:${t.target.replaceAll('$prefix', prefix)}`)).toEqual(meta.panelTargets);
    expect(Object.keys(panel.options ?? {}).sort()).toEqual(Object.keys(defaultOptions).sort());
  });

  it('also shows offered load, decisions and run health', () => {
    const all = panels.flatMap((p) => p.targets.map((t) => t.target)).join('\n');
    expect(all).toMatch(/\.offered_load/);
    expect(all).toMatch(/\.decision\.code/);
    expect(all).toMatch(/\$prefix\.\$env\.run\./);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
