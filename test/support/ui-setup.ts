// Angular's test environment for the UI specs: zoneless, as the apps run.
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();
