import { z } from '@hono/zod-openapi';

export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    channel: z.enum(['mail', 'sms']).openapi({ description: 'sms: `to` is a mobile number (E.164), `text` the SMS' }),
    to: z.string(),
    subject: z.string(),
    text: z.string().openapi({ description: 'Empty for a secret message, except held in the platform outbox for the operator' }),
    withheld: z.boolean().openapi({ description: "A resident's mail read by the operator: address and text are not shown (they are the resident's personal data)" }),
    secret: z.boolean().openapi({ description: 'Carries a link that grants access (invitation, password reset): delivered to its recipient only' }),
    status: z.enum(['pending', 'sent', 'failed', 'held']).openapi({ description: 'held: written with no mail server configured, never sent' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxMessage');

export const OutboxSchema = z.object({ messages: z.array(OutboxMessageSchema) }).openapi('Outbox');

export type OutboxView = z.infer<typeof OutboxSchema>;
