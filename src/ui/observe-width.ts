import type { Attachment } from 'svelte/attachments';

/**
 * `{@attach observeWidth((w) => (width = w))}`: the element's content width, from a
 * ResizeObserver. Unlike `bind:clientWidth`, it never reads layout while a component mounts, so a
 * results area with many charts costs one layout, not one forced layout per chart.
 */
export function observeWidth(set: (width: number) => void): Attachment<HTMLElement> {
  return (element) => {
    const ro = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      set(entry.contentBoxSize?.[0]?.inlineSize ?? entry.contentRect.width);
    });
    ro.observe(element);
    return () => ro.disconnect();
  };
}
