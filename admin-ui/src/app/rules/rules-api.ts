import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { PendingApproval } from '../changes/changes-api';
import type { PendingChange } from '../changes/pending-chip.component';
import type { BacktestResult } from './backtest-chart';
import type { RuleBody } from './rule-draft';

export interface RuleSummary {
  key: string;
  name: string;
  version: number;
  enabled: boolean;
  source?: string;
  sourceType?: string;
  metric: string;
  action: { type: string; sopKey?: string };
  /** Four eyes: a change submitted and awaiting a second admin's approval. */
  pendingChange?: PendingChange | null;
}

/** A change's answer: the new version (200), or with four eyes on the request awaiting approval (202). */
export type RuleWriteResult = { key: string; version: number } | PendingApproval;

export interface SourceMetric {
  key: string;
  unit: string;
  nameVi?: string;
  nameEn?: string;
}

export interface SourceOption {
  id: string;
  name: string;
  type: string;
  unit: string;
  metrics: SourceMetric[];
}

export interface SourceTypeOption {
  key: string;
  nameVi: string;
  nameEn: string;
  metrics: SourceMetric[];
}

export interface SopOption {
  key: string;
  name: string;
  latestVersion: number | null;
}

/** The API calls of the threshold screens. */
@Injectable({ providedIn: 'root' })
export class RulesApi {
  private readonly http = inject(HttpClient);

  async list(): Promise<RuleSummary[]> {
    return (await firstValueFrom(this.http.get<{ items: RuleSummary[] }>('/api/rules'))).items;
  }

  get(key: string): Promise<RuleBody & { key: string; version: number; pendingChange?: PendingChange | null }> {
    return firstValueFrom(this.http.get<RuleBody & { key: string; version: number }>(`/api/rules/${encodeURIComponent(key)}`));
  }

  save(key: string, body: RuleBody): Promise<RuleWriteResult> {
    return firstValueFrom(this.http.put<RuleWriteResult>(`/api/rules/${encodeURIComponent(key)}`, body));
  }

  setEnabled(key: string, enabled: boolean): Promise<RuleWriteResult> {
    return firstValueFrom(this.http.post<RuleWriteResult>(`/api/rules/${encodeURIComponent(key)}/${enabled ? 'enable' : 'disable'}`, {}));
  }

  /** 204 (null) when deleted; with four eyes on, 202 with the request. */
  remove(key: string): Promise<PendingApproval | null> {
    return firstValueFrom(this.http.delete<PendingApproval | null>(`/api/rules/${encodeURIComponent(key)}`));
  }

  /** Runs an unsaved rule over the stored readings: also the server-side check of the whole rule. */
  backtest(rule: RuleBody, from: Date, to: Date): Promise<BacktestResult> {
    return firstValueFrom(this.http.post<BacktestResult>('/api/rules/backtest', { rule, from: from.toISOString(), to: to.toISOString() }));
  }

  async sources(): Promise<SourceOption[]> {
    return (await firstValueFrom(this.http.get<{ items: SourceOption[] }>('/api/sources'))).items;
  }

  async sourceTypes(): Promise<SourceTypeOption[]> {
    const types = await firstValueFrom(this.http.get<Record<string, Omit<SourceTypeOption, 'key'>>>('/api/sources/types'));
    return Object.entries(types).map(([key, t]) => ({ key, nameVi: t.nameVi, nameEn: t.nameEn, metrics: t.metrics }));
  }

  async sops(): Promise<SopOption[]> {
    return (await firstValueFrom(this.http.get<{ items: SopOption[] }>('/api/sops'))).items;
  }
}
