import { useMemo, useState } from 'react';
import { dateTimeFormat, GrafanaTheme2, PanelProps } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';

import { ACTUAL_LABEL, buildModel, DrawnModel, Marker, MarkerKind } from './model';
import { formatNumber } from './scale';
import { CapacityKind } from './series';
import { LeptoidOptions } from './types';

const HEADER = 22;

interface Palette {
  actual: string;
  latest: string;
  horizon: string;
  capacity: Record<CapacityKind, string>;
  marker: Record<MarkerKind, string>;
  grid: string;
  text: string;
  weak: string;
  gap: string;
  now: string;
}

function palette(theme: GrafanaTheme2): Palette {
  const c = (name: string) => theme.visualization.getColorByName(name);
  return {
    actual: c('blue'),
    latest: c('orange'),
    horizon: c('purple'),
    capacity: { desired: c('green'), recommended: c('yellow'), in_service: c('semi-dark-green') },
    marker: { 'scale-out': c('green'), 'scale-in': c('light-blue'), hold: c('red'), other: theme.colors.text.secondary },
    grid: theme.colors.border.weak,
    text: theme.colors.text.primary,
    weak: theme.colors.text.secondary,
    gap: theme.colors.warning.main,
    now: theme.colors.text.secondary,
  };
}

const CAPACITY_LABEL: Record<CapacityKind, string> = {
  desired: 'desired',
  recommended: 'recommended',
  in_service: 'in service',
};

const DASH: Record<CapacityKind, string | undefined> = { desired: undefined, recommended: '6 3', in_service: '2 3' };

export function LeptoidPanel(props: PanelProps<LeptoidOptions>) {
  const { data, options, width, height, timeRange, timeZone } = props;
  const theme = useTheme2();
  const colors = useMemo(() => palette(theme), [theme]);
  const [hover, setHover] = useState<Marker | null>(null);

  const model: DrawnModel = useMemo(() => {
    const to = timeRange.to.valueOf();
    return buildModel({
      series: data.series,
      annotations: data.annotations,
      from: timeRange.from.valueOf(),
      to,
      now: Math.min(to, Date.now()),
      width,
      height: Math.max(60, height - HEADER),
      options,
      formatTime: (t) => dateTimeFormat(t, { format: 'HH:mm', timeZone }),
    });
  }, [data.series, data.annotations, timeRange, width, height, options, timeZone]);

  const font = { fontFamily: theme.typography.fontFamily, fontSize: 11 };
  const { plot } = model;
  // "data gap" labels only where they do not run into the previous one (gaps are often close)
  const gapLabels = new Set<number>();
  let lastLabel = Number.NEGATIVE_INFINITY;
  for (const g of model.gaps) {
    const c = (g.x0 + g.x1) / 2;
    if (c - lastLabel >= 56) {
      gapLabels.add(g.from);
      lastLabel = c;
    }
  }

  return (
    <div
      data-testid="leptoid-panel"
      data-service={model.service ?? ''}
      style={{ position: 'relative', width, height, color: colors.text, ...font }}
    >
      <Header model={model} colors={colors} />
      <svg width={width} height={model.height} role="img" aria-label="leptoid forecast vs actual" style={{ display: 'block' }}>
        {!model.empty && (
          <g className="axes">
            {model.nowX < plot.right && (
              <rect
                data-testid="future"
                x={model.nowX}
                y={plot.top}
                width={plot.right - model.nowX}
                height={plot.bottom - plot.top}
                fill={colors.weak}
                fillOpacity={0.06}
              />
            )}
            {model.yTicks.map((t) => (
              <g key={`y${t.value}`}>
                <line x1={plot.left} x2={plot.right} y1={t.pos} y2={t.pos} stroke={colors.grid} />
                <text x={plot.left - 6} y={t.pos + 4} textAnchor="end" fill={colors.weak}>
                  {t.label}
                </text>
              </g>
            ))}
            {model.capacity.length > 0 &&
              model.capTicks.map((t) => (
                <text key={`c${t.value}`} x={plot.right + 6} y={t.pos + 4} fill={colors.capacity.desired}>
                  {t.label}
                </text>
              ))}
            {model.xTicks.map((t) => (
              <text key={`x${t.value}`} x={t.pos} y={plot.bottom + 15} textAnchor="middle" fill={colors.weak}>
                {t.label}
              </text>
            ))}
            <text
              x={10}
              y={(plot.top + plot.bottom) / 2}
              fill={colors.weak}
              transform={`rotate(-90 10 ${(plot.top + plot.bottom) / 2})`}
              textAnchor="middle"
            >
              {model.actualKind === 'offered_load' ? 'offered load (Erlangs)' : 'utilization'}
            </text>
            {model.capacity.length > 0 && (
              <text
                x={width - 6}
                y={(plot.top + plot.bottom) / 2}
                fill={colors.weak}
                transform={`rotate(90 ${width - 6} ${(plot.top + plot.bottom) / 2})`}
                textAnchor="middle"
              >
                instances
              </text>
            )}
            <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={colors.weak} />
          </g>
        )}

        <g className="gaps">
          {model.gaps.map((g) => (
            <g key={`gap${g.from}`} data-testid="data-gap" data-from={g.from} data-to={g.to}>
              <rect
                x={g.x0}
                y={plot.top}
                width={Math.max(1, g.x1 - g.x0)}
                height={plot.bottom - plot.top}
                fill={colors.gap}
                fillOpacity={0.12}
              />
              {gapLabels.has(g.from) && (
                <text x={(g.x0 + g.x1) / 2} y={plot.bottom - 6} textAnchor="middle" fill={colors.gap}>
                  data gap
                </text>
              )}
            </g>
          ))}
        </g>

        <g className="capacity">
          {model.capacity.map((c) => (
            <path
              key={c.kind}
              data-testid={`capacity-${c.kind}`}
              data-changes={JSON.stringify(c.changes.map((ch) => [ch.t, ch.from, ch.to]))}
              d={c.path}
              fill="none"
              stroke={colors.capacity[c.kind]}
              strokeWidth={c.kind === 'desired' ? 2 : 1.25}
              strokeDasharray={DASH[c.kind]}
              strokeOpacity={c.kind === 'desired' ? 0.95 : 0.7}
            />
          ))}
        </g>

        <g className="forecast">
          {model.forecasts.map((f) => {
            const color = f.kind === 'latest' ? colors.latest : colors.horizon;
            return (
              <g key={`${f.kind}${f.k ?? ''}`} data-testid={`forecast-${f.kind}`} data-k={f.k ?? ''} data-origin={f.origin ?? ''}>
                <path
                  data-testid={`band-${f.kind}`}
                  d={f.bandPath}
                  fill={color}
                  fillOpacity={f.kind === 'latest' ? 0.22 : 0.1}
                  stroke={color}
                  strokeOpacity={f.kind === 'latest' ? 0.5 : 0.2}
                  strokeWidth={0.75}
                />
                <path
                  data-testid={`mean-${f.kind}`}
                  d={f.meanPath}
                  fill="none"
                  stroke={color}
                  strokeWidth={f.kind === 'latest' ? 2 : 1.25}
                  strokeDasharray={f.kind === 'latest' ? undefined : '4 3'}
                />
              </g>
            );
          })}
        </g>

        <path data-testid="actual" d={model.actual.path} fill="none" stroke={colors.actual} strokeWidth={1.75} />

        {!model.empty && (
          <g data-testid="now" data-t={model.now}>
            <line x1={model.nowX} x2={model.nowX} y1={plot.top} y2={plot.bottom} stroke={colors.now} strokeDasharray="3 3" />
            <text x={model.nowX + 3} y={plot.top + 10} fill={colors.weak}>
              now
            </text>
          </g>
        )}

        <g className="markers">
          {model.markers.map((m, i) => (
            <g
              key={`${m.t}-${i}`}
              data-testid="marker"
              data-kind={m.kind}
              data-t={m.t}
              data-source={m.source}
              onMouseEnter={() => setHover(m)}
              onMouseLeave={() => setHover(null)}
              style={{ cursor: 'default' }}
            >
              <title>{m.text ? `${m.title}\n${m.text}` : m.title}</title>
              <line
                x1={m.x}
                x2={m.x}
                y1={plot.top}
                y2={plot.bottom}
                stroke={colors.marker[m.kind]}
                strokeOpacity={hover === m ? 0.8 : 0.22}
              />
              <MarkerGlyph kind={m.kind} x={m.x} y={plot.top - 9} color={colors.marker[m.kind]} />
            </g>
          ))}
        </g>
      </svg>

      {model.empty && <EmptyState model={model} colors={colors} />}
      {!model.empty && model.notices.length > 0 && (
        <div style={{ position: 'absolute', left: plot.left + 8, top: HEADER + plot.top + 6, display: 'flex', gap: 6, flexWrap: 'wrap' }}>
          {model.notices.map((n) => (
            <span
              key={n.kind}
              data-testid={`notice-${n.kind}`}
              style={{
                background: theme.colors.background.secondary,
                border: `1px solid ${n.kind === 'multiple-services' ? colors.grid : colors.gap}`,
                borderRadius: 3,
                padding: '2px 6px',
                color: colors.text,
              }}
            >
              {n.text}
            </span>
          ))}
        </div>
      )}
      {hover && <Tooltip marker={hover} model={model} colors={colors} theme={theme} />}
    </div>
  );
}

function MarkerGlyph({ kind, x, y, color }: { kind: MarkerKind; x: number; y: number; color: string }) {
  const s = 6;
  if (kind === 'scale-out') {
    return <path d={`M${x - s},${y + s}L${x + s},${y + s}L${x},${y - s}Z`} fill={color} />;
  }
  if (kind === 'scale-in') {
    return <path d={`M${x - s},${y - s}L${x + s},${y - s}L${x},${y + s}Z`} fill={color} />;
  }
  if (kind === 'hold') {
    return <path d={`M${x},${y - s}L${x + s},${y}L${x},${y + s}L${x - s},${y}Z`} fill={color} />;
  }
  return <circle cx={x} cy={y} r={4} fill={color} />;
}

function Swatch({ color, dash, band }: { color: string; dash?: string; band?: boolean }) {
  return (
    <svg width={18} height={10} style={{ marginRight: 4, verticalAlign: 'middle' }}>
      {band && <rect x={0} y={1} width={18} height={8} fill={color} fillOpacity={0.28} />}
      <line x1={0} x2={18} y1={5} y2={5} stroke={color} strokeWidth={2} strokeDasharray={dash} />
    </svg>
  );
}

function Header({ model, colors }: { model: DrawnModel; colors: Palette }) {
  const latest = model.forecasts.find((f) => f.kind === 'latest');
  const horizon = model.forecasts.find((f) => f.kind === 'horizon');
  const e = model.errorStat;
  const item = { marginRight: 12, whiteSpace: 'nowrap' as const };
  return (
    <div style={{ height: HEADER, display: 'flex', alignItems: 'center', overflow: 'hidden', paddingLeft: 4 }}>
      <div style={{ flex: 1, display: 'flex', overflow: 'hidden' }}>
        {model.actual.points.length > 0 && (
          <span style={item}>
            <Swatch color={colors.actual} />
            {`actual ${ACTUAL_LABEL[model.actualKind]}`}
          </span>
        )}
        {latest && (
          <span style={item}>
            <Swatch color={colors.latest} band />
            forecast (latest run)
          </span>
        )}
        {horizon && (
          <span style={item}>
            <Swatch color={colors.horizon} dash="4 3" band />
            {`h${horizon.k} (shifted +${horizon.k}×step)`}
          </span>
        )}
        {model.capacity.map((c) => (
          <span key={c.kind} style={item}>
            <Swatch color={colors.capacity[c.kind]} dash={DASH[c.kind]} />
            {CAPACITY_LABEL[c.kind]}
          </span>
        ))}
        {model.markers.length > 0 && (
          <span style={item}>
            <span style={{ color: colors.marker['scale-out'] }}>▲</span> scale-out{' '}
            <span style={{ color: colors.marker['scale-in'] }}>▼</span> scale-in{' '}
            <span style={{ color: colors.marker.hold }}>◆</span> hold
          </span>
        )}
      </div>
      {model.latestUtilization != null && (
        <div data-testid="utilization-stat" style={{ ...item, color: colors.weak }}>
          {`utilization ${formatNumber(round(model.latestUtilization))}`}
        </div>
      )}
      {e && (
        <div data-testid="error-stat" data-k={e.k} data-mase={e.mase ?? ''} data-abs={e.abs ?? ''} style={{ ...item, marginRight: 6, fontWeight: 500 }}>
          {`h${e.k} error${e.source === 'series' ? ' (rolling)' : ' (in view)'}: `}
          {e.mase != null && (
            <span style={{ color: e.mase <= 1 ? colors.capacity.desired : colors.marker.hold }}>{`MASE ${formatNumber(round(e.mase))} `}</span>
          )}
          {e.abs != null && <span style={{ color: colors.weak }}>{`MAE ${formatNumber(round(e.abs))}`}</span>}
        </div>
      )}
    </div>
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function EmptyState({ model, colors }: { model: DrawnModel; colors: Palette }) {
  return (
    <div
      data-testid="empty-state"
      style={{
        position: 'absolute',
        inset: `${HEADER}px 0 0 0`,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        textAlign: 'center',
        color: colors.weak,
        padding: 16,
      }}
    >
      {model.notices.map((n) => (
        <div key={n.kind} data-testid={`notice-${n.kind}`}>
          {n.text}
        </div>
      ))}
    </div>
  );
}

function Tooltip({ marker, model, colors, theme }: { marker: Marker; model: DrawnModel; colors: Palette; theme: GrafanaTheme2 }) {
  const left = Math.min(Math.max(4, marker.x - 130), model.width - 264);
  return (
    <div
      data-testid="marker-tooltip"
      style={{
        position: 'absolute',
        left,
        top: HEADER + model.plot.top + 4,
        width: 260,
        background: theme.colors.background.primary,
        border: `1px solid ${colors.marker[marker.kind]}`,
        borderRadius: 4,
        padding: '6px 8px',
        boxShadow: theme.shadows.z2,
        pointerEvents: 'none',
        zIndex: 2,
      }}
    >
      <div style={{ fontWeight: 600, color: colors.marker[marker.kind] }}>{marker.title}</div>
      <div style={{ color: colors.weak }}>{dateTimeFormatSafe(marker.t)}</div>
      {marker.text && <div style={{ marginTop: 4, whiteSpace: 'pre-wrap' }}>{marker.text}</div>}
    </div>
  );
}

function dateTimeFormatSafe(t: number): string {
  return dateTimeFormat(t, { format: 'YYYY-MM-DD HH:mm:ss' });
}
