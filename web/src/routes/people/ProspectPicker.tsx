import { Anchor, Button, Group, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { fetchPerson, lookupPeople, queryKeys } from "../../api/endpoints.ts";
import { formatDate } from "../../components/datetime.ts";
import { personUrl } from "../../components/personUrl.ts";
import { formatPhone } from "../../components/phone.ts";

/** Asked of the lookup, which finds prospects and patients together: enough left once patients are set aside. */
const LOOKUP_LIMIT = 50;

/** The prospect a patient's provenance names, by its name with a link to its record. */
export function ProspectName({ id }: { id: string }) {
  const { t } = useTranslation();
  // Reading a prospect for its name is not audited (reading a patient is).
  const prospect = useQuery({ queryKey: queryKeys.person("prospect", id), queryFn: () => fetchPerson("prospect", id) });
  return (
    <Anchor component={Link} to={personUrl({ kind: "prospect", id })} inherit fw={600}>
      {prospect.data ? `${prospect.data.lastName} ${prospect.data.firstName}` : t("people.page.sourceProspectFallback")}
    </Anchor>
  );
}

/**
 * The prospect a new patient says she was (entry interview, procedure 5): a search by
 * phone, name or birth date among the prospects, or the one chosen with « Retirer ».
 * The reconciliation proposes it before any phone or name match.
 */
export default function ProspectPicker({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (prospectId: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const lookup = useQuery({
    queryKey: [...queryKeys.lookup(debounced), LOOKUP_LIMIT],
    queryFn: ({ signal }) => lookupPeople(debounced, signal, LOOKUP_LIMIT),
    enabled: debounced.length >= 2 && !value,
    staleTime: 10_000,
  });
  const prospects = (lookup.data?.results ?? []).filter((r) => r.kind === "prospect");

  if (value) {
    return (
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t("people.fields.provenanceProspect")}
        </Text>
        <Group gap="sm">
          <Text size="sm">
            <ProspectName id={value} />
          </Text>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onChange("")}>
            {t("people.form.provenanceProspectRemove")}
          </Button>
        </Group>
        {error && (
          <Text size="xs" c="red" mt={4}>
            {error}
          </Text>
        )}
      </div>
    );
  }
  return (
    <Select
      label={t("people.fields.provenanceProspect")}
      description={t("people.form.provenanceProspectHelp")}
      placeholder={t("people.form.provenanceProspectSearch")}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={
        debounced.length >= 2 && !lookup.isFetching ? t("people.form.provenanceProspectNone") : undefined
      }
      data={prospects.map((r) => ({
        value: r.id,
        label: [
          `${r.lastName} ${r.firstName}`,
          r.birthDate ? formatDate(r.birthDate) : null,
          r.phones[0] ? formatPhone(r.phones[0]) : null,
        ]
          .filter(Boolean)
          .join(" · "),
      }))}
      value={null}
      onChange={(id) => {
        if (id) {
          onChange(id);
          setSearch("");
        }
      }}
      error={error}
    />
  );
}
