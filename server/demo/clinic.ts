/**
 * The demonstration clinic's set-up: rooms on the two sites, practitioners, the
 * kinds of appointment they give, and a priced catalogue. Entered by the demo
 * seed through the real use cases (createRoom, createPractitioner, createOffer…).
 */
import type { CreateOfferInput, OfferPriceInput } from "../modules/catalogue/offer.schema.ts";

/** The settings' default sites; the demo falls back to the first (and second) site when they were renamed. */
export type DemoSite = "main" | "branch";

export const DEMO_ROOMS = [
  { key: "consultation1", site: "main", name: "Salle de consultation 1" },
  { key: "consultation2", site: "main", name: "Salle de consultation 2" },
  { key: "ultrasound", site: "main", name: "Salle d'échographie" },
  { key: "delivery", site: "main", name: "Salle d'accouchement" },
  { key: "plateauA", site: "branch", name: "Salle de consultation A" },
  { key: "plateauB", site: "branch", name: "Salle de consultation B" },
] as const satisfies readonly { key: string; site: DemoSite; name: string }[];
export type RoomKey = (typeof DEMO_ROOMS)[number]["key"];

/** Days (0 = Sunday … 6 = Saturday) a practitioner consults at the branch (Plateau); the other days at the clinic. */
export const DEMO_PRACTITIONERS = [
  { key: "gynaecologist1", name: "Dr Aïssatou Diop", speciality: "Gynécologie-obstétrique", branchDays: [] },
  {
    key: "gynaecologist2",
    name: "Dr Mamadou Lamine Sarr",
    speciality: "Gynécologie-obstétrique",
    branchDays: [1, 3, 5],
  },
  { key: "paediatrician", name: "Dr Khadidiatou Sow", speciality: "Pédiatrie", branchDays: [4] },
  { key: "fertility", name: "Dr Ousmane Ba", speciality: "Fertilité", branchDays: [] },
  { key: "midwife", name: "Mme Ndèye Fatou Guèye", speciality: "Sage-femme", branchDays: [2] },
] as const satisfies readonly { key: string; name: string; speciality: string; branchDays: readonly number[] }[];
export type PractitionerKey = (typeof DEMO_PRACTITIONERS)[number]["key"];

export const practitionerSite = (key: PractitionerKey, weekday: number): DemoSite => {
  const practitioner = DEMO_PRACTITIONERS.find((p) => p.key === key);
  return practitioner && (practitioner.branchDays as readonly number[]).includes(weekday) ? "branch" : "main";
};

const CONSULTATION_ROOMS: readonly RoomKey[] = ["consultation1", "consultation2", "plateauA", "plateauB"];

/** What an appointment is for: who gives it, where, for how long, and the service it belongs to (by name). */
export const APPOINTMENT_KINDS = {
  gynaecology: {
    reason: "Consultation gynécologique",
    minutes: 30,
    service: "Gynécologie",
    practitioners: ["gynaecologist1", "gynaecologist2"],
    rooms: CONSULTATION_ROOMS,
  },
  ultrasound: {
    reason: "Échographie obstétricale",
    minutes: 30,
    service: "Gynécologie",
    practitioners: ["gynaecologist1", "gynaecologist2"],
    rooms: ["ultrasound"],
  },
  paediatrics: {
    reason: "Consultation pédiatrique",
    minutes: 30,
    service: "Pédiatrie",
    practitioners: ["paediatrician"],
    rooms: CONSULTATION_ROOMS,
  },
  fertility: {
    reason: "Bilan de fertilité",
    minutes: 45,
    service: "Fertilité",
    practitioners: ["fertility"],
    rooms: ["consultation2"],
  },
  prenatal: {
    reason: "Consultation prénatale avec la sage-femme",
    minutes: 45,
    service: "Maternité",
    practitioners: ["midwife"],
    rooms: CONSULTATION_ROOMS,
  },
  maternityVisit: {
    reason: "Visite de la maternité (Programme NEST)",
    minutes: 30,
    service: "Maternité",
    practitioners: ["midwife"],
    rooms: ["delivery"],
  },
} as const satisfies Record<
  string,
  {
    reason: string;
    minutes: number;
    service: string;
    practitioners: readonly PractitionerKey[];
    rooms: readonly RoomKey[];
  }
>;
export type AppointmentKind = keyof typeof APPOINTMENT_KINDS;

type Price = Partial<OfferPriceInput> & Pick<OfferPriceInput, "amountXof">;

/**
 * DEMONSTRATION PRICES: plausible round amounts in XOF, made up for the demo.
 * They are NOT the clinic's price sheet; the admin enters the real one.
 * The two offers seeded by the migrations (programme_nest, delivery) get prices;
 * the member rate of the delivery is flagged as an objective (procedure 1).
 */
export const DEMO_PRICES: Record<"programme_nest" | "delivery", Price[]> = {
  programme_nest: [
    { room: "single", amountXof: 950_000, label: "Suivi de grossesse et accouchement voie basse" },
    { room: "double", amountXof: 850_000, label: "Suivi de grossesse et accouchement voie basse" },
  ],
  delivery: [
    { member: true, room: "single", amountXof: 450_000, objective: true, label: "Voie basse" },
    { member: true, room: "single", amountXof: 950_000, objective: true, label: "Césarienne" },
    { member: false, room: "single", amountXof: 600_000, label: "Voie basse" },
    { member: false, room: "double", amountXof: 500_000, label: "Voie basse" },
    { member: false, room: "single", amountXof: 1_200_000, label: "Césarienne" },
    { member: false, room: "double", amountXof: 1_050_000, label: "Césarienne" },
  ],
};

/** DEMONSTRATION PRICES too (see DEMO_PRICES): offers added to the catalogue by the demo. */
export const DEMO_OFFERS: (Omit<CreateOfferInput, "prices" | "objective" | "active" | "position"> & {
  prices: Price[];
})[] = [
  {
    code: "gynaecology_consultation",
    name: "Consultation gynécologique",
    category: "consultation",
    description: "Consultation avec un gynécologue-obstétricien",
    prices: [
      { member: false, amountXof: 25_000 },
      { member: true, amountXof: 20_000 },
    ],
  },
  {
    code: "ultrasound",
    name: "Échographie",
    category: "consultation",
    description: "Échographie réalisée à la clinique",
    prices: [
      { amountXof: 30_000, label: "Obstétricale" },
      { amountXof: 25_000, label: "Pelvienne" },
      { member: true, amountXof: 25_000, label: "Obstétricale" },
    ],
  },
  {
    code: "paediatric_consultation",
    name: "Consultation pédiatrique",
    category: "paediatrics",
    description: "Consultation avec le pédiatre (vaccins non compris)",
    prices: [
      { member: false, amountXof: 20_000 },
      { member: true, amountXof: 15_000 },
    ],
  },
  {
    code: "myomectomy",
    name: "Myomectomie",
    category: "surgery",
    description: "Chirurgie, hospitalisation comprise",
    prices: [
      { room: "single", amountXof: 1_500_000 },
      { room: "double", amountXof: 1_300_000 },
    ],
  },
  {
    code: "fertility_assessment",
    name: "Bilan de fertilité",
    category: "fertility",
    description: "Consultation, bilan hormonal et échographie",
    prices: [
      { amountXof: 150_000, label: "Bilan féminin" },
      { amountXof: 250_000, label: "Bilan du couple" },
    ],
  },
];
