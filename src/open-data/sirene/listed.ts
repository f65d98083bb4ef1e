// The lists of the Sirene import's report that grow with the file, declared once: each list's name, the order in
// which a report prints them, and the words of the line that tells each item (`npm run import:sirene` prints it on
// stderr as the item is told, `onListed`; null: counted in the summary, no line of its own). The import holds each
// list in `ReportLists` (src/import/rejections.ts) under these names.

import { bounded } from '../../domain/text.js';
import type { Listed } from '../../import/rejections.js';
import type { SireneListed } from './import.js';

/**
 * Each list of the report that grows with the file (`SireneListed`), in the order a report prints them, with the
 * line telling one of its items (null for a list only counted).
 */
export const sireneListLines = {
  badPositions: (b) => `${b.file}, line ${b.line}: position of SIRET ${b.siret} not used: ${b.reason}`,
  unplaced: (u) =>
    `${u.row ? `${u.row.file}, line ${u.row.line}: ${u.row.identifier}: ` : ''}site ${u.site} left without a ` +
    `position: ${u.reason}`,
  disagreements: (d) =>
    `${d.file}, line ${d.line}: ${d.site}: ${d.field} « ${bounded(d.plateau)} » in the directory, ` +
    `« ${bounded(d.sirene)} » in Sirene (the directory's kept)`,
  aliasesNotKept: (a) =>
    `${a.file}, line ${a.line}: ${a.identifier}: name « ${bounded(a.alias)} » not kept as an alias of ` +
    `${a.entry} (its other facts applied): ${a.reason}`,
  nonDiffusibleElsewhere: (e) =>
    `${e.identifier}: non-diffusible in Sirene, but ${e.kind} ${e.entry} is also known from ` +
    `${e.sources.join(', ')}: left as it is, to review`,
  outsideNaf: (o) =>
    `${o.file}, line ${o.line}: SIRET ${o.siret}: NAF ${o.naf ?? '(empty)'}, no longer among those asked: site ` +
    `${o.site} read all the same, its NAF code changed (kept in its history)`,
  notShownAgain: (e) =>
    `${e.identifier}: published again in Sirene, but ${e.kind} ${e.entry} stays withheld: ${e.reason}`,
  withheld: null,
  shownAgain: null,
} satisfies { [K in keyof SireneListed]: ((item: SireneListed[K]) => string) | null };

/** The names of `SireneListed`'s lists, in the order a report prints them (`sireneListLines`). */
export const sireneLists = Object.keys(sireneListLines) as (keyof SireneListed)[];

/** The line of one item of a list that grows with the file, or null for a list only counted. */
export function sireneListedLine(listed: Listed<SireneListed>): string | null {
  const line = sireneListLines[listed.list] as ((item: SireneListed[keyof SireneListed]) => string) | null;
  return line?.(listed.item) ?? null;
}
