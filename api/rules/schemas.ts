import { z } from 'zod';

export const ruleKeyParam = z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters, not starting with a dash') });

const severity = z.enum(['info', 'warning', 'critical']);
const duration = z.string().max(40);
/** A json-rules-engine condition tree; json-rules-engine itself checks its shape when the rule compiles. */
const conditionTree = z.record(z.string(), z.unknown());
const threshold = z.object({ op: z.enum(['>=', '>', '<=', '<']), value: z.number().finite() }).strict();
const levelTest = { conditions: conditionTree.optional(), threshold: threshold.optional() };
const timeRange = z.union([
  z.object({ from: z.string(), to: z.string(), days: z.array(z.number().int().min(0).max(6)).optional() }).strict(),
  z.object({ start: z.string(), end: z.string() }).strict(),
]);

/** A rule as an admin writes it (RuleDefinition in rules/rule-index.ts, without key and version). */
export const ruleBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    priority: z.number().int().min(0).max(1000).default(1),
    source: z.string().min(1).max(200).optional(),
    sourceType: z.string().min(1).max(100).optional(),
    metric: z.string().min(1).max(100),
    conditions: conditionTree.optional(),
    levels: z
      .array(z.object({ severity, ...levelTest }).strict())
      .max(3)
      .optional(),
    pendingFor: duration.optional(),
    sustainedFor: duration.optional(),
    keepFiringFor: duration.optional(),
    clear: z
      .object({ ...levelTest, for: duration.optional() })
      .strict()
      .optional(),
    peakSignalEvery: duration.optional(),
    correlationKey: z.string().min(1).max(300).optional(),
    action: z
      .object({
        type: z.enum(['open-incident', 'notify']),
        severity: severity.optional(),
        correlationKey: z.string().min(1).max(300).optional(),
        sopKey: z.string().min(1).max(100).optional(),
        title: z.string().max(300).optional(),
        variables: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    schedule: z.array(timeRange).max(50).optional(),
    maintenanceWindows: z.array(timeRange).max(200).optional(),
    noData: z
      .object({ after: duration, treatAs: z.enum(['alerting', 'normal', 'keep-last']), severity: severity.optional() })
      .strict()
      .optional(),
  })
  .strict();
export type RuleBody = z.infer<typeof ruleBody>;

export const backtestRange = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict();
export const backtestUnsaved = backtestRange.extend({ rule: ruleBody }).strict();

/** Events a backtest reads at most; a longer range is refused (400) rather than truncated. */
export const MAX_BACKTEST_EVENTS = 100_000;
