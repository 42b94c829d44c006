import { PanelPlugin } from '@grafana/data';

import { LeptoidPanel } from './LeptoidPanel';
import { defaultOptions, LeptoidOptions } from './types';

export const plugin = new PanelPlugin<LeptoidOptions>(LeptoidPanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'view',
      name: 'Forecast to draw',
      description: 'Latest full path: h1..hK from the most recent run. Horizon k: every run\'s h<k> shifted forward by k steps.',
      defaultValue: defaultOptions.view,
      settings: {
        options: [
          { value: 'latest', label: 'Latest full path' },
          { value: 'horizon', label: 'Fan at horizon k' },
          { value: 'both', label: 'Both' },
        ],
      },
    })
    .addNumberInput({
      path: 'horizon',
      name: 'Horizon k',
      description: 'Which h<k> to shift and draw, and whose rolling forecast error to show',
      defaultValue: defaultOptions.horizon,
      settings: { min: 1, max: 48, integer: true },
    })
    .addRadio({
      path: 'band',
      name: 'Quantile band',
      defaultValue: defaultOptions.band,
      settings: {
        options: [
          { value: 'interval', label: 'lower – upper' },
          { value: 'upper', label: 'mean – upper (sized on)' },
          { value: 'none', label: 'none' },
        ],
      },
    })
    .addNumberInput({
      path: 'stepSeconds',
      name: 'Run interval (s)',
      description: 'Step used to shift h<k> by k steps; 0 infers it from the run times in the data',
      defaultValue: defaultOptions.stepSeconds,
      settings: { min: 0, integer: true },
    })
    .addBooleanSwitch({ path: 'showCapacity', name: 'Capacity steps', defaultValue: defaultOptions.showCapacity })
    .addBooleanSwitch({ path: 'showMarkers', name: 'Action and hold markers', defaultValue: defaultOptions.showMarkers })
);
