import type {
  DeliveryView,
  DischargeInput,
  GuestBookInput,
  PreparationCallInput,
  PreparationCallView,
  RecordDeliveryInput,
} from "../../../server/modules/births/births.schema.ts";
import { api } from "./client.ts";

/** The birth of procedure 5: the 36 SA call's checklist, deliveries and babies, discharge, the guest book. */
export type PreparationCall = PreparationCallView;
export type Delivery = DeliveryView;
export {
  DELIVERY_MODES,
  DELIVERY_PLACES,
  MOTHERS_GROUP_NETWORKS,
  NEWSLETTER_CHANNELS,
  PLANNED_PLACES,
  WISH_ANSWERS,
} from "../../../shared/births.ts";
export type { DischargeInput, GuestBookInput, PreparationCallInput, RecordDeliveryInput };

export const birthKeys = {
  preparationCall: (pathwayId: string) => ["preparation-call", pathwayId] as const,
  deliveries: (personId: string) => ["deliveries", personId] as const,
};

const pathwayUrl = (personId: string, pathwayId: string) =>
  `/api/patients/${encodeURIComponent(personId)}/pathways/${encodeURIComponent(pathwayId)}/preparation-call`;

export const getPreparationCall = (personId: string, pathwayId: string, signal?: AbortSignal) =>
  api<{ call: PreparationCall | null }>("GET", pathwayUrl(personId, pathwayId), { signal });
export const recordPreparationCall = (personId: string, pathwayId: string, body: PreparationCallInput) =>
  api<PreparationCall>("PUT", pathwayUrl(personId, pathwayId), { body });

export const listDeliveries = (personId: string, signal?: AbortSignal) =>
  api<{ items: Delivery[] }>("GET", `/api/patients/${encodeURIComponent(personId)}/deliveries`, { signal });
export const recordDelivery = (personId: string, body: RecordDeliveryInput) =>
  api<Delivery>("POST", `/api/patients/${encodeURIComponent(personId)}/deliveries`, { body });
export const dischargeDelivery = (deliveryId: string, body: DischargeInput) =>
  api<Delivery>("POST", `/api/deliveries/${encodeURIComponent(deliveryId)}/discharge`, { body });
export const addGuestBookEntry = (deliveryId: string, body: GuestBookInput) =>
  api<Delivery>("POST", `/api/deliveries/${encodeURIComponent(deliveryId)}/guest-book`, { body });
