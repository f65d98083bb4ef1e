// The months as French writes them, from the CLDR data of Node's ICU rather than a list typed by hand.

/** `janvier` … `décembre`, in order (index 0 is January). */
export const frenchMonths: readonly string[] = Array.from({ length: 12 }, (_, month) =>
  new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month, 1))),
);
