-- Companion indexes for CityOps on FerretDB 1.24's PostgreSQL backend. Run it with psql against
-- FerretDB's PostgreSQL database once CityOps has created its collections (after the first start), and
-- again after an upgrade that adds indexes; it is idempotent:
--
--   psql "postgres://…/ferretdb" -v schema=cityops -f deploy/ferretdb-postgres/containment-indexes.sql
--
-- Why: FerretDB keeps each collection as a table of one jsonb column and each MongoDB index as a btree
-- on `(_jsonb -> 'field')`, but it hands an equality filter to PostgreSQL as a containment test,
-- `_jsonb -> 'field' @> value`, which a btree cannot answer. So every read by `_id` (a task, an
-- incident, a session; FerretDB's updates find their document that way too) is a sequential scan that
-- grows with the collection's history. A GIN index on the same expression answers `@>` (measured at
-- 20,000 documents: 19 ms → 0.06 ms per `_id` read). CityOps declares no other indexes today, so
-- every collection gets one, on `_id`; an index added later gets its companion on the next run.
--
-- For each FerretDB table in the schema (the MongoDB database), for each index whose first key is a
-- top-level field, this adds a GIN (jsonb_path_ops) index on that key, unless one is already there.
-- FerretDB does not know these indexes: it drops them with their table, and nothing else changes.

\set ON_ERROR_STOP on
\if :{?schema}
\else
  \set schema cityops
\endif
SET cityops.schema TO :'schema';

DO $$
DECLARE
  target text := current_setting('cityops.schema');
  key record;
  companion text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = target) THEN
    RAISE EXCEPTION 'schema "%" not found: run CityOps once first, and pass -v schema=<database name>', target;
  END IF;
  FOR key IN
    SELECT DISTINCT c.relname AS table_name, pg_get_indexdef(i.indexrelid, 1, true) AS expression
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class ix ON ix.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ix.relam
    WHERE n.nspname = target
      AND c.relname NOT LIKE '\_ferretdb\_%'
      AND am.amname = 'btree'
      -- FerretDB's keys read `(_jsonb -> 'field'::text)`; a dotted path would be nested arrows.
      AND pg_get_indexdef(i.indexrelid, 1, true) ~ '^\(?_jsonb -> ''[^'']+''::text\)?$'
  LOOP
    companion := left(key.table_name || '_' || md5(key.expression), 59) || '_gin';
    IF NOT EXISTS (SELECT 1 FROM pg_class ic JOIN pg_namespace icn ON icn.oid = ic.relnamespace WHERE icn.nspname = target AND ic.relname = companion) THEN
      EXECUTE format('CREATE INDEX %I ON %I.%I USING gin ((%s) jsonb_path_ops)', companion, target, key.table_name, key.expression);
      RAISE NOTICE 'indexed %.% on % for containment', target, key.table_name, key.expression;
    END IF;
  END LOOP;
END
$$;
