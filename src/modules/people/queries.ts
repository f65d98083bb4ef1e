import { type SQL, sql } from 'drizzle-orm';
import { jsonList, requestedId } from '../../db/json.js';
import { people, roles } from '../../db/schema/index.js';

type Organisation = 'operator_id' | 'club_id' | 'mandataire_id';

/** The people who hold a role in the requested organisation, as a JSON list built by PostgreSQL, in the order added. */
export function roleList(organisation: Organisation): SQL {
  return jsonList(
    {
      role_id: roles.id,
      person_id: people.id,
      person_name: people.name,
      title: roles.title,
      current: roles.current,
      source_id: roles.source_id,
      quote: roles.quote,
    },
    sql`from ${roles} join ${people} on ${people.id} = ${roles.person_id} where ${roles[organisation]} = ${requestedId}`,
    sql`${roles.id}`,
  );
}
