/**
 * The kinds of source CityOps knows: which metrics each may carry (with their canonical unit and
 * default valid range) and whether an unknown source of that kind is registered on first sight.
 * A source id is `<type>/<name>`, e.g. `flood-sensor/suoi-rat-bridge-11`.
 */
export interface CatalogueMetric {
  key: string;
  /** Canonical unit; readings in another convertible unit are converted to it. Empty for unitless values. */
  unit: string;
  min?: number;
  max?: number;
  nameVi: string;
  nameEn: string;
}

export interface SourceType {
  nameVi: string;
  nameEn: string;
  /** Unknown sources of this type are registered on first reading (people and alert feeds), not refused (sensors). */
  autoRegister: boolean;
  /** Any metric key is accepted (feeds whose metrics are defined elsewhere, e.g. KPIs and CAP). */
  openMetrics: boolean;
  metrics: CatalogueMetric[];
}

export const SOURCE_TYPES = {
  'flood-sensor': {
    nameVi: 'Trạm cảnh báo ngập',
    nameEn: 'Flood sensor',
    autoRegister: false,
    openMetrics: false,
    metrics: [
      { key: 'water_level_m', unit: 'm', min: -1, max: 15, nameVi: 'Mực nước', nameEn: 'Water level' },
      { key: 'rainfall_mm', unit: 'mm', min: 0, max: 500, nameVi: 'Lượng mưa', nameEn: 'Rainfall' },
    ],
  },
  'air-quality': {
    nameVi: 'Cảm biến chất lượng không khí',
    nameEn: 'Air-quality sensor',
    autoRegister: false,
    openMetrics: false,
    metrics: [
      { key: 'pm25', unit: 'µg/m³', min: 0, max: 1000, nameVi: 'Bụi mịn PM2.5', nameEn: 'PM2.5' },
      { key: 'pm10', unit: 'µg/m³', min: 0, max: 2000, nameVi: 'Bụi PM10', nameEn: 'PM10' },
      { key: 'aqi', unit: '', min: 0, max: 500, nameVi: 'Chỉ số AQI', nameEn: 'AQI' },
      { key: 'temperature_c', unit: '°C', min: -20, max: 60, nameVi: 'Nhiệt độ', nameEn: 'Temperature' },
      { key: 'humidity_pct', unit: '%', min: 0, max: 100, nameVi: 'Độ ẩm', nameEn: 'Humidity' },
    ],
  },
  'street-light': {
    nameVi: 'Đèn chiếu sáng thông minh',
    nameEn: 'Smart street light',
    autoRegister: false,
    openMetrics: false,
    metrics: [
      { key: 'lamp_status', unit: '', nameVi: 'Trạng thái đèn', nameEn: 'Lamp status' },
      { key: 'power_w', unit: 'W', min: 0, max: 100_000, nameVi: 'Công suất', nameEn: 'Power' },
      { key: 'illuminance_lux', unit: 'lx', min: 0, max: 200_000, nameVi: 'Độ rọi', nameEn: 'Illuminance' },
      { key: 'dim_level_pct', unit: '%', min: 0, max: 100, nameVi: 'Mức điều chỉnh độ sáng', nameEn: 'Dim level' },
    ],
  },
  'camera-ai': {
    nameVi: 'Camera AI',
    nameEn: 'AI camera',
    autoRegister: false,
    openMetrics: false,
    metrics: [
      { key: 'crowd_count', unit: '', min: 0, max: 100_000, nameVi: 'Số người tụ tập', nameEn: 'Crowd count' },
      { key: 'intrusion', unit: '', nameVi: 'Xâm nhập vùng cấm', nameEn: 'Intrusion' },
      { key: 'vehicle_speed', unit: 'km/h', min: 0, max: 300, nameVi: 'Tốc độ phương tiện', nameEn: 'Vehicle speed' },
    ],
  },
  'citizen-report': {
    nameVi: 'Phản ánh của người dân',
    nameEn: 'Citizen report',
    autoRegister: true,
    openMetrics: false,
    metrics: [
      { key: 'report', unit: '', nameVi: 'Phản ánh', nameEn: 'Report' },
      { key: 'water_depth_m', unit: 'm', min: 0, max: 10, nameVi: 'Độ sâu ngập', nameEn: 'Water depth' },
    ],
  },
  'kpi-feed': { nameVi: 'Nguồn chỉ số KPI', nameEn: 'KPI feed', autoRegister: false, openMetrics: true, metrics: [] },
  cap: { nameVi: 'Cảnh báo CAP', nameEn: 'CAP alert feed', autoRegister: true, openMetrics: true, metrics: [] },
} as const satisfies Record<string, SourceType>;

export type SourceTypeKey = keyof typeof SOURCE_TYPES;
export const SOURCE_TYPE_KEYS = Object.keys(SOURCE_TYPES) as SourceTypeKey[];

export function sourceType(key: string): SourceType | undefined {
  return Object.hasOwn(SOURCE_TYPES, key) ? (SOURCE_TYPES as Record<string, SourceType>)[key] : undefined;
}

/** The type part of a source id (`flood-sensor/x` → `flood-sensor`), or undefined when it has none. */
export function typeOfSourceId(id: string): string | undefined {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : undefined;
}
