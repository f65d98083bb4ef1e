// Text PostgreSQL cannot store: the NUL character, found wherever it hides in a value.

/** The path (`citations.0.quote`) of the first string holding a NUL character, or null. */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  if (!value || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulPath(item, path ? `${path}.${key}` : key) ?? (key.includes('\u0000') ? path || key : null);
    if (found) return found;
  }
  return null;
}
