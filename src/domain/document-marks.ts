// Marks on zod schemas for the OpenAPI document, where a client must send more
// than the parser insists on: a field or header the parser lets through
// missing so that the right answer refuses its absence (422 naming
// `citations`, 428 for If-Match) rather than a 400 from validation. The
// document (src/http/document.ts) lists such a field or header as required.

/** Spread into a schema's meta: `citationsInput.optional().meta({ ...requiredInDocument })`. */
export const requiredInDocument = { 'x-required-in-document': true } as const;
