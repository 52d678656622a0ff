import type { ApiProblem } from '@ui/api-problem';

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/**
 * What went wrong with a claim, release or completion, in the user's language: the API's known
 * conflicts (409 "task already claimed by X", "task is completed", …) get a sentence of their own;
 * anything else shows the server's message.
 */
export function describeTaskProblem(p: ApiProblem, t: Translate): string {
  if (p.status === 0) return t('task.err.network');
  if (p.status === 404) return t('task.err.notFound');
  if (p.status === 403) return `${t('task.err.forbidden')} (${p.message})`;
  if (p.status === 409) {
    const claimedBy = /already claimed by (.+)$/.exec(p.message);
    if (claimedBy) return t('task.err.claimedBy', { user: claimedBy[1]! });
    const state = /^task (?:is|already) (open|claimed|completed|skipped|cancelled)$/.exec(p.message);
    if (state) return t('task.err.state', { status: t(`task.status.${state[1]!}`) });
    if (/claim the task before/.test(p.message)) return t('task.err.claimFirst');
    if (/no longer waiting/.test(p.message)) return t('task.err.notWaiting');
  }
  return p.message;
}
