// The command lines of the CLIs, read one way: node:util's parseArgs, and an option given twice refused. parseArgs
// keeps the last of a repeated option silently (`--naf 82.20Z --naf 62.01Z` read 62.01Z alone), so an option
// that may be repeated says so (`multiple: true`) and the others are refused when given twice.
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The values and positionals of `args` for `options` (parseArgs' own errors thrown as they are: unknown option,
 * missing value); throws an Error naming the option when one not `multiple` is given twice (« --kind is given
 * twice: give it once »).
 */
export function parseArguments<O extends Options>(args: string[], options: O) {
  const parsed = parseArgs({ args, options, allowPositionals: true, tokens: true, strict: true });
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new Error(`--${token.name} is given twice: give it once`);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}
