// Helpers for the demo dataset's tests: the demo SOPs compiled against the demo forms, the demo rules
// as the engine loads them, and readings normalised against the demo sources as ingest would.
import fs from 'node:fs';
import path from 'node:path';
import { normalise, type NormalisedEvent, type SourceSpec } from '../api/events/normalise';
import type { IncomingEvent } from '../api/events/event-schema';
import { sourceType } from '../api/sources/catalogue';
import { RuleIndex, type RuleDefinition } from '../rules/rule-index';
import { toDefinition } from '../rules/rule-store';
import { compileSop, type CompiledSop } from '../sop/compiler';
import { SOPS, SOURCES } from './dataset';
import { FORMS } from './forms';
import { RULES } from './rules';

/** The seed stores every demo form as version 1. */
export const resolveDemoForm = (key: string, version?: number): number | undefined => (FORMS.some((f) => f.key === key) && (version ?? 1) === 1 ? 1 : undefined);

export function demoSopXml(key: string): string {
  const sop = SOPS.find((s) => s.key === key);
  if (!sop) throw new Error(`no demo SOP ${key}`);
  return fs.readFileSync(path.join(__dirname, sop.file), 'utf8');
}

/** Compiles a demo SOP as the seed's deploy does: forms from the dataset, call activities to other demo SOPs. */
export function compileDemoSop(key: string): Promise<CompiledSop> {
  return compileSop(demoSopXml(key), { resolveForm: resolveDemoForm, resolveSop: (k) => SOPS.some((s) => s.key === k) });
}

/** The demo rules as the rule store hands them to the engine. */
export function demoRuleDefinitions(): RuleDefinition[] {
  return RULES.map((r) => toDefinition(r));
}

export function demoRuleIndex(): RuleIndex {
  return new RuleIndex(demoRuleDefinitions());
}

/** A demo source as ingest looks it up; an unknown id of an auto-registering type gets its type's template, as on first sight. */
export function demoSourceSpec(id: string): SourceSpec | undefined {
  const registered = SOURCES.find((s) => s._id === id);
  const typeKey = id.slice(0, id.indexOf('/'));
  const source = registered ?? (sourceType(typeKey)?.autoRegister ? SOURCES.find((s) => s.type === typeKey && s.autoRegister) : undefined);
  if (!source) return undefined;
  return {
    id,
    type: source.type,
    unit: source.unit,
    location: 'location' in source ? source.location : undefined,
    openMetrics: sourceType(source.type)?.openMetrics ?? false,
    metrics: source.metrics,
  };
}

/** Normalises a reading against the demo sources, as `POST /api/events` stores it; throws on what ingest would reject. */
export function storedEvent(reading: IncomingEvent): NormalisedEvent {
  const result = normalise(reading, demoSourceSpec(reading.source));
  if (!result.ok) throw new Error(`reading ${reading.id} rejected: ${result.error}`);
  return result.event;
}
