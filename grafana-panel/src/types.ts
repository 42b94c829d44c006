/** Panel options (persisted in the dashboard JSON). */
export type ForecastView = 'latest' | 'horizon' | 'both';
export type BandMode = 'interval' | 'upper' | 'none';

export interface LeptoidOptions {
  /** which forecast to draw: the latest full path (h1..hK from the most recent run), the fan at one horizon, or both */
  view: ForecastView;
  /** horizon k for the "fan at horizon k" view and for the forecast-error stat */
  horizon: number;
  /** the band: lower..upper (the published interval), mean..upper (the quantile capacity is sized on), or none */
  band: BandMode;
  /** run interval in seconds used to shift h<k> by k steps; 0 = infer from the series */
  stepSeconds: number;
  showCapacity: boolean;
  showMarkers: boolean;
}

export const defaultOptions: LeptoidOptions = {
  view: 'both',
  horizon: 3,
  band: 'interval',
  stepSeconds: 0,
  showCapacity: true,
  showMarkers: true,
};
