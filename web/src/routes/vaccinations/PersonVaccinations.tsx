import { Anchor, Badge, Button, Card, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { IconFileTypePdf, IconMail, IconVaccine } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import type { DoseStatus } from "../../../../shared/vaccination.ts";
import { listPathways, pathwayKeys } from "../../api/pathways.ts";
import type { Person } from "../../api/types.ts";
import {
  type DoseLine,
  getVaccinations,
  removeDose,
  sendVaccinationCalendar,
  vaccinationKeys,
  vaccinationPdfUrl,
} from "../../api/vaccinations.ts";
import { useUser } from "../../app/session.tsx";
import { ageOn, formatDate, todayIn, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess, PageLoader } from "../../components/feedback.tsx";
import { RecordDoseModal } from "./RecordDoseModal.tsx";

/** A child is followed for vaccinations until 15 years, or while on a paediatrics pathway. */
export const CHILD_AGE_MAX = 15;

const STATUS_COLORS: Record<DoseStatus, string> = {
  upcoming: "gray",
  due: "orange",
  late: "red",
  done: "green",
};

/**
 * The « Vaccinations » card of a child's page (DESIGN §2, procedure 5 « Suivi de l'enfant »): each dose
 * of the calendar with its due day, the day it was given and its status; « Enregistrer une dose »,
 * « Calendrier PDF » for the parents, « Envoyer par e-mail ». Shown for a child (a birth date less than
 * 15 years ago) or a patient on a paediatrics pathway.
 */
export function PersonVaccinations({ person }: { person: Person }) {
  const today = todayIn(useTimeZone());
  const age = person.birthDate ? ageOn(person.birthDate, today) : null;
  const young = age !== null && age < CHILD_AGE_MAX;
  const pathways = useQuery({
    queryKey: pathwayKeys.list(person.id),
    queryFn: ({ signal }) => listPathways(person.id, signal),
    enabled: !young,
  });
  const pediatrics = pathways.data?.items.some((p) => p.type === "pediatrics" && p.endedOn === null) ?? false;
  if (!young && !pediatrics) return null;
  return <VaccinationsCard person={person} />;
}

function VaccinationsCard({ person }: { person: Person }) {
  const { t } = useTranslation();
  const role = useUser().role;
  const merged = person.mergedIntoId !== null;
  const mayWrite = can(role, "pathways.write") && !merged;
  const maySend = can(role, "mail.send") && !merged;
  const [recording, setRecording] = useState<DoseLine | "any" | null>(null);
  const [removing, setRemoving] = useState<DoseLine | null>(null);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (line: DoseLine) => removeDose(person.id, line.record?.id ?? "", line.record?.version ?? 0),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: vaccinationKeys.calendar(person.id) });
      notifySuccess(t("vaccinations.removed", { label: removing?.label ?? "" }));
      setRemoving(null);
    },
  });
  const calendar = useQuery({
    queryKey: vaccinationKeys.calendar(person.id),
    queryFn: ({ signal }) => getVaccinations(person.id, signal),
    enabled: person.birthDate !== null,
  });
  const send = useMutation({
    mutationFn: () => sendVaccinationCalendar(person.id),
    onSuccess: (result) => notifySuccess(t("vaccinations.sent", { to: result.to })),
  });
  const doses = calendar.data?.doses ?? [];

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="person-vaccinations-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="person-vaccinations-title">
            {t("vaccinations.title")}
          </Title>
          {calendar.isSuccess && (
            <Group gap="xs">
              <Anchor href={vaccinationPdfUrl(person.id)} target="_blank" rel="noopener" size="sm">
                <Group gap={4} wrap="nowrap">
                  <IconFileTypePdf size={16} aria-hidden />
                  {t("vaccinations.pdf")}
                </Group>
              </Anchor>
              {maySend && (
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconMail size={14} />}
                  loading={send.isPending}
                  onClick={() => send.mutate()}
                >
                  {t("vaccinations.send")}
                </Button>
              )}
              {mayWrite && (
                <Button size="compact-sm" leftSection={<IconVaccine size={14} />} onClick={() => setRecording("any")}>
                  {t("vaccinations.record")}
                </Button>
              )}
            </Group>
          )}
        </Group>
        {send.error && <ErrorAlert error={send.error} />}
        {person.birthDate === null ? (
          <Text size="sm" c="dimmed">
            {t("vaccinations.noBirthDate")}
          </Text>
        ) : calendar.isPending ? (
          <PageLoader />
        ) : calendar.error ? (
          <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table striped highlightOnHover verticalSpacing={4} fz="sm" data-testid="vaccination-doses">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("vaccinations.columns.vaccine")}</Table.Th>
                  <Table.Th>{t("vaccinations.columns.dueOn")}</Table.Th>
                  <Table.Th>{t("vaccinations.columns.givenOn")}</Table.Th>
                  <Table.Th>{t("vaccinations.columns.status")}</Table.Th>
                  {mayWrite && <Table.Th aria-label={t("vaccinations.columns.actions")} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {doses.map((dose) => (
                  <Table.Tr
                    key={`${dose.vaccine}#${dose.dose}`}
                    data-testid="vaccination-dose"
                    data-status={dose.status}
                  >
                    <Table.Td>{dose.label}</Table.Td>
                    <Table.Td>{formatDate(dose.dueOn)}</Table.Td>
                    <Table.Td>
                      {dose.givenOn && (
                        <>
                          {formatDate(dose.givenOn)}
                          {dose.record && (
                            <Text span size="xs" c="dimmed">
                              {" "}
                              ({t(`vaccinations.place.${dose.record.place}`)})
                            </Text>
                          )}
                        </>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[dose.status]} variant="light" tt="none">
                        {t(`vaccinations.status.${dose.status}`)}
                      </Badge>
                    </Table.Td>
                    {mayWrite && (
                      <Table.Td>
                        {dose.status !== "done" && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => setRecording(dose)}
                            aria-label={t("vaccinations.recordOf", { label: dose.label })}
                          >
                            {t("vaccinations.given")}
                          </Button>
                        )}
                        {dose.record && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => {
                              remove.reset();
                              setRemoving(dose);
                            }}
                            aria-label={t("vaccinations.removeOf", { label: dose.label })}
                          >
                            {t("vaccinations.remove")}
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t("vaccinations.removeTitle")}>
        <Stack>
          {remove.error && <ErrorAlert error={remove.error} />}
          <Text size="sm">{t("vaccinations.removeConfirm", { label: removing?.label ?? "" })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t("common.cancel")}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              {t("vaccinations.remove")}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {mayWrite && calendar.data && (
        <RecordDoseModal
          opened={recording !== null}
          personId={person.id}
          birthDate={calendar.data.birthDate}
          doses={doses.filter((d) => d.status !== "done")}
          initial={recording === "any" ? null : recording}
          onClose={() => setRecording(null)}
        />
      )}
    </Card>
  );
}
