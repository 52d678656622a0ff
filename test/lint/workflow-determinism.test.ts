import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The lint rule that keeps workflow code deterministic must reject I/O and Node built-ins. */
describe('workflow determinism lint rule', () => {
  const root = path.join(__dirname, '..', '..');
  // The real CLI with the repository's config, fed the code as if it were a workflow file.
  const lint = async (code: string) => {
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', 'workflows/definitions.ts', '--format', 'json'], {
      cwd: root,
      input: code,
      encoding: 'utf8',
    });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null }[] }[];
    return result!.messages.map((m) => m.ruleId);
  };

  it.each([
    ["import fs from 'node:fs';\nexport const f = fs;\n", 'no-restricted-imports'],
    ["import mongoose from 'mongoose';\nexport const m = mongoose;\n", 'no-restricted-imports'],
    ["import { Task } from '../model';\nexport const t = Task;\n", 'no-restricted-imports'],
    ['export const t = setTimeout;\n', 'no-restricted-globals'],
  ])('rejects %p', async (code, rule) => {
    expect(await lint(code)).toContain(rule);
  });

  it('accepts type-only imports of activities', async () => {
    expect(await lint("import type { IncidentActivities } from '../activities/incident-activities';\nexport type A = IncidentActivities;\n")).toEqual([]);
  });
});
