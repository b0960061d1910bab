import { wrap } from 'svelte-spa-router/wrap';
import Home from './pages/Home.svelte';
import NotFound from './pages/NotFound.svelte';

// Home and "not found" ship in the first bundle; every other page loads when visited.
const lazy = (asyncComponent: NonNullable<Parameters<typeof wrap>[0]['asyncComponent']>) => wrap({ asyncComponent });

export const routes = {
  '/': Home,
  '/lessons/:slug': lazy(() => import('./pages/LessonPage.svelte')),
  '/sim/:id': lazy(() => import('./pages/SimPage.svelte')),
  '/about': lazy(() => import('./pages/About.svelte')),
  '/embed': lazy(() => import('./pages/EmbedDocs.svelte')),
  '/data': lazy(() => import('./pages/DataPage.svelte')),
  '*': NotFound,
};
