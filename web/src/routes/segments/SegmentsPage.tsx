import { Anchor, Badge, Button, Card, Grid, Group, NavLink, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDate } from "../../components/datetime.ts";
import { ErrorAlert, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { createSegment, deleteSegment, type Segment, type SegmentFilter, segmentKeys, updateSegment } from "./api.ts";
import { SegmentEditor } from "./SegmentEditor.tsx";
import { useSegmentCount, useSegmentPreview, useSegments } from "./useSegments.ts";

/** The editor's state: a saved segment being changed, or a new one. */
interface Draft {
  segment: Segment | null;
  name: string;
  filter: SegmentFilter;
}

const NEW_DRAFT: Draft = { segment: null, name: "", filter: {} };

/** Saved segments (issue 16): the list, an editor with its live count, a preview of the first people. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const { data, error, refetch } = useSegments();
  const [draft, setDraft] = useState<Draft>(NEW_DRAFT);
  const open = (segment: Segment) => setDraft({ segment, name: segment.name, filter: segment.filter });
  return (
    <Stack>
      <Title order={2}>{t("segments.title")}</Title>
      <Text c="dimmed" size="sm">
        {t("segments.intro")}
      </Text>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card withBorder>
            <Stack gap="xs">
              <Button variant="light" onClick={() => setDraft(NEW_DRAFT)}>
                {t("segments.new")}
              </Button>
              {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
              {data?.items.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t("segments.empty")}
                </Text>
              ) : null}
              {data?.items.map((segment) => (
                <NavLink
                  key={segment.id}
                  label={segment.name}
                  active={draft.segment?.id === segment.id}
                  onClick={() => open(segment)}
                />
              ))}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <SegmentWorkbench
            key={draft.segment?.id ?? "new"}
            draft={draft}
            onChange={setDraft}
            onSaved={open}
            onDeleted={() => setDraft(NEW_DRAFT)}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function SegmentWorkbench({
  draft,
  onChange,
  onSaved,
  onDeleted,
}: {
  draft: Draft;
  onChange: (d: Draft) => void;
  onSaved: (s: Segment) => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reload = () => void queryClient.invalidateQueries({ queryKey: segmentKeys.all });
  const save = useMutation({
    mutationFn: () =>
      draft.segment
        ? updateSegment(draft.segment.id, { version: draft.segment.version, name: draft.name, filter: draft.filter })
        : createSegment({ name: draft.name, filter: draft.filter }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: segmentKeys.list() });
      notifySuccess(t("segments.saved", { name: saved.name }));
      onSaved(saved);
    },
    onError: (error) => notifyError(error, reload),
  });
  const remove = useMutation({
    mutationFn: (segment: Segment) => deleteSegment(segment.id, segment.version),
    onSuccess: async (_done, segment) => {
      await queryClient.invalidateQueries({ queryKey: segmentKeys.list() });
      notifySuccess(t("segments.deleted", { name: segment.name }));
      onDeleted();
    },
    onError: (error) => notifyError(error, reload),
  });
  const confirmDelete = (segment: Segment) =>
    modals.openConfirmModal({
      title: t("segments.deleteTitle", { name: segment.name }),
      children: <Text size="sm">{t("segments.deleteText")}</Text>,
      labels: { confirm: t("segments.delete"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () => remove.mutate(segment),
    });
  return (
    <Stack>
      <Card withBorder>
        <Stack>
          <Group align="flex-end">
            <TextInput
              label={t("segments.name")}
              value={draft.name}
              maxLength={120}
              onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!draft.name.trim()}>
              {draft.segment ? t("segments.save") : t("segments.create")}
            </Button>
            {draft.segment ? (
              <Button
                variant="light"
                color="red"
                onClick={() => draft.segment && confirmDelete(draft.segment)}
                loading={remove.isPending}
              >
                {t("segments.delete")}
              </Button>
            ) : null}
          </Group>
          <LiveCount filter={draft.filter} />
          <SegmentEditor filter={draft.filter} onChange={(filter) => onChange({ ...draft, filter })} />
        </Stack>
      </Card>
      <SegmentPreviewTable filter={draft.filter} />
    </Stack>
  );
}

/** « 1 234 personnes », « Calcul… » while the server counts. */
function LiveCount({ filter }: { filter: SegmentFilter }) {
  const { t } = useTranslation();
  const { data, error, pending } = useSegmentCount(filter);
  return (
    <Group gap="xs" aria-live="polite">
      {error && !pending ? (
        <Text c="red" size="sm">
          {error.message}
        </Text>
      ) : (
        <Badge size="lg" variant="light" data-testid="segment-count">
          {data ? t("segments.count", { count: data.count, formatted: data.count.toLocaleString("fr-FR") }) : "…"}
        </Badge>
      )}
      {pending ? (
        <Text size="sm" c="dimmed">
          {t("segments.counting")}
        </Text>
      ) : null}
    </Group>
  );
}

function SegmentPreviewTable({ filter }: { filter: SegmentFilter }) {
  const { t } = useTranslation();
  const { data } = useSegmentPreview(filter);
  if (!data) return null;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text fw={500}>{t("segments.preview.title", { shown: data.items.length, count: data.count })}</Text>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("segments.preview.name")}</Table.Th>
              <Table.Th>{t("segments.preview.kind")}</Table.Th>
              <Table.Th>{t("segments.preview.birthDate")}</Table.Th>
              <Table.Th>{t("segments.preview.email")}</Table.Th>
              <Table.Th>{t("segments.preview.mobile")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((person) => (
              <Table.Tr key={person.id}>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/${person.kind === "patient" ? "patients" : "prospects"}/${person.id}`}
                    size="sm"
                  >
                    {person.lastName} {person.firstName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`segments.kind.${person.kind}`)}</Table.Td>
                <Table.Td>{person.birthDate ? formatDate(person.birthDate) : ""}</Table.Td>
                <Table.Td>{person.email ?? ""}</Table.Td>
                <Table.Td>{person.mobile ?? ""}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
