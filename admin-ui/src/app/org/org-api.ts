import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Unit, UnitKind } from './unit-tree';

/** The org unit calls; other features (users, sources) read the unit list from here too. */
@Injectable({ providedIn: 'root' })
export class OrgApi {
  private readonly http = inject(HttpClient);

  async units(): Promise<Unit[]> {
    return (await firstValueFrom(this.http.get<{ items: Unit[] }>('/api/units'))).items;
  }

  create(unit: { id: string; name: string; kind: UnitKind; parent?: string }): Promise<Unit> {
    return firstValueFrom(this.http.post<Unit>('/api/units', unit));
  }

  update(id: string, change: { name?: string; kind?: UnitKind; parent?: string | null }): Promise<Unit> {
    return firstValueFrom(this.http.put<Unit>(`/api/units/${encodeURIComponent(id)}`, change));
  }

  remove(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/units/${encodeURIComponent(id)}`));
  }
}
