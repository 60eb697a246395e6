import type { z } from "zod";
import type {
  AppointmentStatus,
  appointmentPageSchema,
  appointmentSchema,
  bookAppointmentInput,
  clashSchema,
  planningItemSchema,
  planningSchema,
  updateAppointmentInput,
} from "../../../server/modules/appointments/appointment.schema.ts";
import type {
  clinicServiceSchema,
  createPractitionerInput,
  createRoomInput,
  createServiceInput,
  practitionerSchema,
  roomSchema,
  updatePractitionerInput,
  updateRoomInput,
  updateServiceInput,
} from "../../../server/modules/scheduling/scheduling.schema.ts";
import { api } from "./client.ts";

/** Appointments, the room planning, rooms, practitioners and services (types inferred from the server's schemas). */
export type Appointment = z.infer<typeof appointmentSchema>;
export type AppointmentPage = z.infer<typeof appointmentPageSchema>;
export type { AppointmentStatus };
export type Clash = z.infer<typeof clashSchema>;
export type Planning = z.infer<typeof planningSchema>;
export type PlanningItem = z.infer<typeof planningItemSchema>;
export type BookAppointmentInput = z.input<typeof bookAppointmentInput>;
export type UpdateAppointmentInput = z.input<typeof updateAppointmentInput>;
export type Room = z.infer<typeof roomSchema>;
export type Practitioner = z.infer<typeof practitionerSchema>;
/** A service as the admin endpoints return it; GET /api/services (calls module) may give fewer fields. */
export type ClinicService = z.infer<typeof clinicServiceSchema>;
export type ServiceListItem = Pick<ClinicService, "id" | "name" | "greetingName" | "active"> &
  Partial<Pick<ClinicService, "position" | "version">>;

export interface AppointmentQuery {
  site?: string;
  from?: string;
  to?: string;
  personId?: string;
  status?: AppointmentStatus;
  roomId?: string;
  practitionerId?: string;
  order?: "asc" | "desc";
  page?: number;
  pageSize?: number;
}

export const schedulingKeys = {
  /** Every cached answer about appointments and the planning: invalidated after any appointment write. */
  appointments: ["appointments"] as const,
  appointmentList: (query: AppointmentQuery) => ["appointments", "list", query] as const,
  appointment: (id: string) => ["appointments", "one", id] as const,
  planning: (site: string, from: string, days: number) => ["appointments", "planning", site, from, days] as const,
  rooms: ["scheduling", "rooms"] as const,
  practitioners: ["scheduling", "practitioners"] as const,
  services: ["scheduling", "services"] as const,
  servicesAdmin: ["scheduling", "services", "admin"] as const,
};

const path = (base: string, id: string, suffix = "") => `${base}/${encodeURIComponent(id)}${suffix}`;

// --- appointments
export const listAppointments = (query: AppointmentQuery) =>
  api<AppointmentPage>("GET", "/api/appointments", { query: { ...query } });
export const fetchAppointment = (id: string) => api<Appointment>("GET", path("/api/appointments", id));
export const bookAppointment = (input: BookAppointmentInput) =>
  api<Appointment>("POST", "/api/appointments", { body: input });
export const updateAppointment = (id: string, input: UpdateAppointmentInput) =>
  api<Appointment>("PATCH", path("/api/appointments", id), { body: input });
export const cancelAppointment = (id: string, input: { version: number; reason: string }) =>
  api<Appointment>("POST", path("/api/appointments", id, "/cancel"), { body: input });
export const markAttended = (id: string, version: number) =>
  api<Appointment>("POST", path("/api/appointments", id, "/attended"), { body: { version } });
export const markNoShow = (id: string, version: number) =>
  api<Appointment>("POST", path("/api/appointments", id, "/no-show"), { body: { version } });
export const fetchPlanning = (site: string, from: string, days: number) =>
  api<Planning>("GET", "/api/planning", { query: { site, from, days } });

// --- rooms, practitioners, services
export const listRooms = () => api<Room[]>("GET", "/api/rooms");
export const createRoom = (input: z.input<typeof createRoomInput>) => api<Room>("POST", "/api/rooms", { body: input });
export const updateRoom = (id: string, input: z.input<typeof updateRoomInput>) =>
  api<Room>("PATCH", path("/api/rooms", id), { body: input });
export const listPractitioners = () => api<Practitioner[]>("GET", "/api/practitioners");
export const createPractitioner = (input: z.input<typeof createPractitionerInput>) =>
  api<Practitioner>("POST", "/api/practitioners", { body: input });
export const updatePractitioner = (id: string, input: z.input<typeof updatePractitionerInput>) =>
  api<Practitioner>("PATCH", path("/api/practitioners", id), { body: input });
export const listServices = async () => (await api<{ services: ServiceListItem[] }>("GET", "/api/services")).services;
/** Every service with its version, inactive ones too (admins only). */
export const listServicesForAdmin = () => api<ClinicService[]>("GET", "/api/scheduling/services");
export const createService = (input: z.input<typeof createServiceInput>) =>
  api<ClinicService>("POST", "/api/services", { body: input });
export const updateService = (id: string, input: z.input<typeof updateServiceInput>) =>
  api<ClinicService>("PATCH", path("/api/services", id), { body: input });
