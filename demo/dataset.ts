/**
 * The Đồng Xoài demo dataset: org units, users per role, SOPs, KPIs, the registered sources and CAP
 * routes. The forms live in `forms.ts`, the threshold rules that start SOPs in `rules.ts`.
 */
import type { Role } from '../model';

export const CITY_UNIT = 'dong-xoai';

export const UNITS: { _id: string; name: string; kind: 'city' | 'ward' | 'commune' | 'team' | 'department'; parent?: string }[] = [
  { _id: CITY_UNIT, name: 'Thành phố Đồng Xoài', kind: 'city' },
  { _id: 'ioc', name: 'Trung tâm giám sát, điều hành thông minh (IOC)', kind: 'department', parent: CITY_UNIT },
  { _id: 'tan-phu', name: 'Phường Tân Phú', kind: 'ward', parent: CITY_UNIT },
  { _id: 'tan-dong', name: 'Phường Tân Đồng', kind: 'ward', parent: CITY_UNIT },
  { _id: 'tan-binh', name: 'Phường Tân Bình', kind: 'ward', parent: CITY_UNIT },
  { _id: 'tan-xuan', name: 'Phường Tân Xuân', kind: 'ward', parent: CITY_UNIT },
  { _id: 'tan-thien', name: 'Phường Tân Thiện', kind: 'ward', parent: CITY_UNIT },
  { _id: 'tien-thanh', name: 'Phường Tiến Thành', kind: 'ward', parent: CITY_UNIT },
  { _id: 'tien-hung', name: 'Xã Tiến Hưng', kind: 'commune', parent: CITY_UNIT },
  { _id: 'tan-thanh', name: 'Xã Tân Thành', kind: 'commune', parent: CITY_UNIT },
  { _id: 'phong-qldt', name: 'Phòng Quản lý đô thị', kind: 'department', parent: CITY_UNIT },
  { _id: 'doi-chieu-sang', name: 'Đội quản lý chiếu sáng công cộng', kind: 'team', parent: 'phong-qldt' },
];

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; unit: string; email: string }[] = [
  { username: 'admin', displayName: 'Quản trị viên IOC', roles: ['admin'], unit: CITY_UNIT, email: 'admin@dongxoai.example' },
  // A second admin, so four eyes (CITYOPS_FOUR_EYES=on) can be tried on the demo: one asks, the other approves.
  { username: 'admin.duyet', displayName: 'Quản trị viên phê duyệt', roles: ['admin'], unit: CITY_UNIT, email: 'admin.duyet@dongxoai.example' },
  { username: 'leader', displayName: 'Lãnh đạo UBND thành phố', roles: ['leader'], unit: CITY_UNIT, email: 'leader@dongxoai.example' },
  { username: 'operator.tanphu', displayName: 'Cán bộ vận hành — Phường Tân Phú', roles: ['operator'], unit: 'tan-phu', email: 'operator.tanphu@dongxoai.example' },
  { username: 'operator.tienthanh', displayName: 'Cán bộ vận hành — Phường Tiến Thành', roles: ['operator'], unit: 'tien-thanh', email: 'operator.tienthanh@dongxoai.example' },
  { username: 'operator.ioc', displayName: 'Cán bộ vận hành — Trung tâm IOC', roles: ['operator'], unit: 'ioc', email: 'operator.ioc@dongxoai.example' },
  {
    username: 'operator.chieusang',
    displayName: 'Cán bộ kỹ thuật — Đội quản lý chiếu sáng công cộng',
    roles: ['operator'],
    unit: 'doi-chieu-sang',
    email: 'operator.chieusang@dongxoai.example',
  },
];

/**
 * The SOPs (BPMN files in this folder, compiled and deployed at seed time, in this order). The rules
 * in `rules.ts` start them; a file's process id is its key.
 */
export const SOPS = [
  { key: 'flood-response', file: 'flood-response.bpmn' },
  { key: 'air-quality-response', file: 'air-quality-response.bpmn' },
  { key: 'streetlight-fault', file: 'streetlight-fault.bpmn' },
  { key: 'camera-alert', file: 'camera-alert.bpmn' },
  { key: 'citizen-report', file: 'citizen-report.bpmn' },
];

/**
 * Categories (lĩnh vực) of a citizen field report: the value of a `citizen-report` source's `report`
 * reading. `urgent` ones open a warning incident, the others an info one.
 */
export const REPORT_CATEGORIES = [
  { key: 'ngap-ung', nameVi: 'Ngập úng', urgent: true },
  { key: 'an-ninh-trat-tu', nameVi: 'An ninh, trật tự', urgent: true },
  { key: 'cay-do-dien', nameVi: 'Cây đổ, sự cố điện', urgent: true },
  { key: 'den-chieu-sang', nameVi: 'Đèn chiếu sáng hư hỏng', urgent: false },
  { key: 'ha-tang-giao-thong', nameVi: 'Hư hỏng đường, hạ tầng giao thông', urgent: false },
  { key: 'rac-thai', nameVi: 'Rác thải, vệ sinh môi trường', urgent: false },
  { key: 'lan-chiem-via-he', nameVi: 'Lấn chiếm vỉa hè, trật tự đô thị', urgent: false },
  { key: 'khac', nameVi: 'Khác', urgent: false },
];

/**
 * Leader KPIs (values arrive by CSV upload or from other systems). Thresholds are `[from, to)`;
 * colours: green ok, amber warning, red critical.
 */
const GREEN = '#2e7d32';
const AMBER = '#f9a825';
const RED = '#c62828';
export const KPIS = [
  {
    _id: 'overdue-dossiers',
    nameVi: 'Hồ sơ dịch vụ công trễ hạn',
    nameEn: 'Overdue public-service dossiers',
    unit: 'hồ sơ',
    direction: 'lower-is-better' as const,
    thresholds: [
      { level: 'ok' as const, to: 5, colour: GREEN },
      { level: 'warning' as const, from: 5, to: 20, colour: AMBER },
      { level: 'critical' as const, from: 20, colour: RED },
    ],
    window: 'P1D',
    noData: 'alerting' as const,
  },
  {
    _id: 'pm25-daily-average',
    nameVi: 'Bụi mịn PM2.5 trung bình ngày',
    nameEn: 'PM2.5 daily average',
    unit: 'µg/m³',
    direction: 'lower-is-better' as const,
    // QCVN 05:2023/BTNMT: 50 µg/m³ over 24 hours.
    thresholds: [
      { level: 'ok' as const, to: 25, colour: GREEN },
      { level: 'warning' as const, from: 25, to: 50, colour: AMBER },
      { level: 'critical' as const, from: 50, colour: RED },
    ],
    window: 'P1D',
    noData: 'alerting' as const,
  },
  {
    _id: 'street-lights-working',
    nameVi: 'Tỷ lệ đèn chiếu sáng hoạt động',
    nameEn: 'Street lights working',
    unit: '%',
    direction: 'higher-is-better' as const,
    thresholds: [
      { level: 'critical' as const, to: 90, colour: RED },
      { level: 'warning' as const, from: 90, to: 98, colour: AMBER },
      { level: 'ok' as const, from: 98, colour: GREEN },
    ],
    window: 'P1D',
    noData: 'keep-last' as const,
  },
  {
    _id: 'citizen-reports-on-time',
    nameVi: 'Phản ánh hiện trường được xử lý đúng hạn',
    nameEn: 'Citizen reports handled on time',
    unit: '%',
    direction: 'higher-is-better' as const,
    thresholds: [
      { level: 'critical' as const, to: 80, colour: RED },
      { level: 'warning' as const, from: 80, to: 95, colour: AMBER },
      { level: 'ok' as const, from: 95, colour: GREEN },
    ],
    window: 'P1W',
    noData: 'normal' as const,
  },
  {
    _id: 'dossiers-on-time',
    nameVi: 'Tỷ lệ hồ sơ TTHC giải quyết đúng hạn',
    nameEn: 'Administrative dossiers resolved on time',
    unit: '%',
    direction: 'higher-is-better' as const,
    thresholds: [
      { level: 'critical' as const, to: 95, colour: RED },
      { level: 'warning' as const, from: 95, to: 98, colour: AMBER },
      { level: 'ok' as const, from: 98, colour: GREEN },
    ],
    window: 'P1M',
    noData: 'keep-last' as const,
  },
  {
    _id: 'dossiers-online',
    nameVi: 'Tỷ lệ hồ sơ TTHC nộp trực tuyến',
    nameEn: 'Administrative dossiers filed online',
    unit: '%',
    direction: 'higher-is-better' as const,
    thresholds: [
      { level: 'critical' as const, to: 30, colour: RED },
      { level: 'warning' as const, from: 30, to: 50, colour: AMBER },
      { level: 'ok' as const, from: 50, colour: GREEN },
    ],
    window: 'P1M',
    noData: 'keep-last' as const,
  },
];

const m = (key: string, unit: string, nameVi: string, nameEn: string, min?: number, max?: number) => ({
  key,
  unit,
  nameVi,
  nameEn,
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
const pm25 = m('pm25', 'µg/m³', 'Bụi mịn PM2.5', 'PM2.5', 0, 1000);
const aqi = m('aqi', '', 'Chỉ số AQI', 'AQI', 0, 500);
const lampMetrics = [m('lamp_status', '', 'Trạng thái đèn', 'Lamp status'), m('power_w', 'W', 'Công suất', 'Power', 0, 20_000)];
const cameraMetrics = [m('crowd_count', '', 'Số người tụ tập', 'Crowd count', 0, 10_000), m('intrusion', '', 'Xâm nhập vùng cấm', 'Intrusion')];

/**
 * The registered sources (ids are `<type>/<name>`) and what the rules in `rules.ts` expect of their
 * readings: `lamp_status` is `"fault"` or `"ok"`; `intrusion` is `true` when someone enters the
 * camera's restricted zone and `false` once it is clear; a citizen report's `report` value is one of
 * REPORT_CATEGORIES.
 */
export const SOURCES = [
  {
    _id: 'flood-sensor/suoi-rat-bridge-11',
    type: 'flood-sensor',
    name: 'Trạm đo mực nước Suối Rạt — cầu 11',
    unit: 'tan-phu',
    location: { lat: 11.5349, lon: 106.8832 },
    metrics: [m('water_level_m', 'm', 'Mực nước', 'Water level', -1, 15)],
  },
  {
    _id: 'air-quality/tan-phu-01',
    type: 'air-quality',
    name: 'Quan trắc không khí — Phường Tân Phú',
    unit: 'tan-phu',
    location: { lat: 11.5382, lon: 106.8905 },
    metrics: [pm25, aqi],
  },
  {
    _id: 'air-quality/tan-binh-01',
    type: 'air-quality',
    name: 'Quan trắc không khí — Phường Tân Bình',
    unit: 'tan-binh',
    location: { lat: 11.5275, lon: 106.8768 },
    metrics: [pm25, aqi],
  },
  {
    _id: 'street-light/ly-thuong-kiet',
    type: 'street-light',
    name: 'Đèn thông minh đường Lý Thường Kiệt (16 đèn)',
    unit: 'tan-phu',
    location: { lat: 11.5361, lon: 106.8868 },
    metrics: lampMetrics,
  },
  {
    _id: 'street-light/le-duan',
    type: 'street-light',
    name: 'Đèn thông minh đường Lê Duẩn (35 đèn)',
    unit: 'tan-phu',
    location: { lat: 11.5322, lon: 106.8921 },
    metrics: lampMetrics,
  },
  { _id: 'camera-ai/cau-11-suoi-rat', type: 'camera-ai', name: 'Camera AI cầu 11 Suối Rạt', unit: 'tan-phu', location: { lat: 11.535, lon: 106.8834 }, metrics: cameraMetrics },
  {
    _id: 'camera-ai/quang-truong-tinh',
    type: 'camera-ai',
    name: 'Camera AI Quảng trường tỉnh',
    unit: 'tan-phu',
    location: { lat: 11.5391, lon: 106.8961 },
    metrics: cameraMetrics,
  },
  { _id: 'camera-ai/cho-dong-xoai', type: 'camera-ai', name: 'Camera AI chợ Đồng Xoài', unit: 'tan-binh', location: { lat: 11.5301, lon: 106.8845 }, metrics: cameraMetrics },
  {
    _id: 'citizen-report/binh-phuoc-today',
    type: 'citizen-report',
    name: 'Ứng dụng Bình Phước Today',
    unit: 'ioc',
    // The template: reporters (`citizen-report/<reporter>`) are registered on their first report with these metrics.
    autoRegister: true,
    metrics: [m('report', '', 'Phản ánh', 'Report'), m('water_depth_m', 'm', 'Độ sâu ngập', 'Water depth', 0, 10)],
  },
].map((s) => ({ autoRegister: false, autoRegistered: false, disabled: false, ...s }));

/** CAP 1.2 alerts → SOP: a flood or inundation warning (Met/Env, event text "lũ", "ngập" or "flood") runs the flood SOP. */
export const CAP_ROUTES = [
  {
    _id: 'cap-flood',
    name: 'Cảnh báo lũ / ngập (CAP) → ứng phó ngập lụt',
    enabled: true,
    priority: 10,
    categories: ['Met', 'Env'],
    eventContains: ['lũ', 'ngập', 'flood'],
    sopKey: 'flood-response',
  },
];
