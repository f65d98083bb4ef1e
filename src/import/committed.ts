// Whether an import's transaction has committed, told by the code that commits it (src/import/run.ts, the BODACC and
// practitioners' imports) as soon as it has: what an interrupted CLI says (cli/interrupt.ts `importInterrupted`)
// depends on it, not on when the import's work returns (a statistics' refresh still runs after the commit).

let committed = false;

/** Tells that the import's transaction has committed: what it applied stays applied. Not for a dry run's rollback. */
export function importCommitted(): void {
  committed = true;
}

/** Whether the import's transaction has committed (`importCommitted`). */
export function hasImportCommitted(): boolean {
  return committed;
}
