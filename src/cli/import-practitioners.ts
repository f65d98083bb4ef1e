// npm run import:practitioners -- <file.csv> [--dry-run]
// Imports a list of administrateurs and mandataires judiciaires filled from the profession's directory
// (templates/practitioners.csv; see README « Practitioners' list »). Checks every row first and applies nothing if
// one is bad; the same file twice changes nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPractitioners } from '../open-data/practitioners/import.js';
import { runOpenDataImport } from './open-data-run.js';

const usage = 'usage: npm run import:practitioners -- <file.csv> [--dry-run]';

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n${code === 2 ? `${usage}\n` : ''}`);
  process.exit(code);
}

function parse() {
  let parsed: { values: { 'dry-run'?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\nColumns: see templates/practitioners.csv and README « Practitioners' list ».\n`);
    process.exit(0);
  }
  const [file, ...rest] = parsed.positionals;
  if (!file || rest.length) fail(file ? `one file at a time, not: ${rest.join(' ')}` : 'no file given');
  if (!existsSync(file)) fail(`${file}: no such file`, 1);
  return { file, dryRun: parsed.values['dry-run'] ?? false };
}

const { file, dryRun } = parse();
runOpenDataImport(async (db) => {
  const report = await importPractitioners(db, {
    file,
    dryRun,
    actor: { keyId: null, name: `import:practitioners ${path.basename(file)}` },
  });
  for (const r of report.rejected) {
    for (const e of r.errors) process.stderr.write(`line ${r.line}: ${e.field}: ${e.message}\n`);
  }
  const { practitioners: p, firms: f } = report;
  process.stdout.write(
    `rows: ${report.rows}\npractitioners: ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged\n` +
      `firms: ${f.created} created, ${f.updated} updated, ${f.unchanged} unchanged\n` +
      report.uncertain.map((u) => `line ${u.line}: not applied, uncertain: ${u.name}: ${u.reason}\n`).join('') +
      `${dryRun ? '(dry run: nothing applied)' : report.applied ? 'applied' : 'nothing applied: fix the rows above'}\n`,
  );
  return report.rejected.length ? 1 : 0;
});
