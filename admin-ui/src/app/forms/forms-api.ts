import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { FormComponent } from './form-draft';

export interface FormSummary {
  key: string;
  title: string;
  latestVersion: number;
  updatedAt: string | null;
}

export interface FormVersion {
  id: string;
  key: string;
  version: number;
  title: string;
  components: FormComponent[];
  createdAt?: string;
}

export type FormVersionHeader = Omit<FormVersion, 'components'>;

export interface FieldError {
  field: string;
  message: string;
}

export interface PreviewResult {
  key: string;
  version: number;
  valid: boolean;
  errors: FieldError[];
}

export interface FormUse {
  sopKey: string;
  sopVersion: number;
  sopName: string;
  latestSopVersion: boolean;
  elementId: string;
  elementName: string | null;
  formVersion: number;
}

const path = (key: string) => `/api/forms/${encodeURIComponent(key)}`;

/** The API calls of the form screens. */
@Injectable({ providedIn: 'root' })
export class FormsApi {
  private readonly http = inject(HttpClient);

  async list(): Promise<FormSummary[]> {
    return (await firstValueFrom(this.http.get<{ items: FormSummary[] }>('/api/forms'))).items;
  }

  get(key: string, version?: number): Promise<FormVersion> {
    return firstValueFrom(this.http.get<FormVersion>(version ? `${path(key)}/versions/${version}` : path(key)));
  }

  async versions(key: string): Promise<FormVersionHeader[]> {
    return (await firstValueFrom(this.http.get<{ items: FormVersionHeader[] }>(`${path(key)}/versions`))).items;
  }

  saveVersion(key: string, body: { title: string; components: FormComponent[] }): Promise<FormVersion> {
    return firstValueFrom(this.http.post<FormVersion>(`${path(key)}/versions`, body));
  }

  previewValidate(key: string, data: Record<string, unknown>, version: number): Promise<PreviewResult> {
    return firstValueFrom(this.http.post<PreviewResult>(`${path(key)}/preview-validate`, { data, version }));
  }

  async usage(key: string): Promise<FormUse[]> {
    return (await firstValueFrom(this.http.get<{ items: FormUse[] }>(`${path(key)}/usage`))).items;
  }
}
