import type { Component } from 'svelte';
import index, { type LessonIndexEntry } from 'virtual:lessons';
import { STAGES, type StageId } from '../engine/lifecycle';

export { STAGES, type StageId };

/** `stage: all`: a lesson about the loop itself, which the home map draws as the loop that joins the stages. */
export const WHOLE_LOOP = { id: 'all', name: 'The whole loop' } as const;
export type LessonStageId = StageId | typeof WHOLE_LOOP.id;

export interface Lesson extends LessonIndexEntry {
  /** the lifecycle stage's id ('all': the whole loop), or null when the front matter names none we know */
  stageId: LessonStageId | null;
  stageName: string;
  prev: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
}

// Matches "model development", "Model Development" and "model-development" alike.
const norm = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
function stageOf(stage: string): { id: LessonStageId; name: string } | undefined {
  const s = norm(stage);
  if (s === norm(WHOLE_LOOP.id) || s === norm(WHOLE_LOOP.name)) return WHOLE_LOOP;
  return STAGES.find((st) => norm(st.name) === s || norm(st.id) === s || (s && norm(st.name).startsWith(s)));
}

// lessons/<order>-<slug>.md, each its own lazily loaded chunk: nothing here loads a lesson's code.
const modules = import.meta.glob<{ default: Component }>('/lessons/*.md');
const pathBySlug = new Map(
  Object.keys(modules).flatMap((path) => {
    const m = /\/\d+-([a-z0-9-]+)\.md$/.exec(path);
    return m ? [[m[1], path] as const] : [];
  }),
);
const pathOf = (l: LessonIndexEntry) => pathBySlug.get(l.slug);

// "99 %" never breaks across lines: a no-break space before a percent sign that follows a number.
const keepPercent = (s: string) => s.replace(/(\d) %/g, '$1\u00a0%');
const written = index.filter((l) => pathOf(l)).map((l) => ({ ...l, title: keepPercent(l.title), summary: keepPercent(l.summary) }));

export const lessons: readonly Lesson[] = written.map((l, i) => {
  const st = stageOf(l.stage);
  const link = (o: LessonIndexEntry | undefined) => (o ? { slug: o.slug, title: o.title } : null);
  return { ...l, stageId: st?.id ?? null, stageName: st?.name ?? l.stage, prev: link(written[i - 1]), next: link(written[i + 1]) };
});

export function findLesson(slug: string): Lesson | undefined {
  return lessons.find((l) => l.slug === slug);
}

export async function loadLesson(slug: string): Promise<{ default: Component } | null> {
  const lesson = findLesson(slug);
  const path = lesson && pathOf(lesson);
  return path ? modules[path]() : null;
}
