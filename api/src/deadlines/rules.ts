/**
 * The legal deadlines Jamaa computes, each with its source (DOMAIN.md §1 and §7). Markers as in DOMAIN.md:
 * [S] the named source says it; [M] from the texts as generally known: verify the article against the
 * Bulletin officiel before relying on the detail. A feature takes its rule from here and passes `days` and
 * `kind` to `dueDate`; a tenant may configure a shorter internal target, never a longer legal one.
 */
import type { DayKind } from './deadlines.ts';

export interface LegalDeadline {
  days: number;
  kind: DayKind;
  /** What may be added, how many times, and on what condition. */
  extension?: { days: number; times: number; condition: string };
  /** From which event the days run. */
  from: string;
  source: string;
}

export const LEGAL_DEADLINES = {
  /**
   * Complaints, observations and suggestions (réclamations): answer within 60 days of receipt; acknowledge at
   * once. Décret n° 2.17.265 du 23 juin 2017 (in force 1 January 2018) [S: laquotidienne.ma "le délai de
   * 60 jours imposé à l'administration pour répondre"; le360 2018-01 "durée maximale de deux mois"]; counted
   * in calendar days [M], the day of filing not counted [S: aujourdhui.ma].
   */
  complaintAnswer: {
    days: 60,
    kind: 'calendar',
    from: 'receipt of the complaint',
    source: 'Décret n° 2.17.265 (2017) — DOMAIN.md §1.2',
  },
  /**
   * Access to information: answer within 20 working days of receipt; once, 20 more working days, when the
   * body cannot answer in time, the request is large, the information cannot be gathered in time or a third
   * party must be consulted — the requester told beforehand, in writing or by e-mail, with the reasons.
   * Loi n° 31.13, art. 16 [M for the article; S for the rule: mediateur.ma "creer_une_demande_d_information":
   * «داخل أجل لا يتعدى عشرين (20) يوما من أيام العمل ... تمديد ... لمدة مماثلة ... يتم إشعار طالب المعلومات
   * مسبقا»]. Working days as fixed by décret n° 2.05.916 [S: maghress alaoual 400133].
   */
  informationAnswer: {
    days: 20,
    kind: 'working',
    extension: { days: 20, times: 1, condition: 'notified to the requester, with reasons, before the first deadline passes' },
    from: 'receipt of the request',
    source: 'Loi n° 31.13, art. 16 — DOMAIN.md §1.1',
  },
  /**
   * Access to information, urgent (protection of the life, safety or freedom of persons): 3 days. Loi n° 31.13,
   * art. 17 [M]; [S: mediateur.ma «داخل أجل ثلاثة (3) أيام»]. Calendar days unless the Arabic text says
   * otherwise [M].
   */
  informationUrgentAnswer: {
    days: 3,
    kind: 'calendar',
    from: 'receipt of the request',
    source: 'Loi n° 31.13, art. 17 — DOMAIN.md §1.1',
  },
  /**
   * Complaint to the head of the body: within 20 working days of the end of the answer deadline, or of the
   * answer. Loi n° 31.13, art. 19 [M]; [S: mediateur.ma].
   */
  informationComplaintToHead: {
    days: 20,
    kind: 'working',
    from: 'the end of the answer deadline, or receipt of the answer',
    source: 'Loi n° 31.13, art. 19 — DOMAIN.md §1.1',
  },
  /** The head's answer to that complaint: 15 working days. Loi n° 31.13, art. 19 [M]. */
  informationHeadAnswer: {
    days: 15,
    kind: 'working',
    from: 'receipt of the complaint by the head of the body',
    source: 'Loi n° 31.13, art. 19 [M] — DOMAIN.md §1.1',
  },
  /**
   * Complaint to the CDAI (Commission du droit d'accès à l'information): within 30 days after the head's
   * answer deadline, or the head's answer [S: cdai.ma "Dépôt de plainte"; mediateur.ma].
   */
  informationComplaintToCdai: {
    days: 30,
    kind: 'calendar',
    from: "the end of the head's answer deadline, or receipt of the head's answer",
    source: 'Loi n° 31.13, art. 19–20 — DOMAIN.md §1.1',
  },
  /**
   * Administrative decisions (authorisations, licences, certificates): at most 60 days from the deposit of a
   * complete file, and for the listed decisions silence past the deadline is acceptance. Loi n° 55.19,
   * art. 16 [S: maghress ar2m 168245 quoting the Minister of the Interior's circular; mmsp.gov.ma]; calendar
   * days [M].
   */
  administrativeDecision: {
    days: 60,
    kind: 'calendar',
    from: 'deposit of the complete file (the deposit receipt)',
    source: 'Loi n° 55.19, art. 16 — DOMAIN.md §1.3',
  },
  /**
   * Administrative decisions needed for an investment project: at most 30 days. Loi n° 55.19, art. 16, and the
   * decree listing about 300 such decisions, some with shorter deadlines [S: firstnews.ma «مادته 16 التي تنص
   * على تحديد أجل قانوني أقصاه 30 يوما لمعالجة القرارات الإدارية الضرورية لإنجاز مشاريع الاستثمار»].
   */
  investmentDecision: {
    days: 30,
    kind: 'calendar',
    from: 'deposit of the complete file (the deposit receipt)',
    source: 'Loi n° 55.19, art. 16 — DOMAIN.md §1.3',
  },
} as const satisfies Record<string, LegalDeadline>;

export type LegalDeadlineName = keyof typeof LEGAL_DEADLINES;
