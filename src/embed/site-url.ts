// The root URL of the MLSD Lab site a lab came from (where index.html, embed.html and embed/ live).
// On the site and in embed.html that is the page's own directory; the <mlsd-sim> bundle, which may
// run in anyone's page, sets it from its script URL.
let configured: string | null = null;

export function setSiteUrl(url: string): void {
  configured = new URL(url).href;
}

export function siteUrl(): string {
  return configured ?? new URL('./', location.href).href;
}
