export { incidentWorkflow } from './incident-workflow';
export { sopCallWorkflow } from './sop-call-workflow';
