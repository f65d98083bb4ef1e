// Exports for partners: the complete result of a list's filters, streamed
// from one query (not capped like search; the query is in export-rows.ts), as
// CSV that opens in a French spreadsheet, or as JSON lines. The CSV's cells are
// written by PostgreSQL (export-rows.ts) exactly as `csvCell` writes them here,
// which the header row, the tests and imports read.
import { z } from 'zod';

/** An exported column: its name, and the keys leading to its value in a summary (`operator_id`: operator, id). */
export interface ExportColumn {
  name: string;
  path: string[];
}

/** The columns of a summary schema, nested objects flattened: `operator` gives `operator_id`, `operator_name`. */
export function columnPaths(schema: z.ZodType, path: string[] = []): ExportColumn[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      columnPaths(child, [...path, key]),
    );
  }
  return [{ name: path.join('_'), path }];
}

/** Column names of a summary schema: nested objects flattened (`operator_id`, `operator_name`). */
export function columnsOf(schema: z.ZodType): string[] {
  return columnPaths(schema).map((c) => c.name);
}

/**
 * Text a spreadsheet would run as a formula (a leading =, +, -, @, tab or
 * carriage return), also behind apostrophes: `'=x` is neutralised too, so that
 * removing one apostrophe on import always gives the text back.
 */
export const formulaLike = /^'*[=+\-@\t\r]/;

/** A cell's text as the export writes it: formula-like text behind one more apostrophe (`'+Contact Amiens`). */
export function neutralised(text: string): string {
  return formulaLike.test(text) ? `'${text}` : text;
}

/** The text an exported cell held: the apostrophe `neutralised` added removed, and only that one. */
export function unneutralised(text: string): string {
  return text.startsWith("'") && formulaLike.test(text) ? text.slice(1) : text;
}

/**
 * A list as one CSV cell: its items joined with « | » (`Webhelp | Armatis`), readable in a spreadsheet; as a JSON
 * array when an item holds a « | » itself, or the list would read as one (`["a | b"]`), so that `listOfCell` gives
 * the same items back.
 */
export function listCell(items: unknown[]): string {
  const texts = items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  const plain = texts.every((t) => !t.includes('|') && t === t.trim() && t !== '') && !texts[0]?.startsWith('[');
  return plain ? texts.join(' | ') : JSON.stringify(texts);
}

/** The items of a list cell written by `listCell` (or by hand, with « | » between items). */
export function listOfCell(text: string): string[] {
  if (text.startsWith('[')) {
    try {
      const items: unknown = JSON.parse(text);
      if (Array.isArray(items) && items.every((i) => typeof i === 'string')) return items;
    } catch {
      // Not JSON: a list written by hand that starts with « [ ».
    }
  }
  return text
    .split('|')
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * A CSV cell: quoted when needed, and neutralised when a spreadsheet would
 * read it as a formula (see `neutralised`).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = neutralised(
    Array.isArray(value) ? listCell(value) : typeof value === 'object' ? JSON.stringify(value) : String(value),
  );
  return /[";\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

export const exportFormats = ['csv', 'jsonl'] as const;
/** Rows the export's cursor fetches at a time. */
export const exportBatch = 1000;
