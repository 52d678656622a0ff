import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { Task } from '../../model';
import { getFreePort, type ManagedProcess } from '../../scripts/stack/processes';
import { startFerretDb } from '../../scripts/stack/servers';
import { provisionFerretDb } from '../../scripts/stack/tools';
import { OwnPostgres } from '../support/own-postgres';
import { loadStackState } from '../support/stack-state';

const SCRIPT = path.join(__dirname, '..', '..', 'deploy', 'ferretdb-postgres', 'containment-indexes.sql');
const PG_DATABASE = 'ferretdb';
const CITY_DATABASE = 'cityops';

/**
 * deploy/ferretdb-postgres/containment-indexes.sql on the real thing: FerretDB 1.24 on Debian's
 * PostgreSQL, holding CityOps' tasks. Before it, a read by `_id` can only be answered by a scan;
 * after it, by the companion index; FerretDB keeps reading and writing as before.
 */
describe('containment indexes for FerretDB on PostgreSQL', () => {
  let pg: OwnPostgres;
  let ferret: ManagedProcess;
  let conn: mongoose.Connection;
  let tasksTable: string;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    pg.psql('postgres', ['-c', `CREATE DATABASE ${PG_DATABASE}`]);
    const port = await getFreePort();
    const dataDir = fs.mkdtempSync(path.join(loadStackState().dataDir, 'ferretdb-pg-'));
    ferret = await startFerretDb({ bin: await provisionFerretDb(), port, dataDir, postgresUrl: pg.url(PG_DATABASE) });
    conn = await mongoose.createConnection(`mongodb://127.0.0.1:${port}/`, { dbName: CITY_DATABASE }).asPromise();
    const tasks = conn.model('Task', Task.schema);
    await tasks.collection.insertMany(
      Array.from({ length: 300 }, (_, i) => ({ _id: `inc-${i}:verify:1`, status: i % 10 ? 'completed' : 'open', incidentId: `inc-${i}` })) as never[],
    );
    tasksTable = pg.psql(PG_DATABASE, ['-tAc', `SELECT tablename FROM pg_tables WHERE schemaname = '${CITY_DATABASE}' AND tablename LIKE 'tasks\\_%'`]).stdout.trim();
  }, 120_000);

  afterAll(async () => {
    await conn?.close();
    await ferret?.stop();
    await pg?.dispose();
  });

  /** PostgreSQL's plan for FerretDB's `_id` lookup, with scans priced out so an index is used if it can be. */
  const planOfIdLookup = () =>
    pg.psql(PG_DATABASE, ['-c', 'SET enable_seqscan = off', '-c', `EXPLAIN SELECT _jsonb FROM ${CITY_DATABASE}.${tasksTable} WHERE _jsonb -> '_id' @> '"inc-7:verify:1"'`]).stdout;

  it('makes reads by _id use an index, adding it once however often it runs', () => {
    expect(tasksTable).toMatch(/^tasks_[0-9a-f]+$/);
    expect(planOfIdLookup()).toContain('Seq Scan');

    const first = pg.psql(PG_DATABASE, ['-v', `schema=${CITY_DATABASE}`, '-f', SCRIPT]);
    expect(first.stderr).toContain(`indexed ${CITY_DATABASE}.${tasksTable} on (_jsonb -> '_id'::text) for containment`);
    expect(planOfIdLookup()).toMatch(/Bitmap Index Scan on tasks_\w+_gin/);

    const again = pg.psql(PG_DATABASE, ['-v', `schema=${CITY_DATABASE}`, '-f', SCRIPT]);
    expect(again.stderr).not.toContain('indexed');
  });

  it('leaves FerretDB reading, updating and adding documents as before', async () => {
    const tasks = conn.model('Task');
    const updated = await tasks.collection.updateOne({ _id: 'inc-7:verify:1', status: 'completed' } as never, { $set: { status: 'open' } });
    expect(updated.modifiedCount).toBe(1);
    await tasks.collection.insertOne({ _id: 'inc-new:verify:1', status: 'open', incidentId: 'inc-new' } as never);
    const found = await tasks.collection.findOne({ _id: 'inc-7:verify:1' } as never);
    expect(found).toMatchObject({ status: 'open', incidentId: 'inc-7' });
    expect(await tasks.collection.countDocuments({ status: 'open' })).toBe(32);
    await expect(tasks.collection.insertOne({ _id: 'inc-new:verify:1', status: 'open' } as never)).rejects.toThrow(/duplicate key/);
  });

  it('names the schema it cannot find and exits non-zero', () => {
    const result = pg.psqlStatus(PG_DATABASE, ['-v', 'schema=no_such_city', '-f', SCRIPT]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('schema "no_such_city" not found');
  });
});
