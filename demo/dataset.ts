/** The Đồng Xoài demo dataset: org units, users per role, forms and the rules that start SOPs. */
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
];

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; unit: string; email: string }[] = [
  { username: 'admin', displayName: 'Quản trị viên IOC', roles: ['admin'], unit: CITY_UNIT, email: 'admin@dongxoai.example' },
  { username: 'leader', displayName: 'Lãnh đạo UBND thành phố', roles: ['leader'], unit: CITY_UNIT, email: 'leader@dongxoai.example' },
  { username: 'operator.tanphu', displayName: 'Cán bộ vận hành — Phường Tân Phú', roles: ['operator'], unit: 'tan-phu', email: 'operator.tanphu@dongxoai.example' },
  { username: 'operator.tienthanh', displayName: 'Cán bộ vận hành — Phường Tiến Thành', roles: ['operator'], unit: 'tien-thanh', email: 'operator.tienthanh@dongxoai.example' },
];

export const FORMS = [
  {
    key: 'flood-verify',
    title: 'Xác minh ngập lụt qua camera',
    components: [
      { type: 'checkbox', key: 'confirmed', label: 'Xác nhận có ngập', input: true },
      { type: 'textarea', key: 'notes', label: 'Ghi chú', input: true, validate: { required: true, maxLength: 2000 } },
      { type: 'button', key: 'submit', label: 'Hoàn thành', input: true, action: 'submit' },
    ],
  },
  {
    key: 'flood-action',
    title: 'Thông báo người dân và phong tỏa đường',
    components: [
      { type: 'checkbox', key: 'residentsNotified', label: 'Đã thông báo người dân', input: true, validate: { required: true } },
      { type: 'checkbox', key: 'roadClosed', label: 'Đã phong tỏa đường', input: true },
      { type: 'textarea', key: 'notes', label: 'Ghi chú', input: true, validate: { maxLength: 2000 } },
      { type: 'button', key: 'submit', label: 'Hoàn thành', input: true, action: 'submit' },
    ],
  },
];

export const SOPS = [{ key: 'flood-response', file: 'flood-response.bpmn' }];

/**
 * Threshold rules (shape: RuleDefinition in rules/rule-index.ts). The flood rule opens a critical
 * incident at ≥ 3.0 m and clears only once the level stayed below 2.3 m for 10 minutes (hysteresis),
 * so a level hovering around 3 m keeps one incident instead of opening many.
 */
export const RULES = [
  {
    _id: 'flood-suoi-rat-critical',
    name: 'Mực nước Suối Rạt (cầu 11) vượt ngưỡng nghiêm trọng',
    version: 1,
    enabled: true,
    priority: 10,
    source: 'flood-sensor/suoi-rat-bridge-11',
    metric: 'water_level_m',
    levels: [{ severity: 'critical' as const, threshold: { op: '>=' as const, value: 3.0 } }],
    clear: { threshold: { op: '<' as const, value: 2.3 }, for: 'PT10M' },
    correlationKey: 'flood:suoi-rat',
    action: { type: 'open-incident' as const, sopKey: 'flood-response', title: 'Ngập lụt Suối Rạt — cầu 11' },
  },
];
