// Phone numbers stored before they were kept in E.164 (the ten-digit national form, « 0800942564 ») are
// rewritten in E.164 at start, once: a number that is not E.164 yet is read as a write would read it.
import type postgres from 'postgres';
import { parsePhone } from '../../domain/identifiers.js';

/**
 * Rewrites the mandataires' phone numbers (and their hotline's) not yet in E.164. Returns how many rows changed.
 * A value that is no phone number at all is left as it is. Run it under the migration lock (src/database.ts).
 */
export async function upgradeLegacyPhones(sql: postgres.Sql): Promise<number> {
  const rows = await sql<{ id: string; phone: string | null; hotline_phone: string | null }[]>`
    select id, phone, hotline ->> 'phone' as hotline_phone from mandataires
     where phone !~ '^[+]' or hotline ->> 'phone' !~ '^[+]'`;
  let changed = 0;
  for (const row of rows) {
    const phone = row.phone ? (parsePhone(row.phone)?.e164 ?? row.phone) : null;
    const hotline = row.hotline_phone ? (parsePhone(row.hotline_phone)?.e164 ?? row.hotline_phone) : null;
    if (phone === row.phone && hotline === row.hotline_phone) continue;
    await sql`
      update mandataires
         set phone = ${phone},
             hotline = case when hotline is null then null else jsonb_set(hotline, '{phone}', to_jsonb(${hotline}::text)) end
       where id = ${row.id}`;
    changed++;
  }
  return changed;
}
