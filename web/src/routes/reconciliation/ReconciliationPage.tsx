import { Anchor, Badge, Button, Group, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconUserCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import { isApiError } from "../../api/client.ts";
import { convertProspect, fetchPerson, listSuggestions, queryKeys, SUGGESTIONS_LIMIT } from "../../api/endpoints.ts";
import type { PersonSummary, ReconciliationSuggestion } from "../../api/types.ts";
import { useUser } from "../../app/session.tsx";
import { formatDate, useFormatDateTime } from "../../components/datetime.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { TemperatureBadge } from "../../components/PersonBadges.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { formatPhone } from "../../components/phone.ts";
import { QueryTable } from "../../components/QueryTable.tsx";

const keyOf = (s: ReconciliationSuggestion) => `${s.prospect.id}|${s.patient.id}`;

/**
 * "Rapprochement" (reconciliation): prospects not yet converted that a patient record of the EHR matches,
 * oldest first contact first. "Marquer converti" records the conversion and the patient's provenance.
 */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const user = useUser();
  const mayWrite = can(user.role, "people.write");
  const suggestions = useQuery({
    queryKey: queryKeys.suggestions,
    queryFn: ({ signal }) => listSuggestions(signal),
  });
  const rows = suggestions.data?.suggestions;
  /** A prospect being marked: one request per prospect, however many clicks. */
  const pending = useRef(new Set<string>());

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.suggestions }),
      queryClient.invalidateQueries({ queryKey: queryKeys.people }),
    ]);

  const convert = useMutation({
    mutationFn: async (suggestion: ReconciliationSuggestion) => {
      // The version as stored now: the list only carries summaries.
      const prospect = await fetchPerson("prospect", suggestion.prospect.id);
      return convertProspect(prospect.id, { version: prospect.version, patientId: suggestion.patient.id });
    },
    onSuccess: async (_person, suggestion) => {
      notifySuccess(
        t("reconciliation.converted", {
          prospect: `${suggestion.prospect.lastName} ${suggestion.prospect.firstName}`,
          ehrNumber: suggestion.patient.ehrNumber ?? "",
        }),
      );
      await refresh();
    },
    onError: async (error) => {
      if (isApiError(error) && error.status === 409) {
        // Changed or converted meanwhile: say so and show the list as it is now.
        notifyError(error);
        await refresh();
        return;
      }
      notifyError(error);
    },
    onSettled: (_data, _error, suggestion) => {
      pending.current.delete(suggestion.prospect.id);
    },
  });

  const markConverted = (suggestion: ReconciliationSuggestion) => {
    if (pending.current.has(suggestion.prospect.id)) return;
    pending.current.add(suggestion.prospect.id);
    convert.mutate(suggestion);
  };
  const converting = convert.isPending ? convert.variables?.prospect.id : undefined;

  const headers = [
    t("reconciliation.prospect"),
    t("reconciliation.patient"),
    t("reconciliation.matchedOn"),
    t("reconciliation.patientCreated"),
    ...(mayWrite ? [t("common.actions")] : []),
  ];

  return (
    <Stack>
      <Title order={1}>{t("reconciliation.title")}</Title>
      <Text c="dimmed" maw={900}>
        {t("reconciliation.intro")}
      </Text>
      {rows && rows.length > 0 && (
        <Text size="sm">
          {rows.length >= SUGGESTIONS_LIMIT
            ? t("reconciliation.countLimited", { count: rows.length })
            : t("reconciliation.count", { count: rows.length })}
        </Text>
      )}
      <QueryTable
        state={suggestions}
        rows={rows}
        minWidth={960}
        verticalSpacing="xs"
        headers={headers}
        empty={t("reconciliation.empty")}
        rowKey={keyOf}
        renderRow={(suggestion) => (
          <>
            <Table.Td>
              <PersonCell person={suggestion.prospect} />
            </Table.Td>
            <Table.Td>
              <PersonCell person={suggestion.patient} />
            </Table.Td>
            <Table.Td>{t(`reconciliation.matched.${suggestion.matchedOn}`)}</Table.Td>
            <Table.Td>
              {suggestion.patientCreatedAfter ? (
                <Tooltip label={t("reconciliation.afterHelp")} multiline w={260}>
                  <Badge color="violet" variant="light" tt="none">
                    {t("reconciliation.after")}
                  </Badge>
                </Tooltip>
              ) : (
                <Tooltip label={t("reconciliation.beforeHelp")} multiline w={260}>
                  <Badge color="gray" variant="light" tt="none">
                    {t("reconciliation.before")}
                  </Badge>
                </Tooltip>
              )}
            </Table.Td>
            {mayWrite && (
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant={suggestion.patientCreatedAfter ? "light" : "default"}
                  leftSection={<IconUserCheck size={16} />}
                  loading={converting === suggestion.prospect.id}
                  disabled={converting !== undefined && converting !== suggestion.prospect.id}
                  onClick={() => markConverted(suggestion)}
                >
                  {t("reconciliation.markConverted")}
                </Button>
              </Table.Td>
            )}
          </>
        )}
      />
    </Stack>
  );
}

function PersonCell({ person }: { person: PersonSummary }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const details = [
    person.phones.map(formatPhone).join(", "),
    person.birthDate ? t("search.born", { date: formatDate(person.birthDate) }) : null,
  ].filter(Boolean);
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <Anchor component={Link} to={personUrl(person)} fw={600} size="sm">
          {person.lastName} {person.firstName}
        </Anchor>
        {person.kind === "prospect" && <TemperatureBadge temperature={person.temperature} size="xs" />}
      </Group>
      {person.kind === "patient" && (
        <Text size="xs">{t("reconciliation.ehrNumber", { number: person.ehrNumber ?? t("people.none") })}</Text>
      )}
      {details.length > 0 && (
        <Text size="xs" c="dimmed">
          {details.join(" · ")}
        </Text>
      )}
      {person.kind === "prospect" && (
        <Text size="xs" c="dimmed">
          {t("reconciliation.prospectSince", { date: formatDateTime(person.createdAt).slice(0, 10) })}
        </Text>
      )}
    </Stack>
  );
}
