// Messages between #/data and its parse worker. The file travels as a Blob, within this device.
import type { LabelKind } from './label';
import type { LeakFlag } from './leakage';
import type { Progress } from './parse';
import type { FileProfile } from './profile';

export type ToParser =
  | { type: 'load'; file: Blob; name: string }
  | { type: 'leakage'; request: number; label: string; kind: LabelKind; positive: string | null; candidates: string[] };

export type FromParser =
  | ({ type: 'progress' } & Progress)
  | { type: 'loaded'; profile: FileProfile; ms: { read: number; profile: number } }
  | { type: 'failed'; message: string; notices: string[] }
  | { type: 'leakage'; request: number; flags: LeakFlag[]; ms: number };
