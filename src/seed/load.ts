// Reads seed-data/, checks it (schema, references, places, verbatim quotes)
// and writes it to the database in one transaction.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import * as t from '../db/schema/index.js';
import { type PlaceColumns, placeWithoutCommune } from '../domain/place-input.js';
import { pressRegion, resolveCommune } from '../geo/index.js';
import { recordInitialHistory } from '../history/initial.js';
import { entryKinds } from '../kinds.js';
import { recordChanges } from '../search/outbox.js';
import { type SeedCitation, type SeedData, seedFiles } from './schema.js';

export const seedDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seed-data');

export class SeedError extends Error {}

export async function readSeed(dir = seedDir): Promise<SeedData> {
  const data: Partial<Record<keyof SeedData, unknown>> = {};
  for (const [name, schema] of Object.entries(seedFiles) as [keyof SeedData, (typeof seedFiles)[keyof SeedData]][]) {
    const file = path.join(dir, `${name}.json`);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new SeedError(`${file}: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`);
      throw new SeedError(`${file} is invalid:\n${issues.join('\n')}`);
    }
    data[name] = parsed.data;
  }
  return data as SeedData;
}

/** Every problem of cross-references and quotes; empty when the seed is sound. */
export async function checkSeed(data: SeedData, dir = seedDir): Promise<string[]> {
  const problems: string[] = [];
  const ids = Object.fromEntries(
    Object.entries(data).map(([kind, rows]) => [kind, new Set((rows as { id: string }[]).map((r) => r.id))]),
  ) as Record<keyof SeedData, Set<string>>;
  for (const [kind, rows] of Object.entries(data) as [keyof SeedData, { id: string }[]][]) {
    if (ids[kind].size !== rows.length) problems.push(`${kind}: duplicate ids`);
  }
  const texts = new Map<string, string>();
  for (const s of data.sources) texts.set(s.id, await readFile(path.join(dir, 'articles', s.file), 'utf8'));

  const ref = (where: string, kind: keyof SeedData, id: string | null | undefined) => {
    if (id && !ids[kind].has(id)) problems.push(`${where}: unknown ${kind} id '${id}'`);
  };
  // Walks every object with a source and a quote: citations and sourced facts.
  const checkQuotes = (where: string, value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        checkQuotes(`${where}[${i}]`, v);
      });
      return;
    }
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (typeof o.source === 'string' && typeof o.quote === 'string') {
      const text = texts.get(o.source);
      if (!text) problems.push(`${where}: unknown source '${o.source}'`);
      else if (!text.includes(o.quote))
        problems.push(`${where}: quote not found verbatim in ${o.source}: « ${o.quote} »`);
    }
    for (const [k, v] of Object.entries(o)) checkQuotes(`${where}.${k}`, v);
  };
  for (const [kind, rows] of Object.entries(data)) {
    if (kind !== 'sources') checkQuotes(kind, rows);
  }

  for (const o of data.operators) ref(`operators ${o.id}`, 'operators', o.parent);
  for (const s of data.sites) {
    ref(`sites ${s.id}`, 'operators', s.operator);
    for (const c of s.clients) ref(`sites ${s.id} client`, 'operators', c.operator);
  }
  for (const c of data.clubs) for (const a of c.affiliations) ref(`clubs ${c.id}`, 'operators', a.operator);
  for (const m of data.mandataires) ref(`mandataires ${m.id}`, 'mandataires', m.firm);
  for (const p of data.proceedings) {
    ref(`proceedings ${p.id}`, 'operators', p.operator);
    ref(`proceedings ${p.id}`, 'operators', p.acquirer);
    for (const x of p.practitioners) ref(`proceedings ${p.id}`, 'mandataires', x.mandataire);
    for (const s of p.sites) ref(`proceedings ${p.id}`, 'sites', s);
  }
  for (const person of data.people) {
    for (const r of person.roles) {
      ref(`people ${person.id}`, 'operators', r.operator);
      ref(`people ${person.id}`, 'clubs', r.club);
      ref(`people ${person.id}`, 'mandataires', r.mandataire);
    }
  }
  for (const [kind, rows] of [
    ['sites', data.sites],
    ['clubs', data.clubs],
    ['mandataires', data.mandataires],
  ] as const) {
    for (const row of rows) {
      try {
        placeOf(row);
      } catch (error) {
        problems.push(`${kind} ${row.id}: ${(error as Error).message}`);
      }
    }
  }
  for (const c of data.clubs) {
    if (c.region && !pressRegion(c.region)) problems.push(`clubs ${c.id}: unknown region '${c.region}'`);
  }
  return problems;
}

interface SeedPlace {
  country: string;
  commune: string | null;
  departement: string | null;
  address: string | null;
}

/** The place columns of a row: resolved from reference data in France, the city alone abroad. */
function placeOf(p: SeedPlace): PlaceColumns {
  if (p.country !== 'FR' || !p.commune) return placeWithoutCommune(p.country, p.address, p.commune);
  return { country: p.country, address: p.address, ...resolveCommune(p.commune, p.departement) };
}

function citationRows(
  list: SeedCitation[],
  subject: Partial<
    Record<'site_id' | 'operator_id' | 'club_id' | 'mandataire_id' | 'proceeding_id' | 'person_id', string>
  >,
) {
  return list.map((c) => ({ source_id: c.source, quote: c.quote, fields: c.fields, ...subject }));
}

/** Inserts the whole seed in one transaction; nothing is written if any row fails. */
export async function loadSeed(db: Db, data: SeedData): Promise<void> {
  await db.transaction(async (tx) => {
    const insert = async <T extends Parameters<typeof tx.insert>[0]>(table: T, rows: Record<string, unknown>[]) => {
      if (rows.length) await tx.insert(table).values(rows as never);
    };
    await insert(
      t.sources,
      data.sources.map((s) => ({ ...s })),
    );
    // Parents and firms are set once every row exists.
    await insert(
      t.operators,
      data.operators.map(({ parent: _, headcounts: _h, citations: _c, ...o }) => o),
    );
    for (const o of data.operators.filter((o) => o.parent)) {
      await tx.update(t.operators).set({ parent_id: o.parent }).where(sql`${t.operators.id} = ${o.id}`);
    }
    await insert(
      t.sites,
      data.sites.map((s) => ({
        id: s.id,
        name: s.name,
        operator_id: s.operator,
        ...placeOf(s),
        status: s.status,
        status_as_of: s.status_as_of,
        opened_on: s.opened_on,
        closed_on: s.closed_on,
        notes: s.notes,
      })),
    );
    await insert(
      t.headcounts,
      [
        ...data.sites.flatMap((s) => s.headcounts.map((h) => ({ ...h, site_id: s.id }))),
        ...data.operators.flatMap((o) => o.headcounts.map((h) => ({ ...h, operator_id: o.id }))),
      ].map(({ source, ...h }) => ({ ...h, source_id: source })),
    );
    await insert(
      t.siteClients,
      data.sites.flatMap((s) =>
        s.clients.map((c) => ({
          site_id: s.id,
          name: c.name,
          operator_id: c.operator,
          current: c.current,
          source_id: c.source,
          quote: c.quote,
        })),
      ),
    );
    await insert(
      t.clubs,
      data.clubs.map((c) => {
        const place = placeOf(c);
        const served = c.region ? pressRegion(c.region) : null;
        return {
          id: c.id,
          name: c.name,
          kind: c.kind,
          served_region_code: served?.code ?? place.region_code,
          served_region_name: served?.name ?? place.region_name,
          served_region_as_printed: c.region,
          served_former_region_name: served ? served.former : place.former_region_name,
          ...place,
          member_count: c.member_count,
          member_count_as_of: c.member_count_as_of,
          staff_count: c.staff_count,
          status: c.status,
          status_as_of: c.status_as_of,
          activities: c.activities,
          website: c.website,
          notes: c.notes,
        };
      }),
    );
    await insert(
      t.clubAffiliations,
      data.clubs.flatMap((c) =>
        c.affiliations.map((a) => ({
          club_id: c.id,
          relation: a.relation,
          name: a.name,
          operator_id: a.operator,
          source_id: a.source,
          quote: a.quote,
        })),
      ),
    );
    await insert(
      t.mandataires,
      data.mandataires.map(({ firm: _, citations: _c, departement: _d, ...m }) => ({
        ...m,
        ...placeOf({ ...m, departement: _d }),
      })),
    );
    for (const m of data.mandataires.filter((m) => m.firm)) {
      await tx.update(t.mandataires).set({ firm_id: m.firm }).where(sql`${t.mandataires.id} = ${m.id}`);
    }
    await insert(
      t.proceedings,
      data.proceedings.map(({ operator, acquirer, practitioners: _p, sites: _s, citations: _c, ...p }) => ({
        ...p,
        operator_id: operator,
        acquirer_id: acquirer,
      })),
    );
    await insert(
      t.proceedingPractitioners,
      data.proceedings.flatMap((p) =>
        p.practitioners.map((x) => ({
          proceeding_id: p.id,
          mandataire_id: x.mandataire,
          role: x.role,
          source_id: x.source,
          quote: x.quote,
        })),
      ),
    );
    await insert(
      t.proceedingSites,
      data.proceedings.flatMap((p) => p.sites.map((site_id) => ({ proceeding_id: p.id, site_id }))),
    );
    await insert(
      t.people,
      data.people.map((p) => ({ id: p.id, name: p.name, notes: p.notes })),
    );
    await insert(
      t.roles,
      data.people.flatMap((p) =>
        p.roles.map((r) => ({
          person_id: p.id,
          title: r.title,
          operator_id: r.operator,
          club_id: r.club,
          mandataire_id: r.mandataire,
          current: r.current,
          source_id: r.source,
          quote: r.quote,
        })),
      ),
    );
    await insert(t.citations, [
      ...data.operators.flatMap((o) => citationRows(o.citations, { operator_id: o.id })),
      ...data.sites.flatMap((s) => citationRows(s.citations, { site_id: s.id })),
      ...data.clubs.flatMap((c) => citationRows(c.citations, { club_id: c.id })),
      ...data.mandataires.flatMap((m) => citationRows(m.citations, { mandataire_id: m.id })),
      ...data.proceedings.flatMap((p) => citationRows(p.citations, { proceeding_id: p.id })),
      ...data.people.flatMap((p) => citationRows(p.citations, { person_id: p.id })),
    ]);
    // In the same transaction: the search index learns of every entry.
    const changed = tx as unknown as Db;
    await recordChanges(
      changed,
      'operator',
      data.operators.map((o) => o.id),
    );
    await recordChanges(
      changed,
      'site',
      data.sites.map((s) => s.id),
    );
    await recordChanges(
      changed,
      'club',
      data.clubs.map((c) => c.id),
    );
    await recordChanges(
      changed,
      'mandataire',
      data.mandataires.map((m) => m.id),
    );
    await recordChanges(
      changed,
      'proceeding',
      data.proceedings.map((p) => p.id),
    );
    // The seed load is the first entry of every history.
    await recordInitialHistory(changed, entryKinds);
  });
}

const SEED_LOCK = 7_311_042_002;

/**
 * Loads seed-data/ when the database holds no source yet. Under an advisory
 * lock, so that two processes starting together load it once.
 */
export async function seedIfEmpty(db: Db): Promise<boolean> {
  const data = await readSeed();
  const problems = await checkSeed(data);
  if (problems.length) throw new SeedError(`seed-data/ has problems:\n  ${problems.join('\n  ')}`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(t.sources);
    if ((row?.n ?? 0) > 0) return false;
    await loadSeed(tx as unknown as Db, data);
    return true;
  });
}
