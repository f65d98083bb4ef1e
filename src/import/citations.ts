// The sources an import's rows cite, checked with the rows (`npm run import`'s check phase, on its worker thread) as
// the write envelope checks them when they are applied: a known source id, a new source whose publication is not to
// come and whose URL's stored source (or a source an earlier row described) agrees with it, a quote of a held text
// by the verbatim rule. What the check finds wrong is then a bad row at its line, reported with the others by
// --dry-run and rejected by --skip-invalid, rather than a refusal of the whole file when applied.
import { sql } from 'drizzle-orm';
import {
  contradiction,
  type Described,
  differingDescription,
  maskedCitations,
  type NewSource,
  normalisedUrl,
  sourcesOfUrls,
} from '../citations/input.js';
import { heldText, verbatimRefusal } from '../citations/verbatim.js';
import type { Db } from '../db/client.js';
import type { FieldError } from '../domain/errors.js';
import { isToCome } from '../domain/fields.js';
import type { DatedCitation } from '../writes/dates.js';

/** A citation of a row, as its body is parsed: a source id or a new source, its quote, the fields it supports. */
export interface RowCitation {
  source: string | NewSource;
  quote: string;
  fields: readonly string[];
}

/** Where a row gives a citation's source and quote: its CSV columns (`citation_source`) or its `citations` cell. */
export type CitationNames = (n: number, part: 'source' | 'quote') => string;

/**
 * The sources an import's rows may cite: every stored one (its id and publication date, the title and file of those
 * whose text Plateau holds), loaded once; the stored source of each new source's URL, looked up once per URL; and the
 * new sources the file's good rows described, by URL (`claim`), which a later row's description must agree with.
 */
export class CitedSources {
  private readonly byUrl = new Map<string, Promise<Described | null>>();
  private readonly described = new Map<string, NewSource>();

  private constructor(
    private readonly db: Db,
    private readonly published: Map<string, string | null>,
    private readonly held: Map<string, { file: string; title: string }>,
  ) {}

  /**
   * Every stored source, and `extra` (sources the import writes itself first, `ImportOptions.prepare`: an id, or an
   * id and its publication date).
   */
  static async load(
    db: Db,
    extra: readonly (string | { id: string; published_on: string | null })[] = [],
  ): Promise<CitedSources> {
    const rows = await db.execute<{ id: string; published_on: string | null; file: string | null; title: string }>(
      sql`select id, published_on, file, case when file is not null then title end as title from sources`,
    );
    const published = new Map<string, string | null>();
    const held = new Map<string, { file: string; title: string }>();
    for (const r of rows) {
      published.set(r.id, r.published_on);
      if (r.file) held.set(r.id, { file: r.file, title: r.title });
    }
    for (const source of extra) {
      const { id, published_on } = typeof source === 'string' ? { id: source, published_on: null } : source;
      if (!published.has(id) || published_on) published.set(id, published_on);
    }
    return new CitedSources(db, published, held);
  }

  /** The stored source of a (normalised) URL, looked up once. */
  private storedOf(url: string): Promise<Described | null> {
    let found = this.byUrl.get(url);
    if (!found) {
      found = sourcesOfUrls(this.db, [url]).then((m) => m.get(url) ?? null);
      this.byUrl.set(url, found);
    }
    return found;
  }

  /**
   * What is wrong with a row's citations, each named where the row gives it (`names`): an unknown source id, a new
   * source published to come or contradicting the stored source of its URL (or a description an earlier row gave,
   * with the API's words), a quote of a held text that breaks the verbatim rule (citations/verbatim.ts). With the
   * citations as the rule of dates reads them (writes/dates.ts, `laterThanSources`).
   */
  async check(
    citations: readonly RowCitation[],
    names: CitationNames,
  ): Promise<{ errors: FieldError[]; cited: DatedCitation[] }> {
    // INSEE's mask is no quote nor source text (citations/input.ts `maskedCitations`): those citations read no further.
    const errors: FieldError[] = maskedCitations(citations, (n, part) => names(n, part as 'quote' | 'source')).map(
      (e) => ({ ...e, in: 'row' }),
    );
    const masked = new Set(errors.map((e) => e.name));
    const cited: DatedCitation[] = [];
    for (const [n, { source, quote, fields }] of citations.entries()) {
      if ([...masked].some((name) => name.startsWith(names(n, 'quote')) || name.startsWith(names(n, 'source'))))
        continue;
      let id: string;
      let publishedOn: string | null;
      if (typeof source === 'string') {
        if (!this.published.has(source)) {
          errors.push({ in: 'row', name: names(n, 'source'), message: `unknown source '${source}'` });
          continue;
        }
        id = source;
        publishedOn = this.published.get(source)!;
      } else {
        if (source.published_on && isToCome(source.published_on)) {
          const message = `${source.published_on} is a date to come`;
          errors.push({ in: 'row', name: `${names(n, 'source')}.published_on`, message });
          continue;
        }
        const url = normalisedUrl(source.url);
        const known = await this.storedOf(url);
        const refusal = known && contradiction(source, known, names(n, 'source'));
        if (refusal) {
          errors.push(...(refusal.errors ?? []).map((e) => ({ ...e, in: 'row' })));
          continue;
        }
        const earlier = known ? null : this.described.get(url);
        const differing = earlier ? differingDescription(source, earlier) : [];
        if (earlier && differing.length) {
          const given = differing.map((f) => `« ${earlier[f]} »`).join(', ');
          const message =
            `${url} is described by an earlier row of the file with another ${differing.join(', ')} (${given}): ` +
            'describe a source alike in every row';
          errors.push({ in: 'row', name: names(n, 'source'), message });
          continue;
        }
        // A new source is that of its URL when one is stored: its date, if it has one, and its text.
        id = known?.id ?? url;
        publishedOn = known?.published_on ?? earlier?.published_on ?? source.published_on;
      }
      const held = this.held.get(id);
      const text = held ? await heldText(held.file) : null;
      const message = held && text !== null ? verbatimRefusal(text, quote, { id, title: held.title }) : null;
      if (message) errors.push({ in: 'row', name: names(n, 'quote'), message });
      cited.push({ source_id: id, published_on: publishedOn, fields });
    }
    return { errors, cited };
  }

  /** Records the new sources a good row described: a later row describing one of their URLs must agree with it. */
  claim(citations: readonly RowCitation[]): void {
    for (const { source } of citations) {
      if (typeof source === 'string') continue;
      const url = normalisedUrl(source.url);
      if (!this.described.has(url)) this.described.set(url, source);
    }
  }
}
