import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export const KPI_LEVELS = ['ok', 'warning', 'critical'] as const;
export type KpiLevel = (typeof KPI_LEVELS)[number];
export const KPI_DIRECTIONS = ['higher-is-better', 'lower-is-better'] as const;
export const KPI_NO_DATA = ['alerting', 'normal', 'keep-last'] as const;

export interface KpiThreshold {
  level: KpiLevel;
  from?: number;
  to?: number;
  colour: string;
}

/** A catalogue entry as admins write it. */
export interface KpiBody {
  nameVi: string;
  nameEn: string;
  unit: string;
  direction: (typeof KPI_DIRECTIONS)[number];
  thresholds: KpiThreshold[];
  window: string;
  noData: (typeof KPI_NO_DATA)[number];
}

export interface KpiView extends KpiBody {
  key: string;
  current: { periodStart: string; value: number; note?: string } | null;
  status: string;
  colour: string;
}

/** The KPI catalogue calls. */
@Injectable({ providedIn: 'root' })
export class KpisApi {
  private readonly http = inject(HttpClient);

  async list(): Promise<KpiView[]> {
    return (await firstValueFrom(this.http.get<{ items: KpiView[] }>('/api/kpis'))).items;
  }

  get(key: string): Promise<KpiView> {
    return firstValueFrom(this.http.get<KpiView>(`/api/kpis/${encodeURIComponent(key)}`));
  }

  create(key: string, body: KpiBody): Promise<KpiView> {
    return firstValueFrom(this.http.post<KpiView>('/api/kpis', { key, ...body }));
  }

  update(key: string, body: KpiBody): Promise<KpiView> {
    return firstValueFrom(this.http.put<KpiView>(`/api/kpis/${encodeURIComponent(key)}`, body));
  }
}
