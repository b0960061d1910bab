import { expect, type Locator, type Page } from '@playwright/test';
import { valueOf } from './helpers';

// Each lab's own checks that the contract suite (contract.spec.ts) runs inside its block for that
// lab. AT_DEFAULTS: what the lesson claims at the default params, read off the one default run the
// suite makes per lab (a default run costs minutes here, so it is made once and read by every check
// that needs it); `before` runs on the idle lab, `after` on the finished run, `narrow` at 360 px
// after the run. BAD_URLS: a link with the lab's own bad params, the notices it must show and what
// the controls show instead. A lab without an entry gets the contract alone.

export interface AtDefaults {
  before?: (lab: Locator, page: Page) => Promise<void>;
  after: (lab: Locator, page: Page) => Promise<void>;
  narrow?: (lab: Locator, page: Page) => Promise<void>;
}

const num = async (page: Page, name: string) => Number(await valueOf(page, name));
const finite = async (page: Page, names: readonly string[]) => {
  for (const name of names) {
    const v = await valueOf(page, name);
    expect(v !== '' && Number.isFinite(Number(v)), name).toBe(true);
  }
};

export const AT_DEFAULTS: Record<string, AtDefaults> = {
  imbalance: {
    async after(lab, page) {
      for (const name of ['accuracy', 'baseline_accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'pr_auc', 'log_loss']) {
        if (name === 'precision' && (await valueOf(page, name)) === '') {
          // no row predicted positive: precision is undefined, shown as "—" with the reason
          const el = lab.locator('[data-metric="precision"]:not([data-run="pinned"] *)');
          await expect(el).toHaveText('—');
          await expect(el).toHaveAttribute('title', /no row was predicted positive/);
          continue;
        }
        await finite(page, [name]);
      }
      // the accuracy paradox on screen: accuracy at the do-nothing baseline's level
      expect(await num(page, 'accuracy')).toBeGreaterThan(0.98);
    },
  },

  staleness: {
    async before(lab) {
      await expect(lab.getByText('Predict first')).toBeVisible();
    },
    async after(lab, page) {
      await finite(page, ['offline_score', 'last_week_score', 'gap', 'retrained_score']);
      // the live score falls well below the offline score while the service reports no errors
      expect(await num(page, 'gap')).toBeGreaterThanOrEqual(0.1);
      // monitoring is off: nothing alerts, and the undefined value says why
      const alert = lab.locator('[data-metric="first_alert_day"]:not([data-run="pinned"] *)');
      await expect(alert).toHaveText('—');
      await expect(alert).toHaveAttribute('data-value', '');
      await expect(alert).toHaveAttribute('title', /monitoring is off/);
      await expect(lab.locator('[data-serving]').first()).toContainText('no errors');
    },
  },

  'business-metrics': {
    async before(lab) {
      // built in the open: how each model is trained is stated before anything runs
      await expect(lab.getByText('Value-weighted logistic regression')).toBeVisible();
      await expect(lab.getByText('Plain neural network, more capacity')).toBeVisible();
    },
    async after(lab, page) {
      await finite(page, ['accuracy_a', 'accuracy_b', 'roc_auc_a', 'roc_auc_b', 'profit_a', 'profit_b']);
      // B wins accuracy and ROC-AUC, A wins profit
      expect(await num(page, 'accuracy_b')).toBeGreaterThan(await num(page, 'accuracy_a'));
      expect(await num(page, 'roc_auc_b')).toBeGreaterThan(await num(page, 'roc_auc_a'));
      expect(await num(page, 'profit_a')).toBeGreaterThan(await num(page, 'profit_b'));
      await expect(lab.getByText('By accuracy, B wins')).toBeVisible();
      await expect(lab.getByText('By profit, A wins')).toBeVisible();
      expect(Math.abs((await num(page, 'best_threshold_profit')) - (await num(page, 'best_threshold_accuracy')))).toBeGreaterThanOrEqual(0.1);
      expect(await lab.locator('[data-metric]:not([data-run="pinned"] *)').count()).toBeGreaterThan(40);
    },
    async narrow(lab) {
      // its wide tables scroll inside themselves or fit: none pokes out of the screen
      const wide = await lab.locator('table').evaluateAll((ts) => ts.filter((t) => t.getBoundingClientRect().right > window.innerWidth + 0.5).length);
      expect(wide).toBe(0);
    },
  },

  framing: {
    async before(lab) {
      await expect(lab.getByText('Predict first')).toBeVisible();
    },
    async after(lab, page) {
      for (const name of ['accuracy', 'macro_f1', 'label_recall', 'f1_accounting', 'f1_inventory', 'f1_hr', 'f1_it']) {
        const v = await num(page, name);
        expect(v, name).toBeGreaterThan(0.5);
        expect(v, name).toBeLessThanOrEqual(1);
      }
      // one department per request cannot recover the second departments
      expect(await num(page, 'label_recall')).toBeLessThan(0.82);
      await expect(lab.locator('.predict .answer').first()).toContainText('The run shows');
      // a two-department sample: its scores appear, the top one predicted
      const samples = lab.locator('[data-samples] button');
      await expect(samples.first()).toBeVisible();
      await samples.last().click();
      await expect(samples.last()).toHaveAttribute('aria-pressed', 'true');
      await expect(lab.locator('[data-sample-score]')).toHaveCount(4);
      await expect(lab.getByText('✓ yes')).toHaveCount(1);
      // and a sample opens from the keyboard
      await samples.nth(1).focus();
      await page.keyboard.press('Enter');
      await expect(samples.nth(1)).toHaveAttribute('aria-pressed', 'true');
    },
  },

  objectives: {
    async after(lab, page) {
      await finite(page, ['feed_quality', 'feed_engagement', 'retrains', 'train_ms', 'model_weights', 'coupled_tune_ms', 'decoupled_tune_ms']);
      // 11 coupled trainings against 2
      expect(await valueOf(page, 'retrains')).toBe('11');
      expect(await valueOf(page, 'decoupled_retrains')).toBe('2');
      await expect(lab.getByRole('table', { name: /Reader 1's feed/ }).locator('tbody tr')).toHaveCount(10);
      // the predict-first prompt is answered by the run
      await expect(lab.getByText("the run's answer")).toBeVisible();
    },
  },

  reliability: {
    async before(lab) {
      await expect(lab.getByText('which dashboard turns red first?')).toBeVisible();
    },
    async after(lab, page) {
      await finite(page, ['launch_accuracy', 'live_accuracy_before', 'live_accuracy_after', 'live_accuracy_drop', 'p99_latency_ms', 'detect_day_schema', 'detect_day_labels']);
      // the service is up and the model is wrong: all green, 5+ points lost, caught by the schema check on the fault day
      expect(await num(page, 'uptime')).toBe(1);
      expect(await num(page, 'error_rate')).toBe(0);
      await expect(lab.locator('[data-service-status]')).toHaveText('all green');
      expect(await num(page, 'live_accuracy_drop')).toBeGreaterThanOrEqual(0.05);
      expect(await num(page, 'detect_day_schema')).toBe(20);
      expect(await num(page, 'days_to_detect')).toBe(0);
      // the label check, 3 days late; the checks that are off say why they are blank
      expect(await num(page, 'detect_day_labels')).toBeGreaterThanOrEqual(23);
      await expect(lab.locator('[data-metric="detect_day_drift"]:not([data-run="pinned"] *)')).toHaveAttribute('title', /this check is off/);
      await expect(lab.locator('[data-monitor="schema"]')).toHaveAttribute('data-fired', 'true');
      await expect(lab.getByText("the run's answer")).toBeVisible();
      // moving a threshold re-reads the run: no new run, the detection moves
      await lab.getByRole('checkbox', { name: 'Schema (types and ranges)' }).uncheck();
      await expect(lab).toHaveAttribute('data-state', 'done');
      await expect.poll(() => num(page, 'days_to_detect')).toBeGreaterThanOrEqual(3);
      await lab.getByRole('checkbox', { name: 'Schema (types and ranges)' }).check();
      await expect.poll(() => num(page, 'days_to_detect')).toBe(0);
    },
  },

  'data-vs-algorithm': {
    async after(lab, page) {
      // the full default sweep: 150 models (5 learners × (24 + 6)), every point of every curve
      await expect(lab.locator('[data-metric^="acc_"]:not([data-run="pinned"] *)')).toHaveCount(40);
      // the learner whose features follow the wave leads at the smallest size
      expect(await num(page, 'bias_gain')).toBeGreaterThan(0.02);
      expect(await num(page, 'crossover_size')).toBeGreaterThan(0);
      expect(await num(page, 'acc_logreg_30000')).toBeGreaterThan(await num(page, 'acc_mlp-large_500'));
    },
  },
};

export interface BadUrl {
  /** the query after `#/sim/<id>?` */
  query: string;
  /** params that must each have a visible notice; a string value: text the notice contains */
  notices: Record<string, string | true>;
  /** `<param> <control>` → what the control shows: `output` by its text, `select` or `input` by its value */
  shown: Record<string, string>;
}

export const BAD_URLS: Record<string, BadUrl> = {
  imbalance: {
    query: 'pos=abc&n=-5&threshold=7',
    notices: { pos: 'pos', n: '1,000', threshold: true },
    shown: { 'pos output': '0.01', 'n output': '1,000', 'threshold output': '1' },
  },
  staleness: {
    query: 'days=9999&drift=sideways&window=0&label_delay=abc',
    notices: { days: '365', drift: true, window: true, label_delay: true },
    shown: { 'days output': '365', 'drift select': 'gradual', 'window output': '1' },
  },
  'business-metrics': {
    query: 'cost_fp=5&value_scale=0&threshold=abc&objective=revenue&n=-3',
    notices: { cost_fp: true, value_scale: true, threshold: true, objective: true, n: true },
    shown: { 'cost_fp output': '1', 'value_scale output': '0.1', 'threshold output': '0.5', 'objective select': 'impressions', 'n output': '5,000' },
  },
  framing: {
    query: 'n=-5&multi=3&framing=regression&buckets=50',
    notices: { n: true, multi: true, framing: true, buckets: true },
    shown: { 'n output': '500', 'multi output': '0.6', 'framing select': 'multiclass' },
  },
  objectives: {
    query: 'alpha=7&k=-3&mode=bogus&noise=abc',
    notices: { alpha: true, k: true, mode: true, noise: true },
    shown: { 'alpha output': '1', 'k output': '1', 'mode select': 'coupled' },
  },
  reliability: {
    query: 'fault=meteor&days=5&fault_day=99&label_delay=40&checks=schema,bogus',
    notices: { fault: true, days: '10', fault_day: true, label_delay: '14', checks: 'bogus' },
    shown: { 'fault select': 'units', 'days output': '10', 'fault_day output': '9', 'label_delay output': '14' },
  },
  'data-vs-algorithm': {
    query: 'sizes=10,abc,99999&repeats=9&algos=logreg,bogus&noise=2&extra=-4',
    notices: { sizes: true, repeats: true, algos: true, noise: true, extra: true },
    shown: { 'sizes input': '50,40000', 'repeats output': '5', 'noise output': '0.45' },
  },
};

/** Open the lab at its bad link and check the notices and the controls, as BAD_URLS says. */
export async function expectBadUrlHandled(page: Page, id: string, bad: BadUrl) {
  await page.goto(`./#/sim/${id}?backend=wasm&${bad.query}`);
  const notices = page.locator('[data-notices]');
  for (const [name, text] of Object.entries(bad.notices)) {
    const notice = notices.locator(`[data-notice="${name}"]`).first();
    await expect(notice, name).toBeVisible();
    if (text !== true) await expect(notice, name).toContainText(text);
  }
  for (const [where, want] of Object.entries(bad.shown)) {
    const [name, control] = where.split(' ');
    const el = page.locator(`[data-param="${name}"] ${control}`);
    if (control === 'output') await expect(el, where).toHaveText(want);
    else await expect(el, where).toHaveValue(want);
  }
}
