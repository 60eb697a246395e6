/** The catalogue's categories of offers (LUTIN), in the order the forms list them. Codes are stored. */
export const OFFER_CATEGORIES = [
  "delivery",
  "programme",
  "consultation",
  "surgery",
  "paediatrics",
  "fertility",
  "other",
] as const;
