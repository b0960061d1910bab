import { describe, expect, it } from 'vitest';
import { embedSnippets } from '../../src/embed/snippet';
import { parseCommand } from '../../src/embed/messages';

describe('embedSnippets', () => {
  const s = embedSnippets('imbalance', 'pos=0.005&hidden=16,8&hide=model', 'https://example.org/mlsd/', { title: 'MLSD Lab: "imbalance" <lab>' });

  it('gives an iframe of embed.html with the params, a fixed height and the resize listener for that origin', () => {
    expect(s.iframe).toContain('src="https://example.org/mlsd/embed.html?sim=imbalance&amp;pos=0.005&amp;hidden=16,8&amp;hide=model"');
    expect(s.iframe).toContain('height="900"');
    expect(s.iframe).toContain('allow="fullscreen"');
    expect(s.iframe).toContain('title="MLSD Lab: &quot;imbalance&quot; &lt;lab&gt;"');
    expect(s.iframe).toContain(`e.origin !== "https://example.org"`);
    expect(s.iframe).toContain("d.type !== 'mlsd:resize'");
  });

  it('gives the element with the params as attributes, hidden as hidden-layers', () => {
    expect(s.element).toBe(
      '<script type="module" src="https://example.org/mlsd/embed/mlsd-sim.js"></script>\n' +
        '<mlsd-sim sim="imbalance" pos="0.005" hidden-layers="16,8" hide="model"></mlsd-sim>',
    );
    expect(s.both).toContain(s.iframe);
    expect(s.both).toContain(s.element);
  });

  it('escapes what it writes into attributes and drops names that cannot be attributes', () => {
    const bad = embedSnippets('x"><script>', 'a=<img src=x onerror=alert(1)>&"b=1&1c=2', 'https://example.org/');
    expect(bad.element).not.toMatch(/<img|<script>|"b=|1c=/);
    expect(bad.element).toContain('a="&lt;img src=x onerror=alert(1)&gt;"');
    expect(bad.iframe).not.toContain('<img');
  });

  it('adds the missing slash to the site URL and drops a sim param from the query', () => {
    const t = embedSnippets('imbalance', '?sim=other&n=2000', 'https://example.org/mlsd');
    expect(t.iframe).toContain('src="https://example.org/mlsd/embed.html?sim=imbalance&amp;n=2000"');
    expect(t.element).toContain('<mlsd-sim sim="imbalance" n="2000">');
  });
});

describe('parseCommand', () => {
  it('accepts exactly the two commands', () => {
    expect(parseCommand({ type: 'mlsd:run' })).toEqual({ type: 'mlsd:run' });
    expect(parseCommand({ type: 'mlsd:hello' })).toEqual({ type: 'mlsd:hello' });
  });
  it('ignores everything else', () => {
    for (const m of ['mlsd:run', null, 42, [{ type: 'mlsd:run' }], { type: 'mlsd:run', x: 1 }, { type: 'MLSD:RUN' }, { type: 'mlsd:eval' }, { kind: 'mlsd:run' }, Object.create({ type: 'mlsd:run' })]) {
      expect(parseCommand(m)).toBeNull();
    }
  });
});
