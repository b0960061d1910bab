// The import rules `npm run check` holds (DESIGN.md "where things live"): an arrow may only point
// down a floor — app/ and embed/ (the hosts) → lessons-kit/, sims/, ui/ → engine/ — and never round in a loop.
// The hosts hand the floors below them what they need (site URL, routes, progress, the embed code)
// through context (src/ui/host.ts), and the engine's worker entry, which loads every lab, lives in
// src/worker/, so the engine knows no lab. Reads .ts and .svelte (Svelte 5 markup included) files.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the modules in it can only be understood, tested and loaded together. Move what both need into a third module.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-host-imports-below',
      severity: 'error',
      comment:
        'ui/, sims/ and lessons-kit/ run under any host (the site, embed.html, <mlsd-sim>, a lesson): they import nothing from app/ or embed/. ' +
        'Take what the host knows (siteUrl, simHref, progress, embedCode) from labHost() in src/ui/host.ts.',
      from: { path: '^src/(ui|sims|lessons-kit)/' },
      to: { path: '^src/(app|embed)/' },
    },
    {
      name: 'engine-knows-no-lab-or-page',
      severity: 'error',
      comment:
        'src/engine/ is framework-free TypeScript that runs in a Worker and in Node: it imports no lab, view, page or host. ' +
        'Jobs reach it injected (createRunner({ loadJob }), configureEngine()); the worker entry that loads the labs is src/worker/.',
      from: { path: '^src/engine/' },
      to: { path: '^src/(sims|ui|app|embed|lessons-kit|worker)/' },
    },
    {
      name: 'data-knows-no-lab',
      severity: 'error',
      comment:
        'src/data/ holds the real data sets (loader, parser, source, licence, credit) that labs, #/about and embeds read: ' +
        'it imports nothing above the engine, so a lab, a page or the worker can use a data set without a loop back to itself.',
      from: { path: '^src/data/' },
      to: { path: '^src/(sims|ui|app|embed|lessons-kit|worker)/' },
    },
    {
      name: 'engine-no-svelte',
      severity: 'error',
      comment: 'src/engine/ imports no Svelte: no svelte package, no .svelte component, no .svelte.ts rune module.',
      from: { path: '^src/engine/' },
      to: { path: ['(^|/)node_modules/svelte/', '\\.svelte(\\.[jt]s)?$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports are arrows too: a type from a host is still knowledge of the host
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['svelte', 'import', 'types', 'default'],
      mainFields: ['svelte', 'module', 'types', 'main'],
      extensions: ['.ts', '.js', '.svelte', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
