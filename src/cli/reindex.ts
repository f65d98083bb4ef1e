// npm run reindex: builds a fresh search index from Postgres, checks its
// document count, swaps it in atomically, then applies what the outbox got
// after its snapshot. Works on the same data as `npm start`, whether or not the
// API is running. It runs compiled, from dist/ (built first when stale, as
// `npm start`): under tsx its start-up cost as much CPU as indexing 10,000
// documents.
// Documents stream from a cursor in batches (`--batch-size`, 5,000 by
// default): memory stays flat whatever the size of the directory. `npm run
// reindex` bounds the heap (--max-old-space-size=256): without a bound V8
// lets garbage pile up to hundreds of MiB before collecting it (peak RSS 476
// MiB at 100,000 sites unbounded, 294 MiB with 192), at the same speed.
// A reindex killed (SIGKILL, out of memory) leaves its build index: the next
// reindex, or the API's indexer, deletes it (sync.ts deleteAbandonedBuilds).
import { loadConfig } from '../config.js';
import { prepareDatabase } from '../database.js';
import { wholeNumber } from '../domain/fields.js';
import { startServices } from '../runtime.js';
import { SearchEngine } from '../search/engine.js';
import { drainOutbox, indexerConnection, type RebuildPhase, rebuildIndex } from '../search/sync.js';
import { parseArguments } from './arguments.js';
import { exitOnInterrupt, exitUnlessInterrupted, interrupted, onInterrupt } from './interrupt.js';
import { ownLines, printLines } from './output.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `--batch-size <n>`: documents per batch sent to Meilisearch, in decimal digits as every whole number the directory
 * reads (`wholeNumber`: not `1e3`, not `0x3E8`, not `1000.0`).
 */
function batchSizeOption(): number | undefined {
  const { values, positionals } = parseArguments(process.argv.slice(2), { 'batch-size': { type: 'string' } });
  if (positionals.length) throw new Error(`unexpected argument: ${positionals.join(' ')}`);
  const given = values['batch-size'];
  if (given === undefined) return undefined;
  const read = wholeNumber({ min: 1, max: 100_000 }).safeParse(given);
  if (!read.success) throw new Error(`--batch-size is '${given}': ${read.error.issues[0]?.message}`);
  return read.data;
}

/** Where the rebuild is, for the line an interrupted reindex prints (`interruptedWords`). */
let phase: RebuildPhase | null = null;

/** What an interrupted reindex says of the live index, by where the rebuild was. */
function interruptedWords(cause: string): string {
  const at = `reindex interrupted (${cause})`;
  if (phase === 'swapping')
    return `${at} while Meilisearch swapped the rebuilt index in: the swap is atomic, so the live index is whole, the old one or the rebuilt one; run reindex again to be sure`;
  if (phase === 'swapped')
    return `${at} after the rebuilt index was swapped in: it is live; changes still in the outbox are applied by the API's indexer or the next reindex`;
  return `${at}: the live index is unchanged${phase === 'building' ? '; the index being built was deleted' : ''}`;
}

async function main() {
  exitOnInterrupt(interruptedWords);
  const batchSize = batchSizeOption();
  const config = loadConfig();
  const services = await startServices(config, (msg) => say(msg));
  onInterrupt(() => services.stop());
  try {
    await prepareDatabase(services.databaseUrl);
    const engine = new SearchEngine({
      host: services.meiliHost,
      apiKey: services.meiliApiKey,
      indexName: config.meiliIndex,
    });
    const connection = indexerConnection(services.databaseUrl);
    try {
      // The fixed cost before the first document (Node, modules, engines, migrations), apart from the rebuild's.
      say(`started in ${Math.round(performance.now())} ms`);
      const started = Date.now();
      let built: string | null = null;
      // Interrupted while building: the index being built is deleted (the live one was never touched).
      onInterrupt(async () => {
        if (phase !== 'building' || !built) return;
        // No batch more read (the snapshot's session ended), those queued cancelled, then the index deleted.
        await connection.sql.end({ timeout: 0 });
        await engine.dropIndexes([built]);
      });
      const result = await rebuildIndex(connection, engine, {
        batchSize,
        onPhase: (now, index) => {
          phase = now;
          built = index;
        },
      });
      for (const name of result.abandoned) say(`deleted the index '${name}' of a reindex that died before it ended`);
      say(
        `rebuilt index '${result.index}': ${result.documents} documents in ${result.tasks.length} ${result.tasks.length === 1 ? 'batch' : 'batches'}, ` +
          `swapped in after ${Date.now() - started} ms`,
      );
      const applied = await drainOutbox(connection, engine);
      say(`applied ${applied} pending change${applied === 1 ? '' : 's'} from the outbox`);
      // resourceUsage's maxRSS is in KiB.
      say(`peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
    } finally {
      await connection.close();
    }
  } finally {
    await services.stop();
  }
}

main()
  .then(() => exitUnlessInterrupted(0))
  .catch((error: unknown) => {
    if (interrupted()) return;
    printLines(process.stderr, ownLines(`reindex failed: ${error instanceof Error ? error.message : String(error)}`));
    process.exit(1);
  });
