import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { people, roles } from '../../db/schema/index.js';

type Organisation = 'operator_id' | 'club_id' | 'mandataire_id';

/** The people who hold a role in one organisation. */
export async function rolesIn(db: Db, organisation: Organisation, id: string) {
  return db
    .select({
      role_id: roles.id,
      person_id: people.id,
      person_name: people.name,
      title: roles.title,
      current: roles.current,
      source_id: roles.source_id,
      quote: roles.quote,
    })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.person_id))
    .where(eq(roles[organisation], id))
    .orderBy(asc(roles.id));
}
