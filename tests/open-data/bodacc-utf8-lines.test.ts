// `firstNonUtf8Line` checks a chunk of the file at once and reads byte by byte only the sequence a chunk ends in the
// middle of: the line it names must not depend on where the stream's chunks (64 KiB) end.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstNonUtf8Line } from '../../src/open-data/bodacc/read-file.js';

const chunk = 65_536;
/** 21,845 lines of `ab\n` (65,535 bytes), then `tail`, then more lines. */
const around = (tail: number[]) =>
  Buffer.concat([Buffer.from('ab\n'.repeat(21_845)), Buffer.from(tail), Buffer.from('cd\n'.repeat(30_000))]);

async function lineOf(bytes: Buffer): Promise<number | null> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'bodacc-utf8-')), 'f.jsonl');
  await writeFile(file, bytes);
  return firstNonUtf8Line(file);
}

describe('firstNonUtf8Line across the stream’s chunks', () => {
  it('names the line of a bad byte at a chunk’s last byte, its first, or further', async () => {
    expect(around([]).length).toBeGreaterThan(2 * chunk);
    expect(await lineOf(around([0xff]))).toBe(21_846);
    expect(await lineOf(around([0x41, 0xff]))).toBe(21_846);
    expect(await lineOf(around([0x0a, 0xff]))).toBe(21_847);
    expect(await lineOf(Buffer.concat([around([]), Buffer.from([0xc3, 0x28])]))).toBe(51_846);
  });

  it('reads a character cut by a chunk’s end as one', async () => {
    // € (e2 82 ac) from byte 65,535 on: its first byte ends the first chunk.
    expect(await lineOf(around([0xe2, 0x82, 0xac]))).toBeNull();
    expect(await lineOf(around([0x61, 0xf0, 0x9d, 0x84, 0x9e]))).toBeNull();
    // The same character left unfinished at the chunk's turn.
    expect(await lineOf(around([0xe2, 0x82, 0x0a]))).toBe(21_846);
  });

  it('keeps what the byte check let through (an encoded surrogate), and refuses a file cut inside a character', async () => {
    expect(await lineOf(around([0xed, 0xa0, 0x80]))).toBeNull();
    expect(await lineOf(Buffer.concat([around([]), Buffer.from([0xe2, 0x82])]))).toBe(51_846);
  });
});
