import { pgEnum } from 'drizzle-orm/pg-core';
import {
  clubAffiliations,
  clubKinds,
  clubStatuses,
  headcountKinds,
  mandataireKinds,
  operatorKinds,
  proceedingKinds,
  professions,
  siteStatuses,
} from '../../domain/vocabulary.js';

export const operatorKind = pgEnum('operator_kind', operatorKinds);
export const siteStatus = pgEnum('site_status', siteStatuses);
export const headcountKind = pgEnum('headcount_kind', headcountKinds);
export const clubKind = pgEnum('club_kind', clubKinds);
export const clubStatus = pgEnum('club_status', clubStatuses);
export const clubAffiliation = pgEnum('club_affiliation', clubAffiliations);
export const mandataireKind = pgEnum('mandataire_kind', mandataireKinds);
export const profession = pgEnum('profession', professions);
export const proceedingKind = pgEnum('proceeding_kind', proceedingKinds);
