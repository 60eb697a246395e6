import type { Person } from "../../api/types.ts";
import { useSettingsQuery } from "../../components/datetime.ts";

/**
 * Procedure 4: « Pour les prospects « Froids » le premier contact doit se terminer par une incitation à
 * chercher plus d'informations sur Nest en donnant le lien du site web et de la page Facebook. » A cold
 * prospect is never given a call task (DESIGN §3); a record merged or converted is no longer worked on.
 */
export function isColdProspect(
  person: Pick<Person, "kind" | "temperature" | "mergedIntoId" | "convertedToId"> | null,
): boolean {
  return (
    person !== null &&
    person.kind === "prospect" &&
    person.temperature === "cold" &&
    !person.mergedIntoId &&
    !person.convertedToId
  );
}

/** The clinic's name and the links given to cold prospects, from the settings (an empty link is none). */
export function useColdProspectLinks(): { clinic: string; websiteUrl: string; facebookUrl: string } {
  const settings = useSettingsQuery().data?.settings;
  return {
    clinic: settings?.clinicName ?? "NEST",
    websiteUrl: settings?.websiteUrl ?? "",
    facebookUrl: settings?.facebookUrl ?? "",
  };
}
