// Packages dist/ as Grafana installs plugins: <id>-<version>.zip holding the folder <id>/
// (what `grafana cli --pluginUrl <zip> plugins install <id>` and the plugin catalogue take).
// Run after the build (`npm run package` does both). No zip tool needed: entries are deflated
// with node:zlib, in a fixed order with a fixed time, so the same dist/ gives the same zip.
import { crc32, deflateRawSync } from 'node:zlib';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const plugin = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
if (plugin.info.version !== version) {
  throw new Error(`dist/plugin.json has version ${plugin.info.version}, package.json ${version}: rebuild`);
}
const zipName = `${plugin.id}-${version}.zip`;

/** Every file under dir, relative paths with '/', sorted. */
function files(dir, prefix = '') {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
}

const DOS_DATE = (1 << 5) | 1; // 1980-01-01, 00:00
const locals = [];
const central = [];
let offset = 0;
for (const rel of files(dist)) {
  const name = Buffer.from(`${plugin.id}/${rel}`, 'utf8');
  const data = readFileSync(join(dist, rel));
  const deflated = deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); // local file header
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0x0800, 6); // names are UTF-8
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(0, 10); // time
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28); // no extra field
  locals.push(local, name, deflated);
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(0x02014b50, 0); // central directory header
  entry.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  entry.writeUInt16LE(20, 6);
  entry.writeUInt16LE(0x0800, 8);
  entry.writeUInt16LE(8, 10);
  entry.writeUInt16LE(0, 12);
  entry.writeUInt16LE(DOS_DATE, 14);
  entry.writeUInt32LE(crc, 16);
  entry.writeUInt32LE(deflated.length, 20);
  entry.writeUInt32LE(data.length, 24);
  entry.writeUInt16LE(name.length, 28);
  entry.writeUInt16LE(0, 30); // extra
  entry.writeUInt16LE(0, 32); // comment
  entry.writeUInt16LE(0, 34); // disk
  entry.writeUInt16LE(0, 36); // internal attributes
  entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
  entry.writeUInt32LE(offset, 42);
  central.push(entry, name);
  offset += local.length + name.length + deflated.length;
}
const directory = Buffer.concat(central);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0); // end of central directory
end.writeUInt16LE(0, 4);
end.writeUInt16LE(0, 6);
end.writeUInt16LE(central.length / 2, 8);
end.writeUInt16LE(central.length / 2, 10);
end.writeUInt32LE(directory.length, 12);
end.writeUInt32LE(offset, 16);
end.writeUInt16LE(0, 20);
writeFileSync(join(root, zipName), Buffer.concat([...locals, directory, end]));
console.log(`${zipName}: ${central.length / 2} files under ${plugin.id}/`);
