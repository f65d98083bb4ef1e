// The months as French writes them, from the CLDR data of Node's ICU rather than a list typed by hand.

/** `janvier` … `décembre`, in order (index 0 is January). */
export const frenchMonths: readonly string[] = Array.from({ length: 12 }, (_, month) =>
  new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month, 1))),
);

/**
 * « de » before a French month or date that starts with it, elided before a vowel as French writes it: « de mai
 * 2026 », « d’août 2026 », « d’avril 2017 », « d’octobre 2025 ».
 */
export function ofMonth(printed: string): string {
  return /^[aeiouyàâéèêîïôû]/i.test(printed) ? `d’${printed}` : `de ${printed}`;
}

/**
 * A day of the month as French writes it: the first as an ordinal, « 1er » (« 1er mars 2025 »), the others as
 * numbers (« 2 », « 31 »). Every date the page, the feeds and the citation text write takes its day from here.
 */
export function frenchDay(day: number): string {
  return day === 1 ? '1er' : String(day);
}

/**
 * The text of an `Intl.DateTimeFormat('fr-FR', …)` with its day written by `frenchDay`: ICU prints the first of the
 * month « 1 décembre », French « 1er décembre ».
 */
export function withFrenchDay(format: Intl.DateTimeFormat, date: Date): string {
  return format
    .formatToParts(date)
    .map((part) => (part.type === 'day' ? frenchDay(Number(part.value)) : part.value))
    .join('');
}

/** A date as precise as its source, in French: `2017`, `avril 2017`, `26 avril 2017`, `1er avril 2017`; other text as it is. */
export function frenchDate(partial: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(partial);
  if (!match) return partial;
  const [, year, month, day] = match;
  if (!month) return year!;
  const monthName = frenchMonths[Number(month) - 1] ?? month;
  return day ? `${frenchDay(Number(day))} ${monthName} ${year}` : `${monthName} ${year}`;
}
