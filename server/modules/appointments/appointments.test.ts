import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appointmentEvents, auditEvents, people } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { createPractitioner } from "../scheduling/practitioners.ts";
import { createRoom, updateRoom } from "../scheduling/rooms.ts";

// Dakar is UTC+0 all year: 09:00Z is 09:00 at the clinic.
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

let roomCount = 0;
async function room(site = "CLINIQUE") {
  roomCount += 1;
  return createRoom(t.current.system, { site, name: `Salle ${roomCount}`, position: roomCount });
}
const doctor = (name = "Dr Aminata Fall") => createPractitioner(t.current.system, { name, speciality: "Gynécologie" });

async function book(client: Client, body: Record<string, unknown>) {
  return client.request("POST", "/api/appointments", { site: "CLINIQUE", ...body });
}

describe("booking", () => {
  it("books an appointment with room, practitioner, duration, and records the event and the audit", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system, { lastName: "Ndiaye", firstName: "Fatou" });
    const r = await room();
    const dr = await doctor();
    const response = await book(reception, {
      personId: prospect.id,
      roomId: r.id,
      practitionerId: dr.id,
      startsAt: "2026-03-05T10:00:00Z",
      durationMinutes: 30,
      reason: "Première consultation gynécologie",
    });
    expect(response.statusCode, response.body).toBe(201);
    const appointment = response.json();
    expect(appointment).toMatchObject({
      personId: prospect.id,
      person: { id: prospect.id, kind: "prospect", lastName: "Ndiaye", firstName: "Fatou" },
      site: "CLINIQUE",
      room: { id: r.id, name: r.name },
      practitioner: { id: dr.id, name: "Dr Aminata Fall" },
      startsAt: "2026-03-05T10:00:00.000Z",
      endsAt: "2026-03-05T10:30:00.000Z",
      status: "scheduled",
      clashAccepted: false,
      createdAt: "2026-03-02T09:00:00.000Z",
      createdBy: { id: reception.userId },
      version: 1,
    });
    expect(appointment.person.phones).toHaveLength(1);
    expect(appointment.events).toEqual([
      expect.objectContaining({ kind: "booked", toStartsAt: "2026-03-05T10:00:00.000Z", by: expect.any(Object) }),
    ]);
    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, appointment.id), eq(auditEvents.action, "appointment.book")));
    expect(audit).toHaveLength(1);

    const fetched = (await reception.request("GET", `/api/appointments/${appointment.id}`)).json();
    expect(fetched).toMatchObject({ id: appointment.id, events: [{ kind: "booked" }] });
    const list = (await reception.request("GET", `/api/appointments?personId=${prospect.id}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0].id).toBe(appointment.id);
  });

  it("refuses an end before the start (400 naming endsAt)", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const response = await book(reception, {
      personId: prospect.id,
      startsAt: "2026-03-05T10:00:00Z",
      endsAt: "2026-03-05T10:00:00Z",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe("endsAt");
  });

  it("refuses a room of another site (400 naming roomId) and an inactive room", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const plateau = await room("PLATEAU");
    const other = await book(reception, {
      personId: prospect.id,
      roomId: plateau.id,
      startsAt: "2026-03-05T10:00:00Z",
      durationMinutes: 30,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: "room_other_site", details: { issues: [{ field: "roomId" }] } });

    const closed = await room();
    await updateRoom(t.current.system, closed.id, { version: 1, active: false });
    const inactive = await book(reception, {
      personId: prospect.id,
      roomId: closed.id,
      startsAt: "2026-03-05T10:00:00Z",
      durationMinutes: 30,
    });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json().error.code).toBe("room_inactive");
  });

  it("refuses an unknown site, an unknown person and a merged record", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const site = await reception.request("POST", "/api/appointments", {
      site: "DAKAR",
      personId: prospect.id,
      startsAt: "2026-03-05T10:00:00Z",
      durationMinutes: 30,
    });
    expect([site.statusCode, site.json().error.details.issues[0].field]).toEqual([400, "site"]);
    const missing = await book(reception, {
      personId: "00000000-0000-4000-8000-000000000000",
      startsAt: "2026-03-05T10:00:00Z",
      durationMinutes: 30,
    });
    expect([missing.statusCode, missing.json().error.details.issues[0].field]).toEqual([404, "personId"]);
    const kept = await buildProspect(t.current.system);
    await t.current.services.database.db
      .update(people)
      .set({ mergedIntoId: kept.id })
      .where(eq(people.id, prospect.id));
    const merged = await book(reception, {
      personId: prospect.id,
      startsAt: "2026-03-05T10:00:00Z",
      durationMinutes: 30,
    });
    expect([merged.statusCode, merged.json().error.code]).toEqual([422, "person_merged"]);
  });

  it("is refused to a viewer (403)", async () => {
    const viewer = await t.current.signIn("viewer");
    const prospect = await buildProspect(t.current.system);
    const response = await book(viewer, {
      personId: prospect.id,
      startsAt: "2026-03-05T10:00:00Z",
      durationMinutes: 30,
    });
    expect(response.statusCode).toBe(403);
    expect((await viewer.request("GET", "/api/appointments")).statusCode).toBe(200);
  });
});

describe("clashes", () => {
  it("refuses an overlap in the same room with the list of clashes, books it with acceptClash and flags it", async () => {
    const reception = await t.current.signIn("reception");
    const first = await buildProspect(t.current.system, { lastName: "Sow", firstName: "Mariama" });
    const second = await buildPatient(t.current.system);
    const r = await room();
    const booked = await book(reception, {
      personId: first.id,
      roomId: r.id,
      startsAt: "2026-03-06T10:00:00Z",
      endsAt: "2026-03-06T11:00:00Z",
    });
    expect(booked.statusCode).toBe(201);
    const clash = await book(reception, {
      personId: second.id,
      roomId: r.id,
      startsAt: "2026-03-06T10:30:00Z",
      durationMinutes: 60,
    });
    expect(clash.statusCode).toBe(409);
    const error = clash.json().error;
    expect(error.code).toBe("appointment_clash");
    expect(error.message).toMatch(/^Conflit de planning/);
    expect(error.details.clashes).toEqual([
      expect.objectContaining({
        id: booked.json().id,
        startsAt: "2026-03-06T10:00:00.000Z",
        endsAt: "2026-03-06T11:00:00.000Z",
        room: { id: r.id, name: r.name },
        personName: "Sow Mariama",
        sameRoom: true,
        samePractitioner: false,
      }),
    ]);
    const forced = await book(reception, {
      personId: second.id,
      roomId: r.id,
      startsAt: "2026-03-06T10:30:00Z",
      durationMinutes: 60,
      acceptClash: true,
    });
    expect(forced.statusCode).toBe(201);
    expect(forced.json().clashAccepted).toBe(true);
  });

  it("refuses an overlap with the same practitioner in another room", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const dr = await doctor("Dr Ousmane Ba");
    await book(reception, {
      personId: prospect.id,
      roomId: (await room()).id,
      practitionerId: dr.id,
      startsAt: "2026-03-06T14:00:00Z",
      durationMinutes: 30,
    });
    const clash = await book(reception, {
      personId: prospect.id,
      roomId: (await room()).id,
      practitionerId: dr.id,
      startsAt: "2026-03-06T14:15:00Z",
      durationMinutes: 30,
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details.clashes[0]).toMatchObject({
      practitioner: { id: dr.id, name: "Dr Ousmane Ba" },
      samePractitioner: true,
      sameRoom: false,
    });
  });

  it("does not see a clash between touching intervals, nor with a cancelled appointment", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const r = await room();
    const a = await book(reception, {
      personId: prospect.id,
      roomId: r.id,
      startsAt: "2026-03-09T10:00:00Z",
      endsAt: "2026-03-09T10:30:00Z",
    });
    const b = await book(reception, {
      personId: prospect.id,
      roomId: r.id,
      startsAt: "2026-03-09T10:30:00Z",
      endsAt: "2026-03-09T11:00:00Z",
    });
    expect(b.statusCode).toBe(201);
    expect(b.json().clashAccepted).toBe(false);
    await reception.request("POST", `/api/appointments/${a.json().id}/cancel`, { version: 1, reason: "Empêchement" });
    const c = await book(reception, {
      personId: prospect.id,
      roomId: r.id,
      startsAt: "2026-03-09T10:00:00Z",
      endsAt: "2026-03-09T10:30:00Z",
    });
    expect(c.statusCode).toBe(201);
    expect(c.json().clashAccepted).toBe(false);
  });
});

describe("concurrent bookings", () => {
  it("of one slot in one room book one and refuse the other", async () => {
    const reception = await t.current.signIn("reception");
    const secretary = await t.current.signIn("crm_secretary");
    const prospect = await buildProspect(t.current.system);
    const r = await room();
    const slot = { personId: prospect.id, roomId: r.id, startsAt: "2026-03-13T10:00:00Z", durationMinutes: 30 };
    const responses = await Promise.all([book(reception, slot), book(secretary, slot)]);
    expect(responses.map((x) => x.statusCode).sort()).toEqual([201, 409]);
  });
});

describe("moving", () => {
  it("records where it was and where it goes, keeps the duration, checks clashes again", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const r = await room();
    const other = await book(reception, {
      personId: prospect.id,
      roomId: r.id,
      startsAt: "2026-03-10T09:00:00Z",
      durationMinutes: 30,
    });
    const appointment = (
      await book(reception, {
        personId: prospect.id,
        roomId: r.id,
        startsAt: "2026-03-10T11:00:00Z",
        durationMinutes: 45,
      })
    ).json();
    const moved = await reception.request("PATCH", `/api/appointments/${appointment.id}`, {
      version: 1,
      startsAt: "2026-03-11T15:00:00Z",
      moveReason: "La patiente préfère l'après-midi",
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      startsAt: "2026-03-11T15:00:00.000Z",
      endsAt: "2026-03-11T15:45:00.000Z",
      version: 2,
    });
    expect(moved.json().events.at(-1)).toMatchObject({
      kind: "moved",
      fromStartsAt: "2026-03-10T11:00:00.000Z",
      toStartsAt: "2026-03-11T15:00:00.000Z",
      reason: "La patiente préfère l'après-midi",
      by: { id: reception.userId },
    });
    const rows = await t.current.services.database.db
      .select()
      .from(appointmentEvents)
      .where(eq(appointmentEvents.appointmentId, appointment.id));
    expect(rows.map((e) => e.kind)).toEqual(["booked", "moved"]);

    const clash = await reception.request("PATCH", `/api/appointments/${appointment.id}`, {
      version: 2,
      startsAt: "2026-03-10T09:15:00Z",
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details.clashes[0].id).toBe(other.json().id);

    const stale = await reception.request("PATCH", `/api/appointments/${appointment.id}`, {
      version: 1,
      notes: "x",
    });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version_conflict"]);

    // Notes only: an edit, not a move (no clash check, the slot stays).
    const edited = await reception.request("PATCH", `/api/appointments/${appointment.id}`, {
      version: 2,
      notes: "Apporter les échographies",
    });
    expect(edited.json()).toMatchObject({ notes: "Apporter les échographies", version: 3 });
    expect(edited.json().events.at(-1)).toMatchObject({ kind: "edited" });
    const audit = await t.current.services.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, appointment.id));
    expect(audit.map((a) => a.action)).toEqual(["appointment.book", "appointment.move", "appointment.update"]);
  });
});

describe("cancelling, attended, no-show", () => {
  it("cancels with a reason, keeping who and when; a cancelled one cannot be cancelled again", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const appointment = (
      await book(reception, { personId: prospect.id, startsAt: "2026-03-12T10:00:00Z", durationMinutes: 30 })
    ).json();
    const noReason = await reception.request("POST", `/api/appointments/${appointment.id}/cancel`, { version: 1 });
    expect(noReason.statusCode).toBe(400);
    t.current.clock.set("2026-03-02T09:45:00Z");
    const cancelled = await reception.request("POST", `/api/appointments/${appointment.id}/cancel`, {
      version: 1,
      reason: "La patiente a un empêchement",
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: "cancelled",
      cancelledAt: "2026-03-02T09:45:00.000Z",
      cancelledBy: { id: reception.userId },
      cancelReason: "La patiente a un empêchement",
      version: 2,
    });
    expect(cancelled.json().events.at(-1)).toMatchObject({ kind: "cancelled", reason: "La patiente a un empêchement" });
    const again = await reception.request("POST", `/api/appointments/${appointment.id}/cancel`, {
      version: 2,
      reason: "x",
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, "appointment_not_scheduled"]);
    t.current.clock.set("2026-03-02T09:00:00Z");
  });

  it("marks attended or no-show only once the start has passed, and only from scheduled", async () => {
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system);
    const a = (
      await book(reception, { personId: prospect.id, startsAt: "2026-03-02T10:00:00Z", durationMinutes: 30 })
    ).json();
    const b = (
      await book(reception, { personId: prospect.id, startsAt: "2026-03-02T11:00:00Z", durationMinutes: 30 })
    ).json();
    const early = await reception.request("POST", `/api/appointments/${a.id}/attended`, { version: 1 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("appointment_not_started");
    expect(early.json().error.message).toMatch(/pas encore commencé/);

    t.current.clock.set("2026-03-02T10:05:00Z");
    const attended = await reception.request("POST", `/api/appointments/${a.id}/attended`, { version: 1 });
    expect(attended.json()).toMatchObject({ status: "attended", version: 2 });
    expect((await reception.request("POST", `/api/appointments/${a.id}/no-show`, { version: 2 })).statusCode).toBe(409);
    expect((await reception.request("POST", `/api/appointments/${b.id}/no-show`, { version: 1 })).statusCode).toBe(409);

    t.current.clock.set("2026-03-02T11:30:00Z");
    const missed = await reception.request("POST", `/api/appointments/${b.id}/no-show`, { version: 1 });
    expect(missed.json()).toMatchObject({ status: "no_show" });
    expect(missed.json().events.map((e: { kind: string }) => e.kind)).toEqual(["booked", "no_show"]);
    const audit = await t.current.services.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, b.id));
    expect(audit.map((x) => x.action)).toEqual(["appointment.book", "appointment.no_show"]);
    const move = await reception.request("PATCH", `/api/appointments/${b.id}`, {
      version: 2,
      startsAt: "2026-03-20T10:00:00Z",
    });
    expect(move.statusCode).toBe(409);

    const list = (await reception.request("GET", `/api/appointments?personId=${prospect.id}&status=no_show`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    t.current.clock.set("2026-03-02T09:00:00Z");
  });
});

describe("the room occupancy planning", () => {
  it("shows a day per room in Africa/Dakar with clashes flagged, and a week of 7 days", async () => {
    const admin = await t.current.signIn("admin");
    const reception = await t.current.signIn("reception");
    const viewer = await t.current.signIn("viewer");
    const prospect = await buildProspect(t.current.system, { lastName: "Faye", firstName: "Ndèye" });
    const roomA = (await admin.request("POST", "/api/rooms", { site: "PLATEAU", name: "A", position: 1 })).json();
    const roomB = (await admin.request("POST", "/api/rooms", { site: "PLATEAU", name: "B", position: 2 })).json();
    const at = (startsAt: string, roomId: string, extra: Record<string, unknown> = {}) =>
      book(reception, { site: "PLATEAU", personId: prospect.id, roomId, startsAt, durationMinutes: 60, ...extra });
    const first = (await at("2026-04-06T09:00:00Z", roomA.id)).json();
    const second = (await at("2026-04-06T09:30:00Z", roomA.id, { acceptClash: true })).json();
    const alone = (await at("2026-04-06T23:30:00Z", roomB.id)).json();
    const nextDay = (await at("2026-04-07T00:00:00Z", roomA.id)).json();
    const cancelled = (await at("2026-04-06T14:00:00Z", roomB.id)).json();
    await reception.request("POST", `/api/appointments/${cancelled.id}/cancel`, { version: 1, reason: "Annulé" });

    const day = await viewer.request("GET", "/api/planning?site=PLATEAU&from=2026-04-06&days=1");
    expect(day.statusCode, day.body).toBe(200);
    const planning = day.json();
    expect(planning).toMatchObject({ site: "PLATEAU", timeZone: "Africa/Dakar" });
    expect(planning.days).toHaveLength(1);
    const [monday] = planning.days;
    expect(monday.date).toBe("2026-04-06");
    // Every active room of the site, in their order (other tests' rooms too).
    const ours = monday.rooms.filter((r: { room: { id: string } }) => [roomA.id, roomB.id].includes(r.room.id));
    expect(ours.map((r: { room: { name: string } }) => r.room.name)).toEqual(["A", "B"]);
    const [a, b] = ours;
    expect(a.appointments.map((x: { id: string; clash: boolean }) => [x.id, x.clash])).toEqual([
      [first.id, true],
      [second.id, true],
    ]);
    expect(a.appointments[0]).toMatchObject({ person: { lastName: "Faye", firstName: "Ndèye" }, status: "scheduled" });
    expect(b.appointments.map((x: { id: string; clash: boolean }) => [x.id, x.clash])).toEqual([[alone.id, false]]);

    const week = (await viewer.request("GET", "/api/planning?site=PLATEAU&from=2026-04-06&days=7")).json();
    expect(week.days.map((d: { date: string }) => d.date)).toEqual([
      "2026-04-06",
      "2026-04-07",
      "2026-04-08",
      "2026-04-09",
      "2026-04-10",
      "2026-04-11",
      "2026-04-12",
    ]);
    const tuesdayA = week.days[1].rooms.find((r: { room: { id: string } }) => r.room.id === roomA.id);
    expect(tuesdayA.appointments.map((x: { id: string }) => x.id)).toEqual([nextDay.id]);

    const bad = await viewer.request("GET", "/api/planning?site=PLATEAU&from=2026-04-06&days=8");
    expect(bad.statusCode).toBe(400);
    const unknown = await viewer.request("GET", "/api/planning?site=NOWHERE&from=2026-04-06");
    expect(unknown.statusCode).toBe(400);

    const listed = (await viewer.request("GET", "/api/appointments?site=PLATEAU&from=2026-04-06&to=2026-04-06")).json();
    expect(listed.total).toBe(4);
  });

  it("shows an appointment across midnight on every day it occupies, one ending at midnight on its day only", async () => {
    const admin = await t.current.signIn("admin");
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system, { lastName: "Sène", firstName: "Mariama" });
    const night = (await admin.request("POST", "/api/rooms", { site: "PLATEAU", name: "Nuit", position: 9 })).json();
    const at = (startsAt: string, durationMinutes: number) =>
      book(reception, { site: "PLATEAU", personId: prospect.id, roomId: night.id, startsAt, durationMinutes });
    // 22:00–08:00 (Dakar is UTC+0), then 20:00–24:00 and a whole day, 10:00 to 10:00.
    const overnight = (await at("2026-05-11T22:00:00Z", 600)).json();
    const untilMidnight = (await at("2026-05-12T20:00:00Z", 240)).json();
    const wholeDay = (await at("2026-05-13T10:00:00Z", 24 * 60)).json();

    const week = await reception.request("GET", "/api/planning?site=PLATEAU&from=2026-05-11&days=4");
    expect(week.statusCode, week.body).toBe(200);
    const inRoom = (day: { rooms: { room: { id: string }; appointments: { id: string }[] }[] }) =>
      day.rooms.find((r) => r.room.id === night.id)?.appointments.map((a) => a.id);
    expect(week.json().days.map(inRoom)).toEqual([
      [overnight.id],
      [overnight.id, untilMidnight.id],
      [wholeDay.id],
      [wholeDay.id],
    ]);

    // Asked for the next day alone, the appointment begun the evening before is there.
    const tuesday = (await reception.request("GET", "/api/planning?site=PLATEAU&from=2026-05-12&days=1")).json();
    expect(inRoom(tuesday.days[0])).toEqual([overnight.id, untilMidnight.id]);
    expect(
      tuesday.days[0].rooms.find((r: { room: { id: string } }) => r.room.id === night.id).appointments[0],
    ).toMatchObject({ startsAt: "2026-05-11T22:00:00.000Z", endsAt: "2026-05-12T08:00:00.000Z" });
  });
});
