// Text as the directory keeps it: never the NUL character (PostgreSQL cannot store it) nor a lone surrogate
// (half of a UTF-16 pair: no character at all, and PostgreSQL's JSON refuses it), always Unicode NFC.
import { tooLong } from './issues.js';

/** A level of the walk: the entries of one object or array still to look at, and where it sits. */
interface Level {
  path: string;
  entries: Iterator<[string, unknown]>;
  /** Its own key in the level above, checked once its content has been (a NUL may hide in a key too). */
  key?: string;
  parentPath?: string;
}

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The path (`citations.0.quote`) of the first string holding a NUL character (depth first, in key order), of the
 * object holding a key with one, or null. Walked with a stack of its own, not by recursion: a JSON body nested a
 * hundred thousand levels deep answers like any other, where recursion would overflow the call stack.
 */
export function nulPath(value: unknown): string | null {
  return pathOf(value, (text) => text.includes('\u0000'));
}

/**
 * The path of the first string holding a lone surrogate (`\ud800` in JSON: half of a UTF-16 pair), as `nulPath`
 * gives it, or null. The write path hands its rows to PostgreSQL as JSON, which refuses such text.
 */
export function loneSurrogatePath(value: unknown): string | null {
  return pathOf(value, (text) => /\p{Surrogate}/u.test(text));
}

/** What a field holding the NUL character is told (HTTP bodies and every import's rows alike). */
export const nulMessage = 'must not contain the NUL character';

/** What a field holding a lone surrogate is told (HTTP bodies and import rows alike). */
export const loneSurrogateMessage = 'must be Unicode text: it holds half of a surrogate pair';

/** The value INSEE writes in place of one not to be published (Sirene's non-diffusible units): never stored. */
export const masked = '[ND]';

/** What a cell holding only INSEE's mask is told: it is no value, and a row that has it is refused at its line. */
export const maskedMessage = `is masked (${masked}): a value not published is unknown; leave the cell empty`;

/**
 * What is wrong with a text cell an import reads, in words, or null: the NUL character, a lone surrogate, INSEE's
 * mask (`[ND]`, `maskedMessage`), or more than `max` characters (« is 412 characters long: must be at most 300 »),
 * checked in that order.
 */
export function cellRefusal(value: string, max: number): string | null {
  if (value.includes('\u0000')) return nulMessage;
  if (value.trim().toUpperCase() === masked) return maskedMessage;
  if (/\p{Surrogate}/u.test(value)) return loneSurrogateMessage;
  return value.length > max ? tooLong(value.length, max) : null;
}

/** The path of the first string (or key) that `holds` says holds something (see `nulPath`), or null. */
function pathOf(value: unknown, holds: (text: string) => boolean): string | null {
  if (typeof value === 'string') return holds(value) ? 'body' : null;
  if (!value || typeof value !== 'object') return null;
  const stack: Level[] = [{ path: '', entries: Object.entries(value)[Symbol.iterator]() }];
  while (stack.length > 0) {
    const level = stack[stack.length - 1]!;
    const next = level.entries.next();
    if (next.done) {
      stack.pop();
      if (level.key !== undefined && holds(level.key)) return level.parentPath || level.key;
      continue;
    }
    const [key, item] = next.value;
    const path = childPath(level.path, key);
    if (item && typeof item === 'object') {
      stack.push({ path, entries: Object.entries(item)[Symbol.iterator](), key, parentPath: level.path });
      continue;
    }
    if (typeof item === 'string' && holds(item)) return path || 'body';
    if (holds(key)) return level.path || key;
  }
  return null;
}

/** Whether `toNfc` walks into the value: arrays and plain records (a null-prototype one, Fastify's parsed query, too). */
function isWalkable(value: unknown): value is object {
  if (!value || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/**
 * `value` with every string in Unicode NFC, however deep (object keys too): « Vendo\u0302me » typed with a
 * combining accent becomes the « Vendôme » typed precomposed, so that both are one name wherever names are
 * compared (ids made from names, duplicates, sorts, search). Other values are returned as they are. Like `nulPath`,
 * walked with a stack of its own: a body nested a hundred thousand levels deep does not overflow the call stack.
 */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (!isWalkable(value)) return value;
  const copyOf = (from: object): object => (Array.isArray(from) ? [] : {});
  const root = copyOf(value);
  const stack: { from: object; to: object }[] = [{ from: value, to: root }];
  while (stack.length > 0) {
    const { from, to } = stack.pop()!;
    for (const [key, item] of Object.entries(from)) {
      let copy: unknown = item;
      if (typeof item === 'string') copy = item.normalize('NFC');
      else if (isWalkable(item)) {
        copy = copyOf(item);
        stack.push({ from: item, to: copy as object });
      }
      // Defined, not assigned: a key « __proto__ » stays an ordinary key, as JSON.parse made it.
      Object.defineProperty(to, Array.isArray(to) ? key : key.normalize('NFC'), {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root as T;
}
