import { addCalendarDays } from "../../shared/days.ts";
import { clinicDay } from "../clinic-calendar.ts";
import type { ManualClock } from "../clock.ts";
import type { Ctx } from "../context.ts";
import { recordDelivery } from "../modules/births/deliveries.ts";
import { startPathway } from "../modules/pathways/start-pathway.ts";
import { recordDose } from "../modules/vaccinations/doses.ts";

/** Days before the demo's today of each pregnancy's DDR: one at 36 SA + 0 today (the week-36 call), others before. */
const PREGNANCIES_DDR_DAYS_AGO = [252, 245, 200, 150, 90, 60];

/**
 * Procedure 5 in the demonstration (issue 15): pregnancies at several terms — one reaches 36 SA today, so the
 * next follow-up run makes its call —, and a mother delivered of twins at NEST 20 days ago, discharged 8 days
 * ago (her 10-day call is due in 2 days), the twins in paediatrics with their birth doses given, so their
 * calendars show the 6-week doses coming. Through the use cases, as staff would enter them, at `asOf`.
 * `patients` are the demo's patient records (the first ones are used); returns how many records it touched.
 */
export async function seedFollowUp(
  demo: Ctx,
  clock: ManualClock,
  asOf: Date,
  timeZone: string,
  patients: { id: string; lastName: string }[],
): Promise<{ pregnancies: number; deliveries: number; children: number }> {
  clock.set(asOf);
  const today = clinicDay(asOf, timeZone);
  const pregnant = patients.slice(0, PREGNANCIES_DDR_DAYS_AGO.length);
  for (const [i, patient] of pregnant.entries()) {
    const ddr = addCalendarDays(today, -(PREGNANCIES_DDR_DAYS_AGO[i] ?? 100));
    await startPathway(demo, patient.id, { type: "pregnancy", ddr, startedOn: addCalendarDays(ddr, 56) });
  }
  const mother = patients[PREGNANCIES_DDR_DAYS_AGO.length];
  if (!mother) return { pregnancies: pregnant.length, deliveries: 0, children: 0 };
  const born = addCalendarDays(today, -20);
  await startPathway(demo, mother.id, {
    type: "pregnancy",
    ddr: addCalendarDays(born, -275),
    startedOn: addCalendarDays(born, -200),
  });
  const delivery = await recordDelivery(demo, mother.id, {
    deliveredOn: born,
    place: "nest",
    mode: "cesarean",
    dischargedOn: addCalendarDays(today, -8),
    babies: [
      { firstName: "Awa", lastName: mother.lastName, sex: "female" },
      { firstName: "Adama", lastName: mother.lastName, sex: "male" },
    ],
  });
  for (const child of delivery.children) {
    for (const [vaccine, dose] of [
      ["BCG", 1],
      ["VPO", 0],
    ] as const) {
      await recordDose(demo, child.id, { vaccine, dose, givenOn: born, place: "nest" });
    }
  }
  return { pregnancies: pregnant.length + 1, deliveries: 1, children: delivery.children.length };
}
