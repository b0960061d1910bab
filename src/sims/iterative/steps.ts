import type { StageId } from '../../engine/lifecycle';

/**
 * The thirteen steps of the ad project, as data: the rail, the workspace, presenter mode and the
 * lesson all read them. `decision` names the URL param the step's one decision sets (null: the step
 * decides nothing new); `measures` the result numbers its workspace shows; `returnsTo` the earlier
 * step of the loop it sends the team back to, and why it costs.
 */
export interface StepDef {
  n: number;
  title: string;
  stage: StageId;
  brief: string;
  decision: 'features' | 'relabel_budget' | 'remedy' | 'window' | 'objective' | null;
  returnsTo?: { step: number; cost: string };
}

export const STEP_DEFS: readonly StepDef[] = [
  {
    n: 1,
    title: 'Choose the metric',
    stage: 'project-scoping',
    brief:
      'The team will build a model that decides, for each search, whether to show an ad. The old system shows one at random on 30 % of searches. The first goal is the obvious one: more impressions, since every impression is a chance of a click.',
    decision: null,
  },
  {
    n: 2,
    title: 'Collect data and labels',
    stage: 'data-engineering',
    brief:
      "Four weeks of the old system's logged impressions become the data set. A labelling team marks each row \"show\" or \"don't show\"; each query category goes mostly to one specialist labeller. 30 % of rows are held out as a test set labelled by experts from what users clicked.",
    decision: null,
  },
  {
    n: 3,
    title: 'Engineer features',
    stage: 'data-engineering',
    brief: 'The model sees what is known when the search happens: how well the ad matches the query, the advertiser’s click history, the slot, the hour and the query’s category.',
    decision: 'features',
  },
  {
    n: 4,
    title: 'Train',
    stage: 'model-development',
    brief: 'Train a logistic regression on the labelled rows and test it on the expert-labelled ones. This is version 1 in the project log.',
    decision: null,
  },
  {
    n: 5,
    title: 'Error analysis: wrong labels',
    stage: 'data-engineering',
    brief:
      "Version 1's errors are split by query category. One category is far worse than the rest; within it, one labeller marks almost every relevant ad \"show\". Send that labeller's rows to experts for relabelling, up to a budget.",
    decision: 'relabel_budget',
    returnsTo: { step: 2, cost: 'back to labelling: expert time for every row relabelled' },
  },
  {
    n: 6,
    title: 'Train again',
    stage: 'model-development',
    brief: 'Adopt the model trained on the relabelled rows as version 2.',
    decision: null,
  },
  {
    n: 7,
    title: 'Error analysis: it never says "show"',
    stage: 'data-engineering',
    brief:
      'Against what users clicked, the model hardly ever answers "show": clicks are so rare that never showing an ad is nearly always right. Choose a remedy: collect more clicked examples with a small exploration slice, reweight the clicks, or resample the rows.',
    decision: 'remedy',
    returnsTo: { step: 2, cost: 'back to data collection: extra ads shown to an exploration slice, or a changed class mix to correct for' },
  },
  {
    n: 8,
    title: 'Train again',
    stage: 'model-development',
    brief: 'Adopt the remedied model as version 3.',
    decision: null,
  },
  {
    n: 9,
    title: 'The test set is two months old',
    stage: 'monitoring',
    brief:
      "Version 3 does well on its test set, which is now two months old, and poorly on last week's searches: what users click has changed. Retrain the same recipe on a recent window of days.",
    decision: 'window',
    returnsTo: { step: 2, cost: 'back to the data: fresh labels for a recent window, and a test set that keeps moving' },
  },
  {
    n: 10,
    title: 'Train again',
    stage: 'model-development',
    brief: 'Adopt the retrained model as version 4.',
    decision: null,
  },
  {
    n: 11,
    title: 'Deploy',
    stage: 'deployment',
    brief: 'Version 4 goes live for two weeks, run for the goal chosen at step 1: show an ad whenever a click is at all possible. The business dashboard starts.',
    decision: null,
  },
  {
    n: 12,
    title: 'Revenue falls: change the objective',
    stage: 'business-analysis',
    brief:
      'Impressions are up and revenue is not: ads are shown and few are clicked, and every ignored ad tires its user, who then clicks less and searches less. Serve the same model for another objective over the same days.',
    decision: 'objective',
    returnsTo: { step: 1, cost: 'back to scoping: a new metric, and every operating point chosen again' },
  },
  {
    n: 13,
    title: 'Back to step 1',
    stage: 'project-scoping',
    brief:
      'The project is not finished; it has a new goal. Every version in the log can be traced to the data, labels and objective that made it, which is what lets the next lap start from what was learned.',
    decision: null,
    returnsTo: { step: 1, cost: 'the next lap of the loop' },
  },
];

export const STEP_COUNT = STEP_DEFS.length;
