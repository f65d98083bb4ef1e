// Exports for partners: the complete result of a list's filters, streamed
// page by page from Postgres (not capped like search), as CSV that opens in a
// French spreadsheet, or as JSON lines.
import { z } from 'zod';

/** Column names of a summary schema: nested objects flattened (`operator_id`, `operator_name`). */
export function columnsOf(schema: z.ZodType, prefix = ''): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      columnsOf(child, prefix ? `${prefix}_${key}` : key),
    );
  }
  return [prefix];
}

/** The value of a column in a row, following the flattened path. */
function valueAt(row: unknown, column: string, columns: string[]): unknown {
  if (row === null || typeof row !== 'object') return null;
  const record = row as Record<string, unknown>;
  if (column in record) return record[column];
  // Find the longest key of this object that prefixes the column.
  const key = Object.keys(record)
    .filter((k) => column.startsWith(`${k}_`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? valueAt(record[key], column.slice(key.length + 1), columns) : null;
}

/**
 * A CSV cell: quoted when needed, and neutralised when a spreadsheet would
 * read it as a formula (a leading =, +, -, @, tab or carriage return).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value)
    ? value.join(' | ')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

export function csvRow(row: unknown, columns: string[]): string {
  return csvLine(columns.map((c) => valueAt(row, c, columns)));
}

export const exportFormats = ['csv', 'jsonl'] as const;
export const exportBatch = 500;
