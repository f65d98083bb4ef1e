// The proceedings of one company (one SIREN) as its BODACC notices tell them: corrections applied first (an
// annulation withdraws its target and itself, a rectificatif replaces its target, a rétractation sur tierce
// opposition withdraws its target and itself), then the notices that remain, in the order of their judgments,
// chained into proceedings: an opening starts one, a conversion changes its kind, a clôture closes it (its nature
// kept), the other judgments join the proceeding under way; with none under way, a judgment whose words name the kind
// (a clôture, a conversion, a plan) starts one all the same, its opening unknown (`withoutOpening`); a clôture after
// the last proceeding was closed joins it, listed (`afterClosure`); a reprise of a closed liquidation joins it, its
// closure lifted (`resumed`). Pure: the same notices, in whatever order they come (the database's first or the
// file's), always give the same result, which is what makes an import of any file again change nothing.
import { kindNamedIn } from '../../domain/proceeding-words.js';
import { type Classification, classifyJudgment, continuation, isRetraction, isStatusNeutralFamily } from './natures.js';
import type { Notice } from './notices.js';

/** A notice as the timeline reads it, with the proceeding it was attached to by an earlier import, if any. */
export interface TimelineNotice {
  notice: Notice;
  /** The proceeding this notice belonged to in the database before this import. */
  storedProceeding: string | null;
  /**
   * A correction naming other companies, read with this one's notices because its target (or the target of a
   * correction it withdraws) is this company's: a notice filed under the wrong company, corrected under the right
   * one. It withdraws or replaces its target here, never joins this company's proceedings, and is reported by the
   * companies it names, not here.
   */
  foreign?: boolean;
}

/** A correction that cannot be applied, and why: it is then applied to nothing (see `companyTimeline`). */
export interface UnappliedCorrection {
  notice: string;
  target: string;
  reason: 'targets itself' | 'targets a notice published after it';
}

export interface Withdrawal {
  by: string;
  reason: 'annulation' | 'rectificatif' | 'retractation';
}

/** A proceeding as the chain of its current notices gives it. */
export interface PlannedProceeding {
  id: string;
  kind: NonNullable<Classification['kind']>;
  /** The judgment date of its opening (null when the file holds no opening of it). */
  date: string | null;
  court: string | null;
  closedOn: string | null;
  closureNature: string | null;
  /** Its current notices, oldest judgment first. */
  notices: Notice[];
  /** The notice each fact comes from. */
  kindFrom: Notice;
  /** The notice `court` comes from: the one that started the proceeding. */
  courtFrom: Notice;
  openedBy: Notice | null;
  closedBy: Notice | null;
}

export interface CompanyTimeline {
  proceedings: PlannedProceeding[];
  /** Notices withdrawn by a correction. */
  withdrawn: Map<string, Withdrawal>;
  /** The proceeding of every notice (a withdrawn one keeps the proceeding of the notice that withdrew it). */
  proceedingOf: Map<string, string | null>;
  classification: Map<string, Classification>;
  /** Notices that name no proceeding: no opening before them and no kind in their words. */
  unattached: string[];
  /**
   * Notices that start a proceeding with no opening before them (none in the file nor the database, or only later
   * ones): a clôture, a conversion or another judgment whose words name the kind. A fact all the same: the proceeding
   * is made of it, its opening date unknown; its opening, when a later import brings it (dated before), starts the
   * same proceeding, which it names (`bodacc-` of the opening), whatever the order the files came in.
   */
  withoutOpening: { notice: string; effect: 'closure' | 'conversion' | 'reprise' | 'event' }[];
  /**
   * Reprises of a closed liquidation (« Jugement de reprise de la procédure de liquidation judiciaire »): joined to the
   * company's last proceeding, of the kind they name and closed by `closedBy`, its closure lifted (no `closed_on` nor
   * `closure_nature` any more; the clôture and the reprise stay in its notices); a later clôture closes it again.
   */
  resumed: { notice: string; proceeding: string; closedBy: string }[];
  /**
   * Clôtures that come after the company's last proceeding was already closed by another (`closedBy`): joined to it
   * all the same (its closure, date and nature, kept from the first), since no opening after it starts another; a
   * second clôture may be of a proceeding whose opening is not known, or a notice filed under the wrong company.
   */
  afterClosure: { notice: string; proceeding: string; closedBy: string }[];
  /** Corrections whose target is neither in the file nor in the database. */
  missingTargets: { notice: string; target: string }[];
  /** Corrections whose target is itself, or a notice published after it (parution date, then id). */
  unappliedCorrections: UnappliedCorrection[];
}

/** The kind a notice's own words name, for a notice whose proceeding's opening is not known. */
function kindInWords(notice: Notice): PlannedProceeding['kind'] | null {
  return kindNamedIn(`${notice.judgment.nature ?? ''} ${notice.judgment.complement ?? ''}`);
}

/** Two ISO dates (`YYYY-MM-DD`) in calendar order: their characters' order, without a collator. */
const byDate = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order of publication: the parution date, then the id. */
const publicationOrder = (a: Notice, b: Notice) => byDate(a.publishedOn, b.publishedOn) || byDate(a.id, b.id);

/** The order of judgments: their date (the parution when unknown), then the parution, then the id. */
const judgmentOrder = (a: Notice, b: Notice) =>
  byDate(a.judgment.date ?? a.publishedOn, b.judgment.date ?? b.publishedOn) ||
  byDate(a.publishedOn, b.publishedOn) ||
  a.id.localeCompare(b.id);

/**
 * The proceedings of one company from all its notices (the database's and the file's, the file's version of a
 * notice winning). Proceeding ids: the one an earlier import gave any of its notices (or a notice one of them
 * rectifies), else `bodacc-<id of its first notice>` (of the notice its first one rectifies, if any): a rectificatif
 * keeps its target's proceeding, whichever file brought the target; an id an earlier import gave after a rectificatif
 * whose target had not come (`bodacc-<rectificatif>`) gives way to the target's once it is there (the import merges
 * the old proceeding into it). `elsewhere`: notice ids known under other
 * companies (a correction targeting one is not missing its target: it corrects the other company's notice).
 *
 * A correction whose target is itself, or a notice published after it (parution date, then id: a cycle of
 * corrections is one), cannot be applied: it is listed (`unappliedCorrections`) and applied to nothing; a
 * rectificatif then stands as the whole notice it is, an annulation or a rétractation withdraws nothing and joins no
 * proceeding (neither withdrawn nor current: its own words are its target's).
 */
export function companyTimeline(
  notices: TimelineNotice[],
  elsewhere: ReadonlySet<string> = new Set(),
): CompanyTimeline {
  const byId = new Map(notices.map((n) => [n.notice.id, n]));
  const withdrawn = new Map<string, Withdrawal>();
  const missingTargets: CompanyTimeline['missingTargets'] = [];
  const unappliedCorrections: UnappliedCorrection[] = [];
  /** Foreign corrections, and annulations and rétractations applied to nothing: never current here. */
  const aside = new Set(notices.flatMap((n) => (n.foreign ? [n.notice.id] : [])));
  const classification = new Map<string, Classification>();
  const all = [...byId.values()].map((n) => n.notice).sort(publicationOrder);
  // The latest correction first: one annulled (or retracted) by a later one does nothing, its target stands again.
  for (const n of [...all].reverse()) {
    const retraction = isRetraction(n.judgment);
    if (n.type === 'annonce' && !retraction) continue;
    const own = withdrawn.get(n.id);
    if (own && own.reason !== 'rectificatif') continue;
    const reason = n.type === 'annulation' ? 'annulation' : retraction ? 'retractation' : 'rectificatif';
    const foreign = aside.has(n.id);
    const target = n.targetId ? byId.get(n.targetId)?.notice : undefined;
    if (n.targetId && (n.targetId === n.id || (target && publicationOrder(target, n) >= 0))) {
      if (!foreign) {
        const why = n.targetId === n.id ? 'targets itself' : 'targets a notice published after it';
        unappliedCorrections.push({ notice: n.id, target: n.targetId, reason: why });
      }
      if (reason !== 'rectificatif') aside.add(n.id);
      continue;
    }
    if (target) {
      if (!withdrawn.has(target.id)) withdrawn.set(target.id, { by: n.id, reason });
    } else if (!foreign && !(n.targetId && elsewhere.has(n.targetId))) {
      missingTargets.push({ notice: n.id, target: n.targetId ?? '(none given)' });
    }
    if (reason !== 'rectificatif') withdrawn.set(n.id, { by: n.id, reason });
  }
  missingTargets.reverse();
  unappliedCorrections.reverse();
  const current = all.filter((n) => !withdrawn.has(n.id) && !aside.has(n.id)).sort(judgmentOrder);
  const proceedings: PlannedProceeding[] = [];
  const proceedingOf = new Map<string, string | null>();
  const unattached: string[] = [];
  const withoutOpening: CompanyTimeline['withoutOpening'] = [];
  const lateClosures: { notice: Notice; into: PlannedProceeding }[] = [];
  const resumed: { notice: string; into: PlannedProceeding; closedBy: Notice }[] = [];
  let open: PlannedProceeding | null = null;
  const start = (n: Notice, kind: PlannedProceeding['kind'], opening: boolean): PlannedProceeding => {
    const p: PlannedProceeding = {
      id: '',
      kind,
      date: opening ? n.judgment.date : null,
      court: n.court,
      closedOn: null,
      closureNature: null,
      notices: [],
      kindFrom: n,
      courtFrom: n,
      openedBy: opening ? n : null,
      closedBy: null,
    };
    proceedings.push(p);
    return p;
  };
  for (const n of current) {
    const c = isStatusNeutralFamily(n.judgment.family)
      ? { kind: null, effect: 'event' as const }
      : classifyJudgment(n.judgment);
    classification.set(n.id, c);
    let target: PlannedProceeding | null = open;
    if (c.effect === 'status' && c.kind) {
      const carriesOn = continuation(n.judgment);
      if (open && !open.closedOn) {
        open.kind = c.kind;
        open.kindFrom = n;
      } else if (carriesOn === 'reprise' && open?.kind === c.kind) {
        // A reprise resumes the closed liquidation it names (C. com. L.643-13): it joins it, its closure lifted (the
        // clôture stays in its notices), never a new proceeding opened on the reprise's date.
        resumed.push({ notice: n.id, into: open, closedBy: open.closedBy! });
        open.closedOn = null;
        open.closureNature = null;
        open.closedBy = null;
      } else {
        // A conversion changes the kind of a proceeding under way, a reprise resumes a closed one: with none, its
        // opening is not known, and the judgment's date is no opening's.
        if (carriesOn) withoutOpening.push({ notice: n.id, effect: carriesOn });
        target = start(n, c.kind, !carriesOn);
        open = target;
      }
    } else if (!open) {
      const kind = kindInWords(n);
      if (!kind) {
        unattached.push(n.id);
        proceedingOf.set(n.id, null);
        continue;
      }
      withoutOpening.push({ notice: n.id, effect: c.effect === 'closure' ? 'closure' : 'event' });
      target = start(n, kind, false);
      open = target;
    }
    if (c.effect === 'closure' && target && !target.closedOn) {
      target.closedOn = n.judgment.date ?? n.publishedOn;
      target.closureNature = n.judgment.nature;
      target.closedBy = n;
    } else if (c.effect === 'closure' && target) lateClosures.push({ notice: n, into: target });
    target!.notices.push(n);
  }
  // A rectificatif stands in for the notices it replaces (its target, the target's own target…), whether they came
  // in this file or an earlier one: the proceeding keeps the id they gave it.
  const replacedBy = new Map<string, string[]>();
  for (const [id, w] of withdrawn)
    if (w.reason === 'rectificatif') replacedBy.set(w.by, [...(replacedBy.get(w.by) ?? []), id]);
  const lineage = (id: string, seen = new Set<string>()): string[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    return [...(replacedBy.get(id) ?? []).flatMap((t) => lineage(t, seen)), id];
  };
  // Ids: `bodacc-` of the first notice of its first notice's lineage (the notice a rectificatif replaces, that one's
  // target…), or the one an earlier import gave any of its notices, each id used once. A proceeding with its opening
  // is named by its opening (its id, or the one an earlier import gave it): never by the proceeding its later notices
  // made without it (a clôture imported before its opening), nor by a rectificatif that an earlier import named it
  // after, its target not there yet (fault 04 of issue 11's hostile check), so that the files in either order end
  // with the same proceeding; that one, holding no current notice any more, is withdrawn by the import, into this
  // one. (A target not there yet is not named at once: it may be filed under another company, whose proceeding
  // bears its id.)
  const used = new Set<string>();
  for (const p of proceedings) {
    const heads = p.openedBy ? [p.openedBy] : p.notices;
    const stale = new Set(
      heads.flatMap((n) =>
        lineage(n.id)
          .slice(1)
          .map((id) => `bodacc-${id.toLowerCase()}`),
      ),
    );
    const stored = heads
      .flatMap((n) => lineage(n.id).map((id) => byId.get(id)?.storedProceeding))
      .find((id) => id && !used.has(id) && !stale.has(id));
    p.id = stored ?? `bodacc-${lineage(p.notices[0]!.id)[0]!.toLowerCase()}`;
    used.add(p.id);
    for (const n of p.notices) proceedingOf.set(n.id, p.id);
  }
  // A withdrawn notice stays attached where it belongs: a replaced one to its rectificatif's proceeding, the target
  // of an annulation, a rétractation or a rectificatif filed under another company to the proceeding it was in
  // (current still, or withdrawn with it: the import
  // withholds a proceeding left without current notices, its notices its history), the correction to its target's.
  const placeOf = (id: string, seen: Set<string>): string | null => {
    const w = withdrawn.get(id);
    if (!w) return proceedingOf.get(id) ?? null;
    if (seen.has(id)) return null;
    seen.add(id);
    // Replaced by a rectificatif filed under another company (`foreign`): it stays in the proceeding it was in here.
    if (w.reason === 'rectificatif' && !aside.has(w.by)) return placeOf(w.by, seen);
    if (id === w.by) {
      const target = byId.get(id)?.notice.targetId;
      return target && byId.has(target) ? placeOf(target, seen) : null;
    }
    return byId.get(id)?.storedProceeding ?? null;
  };
  const places = [...withdrawn.keys()].map((id) => [id, placeOf(id, new Set())] as const);
  for (const [id, place] of places) proceedingOf.set(id, place);
  for (const n of all) if (!classification.has(n.id)) classification.set(n.id, classifyJudgment(n.judgment));
  for (const id of aside) if (!withdrawn.has(id)) proceedingOf.set(id, null);
  const afterClosure = lateClosures.map(({ notice, into }) => ({
    notice: notice.id,
    proceeding: into.id,
    closedBy: into.closedBy!.id,
  }));
  return {
    proceedings,
    withdrawn,
    proceedingOf,
    classification,
    unattached,
    withoutOpening,
    afterClosure,
    resumed: resumed.map(({ notice, into, closedBy }) => ({ notice, proceeding: into.id, closedBy: closedBy.id })),
    missingTargets,
    unappliedCorrections,
  };
}

/** What a company is called in BODACC: its name as a notice writes it, that notice, and the SIREN as written there. */
export interface CompanyNaming {
  name: string;
  sirenAsWritten: string;
  notice: Notice;
}

/**
 * The name the latest of `notices` (by parution date, then id) gives the company `siren`, among those naming it;
 * null when none does. The same whatever order the notices come in, so that the import that brings them last
 * decides nothing: a proceeding's `company_name` is chosen from its current notices, a new operator's name from
 * those of the company's proceedings.
 */
export function latestNaming(notices: Iterable<Notice>, siren: string): CompanyNaming | null {
  let latest: CompanyNaming | null = null;
  for (const notice of notices) {
    const company = notice.companies.find((c) => c.siren === siren);
    if (!company || (latest && publicationOrder(notice, latest.notice) <= 0)) continue;
    latest = { name: company.name, sirenAsWritten: company.sirenAsWritten, notice };
  }
  return latest;
}
