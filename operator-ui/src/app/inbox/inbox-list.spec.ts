import type { InboxTask } from '../task/task-api';
import { NO_FILTER, filterTasks, fold, sortTasks } from './inbox-list';

const task = (id: string, over: Partial<InboxTask> = {}): InboxTask => ({
  id,
  incidentId: `inc-${id}`,
  stepId: 'step',
  name: 'Kiểm tra hiện trường',
  status: 'open',
  unit: 'tan-phu',
  role: null,
  assignee: null,
  formKey: null,
  formVersion: null,
  createdAt: '2026-11-25T09:00:00.000Z',
  claimedAt: null,
  completedAt: null,
  dueAt: null,
  skippable: false,
  item: null,
  escalationLevel: null,
  completedBy: null,
  incident: { id: `inc-${id}`, title: 'Ngập cầu 11 Suối Rạt', severity: 'warning', status: 'open', location: null },
  ...over,
});

describe('inbox list', () => {
  const tasks = [
    task('a', { name: 'Xác minh đèn hỏng', incident: { id: 'i1', title: 'Đèn Lý Thường Kiệt tắt', severity: 'info', status: 'open', location: null } }),
    task('b', { status: 'claimed', assignee: 'operator.ioc' }),
    task('c', { incident: { id: 'i3', title: 'Ngập đường Phú Riềng Đỏ', severity: 'critical', status: 'open', location: null } }),
  ];

  it('folds case and Vietnamese diacritics', () => {
    expect(fold('Đường Ngập LỤT')).toBe('duong ngap lut');
  });

  it('filters by severity, status and words over the step name and incident title', () => {
    const ids = (f: Partial<typeof NO_FILTER>) => filterTasks(tasks, { ...NO_FILTER, ...f }).map((t) => t.id);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ severity: 'critical' })).toEqual(['c']);
    expect(ids({ status: 'claimed' })).toEqual(['b']);
    expect(ids({ text: 'ngap' })).toEqual(['b', 'c']);
    expect(ids({ text: 'ngập  duong' })).toEqual(['c']);
    expect(ids({ text: 'den hong' })).toEqual(['a']);
    expect(ids({ text: 'hiện trường', severity: 'warning' })).toEqual(['b']);
  });

  it('sorts by due time with undated tasks last, or newest first', () => {
    const list = [
      task('late', { dueAt: '2026-11-25T12:00:00.000Z', createdAt: '2026-11-25T08:00:00.000Z' }),
      task('none-old', { createdAt: '2026-11-25T07:00:00.000Z' }),
      task('soon', { dueAt: '2026-11-25T10:00:00.000Z', createdAt: '2026-11-25T09:30:00.000Z' }),
      task('none-new', { createdAt: '2026-11-25T09:45:00.000Z' }),
    ];
    expect(sortTasks(list, 'sla').map((t) => t.id)).toEqual(['soon', 'late', 'none-old', 'none-new']);
    expect(sortTasks(list, 'newest').map((t) => t.id)).toEqual(['none-new', 'soon', 'late', 'none-old']);
    expect(list[0]!.id).toBe('late'); // the input is left alone
  });
});
