import { sql } from "drizzle-orm";
import { conversationSince, notDone, notTasked, type Rule, reason } from "./rule.ts";

/**
 * An SMS reply that needs a person — « 2 » / « NON » to a reminder (annulation demandée), or anything
 * Relais cannot read (a question, « je serai en retard ») — is called back by reception the day it
 * comes (the next business day when it comes on a closed day). The task closes itself when a
 * conversation with the person is recorded after the reply, or when the appointment it asked to cancel
 * was cancelled or moved meanwhile. When the record is merged into another, the reply moves with its
 * SMS: the task is closed (merged) and made again for the record kept, unless it was already done.
 */
export const smsReply: Rule = {
  id: "sms-reply",
  procedure: "Procédure 5 — Suivi des patients",
  quote: "Tous les rendez-vous sont rappelés par des envois automatiques de SMS individualisés.",
  sourceType: "sms_reply",
  assigneeRole: "reception",
  candidates: (c) => sql`
    select r.person_id, r.id::text as source_id,
           ${c.closingTimeOf(c.addBusinessDays(sql`r.received_at`, 0))} as due_at,
           null::uuid as assignee_user_id
    from sms_replies r
    where r.needs_callback and r.received_at >= ${c.windowStart(30)} and r.received_at <= ${c.asOf}
      and ${notDone(smsReply, sql`r.id`)} and ${notTasked(smsReply, sql`r.person_id`, sql`r.id`)}`,
  closures: (c) => sql`
    select t.id, case
      when r.id is null then ${reason("source_deleted")}
      when t.person_id is distinct from r.person_id then ${reason("merged")}
      when r.meaning = 'cancel_requested' and a.id is not null
        and (a.status <> 'scheduled' or a.starts_at <> r.appointment_starts_at) then ${reason("appointment_changed")}
      when t.person_id is not null and ${conversationSince(c, sql`t.person_id`, sql`r.received_at`)}
        then ${reason("called")}
    end as reason
    from follow_up_tasks t
    left join sms_replies r on r.id = t.source_id::uuid
    left join appointments a on a.id = r.appointment_id
    where t.rule = 'sms-reply' and t.status = 'open'`,
};
