/**
 * Browser harness: plays Grafana's part for the built plugin. It provides the shared
 * modules Grafana hands to plugins (react, react/jsx-runtime, @grafana/data, @grafana/ui, ...)
 * through an AMD define(), loads dist/module.js exactly as built, takes `plugin.panel`
 * and renders it with DataFrames made from the recorded graphite-web answers.
 */
import * as React from 'react';
import * as jsxRuntime from 'react/jsx-runtime';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as grafanaData from '@grafana/data';
import * as grafanaUi from '@grafana/ui';

import { eventsToAnnotationFrames, FixtureMeta, GraphiteEvent, GraphiteSeries, renderToFrames } from '../graphite';

type Shared = Record<string, unknown>;
const shared: Shared = {
  react: React,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': ReactDOM,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
};

interface Harness {
  ready: boolean;
  error?: string;
  deps?: string[];
  events?: GraphiteEvent[];
  meta?: FixtureMeta;
}
const harness: Harness = { ready: false };
(window as unknown as { __harness: Harness }).__harness = harness;

function loadPluginModule(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const w = window as unknown as { define?: unknown };
    const define = (deps: string[], factory: (...args: unknown[]) => Record<string, unknown>) => {
      harness.deps = deps;
      const missing = deps.filter((d) => !(d in shared));
      if (missing.length) {
        reject(new Error(`module.js asks for modules Grafana would not give: ${missing.join(', ')}`));
        return;
      }
      resolve(factory(...deps.map((d) => shared[d])));
    };
    (define as unknown as { amd: object }).amd = {};
    w.define = define;
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`cannot load ${url}`));
    document.head.appendChild(script);
  });
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`${url}: ${res.status}`);
  }
  return (await res.json()) as T;
}

async function main() {
  const q = new URLSearchParams(location.search);
  const scenario = q.get('scenario') ?? 'main';
  const width = Number(q.get('width') ?? 1200);
  const height = Number(q.get('height') ?? 460);
  const options = JSON.parse(q.get('options') ?? '{}');

  const meta = await json<FixtureMeta>('/fixtures/meta.json');
  // "no forecast yet": the same query, recorded for a range that ends before leptoid's first forecast
  const noForecast = scenario === 'no-forecast';
  const file = noForecast ? `${meta.service}.no-forecast.render.json` : `${meta.service}.render.json`;
  const render = scenario === 'empty' ? [] : await json<GraphiteSeries[]>(`/fixtures/${file}`);
  const range = noForecast ? meta.noForecast : meta;
  const events = scenario === 'main' ? await json<GraphiteEvent[]>(`/fixtures/${meta.service}.events.json`) : [];
  harness.events = events;
  harness.meta = meta;

  const mod = await loadPluginModule('/dist/module.js');
  const plugin = mod.plugin as grafanaData.PanelPlugin;
  if (!(plugin instanceof grafanaData.PanelPlugin)) {
    throw new Error('module.js does not export a PanelPlugin as `plugin`');
  }
  const Panel = plugin.panel as React.ComponentType<grafanaData.PanelProps>;

  const theme = grafanaData.createTheme();
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.margin = '0';

  const timeRange = grafanaData.makeTimeRange(
    grafanaData.dateTime(range.from * 1000),
    grafanaData.dateTime(range.until * 1000)
  );
  const data: grafanaData.PanelData = {
    state: grafanaData.LoadingState.Done,
    series: renderToFrames(render),
    annotations: eventsToAnnotationFrames(events, ['leptoid', meta.env, meta.service]),
    timeRange,
  };
  // defaults come from the plugin's own options builder, as Grafana applies them. Grafana core
  // registers the real option editors; the harness registers placeholders for the ones it knows.
  grafanaData.standardEditorsRegistry.setInit(() =>
    ['radio', 'number', 'boolean', 'text', 'select'].map((id) => ({ id, name: id, editor: () => null }))
  );
  const defaults: Record<string, unknown> = {};
  const builder = new grafanaData.PanelOptionsEditorBuilder();
  const supplier = plugin.getPanelOptionsSupplier();
  supplier(builder, { data: [] });
  for (const item of builder.getItems()) {
    defaults[item.path] = item.defaultValue;
  }

  const props = {
    id: 1,
    data,
    timeRange,
    timeZone: 'utc',
    options: { ...defaults, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width,
    height,
    renderCounter: 0,
    title: 'forecast vs actual',
    eventBus: new grafanaData.EventBusSrv(),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (s: string) => s,
    onChangeTimeRange: () => {},
  } as unknown as grafanaData.PanelProps;

  const container = document.getElementById('root')!;
  container.style.cssText = `width:${width}px;height:${height}px;margin:12px;background:${theme.colors.background.primary};border:1px solid ${theme.colors.border.weak};border-radius:2px;padding:8px 8px 4px 8px;box-sizing:content-box`;
  createRoot(container).render(
    <grafanaUi.ThemeContext.Provider value={theme}>
      <Panel {...props} />
    </grafanaUi.ThemeContext.Provider>
  );
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  harness.ready = true;
}

main().catch((e: Error) => {
  harness.error = String(e?.stack ?? e);
  harness.ready = true;
});
