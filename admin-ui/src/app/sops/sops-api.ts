import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { PendingApproval } from '../changes/changes-api';
import { toProblems, type SopProblem } from './problems';

export interface SopSummary {
  key: string;
  name: string;
  latestVersion: number | null;
  updatedAt: string;
  hasDraft: boolean;
  draftUpdatedAt: string | null;
  /** Four eyes: a version submitted and awaiting a second admin's approval. */
  pendingChange?: { id: string; kind: string; requestedBy: string } | null;
}

/** A deploy's answer: the new version (201), or with four eyes on the request awaiting approval (202). */
export type DeployResult = { version: number; warnings: { elementId: string; message: string }[] } | (PendingApproval & { warnings?: { elementId: string; message: string }[] });

export interface SopDetail {
  key: string;
  name: string;
  latestVersion: number | null;
  draft: { name: string; updatedBy: string; updatedAt: string; bpmnXml?: string } | null;
}

export interface SopVersionSummary {
  version: number;
  name: string;
  graphHash: string;
  deployedBy: string | null;
  deployedAt: string;
  runningIncidents: number;
}

export interface SopVersionDetail {
  key: string;
  version: number;
  name: string;
  bpmnXml: string;
  deployedBy: string | null;
  deployedAt: string;
}

export interface DesignerOptions {
  units: { id: string; name: string; kind: string; parent: string | null }[];
  roles: string[];
  users: { username: string; displayName: string; unit: string }[];
  forms: { key: string; version: number; title: string }[];
}

/** The moddle descriptor bpmn-js loads to read and write `cityops:*` attributes. */
export type ModdleDescriptor = Record<string, unknown>;

const path = (key: string) => `/api/sops/${encodeURIComponent(key)}`;

/** The API calls of the SOP screens. */
@Injectable({ providedIn: 'root' })
export class SopsApi {
  private readonly http = inject(HttpClient);

  async list(): Promise<SopSummary[]> {
    return (await firstValueFrom(this.http.get<{ items: SopSummary[] }>('/api/sops'))).items;
  }

  get(key: string): Promise<SopDetail> {
    return firstValueFrom(this.http.get<SopDetail>(path(key)));
  }

  async versions(key: string): Promise<SopVersionSummary[]> {
    return (await firstValueFrom(this.http.get<{ items: SopVersionSummary[] }>(`${path(key)}/versions`))).items;
  }

  version(key: string, version: number): Promise<SopVersionDetail> {
    return firstValueFrom(this.http.get<SopVersionDetail>(`${path(key)}/versions/${version}`));
  }

  saveDraft(key: string, name: string, bpmnXml: string): Promise<{ key: string; updatedAt: string }> {
    return firstValueFrom(this.http.put<{ key: string; updatedAt: string }>(path(key), { name, bpmnXml }));
  }

  /** 201 with the new version, 202 with the change request (four eyes), or an HttpErrorResponse: 422 `{errors: [{elementId, message}]}`. */
  deploy(key: string, name: string, bpmnXml: string): Promise<DeployResult> {
    return firstValueFrom(this.http.post<DeployResult>(`${path(key)}/deploy`, { name, bpmnXml }));
  }

  /** The deploy's compile without deploying: every problem, by element id. */
  async check(key: string, bpmnXml: string): Promise<SopProblem[]> {
    return toProblems(
      await firstValueFrom(
        this.http.post<{ errors: { elementId: string; message: string }[]; warnings: { elementId: string; message: string }[] }>(`${path(key)}/check`, { bpmnXml }),
      ),
    );
  }

  options(): Promise<DesignerOptions> {
    return firstValueFrom(this.http.get<DesignerOptions>('/api/sops/designer-options'));
  }

  moddle(): Promise<ModdleDescriptor> {
    return firstValueFrom(this.http.get<ModdleDescriptor>('/api/sops/moddle.json'));
  }
}
