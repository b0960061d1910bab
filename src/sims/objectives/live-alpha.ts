import { defineSchema, type ParamSpec, type Schema, type Values } from '../../engine/params';

/**
 * The schema the view hands its SimController: the same params, except that `alpha` is live only
 * while the newsfeed part runs in decoupled mode. A decoupled system re-ranks from the scores it
 * already has; a coupled one needs a new model for a new α, so there moving α must behave like any
 * other non-live param (cancel a run, dim the results, back to idle). The schema's `live` flag is
 * static; the controller reads it each time a param is set, so a getter over the current values is
 * all it takes. (Declared as `live: true` in meta.ts, which is what the docs table shows.)
 */
export function withModalAlpha(schema: Schema, current: () => Values | undefined): Schema {
  const params = schema.params.map((p): ParamSpec => {
    if (p.name !== 'alpha') return p;
    const copy = { ...p };
    Object.defineProperty(copy, 'live', { enumerable: true, get: () => alphaIsLive(current()) });
    return copy;
  });
  return defineSchema(params);
}

export function alphaIsLive(values: Values | undefined): boolean {
  return !!values && values.part !== 'loss' && values.mode === 'decoupled';
}
