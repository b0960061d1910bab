/**
 * Copy text with the async clipboard API. False where it is missing (an insecure origin, an old
 * browser) or refused (a permission, an iframe without clipboard-write): the caller then shows the
 * text in a field to copy by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
