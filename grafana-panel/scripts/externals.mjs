// The modules Grafana hands to plugins (public/app/features/plugins/loader/sharedDependencies.ts):
// the bundle leaves them out and asks for them through define([...]).
export const externals = [
  'react',
  'react/jsx-runtime',
  'react-dom',
  'react-dom/client',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  '@emotion/css',
  '@emotion/react',
  'lodash',
  'rxjs',
];
