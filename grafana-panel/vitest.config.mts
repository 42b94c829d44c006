import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // @grafana/data's ESM build imports moment-timezone with named imports that Node's ESM
    // loader rejects; its CommonJS build loads fine in Node.
    alias: [{ find: /^@grafana\/data$/, replacement: require.resolve('@grafana/data') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
