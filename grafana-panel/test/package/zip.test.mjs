// The plugin as Grafana installs it: the zip `npm run package` builds (scripts/package.mjs) is
// read with Info-ZIP's unzip (another implementation than the one that wrote it), checked for the
// layout `grafana cli --pluginUrl` expects, and unpacked to test-output/unzipped/, from where the
// browser test then loads and renders its module.js (PANEL_DIR, see scripts/test.sh).
// Run with: node --test test/package/   (after npm run package)
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { externals } from '../../scripts/externals.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const id = JSON.parse(readFileSync(join(root, 'src', 'plugin.json'), 'utf8')).id;
const zip = join(root, `${id}-${pkg.version}.zip`);
const unzipped = join(root, 'test-output', 'unzipped');
const folder = join(unzipped, id);

function filesUnder(dir, prefix = '') {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]));
}

describe(`${id}-${pkg.version}.zip`, () => {
  let entries;

  before(() => {
    assert.ok(existsSync(zip), `${zip} missing: run npm run package first`);
    execFileSync('unzip', ['-tq', zip]); // every entry's CRC checks out
    entries = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter(Boolean);
    rmSync(unzipped, { recursive: true, force: true });
    mkdirSync(unzipped, { recursive: true });
    execFileSync('unzip', ['-q', zip, '-d', unzipped]);
  });

  it('holds exactly one folder named after the plugin id, with everything inside it', () => {
    assert.ok(entries.length > 0);
    for (const e of entries) {
      assert.ok(e.startsWith(`${id}/`), `${e} is outside ${id}/`);
    }
    assert.deepEqual(readdirSync(unzipped), [id]);
  });

  it('has module.js, plugin.json, README, CHANGELOG, LICENSE and every image plugin.json names', () => {
    const plugin = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8'));
    const images = [plugin.info.logos.small, plugin.info.logos.large, ...plugin.info.screenshots.map((s) => s.path)];
    assert.ok(plugin.info.screenshots.length >= 1, 'at least one screenshot');
    for (const f of ['module.js', 'plugin.json', 'README.md', 'CHANGELOG.md', 'LICENSE', ...images]) {
      assert.ok(entries.includes(`${id}/${f}`), `${f} missing from the zip`);
    }
    assert.match(readFileSync(join(folder, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
    assert.match(readFileSync(join(folder, 'CHANGELOG.md'), 'utf8'), new RegExp(`## ${pkg.version.replaceAll('.', '\\.')}`));
  });

  it('carries the version of package.json in plugin.json and in its name', () => {
    const plugin = JSON.parse(readFileSync(join(folder, 'plugin.json'), 'utf8'));
    assert.equal(plugin.id, id);
    assert.equal(plugin.type, 'panel');
    assert.equal(plugin.info.version, pkg.version);
    assert.match(plugin.info.updated, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('is the build: every file equals its twin in dist/', () => {
    const dist = join(root, 'dist');
    assert.deepEqual(filesUnder(folder), filesUnder(dist));
    for (const f of filesUnder(dist)) {
      assert.ok(readFileSync(join(folder, f)).equals(readFileSync(join(dist, f))), `${f} differs from dist/`);
    }
  });

  it('module.js is one AMD define() asking only for modules Grafana shares with plugins', () => {
    const asked = [];
    const define = (deps, factory) => {
      asked.push(deps);
      assert.equal(typeof factory, 'function');
    };
    define.amd = {};
    vm.runInNewContext(readFileSync(join(folder, 'module.js'), 'utf8'), { define });
    assert.equal(asked.length, 1);
    assert.ok(asked[0].includes('@grafana/data') && asked[0].includes('react'), `deps: ${asked[0]}`);
    for (const d of asked[0]) {
      assert.ok(externals.includes(d), `module.js asks for ${d}, which Grafana does not share`);
    }
  });

  it('was built against one version of Grafana packages, pinned exactly', () => {
    const pins = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith('@grafana/'));
    const pin = pins[0][1];
    assert.match(pin, /^\d+\.\d+\.\d+$/, 'an exact version, no range');
    assert.deepEqual(new Set(pins.map(([, v]) => v)), new Set([pin]), 'every @grafana dependency at one version');
    // the packages released with Grafana (same major) that npm installed; faro, react-data-grid, ... have their own versions
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    const installed = Object.entries(lock.packages)
      .filter(([path, p]) => /node_modules\/@grafana\/[^/]+$/.test(path) && p.version.split('.')[0] === pin.split('.')[0])
      .map(([path, p]) => `${path.replace(/.*node_modules\//, '')}@${p.version}`);
    assert.ok(installed.length >= pins.length, `installed: ${installed}`);
    for (const i of installed) {
      assert.ok(i.endsWith(`@${pin}`), `${i} is not ${pin}`);
    }
  });
});
