// The sources and quotes every write must carry: an article already known, or
// a new one described in full.
import { eq, like } from 'drizzle-orm';
import slugify from 'slugify';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { citations, sources } from '../db/schema/index.js';
import { DomainError } from '../domain/errors.js';
import { slugMaxLength } from '../domain/vocabulary.js';
import { slugSchema } from '../http/schemas.js';

export const newSourceInput = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    title: z.string().trim().min(1).max(500),
    outlet: z.string().trim().min(1).max(200),
    author: z.string().trim().min(1).max(200).nullable().default(null),
    published_on: z.iso.date({ error: 'must be a date, YYYY-MM-DD' }).nullable().default(null),
    published_as_printed: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .meta({ id: 'NewSource', description: 'A source not yet in the directory.' });

export const citationInput = z
  .strictObject({
    source: z.union([slugSchema, newSourceInput]).meta({ description: 'The id of a known source, or a new source.' }),
    quote: z.string().trim().min(1, { error: 'must not be empty' }).max(5000),
    fields: z
      .array(z.string().min(1).max(100))
      .max(50)
      .default([])
      .meta({ description: 'The attributes the quote supports.' }),
  })
  .meta({ id: 'CitationToAdd' });

export type CitationInput = z.infer<typeof citationInput>;

export const citationsInput = z
  .array(citationInput)
  .max(50)
  .meta({ description: 'At least one source and verbatim quote for what the request states or changes.' });

/** The id of a known source, or of the new source it describes (created once per URL). */
export async function saveSource(db: Db, source: CitationInput['source']): Promise<string> {
  if (typeof source === 'string') {
    const [known] = await db.select({ id: sources.id }).from(sources).where(eq(sources.id, source));
    if (!known)
      throw new DomainError(
        'unprocessable',
        `No source has the id '${source}'; give a known source id or a new source.`,
      );
    return known.id;
  }
  const [sameUrl] = await db.select({ id: sources.id }).from(sources).where(eq(sources.url, source.url));
  if (sameUrl) return sameUrl.id;
  const base = slugify(`${source.outlet} ${source.published_on ?? ''} ${source.title}`, {
    lower: true,
    strict: true,
    locale: 'fr',
  })
    .slice(0, slugMaxLength - 8)
    .replace(/-+$/, '');
  const taken = new Set(
    (
      await db
        .select({ id: sources.id })
        .from(sources)
        .where(like(sources.id, `${base}%`))
    ).map((r) => r.id),
  );
  let id = base || 'source';
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  await db.insert(sources).values({ id, ...source });
  return id;
}

type Subject = Partial<Record<'site_id' | 'operator_id' | 'club_id' | 'mandataire_id' | 'proceeding_id', string>>;

/** Stores the citations of a write (creating new sources) and returns them as the history records them. */
export async function saveCitations(db: Db, subject: Subject, list: CitationInput[]) {
  const saved: { source_id: string; quote: string; fields: string[] }[] = [];
  for (const c of list) {
    const source_id = await saveSource(db, c.source);
    await db.insert(citations).values({ source_id, quote: c.quote, fields: c.fields, ...subject });
    saved.push({ source_id, quote: c.quote, fields: c.fields });
  }
  return saved;
}

/** A change of facts without a source is refused. */
export function requireCitations(list: CitationInput[] | undefined, what: string): asserts list is CitationInput[] {
  if (!list?.length) {
    throw new DomainError('unprocessable', `${what} must carry at least one citation: a source and a verbatim quote.`, {
      errors: [{ in: 'body', name: 'citations', message: 'at least one citation is required' }],
    });
  }
}
