import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../api/auth/passwords';
import { deploySop } from '../api/sops/deploy-service';
import type { Model } from 'mongoose';
import { CapRoute, Form, Kpi, Rule, RuleVersion, SopHead, Source, Unit, User, audit, formVersionId, toStoredRule } from '../model';
import { CAP_ROUTES, KPIS, SOPS, SOURCES, UNITS, DEMO_USERS } from './dataset';
import { FORMS } from './forms';
import { RULES } from './rules';

/**
 * Seeds the Đồng Xoài demo dataset into an empty database. Returns false (and writes nothing)
 * when users already exist, so a second start keeps every change made since.
 */
export async function seedDemo(opts: { password: string }): Promise<boolean> {
  if (await User.exists({})) return false;
  await insertMissing(Unit, UNITS);
  await insertMissing(
    Form,
    FORMS.map((f) => ({ _id: formVersionId(f.key, 1), key: f.key, version: 1, title: f.title, components: f.components })),
  );
  for (const s of SOPS) {
    if (await SopHead.exists({ _id: s.key })) continue;
    await deploySop({ key: s.key, bpmnXml: fs.readFileSync(path.join(__dirname, s.file), 'utf8'), deployedBy: 'seed' });
  }
  const storedRules = RULES.map((r) => toStoredRule(r) as typeof r);
  await insertMissing(Rule, storedRules);
  await insertMissing(Source, SOURCES);
  await insertMissing(CapRoute, CAP_ROUTES);
  await insertMissing(Kpi, KPIS);
  await insertMissing(
    RuleVersion,
    storedRules.map((r) => ({ ...r, _id: `${r._id}@${r.version}`, key: r._id, savedAt: new Date() })),
  );
  // Users last: their presence marks the dataset as complete, so an interrupted seed runs again.
  const passwordHash = await hashPassword(opts.password);
  await User.insertMany(DEMO_USERS.map((u) => ({ _id: u.username, displayName: u.displayName, roles: u.roles, unit: u.unit, email: u.email, passwordHash })));
  await audit({ actor: 'seed', action: 'demo.seeded', entity: 'dataset', entityId: 'dong-xoai' });
  return true;
}

/** Inserts the documents whose `_id` is not there yet (an interrupted seed resumes instead of failing). */
async function insertMissing<T extends { _id: string }>(model: Pick<Model<unknown>, 'collection'>, docs: T[]): Promise<void> {
  await model.collection.bulkWrite(docs.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $setOnInsert: d }, upsert: true } })) as never, { ordered: true });
}
