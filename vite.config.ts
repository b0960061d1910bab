import { build, defineConfig, type Plugin, type UserConfig } from 'vite';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { lessonsIndex } from './lessons-index.plugin.ts';

const root = import.meta.dirname;

// The site: index.html and embed.html (a lab alone, for iframes), then the element bundle into
// <outDir>/embed/. base './' lets the built site work from any static host and any sub-path.
const site: UserConfig = {
  base: './',
  plugins: [svelte(), lessonsIndex(), elementAfterSite()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: { main: `${root}/index.html`, embed: `${root}/embed.html` } },
  },
  server: { host: '127.0.0.1' },
};

// `vite build --mode embed`: the <mlsd-sim> custom element as its own bundle, dist/embed/mlsd-sim.js
// (the site build runs it after itself, since it empties dist). It may be served from another origin than the
// page that uses it, so everything resolves against the script's own URL: the engine worker is
// inlined (a cross-origin worker URL is refused), chunks and wasm sit beside it (base './'), and
// component styles are injected by each component into the element's shadow root (emitCss: false).
const element: UserConfig = {
  base: './',
  publicDir: false,
  plugins: [svelte({ emitCss: false })],
  worker: {
    format: 'es',
    // an inlined worker runs from a blob: URL, where its own chunks could not be imported
    rolldownOptions: { output: { codeSplitting: false } },
  },
  build: {
    target: 'es2022',
    outDir: 'dist/embed',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: `${root}/src/embed/mlsd-sim.ts`,
      // the entry reads the (small) embed-code module for its attribute names, so the lab host's lazy import of it is moot here
      checks: { ineffectiveDynamicImport: false },
      output: {
        entryFileNames: 'mlsd-sim.js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
};

/** After the site build, the element build into <site outDir>/embed, so one `vite build` makes the whole site. */
function elementAfterSite(): Plugin {
  let outDir = '';
  let configFile: string | undefined;
  return {
    name: 'mlsd:element-after-site',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
      configFile = c.configFile;
    },
    async closeBundle() {
      await build({ configFile, mode: 'embed', logLevel: 'warn', build: { outDir: resolve(outDir, 'embed') } });
    },
  };
}

export default defineConfig(({ mode }) => (mode === 'embed' ? element : site));
