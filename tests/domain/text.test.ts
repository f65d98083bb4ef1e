import { describe, expect, it } from 'vitest';
import { refusedText, textRefusal, toNfc } from '../../src/domain/text.js';

/** The path of the first string `refusedText` refuses, or null. */
const nulPath = (value: unknown) => refusedText(value)?.path ?? null;
const loneSurrogatePath = nulPath;

/** `depth` arrays, one inside the other, around `inner`. */
const nested = (depth: number, inner: unknown) => {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('refusedText: where', () => {
  it('names the first string with a NUL character, depth first, or the object holding a key with one', () => {
    expect(nulPath('a\u0000')).toBe('body');
    expect(nulPath({ name: 'ok', citations: [{ quote: 'a' }, { quote: 'b\u0000' }], notes: '\u0000' })).toBe(
      'citations.1.quote',
    );
    expect(nulPath({ citations: [{ 'k\u0000': 1 }] })).toBe('citations.0');
    expect(nulPath({ 'k\u0000': 1 })).toBe('k\u0000');
    expect(nulPath({ a: [1, null, true, { b: 'c' }] })).toBeNull();
  });

  it('walks a value nested 200,000 levels deep without overflowing the call stack', () => {
    expect(nulPath(nested(200_000, 'a'))).toBeNull();
    expect(nulPath({ extra: nested(3, 'a\u0000') })).toBe('extra.0.0.0');
    expect(nulPath(nested(200_000, '\u0000'))).toBe(Array.from({ length: 200_000 }, () => '0').join('.'));
  });
});

describe('refusedText: half of a surrogate pair', () => {
  it('names the first string holding half of a surrogate pair; whole pairs (emoji) are text', () => {
    expect(loneSurrogatePath({ name: 'Plateau 😀', notes: ['ok', 'x\udfff'], city: '\ud800' })).toBe('notes.1');
    expect(loneSurrogatePath({ name: 'Plateau 😀', tags: ['𝔸'] })).toBeNull();
  });
});

describe('textRefusal', () => {
  it('takes tab and line break (CR LF too) where lines are allowed, refuses a carriage return alone', () => {
    expect(textRefusal('a\tb\nc\r\nd', true)).toBeNull();
    expect(textRefusal('a\rb', true)).toBe('must not contain the control character U+000D (CR)');
    expect(textRefusal('a\r\nb', false)).toBe('must be one line: it must not contain a line break (U+000A)');
    expect(textRefusal('a\tb', false)).toBeNull();
  });
  it('names where a line break is allowed: quote, notes, description, a flattened column of one', () => {
    expect(
      refusedText({ citations: [{ quote: 'a\nb' }], hotline: { notes: 'a\nb' }, citation_quote: 'a\nb' }),
    ).toBeNull();
    expect(refusedText({ aliases: ['a', 'b\nc'] })).toEqual({
      path: 'aliases.1',
      message: 'must be one line: it must not contain a line break (U+000A)',
    });
  });
});

describe('toNfc', () => {
  it('puts every string and key in NFC, keeps other values, and leaves the input untouched', () => {
    const decomposed = { 'Vendo\u0302me': ['Vendo\u0302me', 1, null, true], n: 2 };
    expect(toNfc(decomposed)).toEqual({ Vendôme: ['Vendôme', 1, null, true], n: 2 });
    expect(Object.keys(decomposed)).toEqual(['Vendo\u0302me', 'n']);
    expect(toNfc('Pe\u0301ronne')).toBe('Péronne');
    expect(toNfc({ notes: 'a\r\nb\rc' })).toEqual({ notes: 'a\nb\rc' });
    const date = new Date(0);
    expect(toNfc(date)).toBe(date);
  });

  it('keeps a « __proto__ » key an ordinary key, as JSON.parse made it', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "e\u0301"}}');
    const copy = toNfc(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: 'é' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('walks a value nested 200,000 levels deep without overflowing the call stack', () => {
    let value = toNfc(nested(200_000, 'e\u0301')) as unknown;
    for (let i = 0; i < 200_000; i++) value = (value as unknown[])[0];
    expect(value).toBe('é');
  });
});
