import { Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { IconArrowRight, IconEdit, IconTemperature } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { can } from "../../../../../shared/permissions.ts";
import { isApiError } from "../../../api/client.ts";
import { fetchPerson, listInteractions, queryKeys } from "../../../api/endpoints.ts";
import type { PersonDetail, PersonKind } from "../../../api/types.ts";
import { useUser } from "../../../app/session.tsx";
import { ErrorAlert, PageLoader } from "../../../components/feedback.tsx";
import { KindBadge, StatusBadge, TemperatureBadge } from "../../../components/PersonBadges.tsx";
import { personUrl } from "../../../components/personUrl.ts";
import { EditPersonModal } from "./EditPersonModal.tsx";
import { IdentityCard } from "./IdentityCard.tsx";
import { InteractionForm } from "./InteractionForm.tsx";
import { InteractionTimeline } from "./InteractionTimeline.tsx";
import { TemperatureHistory } from "./TemperatureHistory.tsx";
import { TemperatureModal } from "./TemperatureModal.tsx";

export function ProspectPage() {
  return <PersonPage kind="prospect" />;
}

export function PatientPage() {
  return <PersonPage kind="patient" />;
}

function PersonPage({ kind }: { kind: PersonKind }) {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const person = useQuery({ queryKey: queryKeys.person(kind, id), queryFn: () => fetchPerson(kind, id) });
  const interactions = useQuery({
    queryKey: queryKeys.interactions(kind, id),
    queryFn: () => listInteractions(kind, id),
    enabled: person.isSuccess,
  });
  const listUrl = kind === "prospect" ? "/prospects" : "/patients";
  const listLabel = t(kind === "prospect" ? "nav.prospects" : "nav.patients");

  if (person.isPending) return <PageLoader />;
  if (person.error) {
    const missing = isApiError(person.error) && (person.error.status === 404 || person.error.status === 400);
    return (
      <Stack maw={760}>
        <Title order={1}>{t(missing ? "people.page.notFound" : "errors.title")}</Title>
        {missing ? (
          <Text>{t(kind === "prospect" ? "people.page.notFoundProspect" : "people.page.notFoundPatient")}</Text>
        ) : (
          <ErrorAlert error={person.error} onRetry={() => void person.refetch()} />
        )}
        <Anchor component={Link} to={listUrl}>
          {t("people.page.backToList", { list: listLabel })}
        </Anchor>
      </Stack>
    );
  }

  const p = person.data;
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to={listUrl}>
          {listLabel}
        </Anchor>
        <Text>
          {p.lastName} {p.firstName}
        </Text>
      </Breadcrumbs>
      <Header person={p} />
      {p.mergedIntoId && (
        <Alert color="gray" title={t("people.page.mergedTitle")}>
          <Anchor component={Link} to={personUrl({ kind: p.kind, id: p.mergedIntoId })}>
            {t("people.page.mergedLink")}
          </Anchor>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <IdentityCard person={p} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <InteractionSection person={p} />
            <InteractionTimeline state={interactions} interactions={interactions.data} />
          </Stack>
        </Grid.Col>
      </Grid>
      {kind === "prospect" && <TemperatureHistory history={p.temperatureHistory} />}
    </Stack>
  );
}

function InteractionSection({ person }: { person: PersonDetail }) {
  const user = useUser();
  if (!can(user.role, "people.write") || person.mergedIntoId) return null;
  return <InteractionForm kind={person.kind} personId={person.id} />;
}

function Header({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const mayWrite = can(user.role, "people.write") && !person.mergedIntoId;
  const [editing, setEditing] = useState(false);
  const [changingTemperature, setChangingTemperature] = useState(false);
  const prospect = person.kind === "prospect";

  return (
    <Group justify="space-between" align="flex-start">
      <Stack gap={6}>
        <Title order={1}>
          {person.lastName} {person.firstName}
        </Title>
        <Group gap="xs" aria-label={t("people.page.badges")}>
          <KindBadge kind={person.kind} />
          <TemperatureBadge temperature={person.temperature} />
          {person.convertedToId ? (
            <Badge
              component={Link}
              to={personUrl({ kind: "patient", id: person.convertedToId })}
              color="violet"
              variant="light"
              tt="none"
              rightSection={<IconArrowRight size={12} />}
              style={{ cursor: "pointer" }}
            >
              {t("people.status.converted")}
            </Badge>
          ) : (
            <StatusBadge status={person.status} />
          )}
          {person.possibleDuplicate && (
            <Badge color="orange" variant="light" tt="none">
              {t("people.page.possibleDuplicate")}
            </Badge>
          )}
          {person.sourceProspectId && (
            <Anchor component={Link} to={personUrl({ kind: "prospect", id: person.sourceProspectId })} size="sm">
              {t("people.page.sourceProspect")}
            </Anchor>
          )}
        </Group>
      </Stack>
      {mayWrite && (
        <Group gap="xs">
          <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
            {t("common.edit")}
          </Button>
          {prospect && (
            <Button
              variant="default"
              leftSection={<IconTemperature size={16} />}
              onClick={() => setChangingTemperature(true)}
            >
              {t("people.temperatureChange.title")}
            </Button>
          )}
        </Group>
      )}
      <EditPersonModal opened={editing} person={person} onClose={() => setEditing(false)} />
      {prospect && (
        <TemperatureModal opened={changingTemperature} person={person} onClose={() => setChangingTemperature(false)} />
      )}
    </Group>
  );
}
