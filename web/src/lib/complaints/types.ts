// The shapes of the complaints API as web uses them. Until `api/src/complaints/complaints.schemas.ts` is
// on this branch these mirror it by hand; once it is, this file only re-exports its types and limits.
import type { Translatable } from '@jamaa/tenants/locale.ts';

export const COMPLAINT_STATES = ['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export const OPEN_STATES: readonly ComplaintState[] = ['received', 'assigned', 'in_progress'];
/** The whole submission the API takes (fields and photos). */
export const SUBMISSION_MAX_BYTES = 3 * 1024 * 1024;
export const MAX_PHOTOS = 3;
export const DESCRIPTION_MAX = 5000;
export const PHOTO_FIELD = 'photo';
export const HONEYPOT_FIELD = 'website';
export const CHANNELS = ['web', 'counter', 'phone', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

export function privateComplaintPath(locale: string, token: string): string {
  return `/${locale}/complaints/private/${token}`;
}

export interface ComplaintCategory {
  code: string;
  names: Translatable;
  deadlineDays: number;
  department: string | null;
  active: boolean;
}

export interface SubmissionResult {
  tracking: string;
  token: string;
  privatePath: string;
  dueDate: string;
  createdAt: string;
}

export interface PublicStep {
  at: string;
  kind: 'received' | 'state' | 'reply' | 'forwarded' | 'merged';
  state: ComplaintState | null;
  body: string | null;
  locale: string | null;
}

export interface PublicComplaint {
  tracking: string;
  category: string;
  state: ComplaintState;
  createdAt: string;
  dueDate: string;
  closedAt: string | null;
  overdue: boolean;
  description: string | null;
  address: string | null;
  landmark: string | null;
  latitude: number | null;
  longitude: number | null;
  supporters: number;
  mergedInto: string | null;
  forwardedTo: string | null;
  forwardReference: string | null;
  photos: { id: string; url: string }[];
  steps: PublicStep[];
}
export type PublicListItem = Omit<PublicComplaint, 'steps'>;

export interface PrivateComplaint extends PublicComplaint {
  description: string;
  channel: Channel;
  locale: string;
  anonymous: boolean;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

interface CountRow {
  received: number;
  resolved: number;
  medianDaysToResolve: number | null;
  withinDeadlineShare: number | null;
}
export interface ComplaintStatistics {
  year: number;
  total: CountRow;
  byCategory: (CountRow & { category: string })[];
  byMonth: (CountRow & { month: string })[];
}

export interface StaffEvent {
  id: string;
  at: string;
  kind: string;
  fromState: ComplaintState | null;
  toState: ComplaintState | null;
  public: boolean;
  body: string | null;
  locale: string | null;
  authorName: string | null;
  details: unknown;
}

export interface StaffComplaint {
  id: string;
  tenantId: string;
  tracking: string;
  category: string;
  description: string;
  textReviewed: boolean;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  landmark: string | null;
  anonymous: boolean;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  locale: string;
  channel: Channel;
  state: ComplaintState;
  allowedStates: ComplaintState[];
  department: string | null;
  assigneeId: string | null;
  dueDate: string;
  dueAt: string;
  overdue: boolean;
  escalated: boolean;
  mergedInto: string | null;
  forwardedTo: string | null;
  forwardReference: string | null;
  supporters: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface StaffComplaintDetail extends StaffComplaint {
  events: StaffEvent[];
  photos: { id: string; status: 'pending' | 'published' | 'hidden'; url: string }[];
}

export interface ReplyTemplate {
  id: string;
  state: ComplaintState;
  title: Translatable;
  body: Translatable;
}

export interface Open311Key {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
