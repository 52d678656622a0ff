/**
 * Replays one recorded history file on a workflow bundle; exits 0 when it replays, 1 with the error.
 * Runs as its own Node process: protobufjs's JSON support does not survive jest's module registry.
 * Usage: tsx test/replay/replay-history.ts <bundle.js> <history.json>
 */
import fs from 'node:fs';
import path from 'node:path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

/**
 * Proto-JSON → History with the protobufjs copy that @temporalio/proto itself uses. The SDK's own
 * historyFromJSON pairs two nested copies of protobufjs here and fails with "type must be a Type".
 */
function historyFromJson(json: unknown): proto.temporal.api.history.v1.History {
  const protoDir = path.dirname(require.resolve('@temporalio/proto/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fromJson } = require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] })) as { fromJson: (type: unknown, json: unknown, options: object) => unknown };
  const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');
  return fromJson(historyType, json, { ignoreUnknownFields: true }) as proto.temporal.api.history.v1.History;
}

async function main() {
  const [bundle, file] = process.argv.slice(2);
  if (!bundle || !file) throw new Error('usage: replay-history <bundle.js> <history.json>');
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { metrics: undefined } });
  const history = historyFromJson(JSON.parse(fs.readFileSync(file, 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: { codePath: bundle } }, history, path.basename(file));
  console.log('replayed');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  process.exit(1);
});
