// The lesson index built by lessons-index.plugin.ts from lessons/*.md (front matter and `## ` headings).
declare module 'virtual:lessons' {
  export interface LessonIndexEntry {
    slug: string;
    order: number;
    title: string;
    summary: string;
    /** lifecycle stage, lowercase, e.g. "model development" */
    stage: string;
    minutes: number;
    /** the lesson's `## ` sections; the rendered h2s get these ids, in order */
    sections: { id: string; title: string }[];
    /** ids of the lesson's <Check> questions */
    checks: string[];
  }
  const lessons: LessonIndexEntry[];
  export default lessons;
}
