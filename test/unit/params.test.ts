import { describe, it, expect } from 'vitest';
import {
  defineSchema,
  defaults,
  parseParams,
  setParam,
  serializeParams,
  queryString,
  describeSchema,
  rangeFor,
  choicesFor,
  toSlider,
  fromSlider,
  formatValue,
  formatNumber,
  hasControl,
  isLive,
  isVisible,
  type ChoiceSpec,
  type NumberSpec,
  type ParamSpec,
  type Schema,
  type Values,
} from '../../src/engine/params';
import { commonParams } from '../../src/engine/common-params';

// Shaped like a real lab; children (n, framing) are declared before their parents on purpose.
const specs: ParamSpec[] = [
  { name: 'pos', type: 'float', label: 'Positive rate', help: 'Share of positives.', default: 0.01, min: 0.0001, max: 0.5, log: true },
  {
    name: 'n',
    type: 'int',
    label: 'Rows',
    help: 'Training rows.',
    default: 100_000,
    min: 1000,
    max: 1_000_000,
    log: true,
    dependsOn: { param: 'data', ranges: { birdstrikes: { min: 1000, max: 10_000, default: 10_000 } } },
  },
  { name: 'data', type: 'choice', label: 'Data', help: 'Data set.', default: 'synthetic', choices: ['synthetic', 'birdstrikes'] },
  { name: 'model', type: 'choice', label: 'Model', help: 'Model.', default: 'logreg', choices: ['logreg', 'mlp'] },
  {
    name: 'remedy',
    type: 'choice',
    label: 'Remedy',
    help: 'Imbalance remedy.',
    aliases: ['fix'],
    default: 'none',
    choices: ['none', 'weights', 'oversample', 'undersample'],
    choiceLabels: { none: 'No remedy', weights: 'Class weights' },
  },
  { name: 'threshold', type: 'float', label: 'Threshold', help: 'Decision threshold.', default: 0.5, min: 0, max: 1, live: true },
  {
    name: 'framing',
    type: 'choice',
    label: 'Framing',
    help: 'How the task is framed.',
    default: 'binary',
    choices: ['binary', 'multiclass', 'mse', 'mae'],
    dependsOn: { param: 'task', choices: { classification: ['binary', 'multiclass'], regression: ['mse', 'mae'] }, defaults: { regression: 'mse' } },
  },
  { name: 'task', type: 'choice', label: 'Task', help: 'Task.', default: 'classification', choices: ['classification', 'regression'] },
  ...commonParams({ lr: 0.01, epochs: 20, batch: 64, layers: [16, 16] }),
];
const schema = defineSchema(specs);
const spec = <T extends ParamSpec>(name: string) => schema.byName.get(name) as T;

const DEFAULTS: Values = {
  pos: 0.01,
  n: 100_000,
  data: 'synthetic',
  model: 'logreg',
  remedy: 'none',
  threshold: 0.5,
  framing: 'binary',
  task: 'classification',
  seed: 1,
  seeds: 1,
  backend: 'auto',
  run: 'auto',
  lr: 0.01,
  epochs: 20,
  batch: 64,
  layers: [16, 16],
  hide: [],
  lock: [],
  present: false,
};

/** Every value has the right type and lies within its (resolved) range or choices. */
function expectValid(s: Schema, values: Values) {
  expect(Object.keys(values)).toEqual(s.params.map((p) => p.name));
  for (const p of s.params) {
    const v = values[p.name];
    if (p.type === 'int' || p.type === 'float') {
      const r = rangeFor(p, values);
      expect(typeof v).toBe('number');
      expect(Number.isFinite(v)).toBe(true);
      expect(v as number).toBeGreaterThanOrEqual(r.min);
      expect(v as number).toBeLessThanOrEqual(r.max);
      if (p.type === 'int') expect(Number.isInteger(v)).toBe(true);
    } else if (p.type === 'choice') {
      expect(choicesFor(p, values)).toContain(v);
    } else if (p.type === 'bool') {
      expect(typeof v).toBe('boolean');
    } else if (p.type === 'names') {
      expect(Array.isArray(v)).toBe(true);
      for (const x of v as string[]) expect(s.params.map((q) => q.name)).toContain(x);
    } else if (p.type === 'int-list' || p.type === 'float-list') {
      expect(Array.isArray(v)).toBe(true);
      const a = v as number[];
      expect(a.length).toBeGreaterThanOrEqual(p.minLength);
      expect(a.length).toBeLessThanOrEqual(p.maxLength);
      for (const x of a) {
        expect(x).toBeGreaterThanOrEqual(p.min);
        expect(x).toBeLessThanOrEqual(p.max);
      }
    }
  }
}

describe('defaults', () => {
  it('gives every param its default, in schema order', () => {
    const d = defaults(schema);
    expect(d).toEqual(DEFAULTS);
    expect(Object.keys(d)).toEqual(Object.keys(DEFAULTS));
  });

  it('parsing nothing gives the defaults and no notices', () => {
    expect(parseParams(schema, new URLSearchParams(''))).toEqual({ values: DEFAULTS, notices: [] });
    expect(parseParams(schema, {})).toEqual({ values: DEFAULTS, notices: [] });
  });

  it('commonParams omits layers when the model has no hidden layers', () => {
    const names = commonParams({ lr: 0.1, epochs: 5, batch: 32 }).map((p) => p.name);
    expect(names).toEqual(['seed', 'seeds', 'backend', 'run', 'lr', 'epochs', 'batch', 'hide', 'lock', 'present']);
    const s = defineSchema(commonParams({ lr: 0.1, epochs: 5, batch: 32 }));
    expect(defaults(s)).toMatchObject({ seed: 1, run: 'auto', lr: 0.1, epochs: 5, batch: 32, present: false });
  });
});

describe('round trip', () => {
  const custom: Values = {
    pos: 0.05,
    n: 5000,
    data: 'birdstrikes',
    model: 'mlp',
    remedy: 'oversample',
    threshold: 0.3,
    framing: 'mae',
    task: 'regression',
    seed: 2 ** 31 - 1,
    seeds: 10,
    backend: 'wasm',
    run: '0',
    lr: 0.0003,
    epochs: 200,
    batch: 1_000_000,
    layers: [32, 8, 4],
    hide: ['model', 'lr'],
    lock: ['threshold'],
    present: true,
  };

  it('a full valid URL survives serialise → parse unchanged, without notices', () => {
    const q = serializeParams(schema, custom);
    expect(q.get('seed')).toBe('2147483647');
    expect(q.get('layers')).toBe('32,8,4');
    expect(q.get('present')).toBe('1');
    const back = parseParams(schema, new URLSearchParams(q.toString()));
    expect(back.notices).toEqual([]);
    expect(back.values).toEqual(custom);
  });

  it('full serialisation writes every param and also round-trips', () => {
    const q = serializeParams(schema, DEFAULTS, { full: true });
    expect([...q.keys()]).toEqual(Object.keys(DEFAULTS));
    expect(q.get('layers')).toBe('16,16');
    expect(q.get('hide')).toBe('');
    expect(parseParams(schema, q)).toEqual({ values: DEFAULTS, notices: [] });
  });

  it('writes only non-default values, canonical names, schema order; omit drops names', () => {
    const { values } = setParam(schema, DEFAULTS, 'fix', 'weights');
    const v2 = setParam(schema, values, 'pos', 0.2).values;
    expect(serializeParams(schema, v2).toString()).toBe('pos=0.2&remedy=weights');
    expect(serializeParams(schema, v2, { omit: ['pos'] }).toString()).toBe('remedy=weights');
    expect(serializeParams(schema, DEFAULTS).toString()).toBe('');
  });

  it('run is not written by default', () => {
    expect(serializeParams(schema, DEFAULTS).has('run')).toBe(false);
    expect(serializeParams(schema, { ...DEFAULTS, run: '1' }).get('run')).toBe('1');
  });

  it('queryString keeps commas readable', () => {
    const q = serializeParams(schema, { ...DEFAULTS, layers: [8, 4], hide: ['lr', 'batch'] });
    expect(q.toString()).toContain('layers=8%2C4');
    expect(queryString(q)).toBe('layers=8,4&hide=lr,batch');
    expect(parseParams(schema, new URLSearchParams(queryString(q))).values.layers).toEqual([8, 4]);
  });
});

describe('numbers', () => {
  it('?pos=abc&n=-5&threshold=7: default, clamp, clamp, each with a notice', () => {
    const { values, notices } = parseParams(schema, new URLSearchParams('?pos=abc&n=-5&threshold=7'));
    expect(values.pos).toBe(0.01);
    expect(values.n).toBe(1000);
    expect(values.threshold).toBe(1);
    expect(notices).toEqual([
      { param: 'pos', message: 'pos: “abc” is not a finite number — using the default 0.01' },
      { param: 'n', message: 'n: -5 is below the minimum 1,000 — using 1,000' },
      { param: 'threshold', message: 'threshold: 7 is above the maximum 1 — using 1' },
    ]);
  });

  it('rounds non-integers for int params with a notice', () => {
    const { values, notices } = parseParams(schema, { epochs: '2.5', seed: 7.2 });
    expect(values.epochs).toBe(3);
    expect(values.seed).toBe(7);
    expect(notices).toEqual([
      { param: 'seed', message: 'seed: 7.2 is not a whole number — using 7' },
      { param: 'epochs', message: 'epochs: 2.5 is not a whole number — using 3' },
    ]);
  });

  it('accepts typed numbers and number text with exponents and spaces', () => {
    const { values, notices } = parseParams(schema, { n: 2e5, pos: ' 1e-3 ', lr: '+.5' });
    expect(notices).toEqual([]);
    expect(values).toMatchObject({ n: 200_000, pos: 0.001, lr: 0.5 });
  });

  it('empty and non-finite values fall back to the default', () => {
    const r = parseParams(schema, { pos: '', threshold: Number.NaN, lr: '1e999', n: Infinity });
    expect(r.values).toMatchObject({ pos: 0.01, threshold: 0.5, lr: 0.01, n: 100_000 });
    expect(r.notices.map((x) => x.param)).toEqual(['pos', 'n', 'threshold', 'lr']);
    expect(r.notices[0].message).toBe('pos: no value given — using the default 0.01');
  });
});

describe('garbage never throws and always yields valid values', () => {
  const garbage = [
    '',
    ' ',
    'abc',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '-1e999',
    '0x10',
    '1,2,,3,x',
    '<img src=x onerror=alert(1)>',
    '"><script>alert(1)</script>',
    '__proto__',
    'constructor',
    'toString',
    '%00\u0000\u202e',
    'x'.repeat(100_000),
    '9'.repeat(400),
    ','.repeat(5000),
    '1,'.repeat(3000),
    'null',
    'undefined',
    '[object Object]',
  ];

  it('for every param, every garbage string, from URL, record and attributes-like iterables', () => {
    for (const g of garbage) {
      for (const p of schema.params) {
        const fromRecord = parseParams(schema, { [p.name]: g });
        expectValid(schema, fromRecord.values);
        const fromUrl = parseParams(schema, new URLSearchParams([[p.name, g]]));
        expectValid(schema, fromUrl.values);
        const fromIter = parseParams(schema, [[p.name, g]] as [string, string][]);
        expectValid(schema, fromIter.values);
        for (const n of fromRecord.notices) {
          expect(n.message).not.toMatch(/[<>"]/);
          expect(n.message.length).toBeLessThan(400);
        }
      }
    }
  });

  it('garbage keys and typed garbage values', () => {
    const weird: Record<string, string | number | boolean | null | undefined> = {
      pos: Number.NaN,
      n: Infinity,
      threshold: -Infinity,
      model: 3,
      present: 7,
      layers: true,
      hide: 12,
      seed: null,
      lr: undefined,
      data: false,
      ['<b>x</b>']: 'y',
      ['k'.repeat(5000)]: 'z',
      ['']: '',
    };
    const r = parseParams(schema, weird);
    expectValid(schema, r.values);
    for (const n of r.notices) expect(n.param).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  });

  it('setParam with any kind of input keeps values valid', () => {
    const inputs: unknown[] = [undefined, null, {}, [], [1, 'x', null], Symbol('s'), () => 1, NaN, -0, 1e308, 'x'.repeat(10_000), { toString: () => '5' }];
    for (const raw of inputs) {
      for (const p of schema.params) {
        const r = setParam(schema, DEFAULTS, p.name, raw);
        expectValid(schema, r.values);
      }
    }
  });

  it('nonsense input objects do not throw', () => {
    expect(parseParams(schema, null as never).values).toEqual(DEFAULTS);
    expect(parseParams(schema, 'pos=1' as never).values).toEqual(DEFAULTS);
    expect(parseParams(schema, [null, ['pos'], ['pos', null], 5] as never).values).toEqual(DEFAULTS);
  });

  it('too many unknown keys give a few notices and a count', () => {
    const q = new URLSearchParams();
    for (let i = 0; i < 500; i++) q.append(`junk${i}`, '1');
    const { notices } = parseParams(schema, q);
    expect(notices).toHaveLength(11);
    expect(notices[10].message).toBe('490 more unknown parameters ignored');
  });
});

describe('keys', () => {
  it('unknown keys get a notice, sanitised; host attributes are silent', () => {
    const { values, notices } = parseParams(schema, {
      class: 'x',
      id: 'y',
      style: 'color:red',
      slot: 'a',
      title: 't',
      lang: 'en',
      dir: 'rtl',
      tabindex: '0',
      'data-foo': '1',
      'aria-label': 'x',
      sim: 'imbalance',
      src: 'x',
      width: '100',
      height: '100',
      bogus: '1',
      'we<ir>d key!': '2',
    });
    expect(values).toEqual(DEFAULTS);
    expect(notices).toEqual([
      { param: 'bogus', message: 'unknown parameter “bogus” ignored' },
      { param: 'weirdkey', message: 'unknown parameter “weirdkey” ignored' },
    ]);
  });

  it('a schema param wins over a host attribute of the same name (hidden, the alias of layers)', () => {
    expect(parseParams(schema, { layers: '' }).values.layers).toEqual([]);
  });

  it('keys match case-insensitively, since HTML lower-cases attribute names', () => {
    const r = parseParams(schema, { POS: '0.2', Remedy: 'Weights' });
    expect(r.notices).toEqual([]);
    expect(r.values).toMatchObject({ pos: 0.2, remedy: 'weights' });
  });

  it('a repeated key: the last value wins, with a notice', () => {
    const r = parseParams(schema, new URLSearchParams('model=mlp&model=logreg'));
    expect(r.values.model).toBe('logreg');
    expect(r.notices).toEqual([{ param: 'model', message: 'model: given more than once — using the last value' }]);
  });
});

describe('aliases', () => {
  it('reads the old name and serialises the canonical one', () => {
    const r = parseParams(schema, new URLSearchParams('fix=weights'));
    expect(r.notices).toEqual([]);
    expect(r.values.remedy).toBe('weights');
    expect(serializeParams(schema, r.values).toString()).toBe('remedy=weights');
  });

  it('notices from an alias name the canonical param and mention the typed name', () => {
    const r = parseParams(schema, { fix: 'magic' });
    expect(r.values.remedy).toBe('none');
    expect(r.notices).toEqual([
      { param: 'remedy', message: 'remedy (given as fix): “magic” is not one of none, weights, oversample, undersample — using the default none' },
    ]);
  });

  it('alias and canonical both given: canonical wins, in either order', () => {
    for (const q of ['fix=weights&remedy=oversample', 'remedy=oversample&fix=weights']) {
      const r = parseParams(schema, new URLSearchParams(q));
      expect(r.values.remedy).toBe('oversample');
      expect(r.notices).toEqual([{ param: 'remedy', message: 'remedy: both “remedy” and its old name “fix” given — using “remedy”' }]);
    }
  });

  it('setParam accepts an alias', () => {
    expect(setParam(schema, DEFAULTS, 'fix', 'undersample').values.remedy).toBe('undersample');
  });
});

describe('dependent choices', () => {
  it('parse: a child invalid for its parent resets to the parent-specific default with a notice', () => {
    const r = parseParams(schema, new URLSearchParams('framing=binary&task=regression'));
    expect(r.values).toMatchObject({ task: 'regression', framing: 'mse' });
    expect(r.notices).toEqual([{ param: 'framing', message: 'framing: “binary” is not available for task=regression — using mse' }]);
  });

  it('parse: an absent child takes the default for its parent, silently', () => {
    const r = parseParams(schema, { task: 'regression' });
    expect(r.values.framing).toBe('mse');
    expect(r.notices).toEqual([]);
    expect(parseParams(schema, { task: 'regression', framing: 'mae' })).toMatchObject({ values: { framing: 'mae' }, notices: [] });
  });

  it('parse: a child that is no choice at all says so', () => {
    const r = parseParams(schema, { task: 'regression', framing: 'huber' });
    expect(r.values.framing).toBe('mse');
    expect(r.notices[0].message).toBe('framing: “huber” is not one of mse, mae — using the default mse');
  });

  it('setParam: changing the parent resets a child that is no longer allowed, with a notice', () => {
    const start = setParam(schema, DEFAULTS, 'framing', 'multiclass').values;
    const r = setParam(schema, start, 'task', 'regression');
    expect(r.values).toMatchObject({ task: 'regression', framing: 'mse' });
    expect(r.notices).toEqual([{ param: 'framing', message: 'framing: “multiclass” is not available for task=regression — using mse' }]);
  });

  it('setParam: a child at its default follows the new default silently, and back', () => {
    const r = setParam(schema, DEFAULTS, 'task', 'regression');
    expect(r.values.framing).toBe('mse');
    expect(r.notices).toEqual([]);
    const back = setParam(schema, r.values, 'task', 'classification');
    expect(back.values.framing).toBe('binary');
    expect(back.notices).toEqual([]);
  });

  it('setParam: a child chosen for the parent is validated against it', () => {
    const r = setParam(schema, setParam(schema, DEFAULTS, 'task', 'regression').values, 'framing', 'binary');
    expect(r.values.framing).toBe('mse');
    expect(r.notices).toHaveLength(1);
    expect(setParam(schema, DEFAULTS, 'framing', 'multiclass').values.framing).toBe('multiclass');
  });

  it('setParam does not modify the values it is given', () => {
    const v = { ...DEFAULTS, layers: [16, 16] };
    setParam(schema, v, 'task', 'regression');
    setParam(schema, v, 'layers', '4');
    expect(v).toEqual(DEFAULTS);
  });
});

describe('dependent ranges', () => {
  it('data=birdstrikes fixes n to at most 10,000 with default 10,000', () => {
    expect(rangeFor(spec<NumberSpec>('n'), { data: 'birdstrikes' })).toEqual({ min: 1000, max: 10_000, default: 10_000 });
    expect(parseParams(schema, { data: 'birdstrikes' })).toMatchObject({ values: { n: 10_000 }, notices: [] });
  });

  it('parse: n over the parent-specific maximum is clamped with a notice naming the parent', () => {
    const r = parseParams(schema, new URLSearchParams('n=50000&data=birdstrikes'));
    expect(r.values.n).toBe(10_000);
    expect(r.notices).toEqual([{ param: 'n', message: 'n: 50000 is above the maximum 10,000 for data=birdstrikes — using 10,000' }]);
    expect(parseParams(schema, { n: 50_000 }).values.n).toBe(50_000);
  });

  it('setParam: switching data clamps n, or moves it with its default', () => {
    const big = setParam(schema, DEFAULTS, 'n', 50_000).values;
    const clamped = setParam(schema, big, 'data', 'birdstrikes');
    expect(clamped.values.n).toBe(10_000);
    expect(clamped.notices).toEqual([{ param: 'n', message: 'n: 50,000 is above the maximum 10,000 for data=birdstrikes — using 10,000' }]);

    const followed = setParam(schema, DEFAULTS, 'data', 'birdstrikes');
    expect(followed).toMatchObject({ values: { n: 10_000 }, notices: [] });
    expect(setParam(schema, followed.values, 'data', 'synthetic')).toMatchObject({ values: { n: 100_000 }, notices: [] });

    const small = setParam(schema, DEFAULTS, 'n', 5000).values;
    expect(setParam(schema, small, 'data', 'birdstrikes')).toMatchObject({ values: { n: 5000 }, notices: [] });
  });

  it('serialisation omits n when it equals the parent-specific default', () => {
    const v = parseParams(schema, { data: 'birdstrikes' }).values;
    expect(serializeParams(schema, v).toString()).toBe('data=birdstrikes');
    expect(serializeParams(schema, { ...v, n: 2000 }).toString()).toBe('n=2000&data=birdstrikes');
  });

  it('sliders use the resolved range', () => {
    const n = spec<NumberSpec>('n');
    expect(fromSlider(n, 1000, { data: 'birdstrikes' })).toBe(10_000);
    expect(fromSlider(n, 1000, { data: 'synthetic' })).toBe(1_000_000);
  });
});

describe('lists', () => {
  it('layers=16,abc,999,8,8,8,8: drops garbage, clamps, truncates, one notice each', () => {
    const r = parseParams(schema, new URLSearchParams('layers=16,abc,999,8,8,8,8'));
    expect(r.values.layers).toEqual([16, 256, 8, 8]);
    expect(r.notices).toEqual([
      { param: 'layers', message: 'layers: item “abc” is not a number — dropped' },
      { param: 'layers', message: 'layers: item 999 is above the maximum 256 — using 256' },
      { param: 'layers', message: 'layers: at most 4 items — dropped 8, 8' },
    ]);
  });

  it('empty list allowed when minLength is 0; items trimmed and rounded', () => {
    expect(parseParams(schema, { layers: '' })).toMatchObject({ values: { layers: [] }, notices: [] });
    const r = parseParams(schema, { layers: ' 4 , 2.6 ,0' });
    expect(r.values.layers).toEqual([4, 3, 1]);
    expect(r.notices.map((n) => n.message)).toEqual([
      'layers: item 2.6 is not a whole number — using 3',
      'layers: item 0 is below the minimum 1 — using 1',
    ]);
    expect(setParam(schema, DEFAULTS, 'layers', [8, '4']).values.layers).toEqual([8, 4]);
  });

  it('a list of junk gives a few notices and a count', () => {
    const r = parseParams(schema, { layers: 'x,'.repeat(500) + '8', hide: 'a,b,c,d,e,f,g,h,pos' });
    expect(r.values.layers).toEqual([8]);
    expect(r.values.hide).toEqual(['pos']);
    const msgs = (p: string) => r.notices.filter((n) => n.param === p).map((n) => n.message);
    expect(msgs('layers')).toHaveLength(7);
    expect(msgs('layers')[6]).toBe('layers: 494 more corrections not listed');
    expect(msgs('hide')).toHaveLength(7);
    expect(msgs('hide')[6]).toBe('hide: 2 more corrections not listed');
  });

  it('unique, sorted and minLength options', () => {
    const s = defineSchema([
      { name: 'cuts', type: 'float-list', label: 'Cuts', help: '', default: [0.5], min: 0, max: 1, minLength: 1, maxLength: 5, sorted: true, unique: true },
    ]);
    const r = parseParams(s, { cuts: '0.9,0.1,0.9,0.30000000000000004' });
    expect(r.values.cuts).toEqual([0.1, 0.3, 0.9]);
    expect(r.notices.map((n) => n.message)).toEqual(['cuts: duplicate item 0.9 — dropped', 'cuts: items sorted in increasing order']);
    const empty = parseParams(s, { cuts: 'x' });
    expect(empty.values.cuts).toEqual([0.5]);
    expect(empty.notices.at(-1)?.message).toBe('cuts: needs at least 1 item — using the default 0.5');
  });
});

describe('names lists (hide, lock)', () => {
  it('keeps known names in schema order, maps aliases, drops unknown names with a notice', () => {
    const r = parseParams(schema, new URLSearchParams('hide=threshold,bogus,fix,pos,pos&lock=__proto__,constructor,seed'));
    expect(r.values.hide).toEqual(['pos', 'remedy', 'threshold']);
    expect(r.values.lock).toEqual(['seed']);
    expect(r.notices).toEqual([
      { param: 'hide', message: 'hide: “bogus” is not a parameter here — dropped' },
      { param: 'lock', message: 'lock: “__proto__” is not a parameter here — dropped' },
      { param: 'lock', message: 'lock: “constructor” is not a parameter here — dropped' },
    ]);
    expect(serializeParams(schema, r.values).toString()).toBe('hide=pos%2Cremedy%2Cthreshold&lock=seed');
  });

  it('can name params declared after them and the common params', () => {
    expect(parseParams(schema, { hide: 'present,lock,layers' }).values.hide).toEqual(['layers', 'lock', 'present']);
  });
});

describe('booleans', () => {
  it('accepts the usual spellings and an empty attribute as true', () => {
    for (const t of ['1', 'true', 'TRUE', 'yes', 'on', '', ' On ']) expect(parseParams(schema, { present: t }).values.present).toBe(true);
    for (const f of ['0', 'false', 'no', 'off', 'OFF']) expect(parseParams(schema, { present: f }).values.present).toBe(false);
    expect(parseParams(schema, { present: true }).values.present).toBe(true);
    const r = parseParams(schema, { present: 'maybe' });
    expect(r.values.present).toBe(false);
    expect(r.notices).toEqual([
      { param: 'present', message: 'present: “maybe” is not on or off (1/0, true/false, yes/no, on/off) — using the default off' },
    ]);
  });

  it('run accepts typed 1 and true from props', () => {
    expect(parseParams(schema, { run: 1 }).values.run).toBe('1');
    expect(parseParams(schema, { run: true }).values.run).toBe('1');
    expect(parseParams(schema, { run: 'later' }).values.run).toBe('auto');
  });
});

describe('prototype pollution', () => {
  it('__proto__ and constructor keys do not pollute anything', () => {
    const r1 = parseParams(schema, new URLSearchParams('__proto__=1&constructor=x&__proto__[polluted]=1&toString=1'));
    const fromJson = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "pos": "0.2"}');
    const r2 = parseParams(schema, fromJson);
    const r3 = setParam(schema, DEFAULTS, '__proto__', { polluted: 1 });
    for (const r of [r1, r2, r3]) {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(r.values)).toBe(Object.prototype);
      expect(Object.hasOwn(r.values, '__proto__')).toBe(false);
      expect(Object.hasOwn(r.values, 'constructor')).toBe(false);
      expect(Object.keys(r.values)).toEqual(Object.keys(DEFAULTS));
    }
    expect(r2.values.pos).toBe(0.2);
    expect(r1.notices.map((n) => n.param)).toEqual(['__proto__', 'constructor', '__proto__polluted', 'toString']);
    expect(r3.notices).toEqual([{ param: '__proto__', message: 'unknown parameter “__proto__” ignored' }]);
  });

  it('a dependent lookup keyed by a prototype name finds nothing', () => {
    expect(rangeFor(spec<NumberSpec>('n'), { data: 'constructor' })).toEqual({ min: 1000, max: 1_000_000, default: 100_000 });
    expect(choicesFor(spec<ChoiceSpec>('framing'), { task: 'toString' })).toEqual(['binary', 'multiclass', 'mse', 'mae']);
  });
});

describe('serialisation writes compact numbers', () => {
  it('no floating-point noise, small numbers in plain decimals, ints exact', () => {
    const q = serializeParams(schema, { ...DEFAULTS, threshold: 0.1 + 0.2, lr: 0.0001, pos: 1 / 3, seed: 123456789 });
    expect(q.get('threshold')).toBe('0.3');
    expect(q.get('lr')).toBe('0.0001');
    expect(q.get('pos')).toBe('0.333333');
    expect(q.get('seed')).toBe('123456789');
    // Noise below 6 significant digits writes like the default, so it counts as the default.
    expect(serializeParams(schema, { ...DEFAULTS, threshold: 0.5 + 1e-12 }).has('threshold')).toBe(false);
  });

  it('parsed floats keep 6 significant digits so the URL reproduces them exactly', () => {
    const v = parseParams(schema, { pos: '0.0123456789' }).values;
    expect(v.pos).toBe(0.0123457);
    expect(parseParams(schema, serializeParams(schema, v)).values.pos).toBe(v.pos);
  });

  it('wrongly typed values are not written', () => {
    const q = serializeParams(schema, { ...DEFAULTS, pos: 'abc', model: '<b>', layers: ['x'] } as unknown as Values);
    expect(q.toString()).toBe('');
  });
});

describe('describeSchema', () => {
  const docs = describeSchema(schema);
  const doc = (name: string) => docs.find((d) => d.name === name)!;

  it('one entry per param in schema order', () => {
    expect(docs.map((d) => d.name)).toEqual(Object.keys(DEFAULTS));
  });

  it('describes ranges, choices, defaults, aliases and flags', () => {
    expect(doc('n')).toEqual({
      name: 'n',
      type: 'int',
      range: '1,000 – 1,000,000 (log)',
      default: '100,000',
      help: 'Training rows.',
      label: 'Rows',
      aliases: [],
      live: false,
      advanced: false,
      dependsOn: 'depends on data: birdstrikes → 1,000 – 10,000, default 10,000',
    });
    expect(doc('remedy')).toMatchObject({ range: 'none | weights | oversample | undersample', default: 'none', aliases: ['fix'] });
    expect(doc('remedy').dependsOn).toBeUndefined();
    expect(doc('threshold')).toMatchObject({ range: '0 – 1', default: '0.5', live: true });
    expect(doc('pos').range).toBe('0.0001 – 0.5 (log)');
    expect(doc('lr')).toMatchObject({ range: '0.0001 – 1 (log)', advanced: true, default: '0.01' });
    expect(doc('seed').range).toBe('0 – 2,147,483,647');
    expect(doc('layers')).toMatchObject({ range: '0 – 4 whole numbers, comma-separated, each 1 – 256', default: '16, 16' });
    expect(doc('hide').default).toBe('none');
    expect(doc('present').default).toBe('off');
    expect(doc('framing').dependsOn).toBe('depends on task: classification → binary | multiclass (default binary); regression → mse | mae (default mse)');
  });
});

describe('sliders', () => {
  const pos = spec<NumberSpec>('pos');
  const threshold = spec<NumberSpec>('threshold');
  const n = spec<NumberSpec>('n');

  it('log scale: ends exact, middle is the geometric mean', () => {
    expect(toSlider(pos, 0.0001, DEFAULTS)).toBe(0);
    expect(toSlider(pos, 0.5, DEFAULTS)).toBe(1000);
    expect(toSlider(pos, Math.sqrt(0.0001 * 0.5), DEFAULTS)).toBe(500);
    expect(fromSlider(pos, 0, DEFAULTS)).toBe(0.0001);
    expect(fromSlider(pos, 1000, DEFAULTS)).toBe(0.5);
    expect(fromSlider(pos, 500, DEFAULTS)).toBeCloseTo(Math.sqrt(0.0001 * 0.5), 4);
    expect(toSlider(pos, 99, DEFAULTS)).toBe(1000);
    expect(toSlider(pos, NaN, DEFAULTS)).toBe(0);
  });

  it('round-trips positions within one step and values within rounding', () => {
    for (let p = 0; p <= 1000; p += 7) {
      const v = fromSlider(pos, p, DEFAULTS);
      expect(Math.abs(toSlider(pos, v, DEFAULTS) - p)).toBeLessThanOrEqual(1);
      expect(String(v).replace(/^0\.0*|e.*$|\./g, '').length).toBeLessThanOrEqual(3); // 3 significant digits
    }
    for (const v of [0.0002, 0.001, 0.01, 0.05, 0.3]) {
      expect(Math.abs(fromSlider(pos, toSlider(pos, v, DEFAULTS), DEFAULTS) / v - 1)).toBeLessThan(0.01);
    }
  });

  it('int and linear sliders', () => {
    const v = fromSlider(n, 333, DEFAULTS);
    expect(Number.isInteger(v)).toBe(true);
    expect(v).toBe(9980); // 1,000 · 1000^0.333 ≈ 9,977, kept to 3 significant digits
    expect(fromSlider(threshold, 333, DEFAULTS)).toBe(0.333);
    expect(toSlider(threshold, 0.25, DEFAULTS)).toBe(250);
    expect(fromSlider(threshold, -5, DEFAULTS)).toBe(0);
    expect(fromSlider(threshold, 5000, DEFAULTS)).toBe(1);
  });
});

describe('formatValue', () => {
  it('plain text for every kind', () => {
    expect(formatValue(spec('n'), 100_000)).toBe('100,000');
    expect(formatValue(spec('threshold'), 0.1 + 0.2)).toBe('0.3');
    expect(formatValue(spec('remedy'), 'weights')).toBe('Class weights');
    expect(formatValue(spec('remedy'), 'oversample')).toBe('oversample');
    expect(formatValue(spec('present'), true)).toBe('on');
    expect(formatValue(spec('layers'), [16, 8])).toBe('16, 8');
    expect(formatValue(spec('hide'), [])).toBe('none');
    expect(formatNumber(-1234567.5)).toBe('-1,234,570');
    expect(formatNumber(1e-7)).toBe('1e-7');
  });
});

describe('defineSchema rejects bad schemas', () => {
  const base = { label: 'L', help: 'H' };
  const num = (extra: Partial<NumberSpec> = {}): NumberSpec => ({ ...base, name: 'x', type: 'float', default: 0.5, min: 0, max: 1, ...extra });
  const choice = (extra: Partial<ChoiceSpec> = {}): ChoiceSpec => ({ ...base, name: 'c', type: 'choice', default: 'a', choices: ['a', 'b'], ...extra });

  it('accepts a good one', () => {
    expect(() => defineSchema([num(), choice()])).not.toThrow();
  });

  it.each([
    ['duplicate names', () => [num(), num()], /duplicate/],
    ['alias clashing with a name', () => [num(), choice({ aliases: ['x'] })], /duplicate/],
    ['names differing only in case', () => [num(), num({ name: 'X' })], /duplicate/],
    ['bad name', () => [num({ name: 'a-b' })], /bad param name/],
    ['__proto__ name', () => [num({ name: '__proto__' })], /bad param name/],
    ['constructor name', () => [num({ name: 'constructor' })], /bad param name/],
    ['default above max', () => [num({ default: 2 })], /outside/],
    ['min above max', () => [num({ min: 2, max: 1 })], /above max/],
    ['log with min 0', () => [num({ log: true })], /log/],
    ['non-integer int default', () => [num({ type: 'int', default: 0.5 })], /integers/],
    ['default not a choice', () => [choice({ default: 'z' })], /not a choice/],
    ['free-text choice', () => [choice({ choices: ['a', 'b c'] })], /must match/],
    ['dependsOn unknown param', () => [num({ dependsOn: { param: 'nope', ranges: {} } })], /unknown param/],
    ['dependsOn key not a parent value', () => [choice(), num({ dependsOn: { param: 'c', ranges: { z: { max: 0.6 } } } })], /not a value of c/],
    ['dependent default outside its range', () => [choice(), num({ dependsOn: { param: 'c', ranges: { a: { max: 0.4 } } } })], /outside/],
    ['dependent choices not a subset', () => [choice(), choice({ name: 'd', dependsOn: { param: 'c', choices: { a: ['q'] } } })], /not in choices/],
    [
      'a cycle',
      () => [
        choice({ dependsOn: { param: 'd', choices: { a: ['a'] } } }),
        choice({ name: 'd', dependsOn: { param: 'c', choices: { a: ['a'] } } }),
      ],
      /cycle/,
    ],
    ['names default naming an unknown param', () => [{ ...base, name: 'hide', type: 'names', default: ['nope'] } as ParamSpec], /unknown param/],
    [
      'list default too long',
      () => [{ ...base, name: 'l', type: 'int-list', default: [1, 2, 3], min: 1, max: 5, minLength: 0, maxLength: 2 } as ParamSpec],
      /wrong length/,
    ],
  ] as const)('%s', (_label, make, re) => {
    expect(() => defineSchema(make() as ParamSpec[])).toThrow(re);
  });
});

describe('layers: the hidden-layer sizes, renamed from hidden', () => {
  it('old links: hidden=16,8 and hidden_layers reach layers; the URL written says layers', () => {
    const r = parseParams(schema, new URLSearchParams('hidden=32,4'));
    expect(r.values.layers).toEqual([32, 4]);
    expect(r.notices).toEqual([]);
    expect(queryString(serializeParams(schema, r.values))).toBe('layers=32,4');
    expect(parseParams(schema, { hidden_layers: '8' }).values.layers).toEqual([8]);
  });

  it('hide=hidden hides the layers control', () => {
    expect(parseParams(schema, { hide: 'hidden' }).values.hide).toEqual(['layers']);
  });

  it('the layers control shows only where layersWhen says so', () => {
    const s = defineSchema([
      { name: 'model', type: 'choice', label: 'Model', help: '', default: 'logreg', choices: ['logreg', 'mlp'] },
      ...commonParams({ lr: 0.1, epochs: 5, batch: 32, layers: [4], layersWhen: (v) => v.model === 'mlp' }),
    ]);
    const layers = s.byName.get('layers')!;
    expect(isVisible(layers, parseParams(s, {}).values)).toBe(false);
    expect(isVisible(layers, parseParams(s, { model: 'mlp' }).values)).toBe(true);
  });
});

describe('param roles and values-dependent rules', () => {
  it('run is url-only; hide, lock and present are view params; neither gets a control', () => {
    const s = defineSchema(commonParams({ lr: 0.1, epochs: 5, batch: 32 }));
    const role = (n: string) => s.byName.get(n)!.role;
    expect([role('run'), role('hide'), role('lock'), role('present'), role('seed')]).toEqual(['url-only', 'view', 'view', 'view', undefined]);
    expect(s.params.filter(hasControl).map((p) => p.name)).toEqual(['seed', 'seeds', 'backend', 'lr', 'epochs', 'batch']);
  });

  it('liveWhen: live for some values of the others only', () => {
    const s = defineSchema([
      { name: 'mode', type: 'choice', label: 'Mode', help: '', default: 'coupled', choices: ['coupled', 'decoupled'] },
      { name: 'alpha', type: 'float', label: 'α', help: '', default: 0.5, min: 0, max: 1, live: true, liveWhen: (v) => v.mode === 'decoupled' },
    ]);
    const alpha = s.byName.get('alpha')!;
    expect(isLive(alpha, parseParams(s, {}).values)).toBe(false);
    expect(isLive(alpha, parseParams(s, { mode: 'decoupled' }).values)).toBe(true);
    expect(describeSchema(s)[1].live).toBe(true);
  });

  it('rangeWhen: a day below days, clamped with a notice, re-validated when days moves, parsed after days whatever the order', () => {
    const s = defineSchema([
      {
        name: 'fault_day',
        type: 'int',
        label: 'Fault day',
        help: '',
        default: 20,
        min: 1,
        max: 365,
        rangeWhen: { params: ['days'], range: (v) => ({ max: Number(v.days) - 1 }) },
      },
      { name: 'days', type: 'int', label: 'Days', help: '', default: 60, min: 10, max: 365 },
    ]);
    expect(rangeFor(s.byName.get('fault_day') as NumberSpec, { days: 30 })).toEqual({ min: 1, max: 29, default: 20 });
    const r = parseParams(s, { fault_day: '50', days: '30' });
    expect(r.values).toEqual({ fault_day: 29, days: 30 });
    expect(r.notices).toEqual([{ param: 'fault_day', message: 'fault_day: 50 is above the maximum 29 — using 29' }]);
    const moved = setParam(s, parseParams(s, { fault_day: '25' }).values, 'days', 12);
    expect(moved.values).toEqual({ fault_day: 11, days: 12 });
    expect(moved.notices.map((n) => n.param)).toEqual(['fault_day']);
    // a computed range never leaves the declared one, and the default follows it
    expect(rangeFor(s.byName.get('fault_day') as NumberSpec, { days: 10 })).toEqual({ min: 1, max: 9, default: 9 });
    expect(() => defineSchema([{ name: 'a', type: 'int', label: '', help: '', default: 1, min: 0, max: 2, rangeWhen: { params: ['nope'], range: () => ({}) } }])).toThrow(/unknown param nope/);
  });
});
