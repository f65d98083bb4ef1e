// Readies a database for this version of the code, at every start (server,
// CLIs, the tests' template): the migrations of migrations/, then what the
// code owns over the tables, built from the kinds of src/kinds.ts (the search
// entries view). All under the migration lock, so concurrent starts take turns.
import { runMigrations } from './db/migrate.js';
import type { KindDefinition } from './kind.js';
import { entryKinds } from './kinds.js';
import { upgradeLegacyPhones } from './modules/mandataires/legacy-phones.js';
import { upgradeLegacyCourts } from './modules/proceedings/legacy-courts.js';
import { installSearchEntries } from './search/entries.js';

export interface PreparedDatabase {
  /** Whether the search entries view was (re)created: false when the one in place was already this code's. */
  searchEntriesInstalled: boolean;
}

/** Migrates the database at `url` and installs the search entries of `kinds` (the registry's by default). */
export async function prepareDatabase(
  url: string,
  kinds: readonly KindDefinition[] = entryKinds,
): Promise<PreparedDatabase> {
  let searchEntriesInstalled = false;
  await runMigrations(url, async (sql) => {
    await upgradeLegacyPhones(sql);
    await upgradeLegacyCourts(sql);
    searchEntriesInstalled = await installSearchEntries(sql, kinds);
  });
  return { searchEntriesInstalled };
}
