import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { checkDuplicates, type DuplicateProbe, queryKeys } from "../../../api/endpoints.ts";
import type { DuplicateMatch } from "../../../api/types.ts";
import { digitCount } from "../../../components/phone.ts";
import type { PersonFormValues } from "../personForm.ts";

/** Fewer digits cannot be a whole number yet (Senegal's have 9). */
const PHONE_MIN_DIGITS = 8;

/**
 * "Déjà venue à NEST ?": the existing prospects and patients with one of the
 * typed phones, or the same names and birth date, asked as the user types.
 */
export function useDuplicateCheck(values: PersonFormValues): DuplicateMatch[] {
  const probeKey = useMemo(() => {
    const probe: DuplicateProbe = {};
    const phones = values.phones.map((p) => p.trim()).filter((p) => digitCount(p) >= PHONE_MIN_DIGITS);
    if (phones.length) probe.phone = phones;
    const lastName = values.lastName.trim();
    const firstName = values.firstName.trim();
    if (lastName && firstName && values.birthDate) {
      probe.lastName = lastName;
      probe.firstName = firstName;
      probe.birthDate = values.birthDate;
    }
    return Object.keys(probe).length ? JSON.stringify(probe) : "";
  }, [values.phones, values.lastName, values.firstName, values.birthDate]);
  const [debounced] = useDebouncedValue(probeKey, 300);
  const probe = debounced ? (JSON.parse(debounced) as DuplicateProbe) : null;

  const query = useQuery({
    queryKey: queryKeys.duplicates(probe ?? {}),
    queryFn: ({ signal }) => checkDuplicates(probe ?? {}, signal),
    enabled: probe !== null,
    staleTime: 5_000,
  });
  return probe && query.data ? query.data.matches : [];
}
