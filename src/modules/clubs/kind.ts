// The club kind, as the registry (src/kinds.ts) lists it.
import { clubs } from '../../db/schema/index.js';
import type { KindDefinition } from '../../kind.js';
import { clubSearchEntry } from './search-entry.js';

export const clubKind = {
  name: 'club',
  plural: 'clubs',
  table: clubs,
  tableName: 'clubs',
  citationColumn: 'club_id',
  nameColumn: 'name',
  searchEntry: clubSearchEntry,
} satisfies KindDefinition;
