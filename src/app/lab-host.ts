import { memoryProgress, type LabHost, type LabProgress } from '../ui/host';
import { siteUrl } from '../embed/site-url';
import { simHref } from './sim-route';

/**
 * The host that the site (App.svelte) and the embeds (EmbeddedLab.svelte) hand to every lab below
 * them: the site's root URL (the page's directory, or where the <mlsd-sim> script came from), its
 * routes, and the learner's progress — the site's stored progress, or memory where a host keeps none.
 */
export function createLabHost(progress: LabProgress = memoryProgress()): LabHost {
  return {
    siteUrl,
    simHref,
    // the embed-code builder loads only when someone asks for a code (the export menu)
    async embedCode(id, query) {
      const { embedSnippets } = await import('../embed/snippet');
      return embedSnippets(id, query, siteUrl()).both;
    },
    progress,
  };
}
