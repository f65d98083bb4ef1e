// What the check of a Sirene establishment's row reads of the directory (its legal unit's operator, the site of its
// SIRET, the sites without a SIRET of its commune and of its département, who cites the site found), looked up for a
// batch of rows at once: four queries a row before (about 60 to 90 s of a stock of a million rows), a few a batch.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Unidentified } from '../../domain/sirene-match.js';
import { geography } from '../../geo/index.js';
import { establishmentErrors } from './check.js';
import { establishmentFacts } from './map.js';

type Values = Record<string, string | null>;
/** A row of `sites`, as `select *` reads it. */
export type SiteRow = Record<string, unknown> & { id: string };

/** Groups `rows` by `key`, each group in the order of `rows` (`Map.groupBy` is Node 21's). */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * The commune (today's INSEE code: a former commune's or an arrondissement's code gives its commune), arrondissement
 * and département of a commune code as the site's place rules read it (`geography().placeOfCode`); the commune is
 * the code itself when the reference geography does not know it.
 */
export function placeKeys(code: string) {
  const place = geography().placeOfCode(code);
  return {
    commune: place?.commune.code ?? code,
    arrondissement: place?.arrondissement?.code ?? null,
    departement: place?.commune.departement.code ?? null,
  };
}

/**
 * The directory's answers to the questions a site row's check asks, for a batch of establishment rows (`load`),
 * each the answer one query of the row alone gave: the ids of the operators of a SIREN; the sites of a SIRET, by id;
 * the sites without a SIRET of a commune (by id; the arrondissement filtered by `near`), and those known to their
 * département alone (France, no commune); the provenance (`P`) of the sites found by SIRET. Read from the
 * directory as committed when the batch is looked up: the import's own writes, in its transaction, are not seen,
 * as they were not by the queries of one row.
 */
export class SiteLookup<P> {
  private constructor(
    private readonly sirets: Set<string>,
    private readonly operatorIds: Map<string, string[]>,
    private readonly sites: Map<string, SiteRow[]>,
    private readonly communes: Map<string, (SiteRow & Unidentified)[]>,
    private readonly departements: Map<string, (SiteRow & Unidentified)[]>,
    private readonly provenances: Map<string, P>,
  ) {}

  /**
   * Looks up what the check of each row of `batch` (StockEtablissement's values) reads, in five queries whatever the
   * batch's length (`provenancesOf`: the provenance of the sites of the given ids, in one query).
   */
  static async load<P>(
    db: Db,
    batch: readonly Values[],
    provenancesOf: (ids: string[]) => Promise<Map<string, P>>,
  ): Promise<SiteLookup<P>> {
    // The rows the check passes, as it looks up only those (a refused row's cells may hold what no query takes: NUL).
    const facts = batch.flatMap((values) => (establishmentErrors(values).length ? [] : [establishmentFacts(values)]));
    const sirets = [...new Set(facts.map((f) => f.siret))];
    const sirens = [...new Set(facts.flatMap((f) => (f.siren ? [f.siren] : [])))];
    const [operators, bySiret] = await Promise.all([
      db.execute<{ id: string; siren: string }>(
        sql`select id, siren from operators where siren = any(${sql.param(sirens)}::text[]) order by id`,
      ),
      db.execute<SiteRow>(sql`select * from sites where siret = any(${sql.param(sirets)}::text[]) order by id`),
    ]);
    const sites = groupBy(bySiret, (s) => String(s.siret));
    // Where the rows of no site of their SIRET may be a site without one: their commune's, their département's.
    const communes = new Set<string>();
    const departements = new Set<string>();
    for (const f of facts) {
      const code = f.fields.code_commune;
      if (sites.has(f.siret) || typeof code !== 'string' || !code) continue;
      const keys = placeKeys(code);
      communes.add(keys.commune);
      if (keys.departement) departements.add(keys.departement);
    }
    const [near, wide, provenances] = await Promise.all([
      communes.size
        ? db.execute<SiteRow & Unidentified>(sql`
            select * from sites where siret is null and code_commune = any(${sql.param([...communes])}::text[]) order by id`)
        : [],
      departements.size
        ? db.execute<SiteRow & Unidentified>(sql`
            select * from sites where siret is null and country = 'FR' and code_commune is null and commune is null
               and departement_code = any(${sql.param([...departements])}::text[]) order by id`)
        : [],
      bySiret.length ? provenancesOf(bySiret.map((s) => s.id)) : new Map<string, P>(),
    ]);
    return new SiteLookup(
      new Set(sirets),
      new Map([...groupBy(operators, (o) => o.siren)].map(([siren, os]) => [siren, os.map((o) => o.id)])),
      sites,
      groupBy(near, (s) => String(s.code_commune)),
      groupBy(wide, (s) => String(s.departement_code)),
      provenances,
    );
  }

  /** Whether this look-up answers for the row of SIRET `siret` (a row its check passes). */
  covers(siret: string): boolean {
    return this.sirets.has(siret);
  }

  /** The ids of the operators of SIREN `siren` (withheld ones too, as a site row's check has always read them). */
  operatorsOf(siren: string): string[] {
    return this.operatorIds.get(siren) ?? [];
  }

  /** The sites of SIRET `siret`, by id (each row a copy of its own). */
  sitesOf(siret: string): SiteRow[] {
    return (this.sites.get(siret) ?? []).map((s) => ({ ...s }));
  }

  /**
   * The sites without a SIRET of `commune` (today's code), of arrondissement `arrondissement` or of none, when
   * either is unknown (`null`), by id.
   */
  near(commune: string, arrondissement: string | null): (SiteRow & Unidentified)[] {
    return (this.communes.get(commune) ?? [])
      .filter(
        (s) => s.code_arrondissement === null || arrondissement === null || s.code_arrondissement === arrondissement,
      )
      .map((s) => ({ ...s }));
  }

  /** The sites of France known to département `departement` alone (no commune), without a SIRET, by id. */
  wide(departement: string): (SiteRow & Unidentified)[] {
    return (this.departements.get(departement) ?? []).map((s) => ({ ...s }));
  }

  /** The provenance of site `id` when it was found by its SIRET; undefined for another (look it up alone). */
  provenanceOf(id: string): P | undefined {
    return this.provenances.get(id);
  }
}
