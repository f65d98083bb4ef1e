// The registry: every kind of entry of the directory, listed once, in the
// order the API documents them.
import type { KindDefinition } from './kind.js';
import { clubKind } from './modules/clubs/kind.js';
import { mandataireKind } from './modules/mandataires/kind.js';
import { operatorKind } from './modules/operators/kind.js';
import { proceedingKind } from './modules/proceedings/kind.js';
import { siteKind } from './modules/sites/kind.js';

export const entryKinds = [
  siteKind,
  operatorKind,
  clubKind,
  mandataireKind,
  proceedingKind,
] as const satisfies readonly KindDefinition[];

/** The kind named `name` (singular) or `plural`, if any. */
export function findKind(name: string): KindDefinition | undefined {
  return entryKinds.find((k) => k.name === name || k.plural === name);
}
