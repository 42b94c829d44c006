// Builds dist/module.js (AMD, as Grafana's SystemJS plugin loader expects) and dist/plugin.json.
// esbuild bundles src/module.ts as CommonJS with Grafana's shared packages external; the
// result is wrapped in define([...externals], factory) so SystemJS hands those in.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { externals } from './externals.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));


rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'src/module.ts')],
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  external: externals,
  minify: process.env.LEPTOID_DEV !== '1',
  sourcemap: false,
  write: false,
  metafile: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});

const code = result.outputFiles[0].text;
const used = [
  ...new Set(
    Object.values(result.metafile.inputs)
      .flatMap((i) => i.imports)
      .filter((i) => i.external && !i.path.startsWith('.'))
      .map((i) => i.path)
  ),
].sort();
const unknown = used.filter((u) => !externals.includes(u));
if (unknown.length) {
  throw new Error(`unexpected external imports: ${unknown.join(', ')}`);
}
const params = used.map((_, i) => `__dep${i}`);
const table = used.map((u, i) => `${JSON.stringify(u)}: ${params[i]}`).join(', ');
const amd =
  `define(${JSON.stringify(used)}, function (${params.join(', ')}) {\n` +
  `  var __deps = { ${table} };\n` +
  `  var require = function (name) {\n` +
  `    if (!(name in __deps)) { throw new Error('leptoid-forecast-panel: missing shared dependency ' + name); }\n` +
  `    return __deps[name];\n` +
  `  };\n` +
  `  var module = { exports: {} };\n` +
  `  var exports = module.exports;\n` +
  code +
  `\n  return module.exports;\n});\n`;
writeFileSync(join(dist, 'module.js'), amd);

const today = new Date().toISOString().slice(0, 10);
const pluginJson = readFileSync(join(root, 'src/plugin.json'), 'utf8')
  .replace('%VERSION%', pkg.version)
  .replace('%TODAY%', today);
JSON.parse(pluginJson); // must stay valid
writeFileSync(join(dist, 'plugin.json'), pluginJson);
cpSync(join(root, 'src/img'), join(dist, 'img'), { recursive: true });
// What Grafana shows on the plugin's page (README, CHANGELOG) and the project's licence, all required
for (const [from, to] of [
  ['README.md', 'README.md'],
  ['CHANGELOG.md', 'CHANGELOG.md'],
  ['../LICENSE', 'LICENSE'],
]) {
  if (!existsSync(join(root, from))) {
    throw new Error(`${from} is missing: the plugin ships with it`);
  }
  cpSync(join(root, from), join(dist, to));
}
console.log(`dist/module.js ${(amd.length / 1024).toFixed(1)} KiB, AMD deps: ${used.join(', ')}`);
