import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { lessonsIndex } from './lessons-index.plugin.ts';

// base './' lets the built site work from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [svelte(), lessonsIndex()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
