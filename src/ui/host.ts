import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';

/** A question's answer as the learner left it. */
export interface AnswerRecord {
  correct: boolean;
}

/** The learner's answers to "check your understanding" questions, as the host keeps them. */
export interface LabProgress {
  /** the stored answer to a question (reactive where the host's store is), or undefined */
  answer(checkId: string): AnswerRecord | undefined;
  /** record an answer; once right, a question stays right */
  record(checkId: string, correct: boolean): void;
}

/**
 * What the page a lab sits in knows and the shared pieces below it (src/ui, src/sims, src/lessons-kit)
 * must not: where the site lives, its routes, the learner's progress, how to write an embed code.
 * The site (src/app/App.svelte, lessons included), embed.html and <mlsd-sim> (src/embed/EmbeddedLab.svelte)
 * provide one (src/app/lab-host.ts makes it); everything below reads it with labHost().
 */
export interface LabHost {
  /** the root URL of the MLSD Lab site (where index.html, embed.html and embed/ live), ending in `/` */
  siteUrl(): string;
  /** a lab's route on the site, relative: `#/sim/<id>`, or `#/sim/<id>?<query>`; absolute: `siteUrl() + simHref(…)` */
  simHref(id: string, query?: string): string;
  /** both embed forms (iframe and element) for a lab with these params (a query string); loaded on first use */
  embedCode(id: string, query: string): Promise<string>;
  progress: LabProgress;
}

const HOST = Symbol('mlsd:lab-host');

/** Call while the host's root component initialises: every lab, lesson piece and frame below it reads `host`. */
export function provideLabHost(host: LabHost): void {
  setContext(HOST, host);
}

/** Answers kept in memory for this page only: for hosts with no lessons (an embed) and for no host at all. */
export function memoryProgress(): LabProgress {
  const answers = new SvelteMap<string, AnswerRecord>();
  return {
    answer: (id) => answers.get(id),
    record: (id, correct) => answers.set(id, { correct: correct || !!answers.get(id)?.correct }),
  };
}

const noHost = (what: string) => new Error(`no lab host to make ${what}: mount the lab in the site, embed.html or <mlsd-sim>`);

/**
 * Outside any host (a unit test, a component mounted alone): the page's own directory as the site,
 * progress in memory; routes and embed codes belong to the site, so asking for one says that there is none.
 */
function standalone(): LabHost {
  return {
    siteUrl: () => (typeof location === 'undefined' ? '' : new URL('./', location.href).href),
    simHref: () => {
      throw noHost('a link');
    },
    embedCode: () => Promise.reject(noHost('an embed code')),
    progress: memoryProgress(),
  };
}

/** The host of the component now initialising (call it there, not in an event handler), or a standalone one. */
export function labHost(): LabHost {
  let host: LabHost | undefined;
  try {
    host = getContext<LabHost | undefined>(HOST);
  } catch {
    host = undefined; // called outside a component's initialisation (a unit test)
  }
  return host ?? standalone();
}
