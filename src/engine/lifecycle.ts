/**
 * The ML lifecycle, in the order the home page's map draws it: a lesson's `stage` names one of these,
 * and the capstone lab names one for each of its steps. Plain data, shared by the site and the labs.
 */
export const STAGES = [
  { id: 'project-scoping', name: 'Project scoping' },
  { id: 'data-engineering', name: 'Data engineering' },
  { id: 'model-development', name: 'Model development' },
  { id: 'deployment', name: 'Deployment' },
  { id: 'monitoring', name: 'Monitoring and continual learning' },
  { id: 'business-analysis', name: 'Business analysis' },
] as const;
export type StageId = (typeof STAGES)[number]['id'];

export const stageName = (id: StageId): string => STAGES.find((s) => s.id === id)?.name ?? id;
