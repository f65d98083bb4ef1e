// The error of a file that cannot be read as an import at all (its name, its encoding, a missing column, a truncated
// file): apart from read.ts, so that the checking thread's main side (worker.ts), loaded before anything else by
// `npm run import`, tells it without loading the readers.

/** A file that cannot be read as an import: its message names the file and what is wrong, before or at a line. */
export class ImportFileError extends Error {}
