import type { Role } from "../../shared/roles.ts";
import type { Ctx } from "../context.ts";
import { createPatient, createProspect } from "../modules/people/create-person.ts";
import type { CreatePatientInput, CreateProspectInput } from "../modules/people/person.schema.ts";
import { createUser } from "../modules/users/create-user.ts";

let sequence = 0;

/** A user with sensible defaults; override what the test is about. */
export async function buildUser(
  ctx: Ctx,
  overrides: Partial<{
    email: string;
    firstName: string;
    lastName: string;
    role: Role;
    password: string;
    mustChangePassword: boolean;
  }> = {},
) {
  sequence += 1;
  return createUser(
    ctx,
    {
      email: overrides.email ?? `user${sequence}@nest.sn`,
      firstName: overrides.firstName ?? "Awa",
      lastName: overrides.lastName ?? `Diop${sequence}`,
      role: overrides.role ?? "reception",
      password: overrides.password ?? "motdepasse-de-test",
    },
    { mustChangePassword: overrides.mustChangePassword ?? false },
  );
}

let phoneSequence = 1_000_000;

/** A prospect with the minimum of procedure 2 (a fresh Senegalese mobile number each time); override what matters. */
export async function buildProspect(ctx: Ctx, overrides: Partial<CreateProspectInput> = {}) {
  phoneSequence += 1;
  const { person } = await createProspect(ctx, {
    lastName: "Diop",
    firstName: "Coumba",
    birthDate: "1990-05-12",
    phones: [`77${String(phoneSequence).padStart(7, "0")}`],
    origin: "phone",
    temperature: "hot",
    confirmDuplicate: true,
    ...overrides,
  });
  return person;
}

/** The body of `POST /api/prospects` as the reception form sends it (one fixed phone); override what matters. */
export const prospectRequest = (overrides: Record<string, unknown> = {}) => ({
  lastName: "Ndiaye",
  firstName: "Fatou",
  birthDate: "1995-04-03",
  phones: ["77 804 36 66"],
  origin: "event",
  ...overrides,
});

/** A patient as the EHR export gives it. */
export async function buildPatient(ctx: Ctx, overrides: Partial<CreatePatientInput> = {}) {
  phoneSequence += 1;
  const { person } = await createPatient(ctx, {
    lastName: "Sarr",
    firstName: "Awa",
    birthDate: "1988-01-20",
    phones: [`76${String(phoneSequence).padStart(7, "0")}`],
    ehrNumber: `NEST-${phoneSequence}`,
    ehrCreatedOn: "2026-01-15",
    confirmDuplicate: true,
    ...overrides,
  });
  return person;
}
