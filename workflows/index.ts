// The worker bundles this file: it exports every workflow type CityOps runs.
export { incidentWorkflow } from './incident-workflow';
