import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { apiProblem, type ApiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { OrgApi } from '../org/org-api';
import { slugify, unitRows, type Unit } from '../org/unit-tree';
import { LocationMap, type MapMarker } from './location-map.component';
import { parseCoordinate, type LatLon } from './map-point';
import { SourcesApi, type SourceMetric, type SourceRecord, type SourceTypeInfo } from './sources-api';

/** Create or edit a registry entry; the location is picked on the map (or typed). */
@Component({
  selector: 'adm-source-edit',
  imports: [FormsModule, RouterLink, TranslatePipe, LocationMap],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './source-edit.page.html',
  styles: `
    .grid {
      display: grid;
      grid-template-columns: minmax(18rem, 1fr) 2fr;
      gap: 1rem;
    }
    .hint {
      font-size: 0.85rem;
      color: var(--muted);
    }
    label {
      display: flex;
    }
  `,
})
export class SourceEditPage {
  /** The source id from the route (`edit/:id`); absent on `new`. */
  readonly id = input<string>();
  /** Set (`?saved=1`) when a new source was just created and this page opened on it. */
  readonly saved = input<string>();
  private readonly api = inject(SourcesApi);
  private readonly router = inject(Router);
  protected readonly i18n = inject(I18n);
  protected readonly types = signal<SourceTypeInfo[]>([]);
  protected readonly units = signal<Unit[]>([]);
  protected readonly unitOptions = computed(() => unitRows(this.units()));
  private readonly all = signal<SourceRecord[]>([]);
  protected readonly loaded = signal<SourceRecord | null>(null);
  protected readonly location = signal<LatLon | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly message = signal('');
  protected readonly busy = signal(false);
  protected form = { id: '', type: '', name: '', unit: '', lat: '', lon: '', disabled: false };
  private idTouched = false;

  /** The other sources with a location, drawn as grey dots. */
  protected readonly others = computed<MapMarker[]>(() =>
    this.all()
      .filter((s) => s.location && s.id !== this.id())
      .map((s) => ({ id: s.id, name: s.name, lat: s.location!.lat, lon: s.location!.lon })),
  );

  constructor() {
    const org = inject(OrgApi);
    void Promise.all([this.api.types(), org.units(), this.api.list()]).then(
      ([types, units, all]) => {
        this.types.set(types);
        this.units.set(units);
        this.all.set(all);
      },
      (err: unknown) => this.problem.set(apiProblem(err)),
    );
    effect(() => {
      const id = this.id();
      if (id) void this.load(id);
    });
    effect(() => {
      const id = this.id();
      if (id && this.saved()) this.message.set(this.i18n.t('sources.saved', { id }));
    });
  }

  protected typeName(t: SourceTypeInfo): string {
    return this.i18n.lang() === 'vi' ? t.nameVi : t.nameEn;
  }

  protected indent(depth: number): string {
    return '\u00a0\u00a0\u00a0'.repeat(depth);
  }

  protected nameChanged(name: string): void {
    this.form.name = name;
    if (!this.id() && !this.idTouched && this.form.type) this.form.id = `${this.form.type}/${slugify(name)}`;
  }

  protected typeChanged(type: string): void {
    this.form.type = type;
    if (!this.idTouched) this.form.id = `${type}/${slugify(this.form.name)}`;
  }

  protected idChanged(id: string): void {
    this.form.id = id;
    this.idTouched = true;
  }

  /** A click on the map fills the fields. */
  protected picked(point: LatLon): void {
    this.form.lat = String(point.lat);
    this.form.lon = String(point.lon);
    this.location.set(point);
  }

  /** Typed coordinates move the marker once both are numbers. */
  protected typed(): void {
    const lat = parseCoordinate(this.form.lat);
    const lon = parseCoordinate(this.form.lon);
    this.location.set(lat !== undefined && lon !== undefined ? { lat, lon } : null);
  }

  protected clearLocation(): void {
    this.form.lat = '';
    this.form.lon = '';
    this.location.set(null);
  }

  protected fieldError(field: string): string {
    const fields = this.problem()?.fields ?? {};
    if (field === 'location.lat' || field === 'location.lon') {
      const text = field === 'location.lat' ? this.form.lat : this.form.lon;
      if (text.trim() && parseCoordinate(text) === undefined) return this.i18n.t('sources.badCoordinate');
    }
    return fields[field] ?? '';
  }

  protected metricErrors(): string[] {
    const fields = this.problem()?.fields ?? {};
    return Object.entries(fields)
      .filter(([k]) => k.startsWith('metrics'))
      .map(([k, v]) => `${k}: ${v}`);
  }

  protected async save(): Promise<void> {
    const location = this.location();
    const existing = this.loaded();
    const fields = {
      name: this.form.name,
      unit: this.form.unit,
      ...(location ? { location } : {}),
      metrics: existing ? existing.metrics.map(cleanMetric) : this.catalogueMetrics(),
      autoRegister: existing?.autoRegister ?? false,
      disabled: this.form.disabled,
    };
    this.busy.set(true);
    this.problem.set(null);
    this.message.set('');
    try {
      const saved = existing ? await this.api.update(existing.id, fields) : await this.api.create({ id: this.form.id, type: this.form.type, ...fields });
      this.loaded.set(saved);
      this.message.set(this.i18n.t('sources.saved', { id: saved.id }));
      if (!existing) await this.router.navigate(['/sources/edit', saved.id], { queryParams: { saved: 1 } });
    } catch (err) {
      this.problem.set(apiProblem(err));
    } finally {
      this.busy.set(false);
    }
  }

  /** A new source carries its type's catalogue metrics (none for open feeds). */
  private catalogueMetrics(): SourceMetric[] {
    return (this.types().find((t) => t.key === this.form.type)?.metrics ?? []).map(cleanMetric);
  }

  private async load(id: string): Promise<void> {
    try {
      const s = await this.api.get(id);
      this.loaded.set(s);
      this.form = {
        id: s.id,
        type: s.type,
        name: s.name,
        unit: s.unit,
        lat: s.location ? String(s.location.lat) : '',
        lon: s.location ? String(s.location.lon) : '',
        disabled: s.disabled,
      };
      this.location.set(s.location ?? null);
    } catch (err) {
      this.problem.set(apiProblem(err));
    }
  }
}

/** Only the fields the API accepts for a metric. */
function cleanMetric(m: SourceMetric): SourceMetric {
  return {
    key: m.key,
    unit: m.unit ?? '',
    ...(m.min !== undefined && m.min !== null ? { min: m.min } : {}),
    ...(m.max !== undefined && m.max !== null ? { max: m.max } : {}),
    ...(m.nameVi ? { nameVi: m.nameVi } : {}),
    ...(m.nameEn ? { nameEn: m.nameEn } : {}),
  };
}
