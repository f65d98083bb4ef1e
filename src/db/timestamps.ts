/** A row with its timestamps written as ISO 8601 text, as the API shows them. */
export function isoTimestamps<T extends { created_at: Date; updated_at: Date }>(row: T) {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}
