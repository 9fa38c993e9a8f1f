// The shapes of the complaints API as web uses them, all inferred from the API's schemas (no API type
// written by hand in web); the limits and names, from constants.ts.
import type { z } from '@hono/zod-openapi';
import type { PublicListItemSchema, ReplyTemplateSchema, StaffPhotoSchema, StaffEventSchema, Open311KeySchema, PublicStepSchema } from '@jamaa/api/complaints/complaints.schemas.ts';
export type { ComplaintState } from '@jamaa/api/complaints/complaints.schemas.ts';
// Values: from constants.ts, which browser code may import without bundling the API's schemas (zod).
export * from './constants.ts';
export type {
  CategoryAttribute,
  ComplaintArea,
  ComplaintAnswer,
  ComplaintCategory,
  ComplaintCategoryWithQuestions,
  ComplaintStatistics,
  PrivateComplaint,
  PublicComplaint,
  StaffComplaint,
  StaffComplaintDetail,
  SubmissionResult,
} from '@jamaa/api/complaints/complaints.schemas.ts';

export type Channel = StaffComplaintType['channel'];
type StaffComplaintType = import('@jamaa/api/complaints/complaints.schemas.ts').StaffComplaint;
export type PublicStep = z.infer<typeof PublicStepSchema>;
export type PublicListItem = z.infer<typeof PublicListItemSchema>;
export type ReplyTemplate = z.infer<typeof ReplyTemplateSchema>;
export type StaffPhoto = z.infer<typeof StaffPhotoSchema>;
export type StaffEvent = z.infer<typeof StaffEventSchema>;
export type Open311Key = z.infer<typeof Open311KeySchema>;
