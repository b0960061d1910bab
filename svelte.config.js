import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  extensions: ['.svelte', '.md'],
  // mdsvex must run before vitePreprocess so Markdown lessons become Svelte first.
  preprocess: [mdsvex({ extensions: ['.md'] }), vitePreprocess()],
  compilerOptions: { runes: undefined },
};
