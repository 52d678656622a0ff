import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { apiProblem, type ApiProblem } from '@ui/api-problem';
import { I18n, TranslatePipe } from '@ui/i18n';
import { OrgApi } from './org-api';
import { UNIT_KINDS, slugify, subtreeIds, unitRows, type Unit, type UnitKind, type UnitRow } from './unit-tree';

type Editing = { mode: 'add'; parent: Unit | null } | { mode: 'rename'; unit: Unit } | { mode: 'move'; unit: Unit };

/** The org tree: add, rename, move and delete units; the API's complaints show next to the field. */
@Component({
  selector: 'adm-units',
  imports: [FormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './units.page.html',
  styleUrl: './units.page.css',
})
export class UnitsPage {
  private readonly api = inject(OrgApi);
  private readonly i18n = inject(I18n);
  protected readonly kinds = UNIT_KINDS;
  protected readonly units = signal<Unit[] | null>(null);
  protected readonly rows = computed(() => unitRows(this.units() ?? []));
  protected readonly editing = signal<Editing | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly message = signal('');
  protected readonly busy = signal(false);
  protected form = { id: '', name: '', kind: 'team' as UnitKind, parent: '' };
  private idTouched = false;

  /** Parents the unit being moved may go under: anything outside its own subtree. */
  protected readonly moveTargets = computed<UnitRow[]>(() => {
    const e = this.editing();
    if (e?.mode !== 'move') return [];
    const excluded = subtreeIds(this.units() ?? [], e.unit.id);
    return this.rows().filter((r) => !excluded.has(r.id));
  });

  constructor() {
    void this.load();
  }

  /** Non-breaking spaces: a `<select>` shows the tree by indenting its options. */
  protected indent(depth: number): string {
    return '\u00a0\u00a0\u00a0'.repeat(depth);
  }

  protected startAdd(parent: Unit | null): void {
    this.form = { id: '', name: '', kind: parent ? (parent.kind === 'city' ? 'ward' : 'team') : 'city', parent: parent?.id ?? '' };
    this.idTouched = false;
    this.open({ mode: 'add', parent });
  }

  protected startRename(unit: Unit): void {
    this.form = { id: unit.id, name: unit.name, kind: unit.kind, parent: unit.parent ?? '' };
    this.open({ mode: 'rename', unit });
  }

  protected startMove(unit: Unit): void {
    this.form = { id: unit.id, name: unit.name, kind: unit.kind, parent: unit.parent ?? '' };
    this.open({ mode: 'move', unit });
  }

  protected nameChanged(name: string): void {
    this.form.name = name;
    if (this.editing()?.mode === 'add' && !this.idTouched) this.form.id = slugify(name);
  }

  protected idChanged(id: string): void {
    this.form.id = id;
    this.idTouched = true;
  }

  protected cancel(): void {
    this.editing.set(null);
    this.problem.set(null);
  }

  protected async save(): Promise<void> {
    const e = this.editing();
    if (!e) return;
    await this.run(async () => {
      if (e.mode === 'add') await this.api.create({ id: this.form.id, name: this.form.name, kind: this.form.kind, ...(this.form.parent ? { parent: this.form.parent } : {}) });
      else if (e.mode === 'rename') await this.api.update(e.unit.id, { name: this.form.name, kind: this.form.kind });
      else await this.api.update(e.unit.id, { parent: this.form.parent || null });
      this.editing.set(null);
      this.message.set(this.i18n.t('org.saved'));
    });
  }

  protected async remove(unit: Unit): Promise<void> {
    this.confirming.set(null);
    await this.run(async () => {
      await this.api.remove(unit.id);
      this.message.set(this.i18n.t('org.deleted', { name: unit.name }));
    });
  }

  protected fieldError(field: string): string {
    return this.problem()?.fields[field] ?? '';
  }

  private open(editing: Editing): void {
    this.problem.set(null);
    this.message.set('');
    this.confirming.set(null);
    this.editing.set(editing);
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    this.message.set('');
    try {
      await action();
      await this.load();
    } catch (err) {
      this.problem.set(apiProblem(err));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      this.units.set(await this.api.units());
    } catch (err) {
      this.problem.set(apiProblem(err));
    }
  }
}
