/**
 * What an embedded lab says to the page around it, and the only things it listens to.
 * Out: mlsd:state, mlsd:done (DESIGN.md "Events") and, from embed.html, mlsd:resize.
 * In (embed.html only, from its parent window): exactly `{ type: 'mlsd:run' }` (start a run, as the
 * Run button does) or `{ type: 'mlsd:hello' }` (announce the height and state again). Anything else,
 * including these with extra fields, is ignored.
 */

export type EmbedCommand = { type: 'mlsd:run' } | { type: 'mlsd:hello' };

export type EmbedMessage =
  | { type: 'mlsd:resize'; sim: string; height: number }
  | { type: 'mlsd:state'; sim: string; state: string }
  | { type: 'mlsd:done'; sim: string; metrics: Record<string, number | null>; params: Record<string, unknown> };

const COMMANDS: ReadonlySet<string> = new Set(['mlsd:run', 'mlsd:hello']);

/** A message from the parent page as a command, or null for anything that is not exactly one. */
export function parseCommand(data: unknown): EmbedCommand | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) return null;
  const keys = Object.keys(data);
  if (keys.length !== 1 || keys[0] !== 'type') return null;
  const type = (data as { type: unknown }).type;
  return typeof type === 'string' && COMMANDS.has(type) ? ({ type } as EmbedCommand) : null;
}

/** Plain data (no Svelte proxies), safe for postMessage and CustomEvent.detail. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
