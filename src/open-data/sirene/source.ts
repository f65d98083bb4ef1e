// The source of one Sirene stock edition: every fact imported from it cites
// it. One source per month of stock, so that a fact's source says which
// edition stated it.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { sireneDataSets } from '../../db/schema/index.js';
import { frenchMonths, ofMonth } from '../../domain/french-months.js';
import { sireneStockSourcePrefix } from '../../domain/sirene-codes.js';

/** The data set's page on data.gouv.fr, where INSEE publishes the stocks. */
export const sireneDatasetUrl =
  'https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/';

export interface EditionSource {
  id: string;
  title: string;
  outlet: string;
  publisher: string;
  url: string;
  published_as_printed: string | null;
  /** The first day of the edition's month (INSEE publishes each month's files then); null when it has none. */
  published_on: string | null;
  licence: string;
}

/** The geolocation data set's page (`GeolocalisationEtablissement_Sirene_pour_etudes_statistiques`). */
export const geolocationDatasetUrl =
  'https://www.data.gouv.fr/fr/datasets/geolocalisation-des-etablissements-du-repertoire-sirene-pour-les-etudes-statistiques/';

/** The source of the geolocation file of `month`, which positions the stock's establishments. */
export function geolocationSource(month: string): EditionSource {
  const printed = printedMonth(month);
  return {
    id: `insee-sirene-geolocalisation-${month}`,
    title: `Géolocalisation des établissements du répertoire Sirene pour les études statistiques, ${printed}`,
    outlet: 'INSEE',
    publisher: 'INSEE',
    url: geolocationDatasetUrl,
    published_as_printed: printed,
    published_on: month,
    licence: 'Licence Ouverte 2.0',
  };
}

/** « juin 2026 » for `2026-06`. */
function printedMonth(month: string): string {
  const [year, m] = month.split('-');
  return `${frenchMonths[Number(m) - 1]} ${year}`;
}

/**
 * An edition older than one already imported: its facts would undo newer ones (a site closed since reopened, a
 * headcount band put back), so it is refused whole, before anything is written.
 */
export class OlderEditionError extends Error {
  constructor(
    readonly month: string,
    readonly newest: string,
  ) {
    super(
      `the stock of ${printedMonth(month)} (${month}) is older than the stock of ${printedMonth(newest)} ` +
        `(${newest}) already imported: an older edition would undo the newer one's facts`,
    );
  }
}

/** A Sirene file: StockEtablissement, StockUniteLegale, the geolocation file. */
export type SireneDataSet = (typeof sireneDataSets)[number];

/**
 * The month (`YYYY-MM`) of the newest edition applied of any of `dataSets` (table `sirene_editions`, which an
 * import fills whether or not it changed anything), or null when none was.
 */
export async function newestEdition(db: Db, dataSets: readonly SireneDataSet[]): Promise<string | null> {
  const [row] = await db.execute<{ month: string | null }>(
    sql`select max(month) as month from sirene_editions where data_set = any(${sql.param([...dataSets])}::text[])`,
  );
  return row?.month ?? null;
}

/**
 * Notes that the edition of `month` of each of `dataSets` is applied, in the import's transaction, under a lock of the
 * table (two imports at once are told apart). Throws OlderEditionError when a newer edition of one of them was
 * applied meanwhile.
 */
export async function recordEdition(db: Db, month: string, dataSets: readonly SireneDataSet[]): Promise<void> {
  await db.execute(sql`lock table sirene_editions in share row exclusive mode`);
  const applied = await newestEdition(db, dataSets);
  if (applied && applied > month) throw new OlderEditionError(month, applied);
  await db.execute(sql`
    insert into sirene_editions (data_set, month)
    select unnest(${sql.param([...dataSets])}::text[]), ${month}
    on conflict do nothing`);
}

/** The source of the stock of `month` (`YYYY-MM`): `insee-sirene-stock-2026-06`, « … stock de juin 2026 » (« d’août »). */
export function editionSource(month: string): EditionSource {
  const printed = printedMonth(month);
  return {
    id: `${sireneStockSourcePrefix}${month}`,
    title: `Base Sirene des entreprises et de leurs établissements (SIREN, SIRET), stock ${ofMonth(printed)}`,
    outlet: 'INSEE',
    publisher: 'INSEE',
    url: sireneDatasetUrl,
    published_as_printed: printed,
    published_on: month,
    licence: 'Licence Ouverte 2.0',
  };
}

/**
 * Stores the edition's source once (importing the same edition again finds it). Returns whether it was new: the
 * import drops it again when no fact ends up citing it (`dropUncited`).
 */
export async function saveEditionSource(db: Db, source: EditionSource): Promise<boolean> {
  const inserted = await db.execute(sql`
    insert into sources (id, title, outlet, publisher, url, published_as_printed, published_on, licence)
    values (${source.id}, ${source.title}, ${source.outlet}, ${source.publisher}, ${source.url},
            ${source.published_as_printed}, ${source.published_on}, ${source.licence})
    on conflict (id) do nothing
    returning id`);
  return inserted.length > 0;
}

/**
 * Deletes the sources of `ids` that no citation nor headcount band (`headcount_bands`) cites: an edition whose rows were all left out or changed nothing
 * leaves no source behind (`sirene_editions` still says it was applied).
 */
export async function dropUncited(db: Db, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db.execute(sql`
    delete from sources s where s.id = any(${sql.param(ids)})
       and not exists (select 1 from citations c where c.source_id = s.id)
       and not exists (select 1 from headcount_bands b where b.source_id = s.id)`);
}
