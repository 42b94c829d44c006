// Browser test: headless Chromium (Debian package) renders the built panel (dist/module.js)
// in test/browser/harness.html with frames from the recorded Graphite answers, and checks the page.
// Run with: node --test test/browser/   (after npm run build). PANEL_DIR serves another build of the
// plugin instead of dist/ (scripts/test.sh: the folder unpacked from the packaged zip).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const out = join(root, 'test-output');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

let server;
let browser;
let base;

const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml' };
const routes = {
  '/harness/': join(root, '.harness'),
  '/dist/': process.env.PANEL_DIR ?? join(root, 'dist'),
  '/fixtures/': join(root, 'test', 'fixtures'),
};

function serve(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  let file = url.pathname === '/' ? join(root, 'test', 'browser', 'harness.html') : null;
  for (const [prefix, dir] of Object.entries(routes)) {
    if (url.pathname.startsWith(prefix)) {
      const rel = normalize(url.pathname.slice(prefix.length));
      if (!rel.startsWith('..')) {
        file = join(dir, rel);
      }
    }
  }
  if (!file || !existsSync(file)) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}

before(async () => {
  assert.ok(existsSync(join(routes['/dist/'], 'module.js')), `${routes['/dist/']}/module.js missing: run npm run build first`);
  await build({
    entryPoints: [join(root, 'test', 'browser', 'harness.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'empty', '.css': 'empty', '.woff2': 'empty', '.png': 'empty' },
    minify: true,
    outfile: join(root, '.harness', 'harness.js'),
    logLevel: 'error',
  });
  server = createServer(serve);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

async function open(query) {
  const page = await browser.newPage({ viewport: { width: 1240, height: 520 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(base + '?' + new URLSearchParams(query).toString());
  await page.waitForFunction(() => window.__harness?.ready === true, null, { timeout: 30_000 });
  const h = await page.evaluate(() => ({ error: window.__harness.error, deps: window.__harness.deps }));
  assert.equal(h.error, undefined, `harness failed: ${h.error}`);
  return { page, errors, deps: h.deps };
}

const fixtures = join(root, 'test', 'fixtures');
const fixtureMeta = JSON.parse(readFileSync(join(fixtures, 'meta.json'), 'utf8'));
const fixtureRender = JSON.parse(readFileSync(join(fixtures, `${fixtureMeta.service}.render.json`), 'utf8'));
const svc = `leptoid.${fixtureMeta.env}.${fixtureMeta.service}`;
/** Recorded datapoints of one Graphite target (refId suffix removed). */
const recorded = (name) => fixtureRender.find((x) => x.target.split(' ')[0] === name).datapoints;

/** All x,y pairs in an SVG path's d attribute (our paths use absolute M/L/Z only). */
function vertices(d) {
  return [...d.matchAll(/([ML])([-\d.]+),([-\d.]+)/g)].map((m) => ({ cmd: m[1], x: Number(m[2]), y: Number(m[3]) }));
}

describe('leptoid forecast panel in Chromium', () => {
  let page;
  let errors;
  let deps;
  let meta;
  let events;

  before(async () => {
    ({ page, errors, deps } = await open({ scenario: 'main' }));
    ({ meta, events } = await page.evaluate(() => ({ meta: window.__harness.meta, events: window.__harness.events })));
  });
  after(async () => {
    await page?.close();
  });

  it('loads module.js (dist/, or PANEL_DIR) as an AMD module with only shared dependencies', () => {
    assert.ok(deps.includes('react') && deps.includes('@grafana/data'), `deps: ${deps}`);
    assert.deepEqual(errors, []);
  });

  it('draws the latest forecast band right of "now"', async () => {
    const nowX = Number(await page.locator('[data-testid=now] line').getAttribute('x1'));
    const band = await page.locator('[data-testid=band-latest]').getAttribute('d');
    const pts = vertices(band);
    // the latest run's horizons still ahead of "now" (its origin, the last data point, is before now)
    const origin = recorded(`${svc}.forecast.h1.mean`).filter(([v]) => v != null).at(-1)[1];
    const ahead = Array.from({ length: 12 }, (_, i) => origin + (i + 1) * meta.stepSeconds).filter((t) => t > meta.until);
    assert.ok(ahead.length >= 6, `only ${ahead.length} horizons ahead of now`);
    assert.equal(pts.length, 2 * ahead.length, `band has ${pts.length} vertices`);
    for (const p of pts) {
      assert.ok(p.x > nowX, `band vertex x=${p.x} not right of now x=${nowX}`);
    }
    // and the rendered box agrees with the attributes
    const bandBox = await page.locator('[data-testid=band-latest]').boundingBox();
    const nowBox = await page.locator('[data-testid=now] line').boundingBox();
    assert.ok(bandBox.x > nowBox.x, `band box ${bandBox.x} vs now ${nowBox.x}`);
    assert.ok(bandBox.width > 20 && bandBox.height > 5);
  });

  it('shows the actual line and the fan at horizon k left of now', async () => {
    const actual = vertices(await page.locator('[data-testid=actual]').getAttribute('d'));
    const nowX = Number(await page.locator('[data-testid=now] line').getAttribute('x1'));
    assert.ok(actual.length > 40);
    assert.ok(actual.every((p) => p.x <= nowX + 0.5));
    const k = await page.locator('[data-testid=forecast-horizon]').getAttribute('data-k');
    assert.equal(k, '3');
    const fan = vertices(await page.locator('[data-testid=mean-horizon]').getAttribute('d'));
    assert.ok(fan.some((p) => p.x < nowX) && fan.some((p) => p.x > nowX), 'the h3 fan spans history and future');
  });

  it('puts one marker per action/hold event, at the event time', async () => {
    const inRange = events.filter((e) => e.when >= meta.from && e.when <= meta.until);
    const markers = await page.locator('[data-testid=marker]').evaluateAll((els) =>
      els.map((e) => ({ kind: e.dataset.kind, t: Number(e.dataset.t), source: e.dataset.source, title: e.querySelector('title').textContent }))
    );
    assert.equal(markers.length, inRange.length);
    for (const e of inRange) {
      const m = markers.find((x) => x.t === e.when * 1000);
      assert.ok(m, `no marker for ${e.what} at ${e.when}`);
      assert.equal(m.kind, /scale-out|scale-in|hold/.exec(e.what)[0]);
      assert.ok(m.title.includes(e.data), 'reasons are in the marker title');
    }
    assert.ok(markers.some((m) => m.kind === 'hold'));
  });

  it('capacity steps move exactly where the scaling markers are, in their direction', async () => {
    const d = await page.locator('[data-testid=capacity-desired]').getAttribute('d');
    const pts = vertices(d);
    const steps = [];
    for (let i = 1; i < pts.length; i++) {
      if (pts[i].cmd === 'L' && pts[i].x === pts[i - 1].x && pts[i].y !== pts[i - 1].y) {
        steps.push({ x: pts[i].x, up: pts[i].y < pts[i - 1].y });
      }
    }
    const markers = await page.locator('[data-testid=marker]').evaluateAll((els) =>
      els
        .filter((e) => e.dataset.kind === 'scale-out' || e.dataset.kind === 'scale-in')
        .map((e) => ({ kind: e.dataset.kind, x: Number(e.querySelector('line').getAttribute('x1')) }))
    );
    const firstX = pts[0].x;
    const expected = markers.filter((m) => m.x > firstX);
    assert.ok(expected.length >= 3, `only ${expected.length} scaling markers`);
    assert.deepEqual(
      steps.map((s) => [s.x, s.up ? 'scale-out' : 'scale-in']),
      expected.map((m) => [m.x, m.kind])
    );
  });

  it('shows the reason on hover', async () => {
    const first = events.filter((e) => e.when >= meta.from && e.when <= meta.until && e.what.includes(' hold '))[0];
    const hold = page.locator(`[data-testid=marker][data-kind=hold][data-t="${first.when * 1000}"]`);
    const box = await hold.locator('path').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tip = page.locator('[data-testid=marker-tooltip]');
    await tip.waitFor({ timeout: 5000 });
    const text = await tip.textContent();
    assert.ok(text.includes(first.what), `tooltip "${text}" lacks "${first.what}"`);
    assert.ok(text.includes(first.data), `tooltip "${text}" lacks "${first.data}"`);
    await page.mouse.move(5, 5);
  });

  it('marks the data gaps and shows the forecast error', async () => {
    // gaps in the recorded offered load longer than 1.5 steps
    const xs = recorded(`${svc}.offered_load`).filter(([v]) => v != null).map(([, t]) => t);
    const gaps = xs.slice(1).map((t, i) => [xs[i], t]).filter(([a, b]) => b - a > 1.5 * meta.stepSeconds);
    assert.ok(gaps.length >= 2);
    const drawn = await page.locator('[data-testid=data-gap]').evaluateAll((els) => els.map((e) => [Number(e.dataset.from), Number(e.dataset.to)]));
    assert.deepEqual(drawn, gaps.map(([a, b]) => [a * 1000, b * 1000]));
    assert.match(await page.locator('[data-testid=data-gap]').first().textContent(), /data gap/);
    // the recorded run published no forecast_error series: the error of the shifted h3 in view
    const stat = await page.locator('[data-testid=error-stat]').textContent();
    assert.match(stat, /^h3 error \(in view\): MAE [\d.]+$/);
  });

  it('writes a screenshot for people to look at', async () => {
    mkdirSync(out, { recursive: true });
    await page.locator('#root').screenshot({ path: join(out, 'panel.png') });
    assert.ok(existsSync(join(out, 'panel.png')));
  });
});

describe('empty states', () => {
  it('says "no forecast yet" for a service that has traffic but no forecast', async () => {
    const { page, errors } = await open({ scenario: 'no-forecast', height: '300' });
    const notice = await page.locator('[data-testid=notice-no-forecast]').textContent();
    assert.match(notice, /^No forecast yet/);
    assert.equal(await page.locator('[data-testid=band-latest]').count(), 0);
    assert.ok((await page.locator('[data-testid=actual]').getAttribute('d')).startsWith('M'));
    mkdirSync(out, { recursive: true });
    await page.locator('#root').screenshot({ path: join(out, 'panel-no-forecast.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('explains an answer without leptoid series', async () => {
    const { page, errors } = await open({ scenario: 'empty', height: '200' });
    assert.match(await page.locator('[data-testid=empty-state]').textContent(), /No leptoid series/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('honours the options: latest path only, mean-upper band', async () => {
    const { page } = await open({ scenario: 'main', options: JSON.stringify({ view: 'latest', band: 'upper' }) });
    assert.equal(await page.locator('[data-testid=forecast-horizon]').count(), 0);
    const band = vertices(await page.locator('[data-testid=band-latest]').getAttribute('d'));
    const mean = vertices(await page.locator('[data-testid=mean-latest]').getAttribute('d'));
    // lower edge of the band (second half, reversed) is the mean line
    const lower = band.slice(band.length / 2).reverse();
    assert.deepEqual(
      lower.map((p) => [p.x, p.y]),
      mean.map((p) => [p.x, p.y])
    );
    await page.close();
  });
});
