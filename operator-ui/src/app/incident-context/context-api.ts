import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { LatLon } from '@ui/city-map';
import { firstValueFrom } from 'rxjs';
import type { StepState } from '../sop-diagram/sop-diagram.component';

export type Severity = 'info' | 'warning' | 'critical';

export interface ReadingSeries {
  source: string;
  sourceName: string;
  metric: string;
  unit: string;
  /** `[isoTime, value]`, oldest first. */
  points: [string, number][];
}
export interface ReadingTrigger {
  source: string;
  eventId: string;
  observedAt: string;
  value: number;
}
export interface Readings {
  series: ReadingSeries[];
  triggers: ReadingTrigger[];
}

export interface TimelineItem {
  at: string;
  kind: string;
  actor: string | null;
  text?: string;
  taskId?: string;
  stepId?: string;
  data?: Record<string, unknown>;
}

export interface IncidentDiagram {
  sopKey: string;
  version: number;
  xml: string;
  steps: Record<string, StepState>;
  /** Whether the running workflow answered (else the states come from the stored tasks and failed steps only). */
  live?: boolean;
}

export interface NearbySource {
  id: string;
  name: string;
  type: string;
  location: LatLon | null;
  distanceKm?: number;
}

/** Where the incident is and how bad, for the map. */
export interface IncidentPlace {
  id: string;
  title: string;
  severity: Severity;
  location: LatLon | null;
}

/** The incident context's reads (feat/ctx endpoints); each part asks for its own. */
@Injectable({ providedIn: 'root' })
export class ContextApi {
  private readonly http = inject(HttpClient);

  readings(id: string): Promise<Readings> {
    return firstValueFrom(this.http.get<Readings>(`/api/incidents/${encodeURIComponent(id)}/readings`));
  }

  timeline(id: string): Promise<{ items: TimelineItem[]; truncated?: boolean }> {
    return firstValueFrom(this.http.get<{ items: TimelineItem[]; truncated?: boolean }>(`/api/incidents/${encodeURIComponent(id)}/timeline`));
  }

  diagram(id: string): Promise<IncidentDiagram> {
    return firstValueFrom(this.http.get<IncidentDiagram>(`/api/incidents/${encodeURIComponent(id)}/diagram`));
  }

  place(id: string): Promise<IncidentPlace> {
    return firstValueFrom(this.http.get<IncidentPlace>(`/api/incidents/${encodeURIComponent(id)}`));
  }

  async nearbySources(at: LatLon, radiusKm = 2): Promise<NearbySource[]> {
    const params = { near: `${at.lat},${at.lon}`, radiusKm };
    return (await firstValueFrom(this.http.get<{ items: NearbySource[] }>('/api/sources', { params }))).items;
  }
}
