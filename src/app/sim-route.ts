/**
 * A lab's route on the site: `#/sim/<id>`, with its params as the query when there are any
 * (DESIGN.md "Routes"; the route table is ./routes.ts). Relative, so it works from any host and
 * sub-path; prefix the site's root URL for a link that leaves the site. The one place this route
 * is written: the site's pages import it, everything under a host gets it through labHost().
 */
export function simHref(id: string, query = ''): string {
  const q = query.replace(/^\?/, '');
  return `#/sim/${encodeURIComponent(id)}${q ? `?${q}` : ''}`;
}
