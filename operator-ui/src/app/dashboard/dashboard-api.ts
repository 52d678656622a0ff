import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { KpiTile, MetricsIncidents, Overview, Sla, SopOption, Steps, Trends, UnitOption } from './metrics-types';

/** The metrics views; each takes the filters' query (`from`, `to`, `sop`, `unit`, `severity`). */
export type MetricsView = 'overview' | 'trends' | 'sla' | 'steps' | 'incidents';
export type Params = Readonly<Record<string, string>>;

/** The dashboard's calls: the metrics API, the lists its filters offer, the KPI catalogue. */
@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);

  overview(params: Params): Promise<Overview> {
    return this.metrics<Overview>('overview', params);
  }

  trends(params: Params, bucket: 'day' | 'week'): Promise<Trends> {
    return this.metrics<Trends>('trends', { ...params, bucket });
  }

  sla(params: Params): Promise<Sla> {
    return this.metrics<Sla>('sla', params);
  }

  steps(params: Params): Promise<Steps> {
    return this.metrics<Steps>('steps', params);
  }

  incidents(params: Params): Promise<MetricsIncidents> {
    return this.metrics<MetricsIncidents>('incidents', params);
  }

  async units(): Promise<UnitOption[]> {
    return (await firstValueFrom(this.http.get<{ items: UnitOption[] }>('/api/units'))).items;
  }

  async sops(): Promise<SopOption[]> {
    return (await firstValueFrom(this.http.get<{ items: SopOption[] }>('/api/sops'))).items;
  }

  async kpis(): Promise<KpiTile[]> {
    return (await firstValueFrom(this.http.get<{ items: KpiTile[] }>('/api/kpis'))).items;
  }

  /**
   * The same view as a CSV file (`format=csv`), through HttpClient so the auth interceptor adds the
   * token (a plain link could not); the name is the server's Content-Disposition filename.
   */
  async csv(view: MetricsView, params: Params): Promise<{ blob: Blob; filename: string }> {
    const res = await firstValueFrom(
      this.http.get(`/api/metrics/${view}`, { params: new HttpParams({ fromObject: { ...params, format: 'csv' } }), responseType: 'blob', observe: 'response' }),
    );
    return { blob: res.body ?? new Blob([], { type: 'text/csv' }), filename: filenameOf(res.headers.get('Content-Disposition')) ?? `cityops-${view}.csv` };
  }

  private metrics<T>(view: MetricsView, params: Params): Promise<T> {
    return firstValueFrom(this.http.get<T>(`/api/metrics/${view}`, { params: new HttpParams({ fromObject: { ...params } }) }));
  }
}

/** `attachment; filename="cityops-sla-2026-11-01-2026-11-25.csv"` → the file name. */
export function filenameOf(disposition: string | null): string | undefined {
  const m = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return m?.[1];
}

/** Hands a downloaded file to the browser as a saved file (an object URL on a temporary link). */
export function saveFile(doc: Document, blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // The click has started the download; the URL may go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
