// The lists of the Sirene import's report that grow with the file, declared once: each list's name, the order in
// which a report prints them, and the words of the line that tells each item (`npm run import:sirene` prints it on
// stderr as the item is told, `onListed`; null: counted in the summary, no line of its own). The import holds each
// list in `ReportLists` (src/import/rejections.ts) under these names.

import { bounded } from '../../domain/text.js';
import type { Listed } from '../../import/rejections.js';

/** A row of a file, as the report names it. */
export interface FileLine {
  file: string;
  line: number;
}

/** An entry withheld or shown again, or to review, and the identifier Sirene says it of. */
export interface DiffusionChange {
  /** A proceeding: of an operator of that SIREN (BODACC's). A mandataire: a firm of practitioners by its SIRET. */
  kind: 'site' | 'operator' | 'proceeding' | 'mandataire';
  entry: string;
  /** `SIRET 84444444800014`, or `SIREN 877777771` (a site of a non-diffusible legal unit, or the unit itself). */
  identifier: string;
}

/** A name of the stock an entry could not keep as an alias. */
export interface AliasNotKept extends FileLine {
  /** `SIRET 79876543400013` or `SIREN 798765434`. */
  identifier: string;
  /** The site's or operator's id. */
  entry: string;
  alias: string;
  reason: string;
}

/** A fact of a site on which the stock and the directory's other sources differ. */
export interface Disagreement extends FileLine {
  site: string;
  field: 'name' | 'status' | 'commune' | 'opened_on';
  /** What the directory says (from the articles), and what the stock says. */
  plateau: string;
  sirene: string;
}

/**
 * An end Sirene states (a site's `closed_on`, an operator's `ceased_on`: the stock's closure, cited by it) before the
 * date of a headcount figure another source gave the entry (an article's figure of 2019, a closure dated 2017-04-01):
 * both kept side by side, each with its source (the closure stored as Sirene's, the figure as the article's dated
 * fact), never one guessed right. One item per such figure.
 */
export interface ClosingDisagreement extends FileLine {
  kind: 'site' | 'operator';
  entry: string;
  field: 'closed_on' | 'ceased_on';
  /** The figure's date (`as_of`), as the directory holds it, and the end the stock states. */
  plateau: string;
  sirene: string;
  /** The figure (`headcounts.id`). */
  headcount: number;
  /** The figure's source and the stock's (source ids). */
  sources: { plateau: string; sirene: string };
}

/** A position not used: the row of the geolocation file or of the stock that gives it, its SIRET and why. */
export type BadPosition = FileLine & { siret: string; reason: string };

/**
 * A headcount band dated after its establishment's closing (INSEE's stock states both: closed on 2021-06-01, band of
 * 2023): never stored, the establishment imported without it. `stored`: the band an older stock stated, which stays
 * that stock's dated figure (`headcount_bands`) but is no longer the site's own band.
 */
export interface BandAfterClosing extends FileLine {
  siret: string;
  site: string;
  /** The band's code (`trancheEffectifsEtablissement`) and its year (`anneeEffectifsEtablissement`). */
  band: string;
  year: number;
  closed_on: string;
  stored: boolean;
}

/** A site left without a position: its commune has no centre, and nothing else places it. */
export interface Unplaced {
  /** The stock's row (its file, line and `SIRET …`), or null for a site of the directory no row names. */
  row: (FileLine & { identifier: string }) | null;
  site: string;
  /** Its commune's INSEE code (an arrondissement's, a former commune's, as the site or row has it). */
  code_commune: string;
  /** Why: `commune 97123 (Saint-Barthélemy) has no centre: …`. */
  reason: string;
}

/**
 * The report's lists that grow with the file, by name: what each item of them is (`onListed`, `listed`; the report's
 * fields of the same names, SireneImportReport, say what each list holds). Their names, the order a report prints
 * them in and their lines are `sireneListLines`.
 */
export interface SireneListed {
  badPositions: BadPosition;
  unplaced: Unplaced;
  disagreements: Disagreement | ClosingDisagreement;
  aliasesNotKept: AliasNotKept;
  bandsAfterClosing: BandAfterClosing;
  nonDiffusibleElsewhere: DiffusionChange & { sources: string[] };
  outsideNaf: FileLine & { siret: string; site: string; naf: string | null };
  notShownAgain: DiffusionChange & { reason: string };
  withheld: DiffusionChange;
  shownAgain: DiffusionChange;
}

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
    'headcount' in d
      ? `${d.file}, line ${d.line}: ${d.kind} ${d.entry}: ${d.field} ${d.sirene} in Sirene (${d.sources.sirene}, kept), ` +
        `before its headcount ${d.headcount} as of ${d.plateau} (${d.sources.plateau}, kept)`
      : `${d.file}, line ${d.line}: ${d.site}: ${d.field} « ${bounded(d.plateau)} » in the directory, ` +
        `« ${bounded(d.sirene)} » in Sirene (the directory's kept)`,
  aliasesNotKept: (a) =>
    `${a.file}, line ${a.line}: ${a.identifier}: name « ${bounded(a.alias)} » not kept as an alias of ` +
    `${a.entry} (its other facts applied): ${a.reason}`,
  bandsAfterClosing: (b) =>
    `${b.file}, line ${b.line}: SIRET ${b.siret}: headcount band ${b.band} of ${b.year} after the closing ` +
    `(${b.closed_on}): ${
      b.stored
        ? `the older stock's band stays its dated figure, no longer site ${b.site}'s own`
        : `left out, site ${b.site} imported without it`
    }`,
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
