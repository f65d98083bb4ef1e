// Text as the directory keeps it: never the NUL character (PostgreSQL cannot store it), always Unicode NFC.

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

/**
 * `value` with every string in Unicode NFC, however deep (object keys too): « Vendo\u0302me » typed with a
 * combining accent becomes the « Vendôme » typed precomposed, so that both are one name wherever names are
 * compared (ids made from names, duplicates, sorts, search). Other values are returned as they are.
 */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(toNfc) as T;
  // Plain records only; a null-prototype one (Fastify's parsed query) is one too.
  const prototype = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k.normalize('NFC'), toNfc(v)])) as T;
}
