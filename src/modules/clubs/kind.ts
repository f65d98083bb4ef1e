// The club kind, as the registry (src/kinds.ts) lists it.
import { clubs } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';

export const clubKind = {
  name: 'club',
  plural: 'clubs',
  table: clubs,
  tableName: 'clubs',
  citationColumn: 'club_id',
} satisfies KindDefinition;
