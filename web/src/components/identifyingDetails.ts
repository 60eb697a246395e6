import type { TFunction } from "i18next";
import type { PersonSummary } from "../api/types.ts";
import { formatDate } from "./datetime.ts";
import { formatPhone } from "./phone.ts";

/** What tells two people of the same name apart in a list of results: phones, birth date, file number. */
export function identifyingDetails(t: TFunction, person: Pick<PersonSummary, "phones" | "birthDate" | "ehrNumber">) {
  return [
    person.phones.map(formatPhone).join(", "),
    person.birthDate ? t("search.born", { date: formatDate(person.birthDate) }) : null,
    person.ehrNumber ? t("search.ehrNumber", { number: person.ehrNumber }) : null,
  ].filter((detail): detail is string => Boolean(detail));
}
