import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { LatLon } from './map-point';

export interface SourceMetric {
  key: string;
  unit: string;
  min?: number;
  max?: number;
  nameVi?: string;
  nameEn?: string;
}

export interface SourceRecord {
  id: string;
  type: string;
  name: string;
  unit: string;
  location?: LatLon;
  metrics: SourceMetric[];
  autoRegister: boolean;
  autoRegistered?: boolean;
  disabled: boolean;
}

export interface SourceTypeInfo {
  key: string;
  nameVi: string;
  nameEn: string;
  autoRegister: boolean;
  openMetrics: boolean;
  metrics: SourceMetric[];
}

export type SourceFields = Pick<SourceRecord, 'name' | 'unit' | 'metrics' | 'autoRegister' | 'disabled'> & { location?: LatLon };

/** The source registry calls. Source ids contain a slash, so they are always URL-encoded. */
@Injectable({ providedIn: 'root' })
export class SourcesApi {
  private readonly http = inject(HttpClient);

  async list(): Promise<SourceRecord[]> {
    return (await firstValueFrom(this.http.get<{ items: SourceRecord[] }>('/api/sources'))).items;
  }

  get(id: string): Promise<SourceRecord> {
    return firstValueFrom(this.http.get<SourceRecord>(`/api/sources/${encodeURIComponent(id)}`));
  }

  async types(): Promise<SourceTypeInfo[]> {
    const types = await firstValueFrom(this.http.get<Record<string, Omit<SourceTypeInfo, 'key'>>>('/api/sources/types'));
    return Object.entries(types).map(([key, t]) => ({ key, ...t }));
  }

  create(source: SourceFields & { id: string; type: string }): Promise<SourceRecord> {
    return firstValueFrom(this.http.post<SourceRecord>('/api/sources', source));
  }

  update(id: string, fields: SourceFields): Promise<SourceRecord> {
    return firstValueFrom(this.http.put<SourceRecord>(`/api/sources/${encodeURIComponent(id)}`, fields));
  }
}
