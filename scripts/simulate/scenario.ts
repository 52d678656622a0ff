/**
 * The demo storm over Đồng Xoài, minute by minute: the Suối Rạt gauge rises past the critical level
 * and falls back, PM2.5 climbs past the hourly limits, a lamp on Lê Duẩn fails, a resident reports
 * the flooding through Bình Phước Today, someone walks onto the flooded bank at bridge 11 at the
 * peak, and a crowd gathers at the market. Each of these opens an incident through the demo rules
 * (demo/rules.ts; demo/storm-rules.test.ts checks that). Pure and seeded, so the same run produces
 * the same readings (and tests can check the story).
 */
export interface SimulatedReading {
  id: string;
  source: string;
  metric: string;
  value: number | string | boolean;
  unit?: string;
  observedAt: string;
}

export interface ScenarioOptions {
  /** Simulated minutes (default 120). */
  minutes?: number;
  /** Wall-clock start of the simulated period. */
  start: Date;
  /** Run id, so two runs never collide on event ids. */
  runId: string;
  seed?: number;
}

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Water level at Suối Rạt bridge 11: 1.2 m, a flood wave peaking at 3.4 m half-way, back to about 1.5 m. */
export function floodLevel(minute: number, total: number): number {
  const peakAt = total / 2;
  const width = total / 5;
  return 1.2 + 2.2 * Math.exp(-(((minute - peakAt) / width) ** 2)) + (0.3 * minute) / total;
}

export function* scenario(opts: ScenarioOptions): Generator<SimulatedReading[]> {
  const total = opts.minutes ?? 120;
  const rnd = random(opts.seed ?? 20261125);
  let pm25 = 38;
  for (let minute = 0; minute < total; minute++) {
    const observedAt = new Date(opts.start.getTime() + minute * 60_000).toISOString();
    const id = (name: string) => `sim-${opts.runId}-${name}-${minute}`;
    const batch: SimulatedReading[] = [];
    const level = floodLevel(minute, total) + (rnd() - 0.5) * 0.06;
    batch.push({ id: id('flood'), source: 'flood-sensor/suoi-rat-bridge-11', metric: 'water_level_m', value: Math.round(level * 100) / 100, unit: 'm', observedAt });
    pm25 = Math.max(5, pm25 + (rnd() - 0.45) * 4);
    if (minute % 5 === 0) {
      batch.push({ id: id('pm25-tp'), source: 'air-quality/tan-phu-01', metric: 'pm25', value: Math.round(pm25 * 10) / 10, unit: 'µg/m³', observedAt });
      batch.push({ id: id('pm25-tb'), source: 'air-quality/tan-binh-01', metric: 'pm25', value: Math.round((pm25 + 6) * 10) / 10, unit: 'µg/m³', observedAt });
    }
    // A lamp on Lê Duẩn fails a third of the way in: the street draws less power and reports the fault.
    const leDuanFailed = minute >= Math.floor(total / 3);
    if (minute % 10 === 0) {
      batch.push({ id: id('power-ld'), source: 'street-light/le-duan', metric: 'power_w', value: leDuanFailed ? 34 * 120 : 35 * 120, unit: 'W', observedAt });
      batch.push({ id: id('power-ltk'), source: 'street-light/ly-thuong-kiet', metric: 'power_w', value: 16 * 120, unit: 'W', observedAt });
    }
    // Both lines report their lamps fine at the start (which also clears a fault left by an earlier run).
    if (minute === 0) {
      batch.push({ id: id('lamp-ld'), source: 'street-light/le-duan', metric: 'lamp_status', value: 'ok', observedAt });
      batch.push({ id: id('lamp-ltk'), source: 'street-light/ly-thuong-kiet', metric: 'lamp_status', value: 'ok', observedAt });
    }
    if (minute === Math.floor(total / 3)) batch.push({ id: id('lamp-ld'), source: 'street-light/le-duan', metric: 'lamp_status', value: 'fault', observedAt });
    // A resident reports the flooded road, with the depth, as the gauge passes 3 m.
    if (minute === Math.floor((2 * total) / 5)) {
      batch.push({ id: id('report'), source: 'citizen-report/binh-phuoc-today', metric: 'report', value: 'ngap-ung', observedAt });
      batch.push({ id: id('depth'), source: 'citizen-report/binh-phuoc-today', metric: 'water_depth_m', value: 40, unit: 'cm', observedAt });
    }
    // At the peak someone goes down to the flooded bank at bridge 11; the camera sees the zone clear three minutes later.
    const peak = Math.floor(total / 2);
    if (minute === peak || minute === peak + 3) batch.push({ id: id('intrusion'), source: 'camera-ai/cau-11-suoi-rat', metric: 'intrusion', value: minute === peak, observedAt });
    // A crowd gathers at the market for a quarter of an hour, two thirds of the way in.
    const crowdStart = Math.floor((2 * total) / 3);
    const crowd = minute >= crowdStart && minute < crowdStart + 15 ? 150 + Math.round(rnd() * 80) : 10 + Math.round(rnd() * 15);
    batch.push({ id: id('crowd'), source: 'camera-ai/cho-dong-xoai', metric: 'crowd_count', value: crowd, observedAt });
    yield batch;
  }
}
