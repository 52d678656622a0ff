import { notifyInApp } from '../../activities/services/notify';
import type { RecipientSelector } from '../../activities/services/recipients';
import { Task, type IncidentDoc } from '../../model';

type OpenTask = { assignee?: string | null; candidateUser?: string | null; unit?: string | null; role?: string | null };

/**
 * Who must hear a directive about a task: its assignee once claimed; before that its candidate
 * user, or the people of its unit with the step's role (operators when the step names none) —
 * the same people a step reminder reaches.
 */
export function directiveSelectors(tasks: OpenTask[]): RecipientSelector[] {
  const selectors: RecipientSelector[] = [];
  for (const t of tasks) {
    if (t.assignee) selectors.push({ user: t.assignee });
    else if (t.candidateUser) selectors.push({ user: t.candidateUser });
    else if (t.unit) selectors.push({ unit: t.unit, role: t.role ?? 'operator' });
  }
  return selectors;
}

/**
 * Notifies in-app everyone working the incident's open or claimed steps of a leader's directive
 * (chỉ đạo). Keyed by the comment, so each person gets one notification per directive.
 * Returns the usernames told.
 */
export async function notifyDirective(incident: Pick<IncidentDoc, '_id' | 'title'>, directive: { id: string; author: string; text: string }): Promise<string[]> {
  // Scans tasks on FerretDB; a directive is a rare, human-paced write.
  const tasks = await Task.find({ incidentId: incident._id, status: { $in: ['open', 'claimed'] } }, { assignee: 1, candidateUser: 1, unit: 1, role: 1 }).lean();
  const selectors = directiveSelectors(tasks);
  if (!selectors.length) return [];
  const subject = `Chỉ đạo: ${incident.title}`;
  return notifyInApp(
    { key: `directive:${directive.id}`, incidentId: incident._id, kind: 'notify', subject, body: `${subject}\n${directive.text}\n— ${directive.author}` },
    selectors,
    [directive.author],
  );
}
