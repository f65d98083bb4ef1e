// Reads seed-data/, checks it (schema, references, places, verbatim quotes)
// and writes it to the database in one transaction, through the write envelope.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { verbatimRefusal } from '../citations/verbatim.js';
import type { Db } from '../db/client.js';
import * as t from '../db/schema/index.js';
import { issueInWords } from '../domain/issues.js';
import { type PlaceColumns, resolvePlace } from '../domain/place-input.js';
import { refusedText, toNfc } from '../domain/text.js';
import { notAppointed } from '../domain/vocabulary.js';
import { loadGeography, pressRegion } from '../geo/index.js';
import { clubWrites } from '../modules/clubs/writes.js';
import { mandataireWrites } from '../modules/mandataires/writes.js';
import { operatorWrites } from '../modules/operators/writes.js';
import { proceedingWrites } from '../modules/proceedings/writes.js';
import { siteWrites } from '../modules/sites/writes.js';
import { seedFolder } from '../paths.js';
import { afterEnd, laterThanSources } from '../writes/dates.js';
import { applyWrites, type WriteOp } from '../writes/envelope.js';
import { type KindWrites, KnownReferences } from '../writes/kind-writes.js';
import { inTransaction, type WriteContext } from '../writes/transaction.js';
import { type SeedCitation, type SeedData, seedFiles } from './schema.js';

export class SeedError extends Error {}

export async function readSeed(dir = seedFolder): Promise<SeedData> {
  const data: Partial<Record<keyof SeedData, unknown>> = {};
  for (const [name, schema] of Object.entries(seedFiles) as [keyof SeedData, (typeof seedFiles)[keyof SeedData]][]) {
    const file = path.join(dir, `${name}.json`);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new SeedError(`${file}: ${(error as Error).message}`);
    }
    // Text as every write path keeps it (domain/text.ts): in NFC, no control nor invisible format character, one
    // line but in the fields of several lines.
    raw = toNfc(raw);
    const refused = refusedText(raw);
    if (refused) throw new SeedError(`${file} is invalid:\n  ${refused.path}: ${refused.message}`);
    const parsed = schema.safeParse(raw, { error: issueInWords });
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`);
      throw new SeedError(`${file} is invalid:\n${issues.join('\n')}`);
    }
    data[name] = parsed.data;
  }
  return data as SeedData;
}

/** Every problem of cross-references and quotes; empty when the seed is sound. */
export async function checkSeed(data: SeedData, dir = seedFolder): Promise<string[]> {
  const problems: string[] = [];
  const ids = Object.fromEntries(
    Object.entries(data).map(([kind, rows]) => [kind, new Set((rows as { id: string }[]).map((r) => r.id))]),
  ) as Record<keyof SeedData, Set<string>>;
  for (const [kind, rows] of Object.entries(data) as [keyof SeedData, { id: string }[]][]) {
    if (ids[kind].size !== rows.length) problems.push(`${kind}: duplicate ids`);
  }
  const texts = new Map<string, string>();
  for (const s of data.sources) texts.set(s.id, await readFile(path.join(dir, 'articles', s.file), 'utf8'));
  const titles = new Map(data.sources.map((s) => [s.id, s.title]));

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
      else {
        // The rule of every write (citations/verbatim.ts): long enough, whole words, word for word.
        const refusal = verbatimRefusal(text, o.quote, { id: o.source, title: titles.get(o.source)! });
        if (refusal) problems.push(`${where}: the quote « ${o.quote} » ${refusal}`);
      }
    }
    for (const [k, v] of Object.entries(o)) checkQuotes(`${where}.${k}`, v);
  };
  for (const [kind, rows] of Object.entries(data)) {
    if (kind !== 'sources') checkQuotes(kind, rows);
  }

  // A figure is not counted after its source was published (writes/dates.ts), nor after its site closed, as the API
  // checks a headcount (a seed operator states no cessation).
  const published = new Map(data.sources.map((s) => [s.id, s.published_on ?? null]));
  for (const [kind, rows] of [
    ['sites', data.sites],
    ['operators', data.operators],
  ] as const) {
    for (const entry of rows) {
      const closed = 'closed_on' in entry ? entry.closed_on : null;
      for (const [n, h] of entry.headcounts.entries()) {
        const cited = [{ source_id: h.source, published_on: published.get(h.source) ?? null, fields: [] }];
        for (const e of [
          ...laterThanSources([{ field: 'as_of' }], h, new Set(['as_of']), cited),
          ...afterEnd([{ field: 'as_of', value: h.as_of }], { label: "the site's closed_on", value: closed }),
        ]) {
          problems.push(`${kind} ${entry.id}: headcounts[${n}].${e.name}: ${e.message}`);
        }
      }
    }
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
    // One appointment per practitioner and role (the table's key): the same practitioner in two roles is two.
    const appointments = new Set<string>();
    for (const x of p.practitioners) {
      const appointment = `${x.mandataire} ${x.role}`;
      if (appointments.has(appointment))
        problems.push(
          `proceedings ${p.id}: practitioner '${x.mandataire}' appointed twice as ${x.role ?? 'of unknown role'}`,
        );
      appointments.add(appointment);
      ref(`proceedings ${p.id}`, 'mandataires', x.mandataire);
      const kind = data.mandataires.find((m) => m.id === x.mandataire)?.kind;
      const refusal = kind && notAppointed(x.mandataire, kind);
      if (refusal) problems.push(`proceedings ${p.id}: mandataire: ${refusal}`);
    }
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

/** The place columns of a row, by the rules of the API's writes: reference data in France, the city alone abroad. */
function placeOf(p: SeedPlace): PlaceColumns {
  const resolved = resolvePlace({
    country: p.country,
    address: p.address,
    commune: p.commune,
    departement: p.departement,
  });
  if (!resolved.ok) throw new Error(resolved.errors.map((e) => `${e.name}: ${e.message}`).join('; '));
  return resolved.place;
}

/** Orders rows so that each comes after the row its `key` field names (parent groups, firms). */
function referencedFirst<Row extends { id: string }>(rows: Row[], key: keyof Row): Row[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const done = new Set<string>();
  const ordered: Row[] = [];
  const visit = (row: Row) => {
    if (done.has(row.id)) return;
    done.add(row.id);
    const parent = byId.get(row[key] as string);
    if (parent) visit(parent);
    ordered.push(row);
  };
  rows.forEach(visit);
  return ordered;
}

/**
 * The rows of the facts attached to entries (figures, clients, roles…): each
 * fact's fields, its source as `source_id`, the entries it names as
 * `<field>_id` columns (`references`), and its owner's id in `ownerColumn`.
 */
function factRows<Owner extends { id: string }, Fact extends { source: string }>(
  owners: Owner[],
  facts: (owner: Owner) => Fact[],
  ownerColumn: string,
  references: readonly string[] = [],
): Record<string, unknown>[] {
  return owners.flatMap((owner) =>
    facts(owner).map(({ source, ...fact }) => ({
      ...Object.fromEntries(Object.entries(fact).map(([k, v]) => [references.includes(k) ? `${k}_id` : k, v])),
      source_id: source,
      [ownerColumn]: owner.id,
    })),
  );
}

/** Creates entries of one kind through the write envelope, as API bodies with their citations. */
async function createEntries<Row extends { id: string; citations: SeedCitation[] }>(
  ctx: WriteContext,
  writes: KindWrites,
  rows: Row[],
  body: (row: Row) => Record<string, unknown>,
) {
  const ops: WriteOp[] = rows.map((row) => {
    const { id, citations, ...input } = writes.createBody.parse({ ...body(row), id: row.id }) as Record<
      string,
      unknown
    > & { id: string; citations?: undefined };
    return { action: 'create', id, input, citations: row.citations };
  });
  await applyWrites(ctx, writes.spec, ops);
  // Created in this transaction, shown, never merged: what the seed's later rows refer to is not looked up again.
  for (const op of ops) ctx.known?.add(writes.spec.target.tableName, op.id as string);
}

/**
 * Loads the whole seed in one transaction; nothing is written if any row
 * fails. Entries go through the write envelope (the API's rules, their
 * citations, the first entry of their history, the search outbox); the facts
 * attached to them (figures, clients, roles…) are inserted as they are.
 */
export async function loadSeed(db: Db, data: SeedData): Promise<void> {
  // The caller's transaction when it holds one (seedIfEmpty's), without a savepoint.
  await inTransaction(db, async (tx) => {
    // The seed only creates: the entries its rows refer to (a site's operator) are those its earlier writes created
    // in this transaction, recorded as found (`known`, see createEntries), so that no row looks them up again: two
    // statements per reference, twenty-eight of the seventy-one a start spent loading the seed.
    const ctx: WriteContext = {
      db: tx as unknown as Db,
      actor: { name: 'seed', keyId: null },
      known: new KnownReferences(),
    };
    const insert = async <T extends Parameters<typeof tx.insert>[0]>(table: T, rows: Record<string, unknown>[]) => {
      if (rows.length) await tx.insert(table).values(rows as never);
    };
    await insert(
      t.sources,
      data.sources.map((s) => ({ ...s })),
    );
    // Operators first: the entries of the other kinds refer to them.
    await createEntries(ctx, operatorWrites, referencedFirst(data.operators, 'parent'), ({ headcounts: _, ...o }) => o);
    await createEntries(ctx, siteWrites, data.sites, ({ headcounts: _h, clients: _c, ...s }) => s);
    await createEntries(ctx, clubWrites, data.clubs, ({ affiliations: _, ...c }) => c);
    await createEntries(ctx, mandataireWrites, referencedFirst(data.mandataires, 'firm'), (m) => m);
    await createEntries(ctx, proceedingWrites, data.proceedings, ({ practitioners: _p, sites: _s, ...p }) => p);
    // The facts, sent without waiting for one another (postgres.js pipelines them on the transaction's connection;
    // the transaction still fails whole when one does): first those that refer to entries alone, then those that
    // refer to people too.
    await Promise.all([
      insert(t.headcounts, [
        ...factRows(data.sites, (s) => s.headcounts, 'site_id'),
        ...factRows(data.operators, (o) => o.headcounts, 'operator_id'),
      ]),
      insert(
        t.siteClients,
        factRows(data.sites, (s) => s.clients, 'site_id', ['operator']),
      ),
      insert(
        t.clubAffiliations,
        factRows(data.clubs, (c) => c.affiliations, 'club_id', ['operator']),
      ),
      insert(
        t.proceedingPractitioners,
        factRows(data.proceedings, (p) => p.practitioners, 'proceeding_id', ['mandataire']),
      ),
      insert(
        t.proceedingSites,
        data.proceedings.flatMap((p) => p.sites.map((site_id) => ({ proceeding_id: p.id, site_id }))),
      ),
      insert(
        t.people,
        data.people.map((p) => ({ id: p.id, name: p.name, notes: p.notes })),
      ),
    ]);
    await Promise.all([
      insert(
        t.roles,
        factRows(data.people, (p) => p.roles, 'person_id', ['operator', 'club', 'mandataire']),
      ),
      insert(
        t.citations,
        data.people.flatMap((p) =>
          p.citations.map((c) => ({ source_id: c.source, quote: c.quote, fields: c.fields, person_id: p.id })),
        ),
      ),
    ]);
  });
}

const SEED_LOCK = 7_311_042_002;

/** seed-data/ read and checked (schema, references, places, verbatim quotes); a SeedError names every problem. */
export async function readCheckedSeed(dir = seedFolder): Promise<SeedData> {
  // Its places need the reference geography: built here in slices, so that a server reading the seed while its
  // engines start still answers their processes' events meanwhile.
  const [data] = await Promise.all([readSeed(dir), loadGeography()]);
  const problems = await checkSeed(data, dir);
  if (problems.length) throw new SeedError(`seed-data/ has problems:\n  ${problems.join('\n  ')}`);
  return data;
}

/**
 * Loads the seed when the database holds no source yet; true when it did. Under an advisory lock, so that two
 * processes starting together load it once. `seed` is seed-data/ by default; the server reads and checks it while
 * PostgreSQL migrates (CPU here, the migration there) and hands it over.
 */
export async function seedIfEmpty(db: Db, seed?: Promise<SeedData>): Promise<boolean> {
  const data = await (seed ?? readCheckedSeed());
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(t.sources);
    if ((row?.n ?? 0) > 0) return false;
    await loadSeed(tx as unknown as Db, data);
    return true;
  });
}
