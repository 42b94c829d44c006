/** Panel options (persisted in the dashboard JSON). */
export type ForecastView = 'latest' | 'horizon' | 'both';
export type BandMode = 'interval' | 'upper' | 'none';
export type ActualChoice = 'auto' | 'offered_load' | 'utilization';

export interface LeptoidOptions {
  /** the actual drawn against the forecast: leptoid forecasts offered load (Erlangs); auto = offered_load when present */
  actual: ActualChoice;
  /** which forecast to draw: the latest full path (h1..hK from the most recent run), the fan at one horizon, or both */
  view: ForecastView;
  /** horizon k for the "fan at horizon k" view and for the forecast-error stat */
  horizon: number;
  /** the band: lower..upper (the published interval), mean..upper (the quantile capacity is sized on), or none */
  band: BandMode;
  /** metric step in seconds used to shift h<k> by k steps; 0 = infer from the spacing of the actual */
  stepSeconds: number;
  showCapacity: boolean;
  showMarkers: boolean;
}

export const defaultOptions: LeptoidOptions = {
  actual: 'auto',
  view: 'both',
  horizon: 3,
  band: 'interval',
  stepSeconds: 0,
  showCapacity: true,
  showMarkers: true,
};
