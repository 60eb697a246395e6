import { Anchor, Button, Group, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Call } from "../../api/calls.ts";
import { lookupPeople, queryKeys } from "../../api/endpoints.ts";
import { formatDate } from "../../components/datetime.ts";
import { personUrl } from "../../components/personUrl.ts";
import { formatPhone } from "../../components/phone.ts";

type LinkedPerson = NonNullable<Call["person"]>;

/**
 * The record a register line is linked to: shown with a link to its page and
 * "Délier", or a search (phone, name, birth date) to pick one.
 */
export function PersonPicker({
  value,
  onChange,
  error,
}: {
  value: LinkedPerson | null;
  onChange: (person: LinkedPerson | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const lookup = useQuery({
    queryKey: queryKeys.lookup(debounced),
    queryFn: ({ signal }) => lookupPeople(debounced, signal),
    enabled: debounced.length >= 2,
    staleTime: 10_000,
  });
  const results = lookup.data?.results ?? [];

  if (value) {
    return (
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t("calls.detail.person")}
        </Text>
        <Group gap="sm">
          <Anchor component={Link} to={personUrl(value)}>
            {value.lastName} {value.firstName}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t(`calls.kind.${value.kind}`)}
          </Text>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => onChange(null)}>
            {t("calls.detail.unlink")}
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
      label={t("calls.detail.person")}
      placeholder={t("calls.detail.personSearch")}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={debounced.length >= 2 && !lookup.isFetching ? t("calls.detail.nobodyFound") : undefined}
      data={results.map((r) => ({
        value: r.id,
        label: [
          `${r.lastName} ${r.firstName}`,
          r.birthDate ? formatDate(r.birthDate) : null,
          r.phones[0] ? formatPhone(r.phones[0]) : null,
          t(`calls.kind.${r.kind}`),
        ]
          .filter(Boolean)
          .join(" · "),
      }))}
      value={null}
      onChange={(id) => {
        const found = results.find((r) => r.id === id);
        if (found) {
          onChange({ id: found.id, kind: found.kind, lastName: found.lastName, firstName: found.firstName });
          setSearch("");
        }
      }}
      error={error}
    />
  );
}
