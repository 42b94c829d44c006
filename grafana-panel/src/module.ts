import { PanelPlugin } from '@grafana/data';

import { LeptoidPanel } from './LeptoidPanel';
import { defaultOptions, LeptoidOptions } from './types';

export const plugin = new PanelPlugin<LeptoidOptions>(LeptoidPanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'actual',
      name: 'Actual',
      description: 'Series drawn against the forecast. leptoid forecasts offered load (Erlangs); auto uses offered_load when the query returns it.',
      defaultValue: defaultOptions.actual,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'offered_load', label: 'Offered load' },
          { value: 'utilization', label: 'Utilization' },
        ],
      },
    })
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
      name: 'Metric step (s)',
      description: 'Step h<k> is shifted by (k steps); 0 infers it from the spacing of the actual series',
      defaultValue: defaultOptions.stepSeconds,
      settings: { min: 0, integer: true },
    })
    .addBooleanSwitch({ path: 'showCapacity', name: 'Capacity steps', defaultValue: defaultOptions.showCapacity })
    .addBooleanSwitch({ path: 'showMarkers', name: 'Action and hold markers', defaultValue: defaultOptions.showMarkers })
);
