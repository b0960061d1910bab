import type { Component } from 'svelte';

export interface LessonMeta {
  slug: string;
  order: number;
  title: string;
  summary: string;
  stage: string;
  minutes: number;
}

// lessons/<order>-<slug>.md, each its own lazily loaded chunk
const modules = import.meta.glob<{ default: Component; metadata?: Partial<LessonMeta> }>('/lessons/*.md');

function parseName(path: string): { order: number; slug: string } | null {
  const m = /\/(\d+)-([a-z0-9-]+)\.md$/.exec(path);
  return m ? { order: Number(m[1]), slug: m[2] } : null;
}

export const lessons: readonly Pick<LessonMeta, 'slug' | 'order' | 'title'>[] = Object.keys(modules)
  .map((path) => parseName(path))
  .filter((x): x is { order: number; slug: string } => !!x)
  .map((x) => ({ ...x, title: x.slug.replace(/-/g, ' ') }))
  .sort((a, b) => a.order - b.order);

export async function loadLesson(slug: string) {
  const path = Object.keys(modules).find((p) => parseName(p)?.slug === slug);
  return path ? modules[path]() : null;
}
