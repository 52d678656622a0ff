/**
 * The demo's threshold rules, one family per kind of source (shape: RuleDefinition in
 * rules/rule-index.ts, stored with `_id` = key). Each names the source or source type and the metric
 * the seeded sources and `npm run simulate` send, and opens an incident running one of the demo SOPs.
 * Templates render over the reading's facts: `{{source}}`, `{{unit}}` (the source's ward or team),
 * `{{value}}`, `{{observedAt}}`.
 */
import type { TopLevelCondition } from 'json-rules-engine';
import { REPORT_CATEGORIES } from './dataset';

const FLOOD_STATION = 'flood-sensor/suoi-rat-bridge-11';
const FLOOD_TITLE = 'Ngập lụt Suối Rạt — cầu 11';

/** Mean of the reading's stream over the last `minutes` against a value (json-rules-engine condition). */
const avgOver = (minutes: number, operator: 'greaterThanInclusive' | 'lessThan', value: number): TopLevelCondition => ({
  all: [{ fact: 'avg', params: { minutes }, operator, value }],
});
const valueIs = (operator: 'equal' | 'in', value: unknown): TopLevelCondition => ({ all: [{ fact: 'value', operator, value }] });

/**
 * The restricted zone along Suối Rạt at bridge 11 — the banks that flood first — as a box on the
 * reading's location. Only intrusions seen by cameras inside it open an incident. A box of `path`
 * conditions rather than `inArea` with a GeoJSON polygon: FerretDB 1.24 cannot store the polygon's
 * nested coordinate arrays in the rule document.
 */
export const SUOI_RAT_RESTRICTED_ZONE = { south: 11.5335, north: 11.5365, west: 106.8815, east: 106.8855 };
const insideZone = (zone: typeof SUOI_RAT_RESTRICTED_ZONE): TopLevelCondition => ({
  all: [
    { fact: 'location', path: '$.lat', operator: 'greaterThanInclusive', value: zone.south },
    { fact: 'location', path: '$.lat', operator: 'lessThanInclusive', value: zone.north },
    { fact: 'location', path: '$.lon', operator: 'greaterThanInclusive', value: zone.west },
    { fact: 'location', path: '$.lon', operator: 'lessThanInclusive', value: zone.east },
  ],
});

/** Crowds are watched in the six urban wards; in the two communes gatherings at markets and weddings are everyday life. */
export const CROWD_WATCH_WARDS = ['tan-phu', 'tan-dong', 'tan-binh', 'tan-xuan', 'tan-thien', 'tien-thanh'];

/** Night in Đồng Xoài for the street lights: they switch on at 18:00 and off at 06:00 (half an hour of margin each side). */
export const LIGHTS_ON = [{ from: '18:30', to: '05:30' }];

export const RULES = [
  /**
   * Warning from 2.5 m, critical from 3.0 m; clears only once the level stayed below 2.3 m for 10
   * minutes (hysteresis), so a level hovering around a threshold keeps one incident per flood wave.
   */
  {
    _id: 'flood-suoi-rat-level',
    name: 'Mực nước Suối Rạt (cầu 11) vượt ngưỡng cảnh báo / nghiêm trọng',
    version: 1,
    enabled: true,
    priority: 10,
    source: FLOOD_STATION,
    metric: 'water_level_m',
    levels: [
      { severity: 'warning' as const, threshold: { op: '>=' as const, value: 2.5 } },
      { severity: 'critical' as const, threshold: { op: '>=' as const, value: 3.0 } },
    ],
    clear: { threshold: { op: '<' as const, value: 2.3 }, for: 'PT10M' },
    correlationKey: 'flood:suoi-rat',
    action: { type: 'open-incident' as const, sopKey: 'flood-response', title: FLOOD_TITLE, variables: { level: '{{value}}' } },
  },
  /**
   * Early warning: while the gauge is still below 3.0 m, Holt's trend over the last 30 minutes
   * reaches 3.0 m within the next 30 (held for 3 minutes, so one noisy reading does not fire). Same
   * correlation key as the level rule, so the wave stays one incident: the forecast opens it, the
   * level rule raises it to critical.
   */
  {
    _id: 'flood-suoi-rat-forecast',
    name: 'Dự báo mực nước Suối Rạt (cầu 11) vượt 3,0 m trong 30 phút',
    version: 1,
    enabled: true,
    priority: 10,
    source: FLOOD_STATION,
    metric: 'water_level_m',
    levels: [
      {
        severity: 'warning' as const,
        conditions: {
          all: [
            { fact: 'window', params: { minutes: 30 }, operator: 'forecastExceeds', value: { threshold: 3.0, horizon: 'PT30M' } },
            { fact: 'value', operator: 'lessThan', value: 3.0 },
          ],
        },
      },
    ],
    sustainedFor: 'PT3M',
    // The level rule forwards the rising values; this one only opens the incident early.
    peakSignalEvery: 'P0D',
    correlationKey: 'flood:suoi-rat',
    action: { type: 'open-incident' as const, sopKey: 'flood-response', title: FLOOD_TITLE, variables: { level: '{{value}}' } },
  },
  /**
   * PM2.5 averaged over the last hour (VN_AQI bands: 50–80 µg/m³ "kém", above 80 "xấu"), held for
   * 15 minutes; clears once the hourly mean stayed below 40 for 30 minutes. One incident per station,
   * handled by the station's ward.
   */
  {
    _id: 'air-quality-pm25',
    name: 'Bụi mịn PM2.5 trung bình 60 phút vượt ngưỡng',
    version: 1,
    enabled: true,
    priority: 5,
    sourceType: 'air-quality',
    metric: 'pm25',
    levels: [
      { severity: 'warning' as const, conditions: avgOver(60, 'greaterThanInclusive', 50) },
      { severity: 'critical' as const, conditions: avgOver(60, 'greaterThanInclusive', 80) },
    ],
    sustainedFor: 'PT15M',
    clear: { conditions: avgOver(60, 'lessThan', 40), for: 'PT30M' },
    // A worsening hour would otherwise append a reading to the incident every 5 minutes.
    peakSignalEvery: 'PT30M',
    correlationKey: 'air-quality:{{source}}',
    action: {
      type: 'open-incident' as const,
      sopKey: 'air-quality-response',
      title: 'Chất lượng không khí kém — trạm {{source}}',
      variables: { station: '{{source}}', ward: '{{unit}}', pm25: '{{value}}' },
    },
  },
  /** A lamp controller reports a fault: one incident per street (the source is the street's lamp line), cleared by an `ok`. */
  {
    _id: 'streetlight-lamp-fault',
    name: 'Đèn chiếu sáng thông minh báo lỗi',
    version: 1,
    enabled: true,
    priority: 5,
    sourceType: 'street-light',
    metric: 'lamp_status',
    levels: [{ severity: 'warning' as const, conditions: valueIs('equal', 'fault') }],
    correlationKey: 'streetlight:{{source}}',
    action: {
      type: 'open-incident' as const,
      sopKey: 'streetlight-fault',
      title: 'Đèn chiếu sáng hư hỏng — {{source}}',
      variables: { street: '{{source}}', ward: '{{unit}}', fault: 'lamp' },
    },
  },
  /**
   * The whole street draws (almost) no power for 10 minutes while the lights should be on: the
   * cabinet or the feeder is down. By day the lights are off and 0 W is normal, hence the schedule.
   * Same key as the lamp fault, so it raises that street's incident to critical.
   */
  {
    _id: 'streetlight-power-loss',
    name: 'Mất điện tuyến đèn chiếu sáng ban đêm',
    version: 1,
    enabled: true,
    priority: 6,
    sourceType: 'street-light',
    metric: 'power_w',
    levels: [{ severity: 'critical' as const, threshold: { op: '<' as const, value: 10 } }],
    sustainedFor: 'PT10M',
    schedule: LIGHTS_ON,
    correlationKey: 'streetlight:{{source}}',
    action: {
      type: 'open-incident' as const,
      sopKey: 'streetlight-fault',
      title: 'Mất điện tuyến đèn — {{source}}',
      variables: { street: '{{source}}', ward: '{{unit}}', fault: 'power' },
    },
  },
  /**
   * A crowd of 100 (critical: 300) held for 5 minutes in the view of a camera in an urban ward
   * (`inArea` on the camera's ward); clears below 50 for 10 minutes. One incident per camera.
   */
  {
    _id: 'camera-crowd',
    name: 'Camera AI: tụ tập đông người',
    version: 1,
    enabled: true,
    priority: 5,
    sourceType: 'camera-ai',
    metric: 'crowd_count',
    conditions: { all: [{ fact: 'unit', operator: 'inArea', value: CROWD_WATCH_WARDS }] },
    levels: [
      { severity: 'warning' as const, threshold: { op: '>=' as const, value: 100 } },
      { severity: 'critical' as const, threshold: { op: '>=' as const, value: 300 } },
    ],
    sustainedFor: 'PT5M',
    clear: { threshold: { op: '<' as const, value: 50 }, for: 'PT10M' },
    correlationKey: 'camera:crowd:{{source}}',
    action: {
      type: 'open-incident' as const,
      sopKey: 'camera-alert',
      title: 'Tụ tập đông người — {{source}}',
      variables: { alertKind: 'crowd', camera: '{{source}}', ward: '{{unit}}', people: '{{value}}' },
    },
  },
  /** Someone enters a restricted zone, seen by a camera inside SUOI_RAT_RESTRICTED_ZONE; cleared by the camera's `false`. One incident per camera. */
  {
    _id: 'camera-intrusion',
    name: 'Camera AI: xâm nhập vùng cấm Suối Rạt',
    version: 1,
    enabled: true,
    priority: 8,
    sourceType: 'camera-ai',
    metric: 'intrusion',
    conditions: insideZone(SUOI_RAT_RESTRICTED_ZONE),
    levels: [{ severity: 'critical' as const, conditions: valueIs('equal', true) }],
    correlationKey: 'camera:intrusion:{{source}}',
    action: {
      type: 'open-incident' as const,
      sopKey: 'camera-alert',
      title: 'Xâm nhập vùng cấm — {{source}}',
      variables: { alertKind: 'intrusion', camera: '{{source}}', ward: '{{unit}}' },
    },
  },
  /**
   * Every citizen field report opens its own incident: warning for urgent categories, info for the
   * others. The key names the category, then the reporter and the time, so each report is handled
   * and answered on its own (see the README on why reports are not grouped per category and ward).
   */
  {
    _id: 'citizen-report-received',
    name: 'Phản ánh hiện trường mới (Bình Phước Today)',
    version: 1,
    enabled: true,
    priority: 3,
    sourceType: 'citizen-report',
    metric: 'report',
    levels: [
      {
        severity: 'warning' as const,
        conditions: valueIs(
          'in',
          REPORT_CATEGORIES.filter((c) => c.urgent).map((c) => c.key),
        ),
      },
      {
        severity: 'info' as const,
        conditions: valueIs(
          'in',
          REPORT_CATEGORIES.filter((c) => !c.urgent).map((c) => c.key),
        ),
      },
    ],
    correlationKey: 'citizen-report:{{value}}:{{source}}:{{observedAt}}',
    action: {
      type: 'open-incident' as const,
      sopKey: 'citizen-report',
      title: 'Phản ánh hiện trường ({{value}}) — {{source}}',
      variables: { category: '{{value}}', reporter: '{{source}}', reportedAt: '{{observedAt}}' },
    },
  },
];
