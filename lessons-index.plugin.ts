import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * `virtual:lessons`: the index of lessons/<order>-<slug>.md (front matter, `## ` sections, check ids),
 * built at compile time so the home page can list lessons without loading any lesson's code.
 */

export interface LessonIndexEntry {
  slug: string;
  order: number;
  title: string;
  summary: string;
  stage: string;
  minutes: number;
  sections: { id: string; title: string }[];
  /** ids of the lesson's <Check> questions, so the home page can count answers */
  checks: string[];
}

const VIRTUAL_ID = 'virtual:lessons';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const FILE_RE = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Heading text to an id: lowercase ASCII words joined by dashes ("Why 99 % is useless" → "why-99-is-useless"). */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/** Inline Markdown to the plain text a reader sees: links, emphasis and code marks removed. */
function plainText(md: string): string {
  return md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A YAML scalar as written on one line: quoted or bare. Enough for our flat `key: value` front matter. */
function scalar(raw: string): string {
  const v = raw.trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) {
    try {
      return String(JSON.parse(v));
    } catch {
      return v.slice(1, -1);
    }
  }
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) return v.slice(1, -1).replace(/''/g, "'");
  return v.replace(/\s+#.*$/, '');
}

export function parseFrontMatter(source: string): { data: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!m) return { data: {}, body: source };
  const data: Record<string, string> = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (kv) data[kv[1]] = scalar(kv[2]);
  }
  return { data, body: source.slice(m[0].length) };
}

/** `## ` headings outside fenced code and <script>/<style> blocks, with ids unique within the lesson. */
export function parseSections(body: string): { id: string; title: string }[] {
  const sections: { id: string; title: string }[] = [];
  const seen = new Map<string, number>();
  let fence: string | null = null;
  let inBlock = false;
  for (const line of body.split(/\r?\n/)) {
    const f = /^\s*(```|~~~)/.exec(line);
    if (f) {
      fence = fence === null ? f[1] : fence === f[1] ? null : fence;
      continue;
    }
    if (fence) continue;
    if (/^<(script|style)\b/.test(line)) inBlock = true;
    if (inBlock) {
      if (/<\/(script|style)>/.test(line)) inBlock = false;
      continue;
    }
    const h = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const title = plainText(h[1]);
    const base = slugify(title);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    sections.push({ id: n === 1 ? base : `${base}-${n}`, title });
  }
  return sections;
}

/** ids of <Check id="…" …/> tags (the id may sit anywhere in the tag). */
export function parseCheckIds(body: string): { ids: string[]; missing: number } {
  const ids: string[] = [];
  let missing = 0;
  for (const m of body.matchAll(/<Check\b([\s\S]*?)\/>/g)) {
    const id = /\bid\s*=\s*(["'])([^"']+)\1/.exec(m[1]);
    if (id) ids.push(id[2]);
    else missing++;
  }
  return { ids, missing };
}

function lessonFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.md'));
  } catch {
    return []; // no lessons folder yet: an empty index, not a failed build
  }
}

export function readLessons(dir: string, warn: (msg: string) => void = () => {}): LessonIndexEntry[] {
  const files = lessonFiles(dir);
  const out: LessonIndexEntry[] = [];
  const checkOwners = new Map<string, string>();
  for (const file of files.sort()) {
    const name = FILE_RE.exec(file);
    if (!name) {
      warn(`lessons/${file}: not named <order>-<slug>.md, skipped`);
      continue;
    }
    const { data, body } = parseFrontMatter(readFileSync(join(dir, file), 'utf8'));
    const slug = name[2];
    for (const key of ['title', 'summary', 'stage', 'minutes']) {
      if (!data[key]) warn(`lessons/${file}: front matter has no "${key}"`);
    }
    const minutes = Number(data.minutes);
    const checks = parseCheckIds(body);
    if (checks.missing) warn(`lessons/${file}: ${checks.missing} <Check> without an id — its answers cannot be counted`);
    for (const id of checks.ids) {
      const owner = checkOwners.get(id);
      if (owner) warn(`lessons/${file}: <Check id="${id}"> is also used in ${owner}; progress would mix them`);
      checkOwners.set(id, file);
    }
    out.push({
      slug,
      order: Number(name[1]),
      title: data.title || slug.replace(/-/g, ' '),
      summary: data.summary ?? '',
      stage: (data.stage ?? '').toLowerCase(),
      minutes: Number.isFinite(minutes) && minutes > 0 ? minutes : 0,
      sections: parseSections(body),
      checks: checks.ids,
    });
  }
  return out.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

export function lessonsIndex(): Plugin {
  let dir = '';
  return {
    name: 'mlsd-lessons-index',
    configResolved(config) {
      dir = resolve(config.root, 'lessons');
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      const lessons = readLessons(dir, (msg) => this.warn(msg));
      for (const file of lessonFiles(dir)) this.addWatchFile(join(dir, file));
      return `export default ${JSON.stringify(lessons)};`;
    },
    configureServer(server) {
      // A lesson added, removed or edited changes the index: rebuild it and reload the page.
      server.watcher.add(dir);
      const refresh = (file: string) => {
        if (!resolve(file).startsWith(dir) || !file.endsWith('.md')) return;
        const mod = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (mod) server.moduleGraph.invalidateModule(mod);
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('add', refresh);
      server.watcher.on('unlink', refresh);
      server.watcher.on('change', refresh);
    },
  };
}
