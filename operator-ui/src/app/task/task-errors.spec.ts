import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { describeTaskProblem } from './task-errors';

const translator = (dict: Record<string, string>) => (key: string, params?: Readonly<Record<string, string | number>>) =>
  (dict[key] ?? key).replace(/\{(\w+)\}/g, (_m, name: string) => String(params?.[name]));
const problem = (status: number, message: string) => ({ status, message, fields: {}, rules: {} });

describe('describeTaskProblem', () => {
  it('puts the API’s known conflicts into words, Vietnamese first', () => {
    const t = translator(vi);
    expect(describeTaskProblem(problem(409, 'task already claimed by operator.tanphu'), t)).toBe('Nhiệm vụ đã được operator.tanphu nhận xử lý.');
    expect(describeTaskProblem(problem(409, 'task is completed'), t)).toBe('Nhiệm vụ đang ở trạng thái: Đã hoàn thành.');
    expect(describeTaskProblem(problem(409, 'task already skipped'), t)).toBe('Nhiệm vụ đang ở trạng thái: Đã bỏ qua.');
    expect(describeTaskProblem(problem(409, 'claim the task before completing it'), t)).toBe('Cần nhận xử lý nhiệm vụ trước khi hoàn thành.');
    expect(describeTaskProblem(problem(409, 'task already claimed by operator.tanphu'), translator(en))).toBe('Already claimed by operator.tanphu.');
  });

  it('names missing tasks, the network, refusals; otherwise shows the server’s message', () => {
    const t = translator(vi);
    expect(describeTaskProblem(problem(404, 'task not found'), t)).toContain('Không tìm thấy');
    expect(describeTaskProblem(problem(0, 'network error'), t)).toBe('Không kết nối được máy chủ.');
    expect(describeTaskProblem(problem(403, 'only the assignee or a leader may release this task'), t)).toContain('only the assignee');
    expect(describeTaskProblem(problem(500, 'boom'), t)).toBe('boom');
  });
});
