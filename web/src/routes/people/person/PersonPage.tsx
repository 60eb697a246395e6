import { Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { IconArrowMergeLeft, IconArrowRight, IconEdit, IconTemperature } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { can } from "../../../../../shared/permissions.ts";
import { isApiError } from "../../../api/client.ts";
import { fetchPerson, listInteractions, queryKeys } from "../../../api/endpoints.ts";
import type { PersonDetail, PersonKind } from "../../../api/types.ts";
import { useUser } from "../../../app/session.tsx";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../../components/feedback.tsx";
import { KindBadge, StatusBadge, TemperatureBadge } from "../../../components/PersonBadges.tsx";
import { personUrl } from "../../../components/personUrl.ts";
import { PersonAppointments } from "../../appointments/PersonAppointments.tsx";
import { PersonDeliveries } from "../../births/PersonDeliveries.tsx";
import { ConsentCard } from "../../consents/ConsentCard.tsx";
import { DataRightsCard } from "../../data-rights/DataRightsCard.tsx";
import { PersonEntryInterviews } from "../../entry-interviews/PersonEntryInterviews.tsx";
import { SendDocumentationButton } from "../../mail/SendDocumentationButton.tsx";
import { MothersGroupCard } from "../../mothers-group/MothersGroupCard.tsx";
import { PersonPathways } from "../../pathways/PersonPathways.tsx";
import { PersonQuotes } from "../../quotes/PersonQuotes.tsx";
import { PersonTasks } from "../../tasks/PersonTasks.tsx";
import { PersonVaccinations } from "../../vaccinations/PersonVaccinations.tsx";
import { IncompleteNotice } from "../IncompleteNotice.tsx";
import { ColdProspectNotice } from "./ColdProspectNotice.tsx";
import { EditPersonModal } from "./EditPersonModal.tsx";
import { IdentityCard } from "./IdentityCard.tsx";
import { InteractionForm } from "./InteractionForm.tsx";
import { InteractionTimeline } from "./InteractionTimeline.tsx";
import { MergeModal } from "./MergeModal.tsx";
import { PersonSms } from "./PersonSms.tsx";
import { StatusHistory } from "./StatusHistory.tsx";
import { TemperatureHistory } from "./TemperatureHistory.tsx";
import { TemperatureModal } from "./TemperatureModal.tsx";

export function ProspectPage() {
  return <PersonPage kind="prospect" />;
}

export function PatientPage() {
  return <PersonPage kind="patient" />;
}

/** How often the timeline looks again at an email waiting in the outbox (the sender runs every 30 s). */
const EMAIL_POLL_MS = 30_000;

function PersonPage({ kind }: { kind: PersonKind }) {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const person = useQuery({ queryKey: queryKeys.person(kind, id), queryFn: () => fetchPerson(kind, id) });
  const interactions = useQuery({
    queryKey: queryKeys.interactions(kind, id),
    queryFn: () => listInteractions(kind, id),
    enabled: person.isSuccess,
    // An email still waiting in the outbox (sent every 30 s): the timeline follows until it has left.
    refetchInterval: (query) =>
      query.state.data?.some((i) => i.email?.state === "pending" || i.email?.state === "sending")
        ? EMAIL_POLL_MS
        : false,
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
      {p.mergedIntoId && <MergedBanner kind={p.kind} keptId={p.mergedIntoId} />}
      <ColdProspectNotice person={p} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <IdentityCard person={p} />
            <PersonQuotes person={p} />
            <PersonSms personId={p.id} />
            <ConsentCard person={p} />
            <DataRightsCard person={p} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            {kind === "patient" && (
              <PersonPathways personId={p.id} lastName={p.lastName} merged={p.mergedIntoId !== null} />
            )}
            {kind === "patient" && <PersonDeliveries personId={p.id} merged={p.mergedIntoId !== null} />}
            {kind === "patient" && <MothersGroupCard person={p} />}
            {kind === "patient" && <PersonVaccinations person={p} />}
            {kind === "patient" && <PersonEntryInterviews personId={p.id} merged={p.mergedIntoId !== null} />}
            <PersonAppointments personId={p.id} merged={p.mergedIntoId !== null} />
            <InteractionSection person={p} />
            <InteractionTimeline state={interactions} interactions={interactions.data} />
          </Stack>
        </Grid.Col>
      </Grid>
      <PersonTasks personId={p.id} />
      {kind === "prospect" && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <TemperatureHistory history={p.temperatureHistory} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <StatusHistory history={p.statusHistory ?? []} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

const NAME_SLOT = "\u0001";

/** The record people look at when they open a merged one: its name (when readable) as a link. */
function MergedBanner({ kind, keptId }: { kind: PersonKind; keptId: string }) {
  const { t } = useTranslation();
  const kept = useQuery({ queryKey: queryKeys.person(kind, keptId), queryFn: () => fetchPerson(kind, keptId) });
  const to = personUrl({ kind, id: keptId });
  // The sentence is translated whole; the name, a link, goes where the translation puts it.
  const [before = "", after = ""] = t("people.page.mergedInto", { name: NAME_SLOT }).split(NAME_SLOT);
  return (
    <Alert color="gray" role="status" icon={<IconArrowMergeLeft size={18} />}>
      {kept.data ? (
        <Text size="sm">
          {before}
          <Anchor component={Link} to={to} inherit fw={600}>
            {kept.data.lastName} {kept.data.firstName}
          </Anchor>
          {after}
        </Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm">{t("people.page.mergedTitle")}</Text>
          <Anchor component={Link} to={to} size="sm">
            {t("people.page.mergedLink")}
          </Anchor>
        </Stack>
      )}
    </Alert>
  );
}

/** Where a record comes from or went: "Converti en patient" on a prospect, "Provenance : prospect …" on a patient. */
function Lineage({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const sourceId = person.kind === "patient" ? person.sourceProspectId : null;
  // Reading the prospect for its name is not audited (reading a patient is: the converted link stays nameless).
  const source = useQuery({
    queryKey: queryKeys.person("prospect", sourceId ?? ""),
    queryFn: () => fetchPerson("prospect", sourceId ?? ""),
    enabled: sourceId !== null,
  });
  if (person.kind === "prospect" && person.convertedToId) {
    return (
      <Group gap={6}>
        <IconArrowRight size={14} aria-hidden />
        <Anchor component={Link} to={personUrl({ kind: "patient", id: person.convertedToId })} size="sm" fw={600}>
          {t("people.page.convertedTo")}
        </Anchor>
        {person.convertedAt && (
          <Text size="sm" c="dimmed">
            {t("people.page.convertedOn", { date: formatDateTime(person.convertedAt) })}
          </Text>
        )}
      </Group>
    );
  }
  if (sourceId) {
    return (
      <Text size="sm">
        {t("people.page.sourceProspectLabel")}{" "}
        <Anchor component={Link} to={personUrl({ kind: "prospect", id: sourceId })} inherit fw={600}>
          {source.data ? `${source.data.lastName} ${source.data.firstName}` : t("people.page.sourceProspectFallback")}
        </Anchor>
      </Text>
    );
  }
  return null;
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
  const [merging, setMerging] = useState(false);
  const prospect = person.kind === "prospect";
  const mayMerge = prospect && can(user.role, "people.merge") && !person.mergedIntoId;

  return (
    <Group justify="space-between" align="flex-start">
      <Stack gap={6}>
        <Title order={1}>
          {person.lastName} {person.firstName}
        </Title>
        <Group gap="xs" aria-label={t("people.page.badges")}>
          <KindBadge kind={person.kind} />
          <TemperatureBadge temperature={person.temperature} />
          <StatusBadge status={person.status ?? (person.convertedToId ? "converted" : null)} />
          {person.possibleDuplicate && (
            <Badge color="orange" variant="light" tt="none">
              {t("people.page.possibleDuplicate")}
            </Badge>
          )}
        </Group>
        <Lineage person={person} />
        <IncompleteNotice missing={person.missingFields} />
      </Stack>
      {(mayWrite || mayMerge) && (
        <Group gap="xs">
          {mayWrite && (
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              {t("common.edit")}
            </Button>
          )}
          <SendDocumentationButton person={person} />
          {mayWrite && prospect && can(user.role, "prospects.classify") && (
            <Button
              variant="default"
              leftSection={<IconTemperature size={16} />}
              onClick={() => setChangingTemperature(true)}
            >
              {t("people.temperatureChange.title")}
            </Button>
          )}
          {mayMerge && (
            <Button
              variant={person.possibleDuplicate ? "light" : "default"}
              color={person.possibleDuplicate ? "orange" : undefined}
              leftSection={<IconArrowMergeLeft size={16} />}
              onClick={() => setMerging(true)}
            >
              {t("people.merge.open")}
            </Button>
          )}
        </Group>
      )}
      <EditPersonModal opened={editing} person={person} onClose={() => setEditing(false)} />
      {prospect && (
        <TemperatureModal opened={changingTemperature} person={person} onClose={() => setChangingTemperature(false)} />
      )}
      {mayMerge && <MergeModal opened={merging} person={person} onClose={() => setMerging(false)} />}
    </Group>
  );
}
