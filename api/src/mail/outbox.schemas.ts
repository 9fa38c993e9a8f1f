import { z } from '@hono/zod-openapi';

export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxMessage');

export const OutboxSchema = z.object({ messages: z.array(OutboxMessageSchema) }).openapi('Outbox');

export type OutboxView = z.infer<typeof OutboxSchema>;
