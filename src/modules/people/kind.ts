// People are a supporting kind: not listed under /v1 nor searched, but cited
// ("what cites this source" names them) like the entries they work for.
import type { CitedKind } from '../../kind.js';

export const personKind = {
  name: 'person',
  tableName: 'people',
  citationColumn: 'person_id',
  nameColumn: 'name',
} satisfies CitedKind;
