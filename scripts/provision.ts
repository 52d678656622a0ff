/** `npm run provision`: fetch or build the embedded servers without starting anything. */
import { provision } from './stack/tools';

provision({ temporal: !process.env.TEMPORAL_ADDRESS, temporalTestServer: true, ferretdb: !process.env.MONGODB_URI }).catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
