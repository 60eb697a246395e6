/**
 * Turns the clinic set-up (clinic.ts) and the reception plan (reception-plan.ts)
 * into timed steps of the demo seed, each one a call to a real use case:
 * createRoom, createPractitioner, createOffer/updateOffer, bookAppointment,
 * cancelAppointment/markAttended/markNoShow, createCall, resumeCall,
 * createMessage, acknowledgeMessage, createQuote. No email is sent.
 */
import type { Ctx } from "../context.ts";
import { bookAppointmentInput, cancelAppointmentInput } from "../modules/appointments/appointment.schema.ts";
import { bookAppointment } from "../modules/appointments/book-appointment.ts";
import { cancelAppointment, markAttended, markNoShow } from "../modules/appointments/change-status.ts";
import { createCallInput, resumeCallInput } from "../modules/calls/call.schema.ts";
import { createCall } from "../modules/calls/create-call.ts";
import { resumeCall } from "../modules/calls/resume-call.ts";
import { listServices } from "../modules/calls/staff.ts";
import { listOffers } from "../modules/catalogue/list-offers.ts";
import { createOfferInput, type OfferView, updateOfferInput } from "../modules/catalogue/offer.schema.ts";
import { createOffer, updateOffer } from "../modules/catalogue/save-offer.ts";
import { createInteractionInput } from "../modules/interactions/interaction.schema.ts";
import { createInteraction } from "../modules/interactions/interactions.ts";
import { acknowledgeMessage } from "../modules/messages/acknowledge-message.ts";
import { createMessage } from "../modules/messages/create-message.ts";
import { createMessageInput } from "../modules/messages/message.schema.ts";
import { createQuote } from "../modules/quotes/create-quote.ts";
import { createQuoteInput } from "../modules/quotes/quote.schema.ts";
import { createPractitioner, listPractitioners } from "../modules/scheduling/practitioners.ts";
import { createRoom, listRooms } from "../modules/scheduling/rooms.ts";
import { createPractitionerInput, createRoomInput } from "../modules/scheduling/scheduling.schema.ts";
import {
  APPOINTMENT_KINDS,
  DEMO_OFFERS,
  DEMO_PRACTITIONERS,
  DEMO_PRICES,
  DEMO_ROOMS,
  type DemoSite,
  type PractitionerKey,
  type RoomKey,
} from "./clinic.ts";
import type { GeneratedPerson } from "./generator.ts";
import type { PlannedCall, ReceptionPlan } from "./reception-plan.ts";

export interface Step {
  at: number;
  /** Of one instant: creation before interactions before temperature changes, a call before its booking… */
  order: number;
  run: () => Promise<void>;
}

/** The ids the people steps gave the generated records and interactions. */
export interface SeededPeople {
  personId(person: GeneratedPerson): string;
  interactionId(person: GeneratedPerson, index: number): string;
}

const Order = { setup: -1, call: 3, followUp: 4, booking: 5, outcome: 6, quote: 7 } as const;

/** The steps of the clinic set-up (at `setupAt`, before any record) and of the reception plan. */
export function receptionSteps(
  demo: Ctx,
  plan: ReceptionPlan,
  seeded: SeededPeople,
  options: { setupAt: number; sites: Record<DemoSite, string> },
): Step[] {
  const roomIds = new Map<RoomKey, string>();
  const practitionerIds = new Map<PractitionerKey, string>();
  const serviceIds = new Map<string, string>();
  const offers = new Map<string, OfferView>();
  const calls = new Map<PlannedCall, { id: string; version: number }>();
  const messages = new Map<PlannedCall, { id: string; version: number }>();
  const serviceId = (name: string) => serviceIds.get(name) ?? [...serviceIds.values()][0] ?? null;

  const steps: Step[] = [
    {
      at: options.setupAt,
      order: Order.setup,
      run: async () => {
        // What an admin already entered is kept: same-named rooms and practitioners are reused,
        // an offer that has prices keeps them, an offer whose code exists is not added again.
        const rooms = await listRooms(demo, {});
        for (const [i, room] of DEMO_ROOMS.entries()) {
          const site = options.sites[room.site];
          const existing = rooms.find((r) => r.site === site && r.name === room.name && r.active);
          const created =
            existing ?? (await createRoom(demo, createRoomInput.parse({ site, name: room.name, position: i + 1 })));
          roomIds.set(room.key, created.id);
        }
        const practitioners = await listPractitioners(demo);
        for (const practitioner of DEMO_PRACTITIONERS) {
          const existing = practitioners.find((p) => p.name === practitioner.name && p.active);
          const created =
            existing ??
            (await createPractitioner(
              demo,
              createPractitionerInput.parse({ name: practitioner.name, speciality: practitioner.speciality }),
            ));
          practitionerIds.set(practitioner.key, created.id);
        }
        for (const service of (await listServices(demo)).services) serviceIds.set(service.name, service.id);
        const existing = await listOffers(demo, {});
        for (const offer of existing) offers.set(offer.code, offer);
        for (const [code, prices] of Object.entries(DEMO_PRICES)) {
          const offer = existing.find((o) => o.code === code);
          if (!offer || offer.prices.length > 0) continue;
          offers.set(
            code,
            await updateOffer(demo, offer.id, updateOfferInput.parse({ version: offer.version, prices })),
          );
        }
        for (const [i, offer] of DEMO_OFFERS.entries()) {
          if (offers.has(offer.code)) continue;
          offers.set(
            offer.code,
            await createOffer(demo, createOfferInput.parse({ ...offer, position: existing.length + i + 1 })),
          );
        }
      },
    },
  ];

  for (const call of plan.calls) {
    steps.push({
      at: call.loggedAt,
      order: Order.call,
      run: async () => {
        let interactionId: string | null = null;
        if (call.person && call.interaction) {
          if ("extra" in call.interaction) {
            const { extra } = call.interaction;
            const created = await createInteraction(
              demo,
              call.person.kind,
              seeded.personId(call.person),
              createInteractionInput.parse({
                ...extra,
                occurredAt: new Date(call.receivedAt).toISOString(),
                motive: extra.channel === "visit" ? "visit_information" : "phone_information",
              }),
            );
            interactionId = created.id;
          } else {
            interactionId = seeded.interactionId(call.person, call.interaction.index);
          }
        }
        const line = await createCall(
          demo,
          createCallInput.parse({
            channel: call.channel,
            receivedAt: new Date(call.receivedAt).toISOString(),
            phone: call.phone,
            callerName: call.callerName,
            request: call.request,
            cameBefore: call.cameBefore,
            personId: call.person ? seeded.personId(call.person) : null,
            interactionId,
            outcome: call.outcome,
            transferServiceId: call.transferService ? serviceId(call.transferService) : null,
            holdSeconds: call.holdSeconds,
          }),
        );
        calls.set(call, { id: line.id, version: line.version });
        if (call.message) {
          const message = await createMessage(
            demo,
            createMessageInput.parse({
              forServiceId: serviceId(call.message.service),
              callId: line.id,
              callerName: call.callerName,
              callerPhone: call.phone,
              personId: call.person ? seeded.personId(call.person) : null,
              body: call.message.body,
            }),
          );
          messages.set(call, { id: message.id, version: message.version });
        }
      },
    });
    const acknowledgedAt = call.message?.acknowledgedAt ?? null;
    if (acknowledgedAt !== null) {
      steps.push({
        at: acknowledgedAt,
        order: Order.followUp,
        run: async () => {
          const message = messages.get(call);
          if (!message) throw new Error("demo message was not taken");
          await acknowledgeMessage(demo, message.id, { version: message.version });
        },
      });
    }
    const { resume } = call;
    if (resume) {
      steps.push({
        at: resume.at,
        order: Order.followUp,
        run: async () => {
          const line = calls.get(call);
          if (!line) throw new Error("demo call was not logged");
          await resumeCall(
            demo,
            line.id,
            resumeCallInput.parse({
              version: line.version,
              outcome: resume.outcome,
              notes: resume.note,
              transferServiceId: resume.transferService ? serviceId(resume.transferService) : null,
            }),
          );
        },
      });
    }
  }

  for (const appointment of plan.appointments) {
    let booked: { id: string; version: number } | null = null;
    const kind = APPOINTMENT_KINDS[appointment.kind];
    steps.push({
      at: appointment.bookedAt,
      order: Order.booking,
      run: async () => {
        const call = appointment.call ? calls.get(appointment.call) : undefined;
        booked = await bookAppointment(
          demo,
          bookAppointmentInput.parse({
            personId: seeded.personId(appointment.person),
            site: options.sites[appointment.site],
            roomId: roomIds.get(appointment.room),
            practitionerId: practitionerIds.get(appointment.practitioner),
            serviceId: serviceIds.get(kind.service) ?? null,
            startsAt: new Date(appointment.startsAt).toISOString(),
            durationMinutes: appointment.minutes,
            reason: kind.reason,
            callId: call?.id ?? null,
            acceptClash: false,
          }),
        );
      },
    });
    const { outcome } = appointment;
    if (outcome) {
      steps.push({
        at: outcome.at,
        order: Order.outcome,
        run: async () => {
          if (!booked) throw new Error("demo appointment was not booked");
          const { id, version } = booked;
          if (outcome.status === "cancelled") {
            await cancelAppointment(demo, id, cancelAppointmentInput.parse({ version, reason: outcome.reason }));
          } else if (outcome.status === "attended") {
            await markAttended(demo, id, { version });
          } else {
            await markNoShow(demo, id, { version });
          }
        },
      });
    }
  }

  for (const quote of plan.quotes) {
    steps.push({
      at: quote.at,
      order: Order.quote,
      run: async () => {
        const offer = offers.get(quote.offer);
        const price = offer?.prices.find(
          (p) => p.member === quote.price.member && p.room === quote.price.room && p.label === quote.price.label,
        );
        if (!price) return;
        await createQuote(
          demo,
          createQuoteInput.parse({
            personId: seeded.personId(quote.person),
            channel: quote.channel,
            notes: quote.notes,
            lines: [{ offerPriceId: price.id, quantity: 1 }],
          }),
        );
      },
    });
  }
  return steps;
}
