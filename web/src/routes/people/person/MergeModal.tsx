import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { isApiError } from "../../../api/client.ts";
import { checkDuplicates, fetchPerson, lookupPeople, mergeProspects, queryKeys } from "../../../api/endpoints.ts";
import type { Person, PersonDetail, PersonSummary } from "../../../api/types.ts";
import { formatDate, useFormatDateTime } from "../../../components/datetime.ts";
import {
  ErrorAlert,
  errorMessage,
  isVersionConflict,
  notifySuccess,
  PageLoader,
} from "../../../components/feedback.tsx";
import { StatusBadge, TemperatureBadge } from "../../../components/PersonBadges.tsx";
import { PhoneList } from "../../../components/PhoneText.tsx";
import { personUrl } from "../../../components/personUrl.ts";
import { digitCount, formatPhone } from "../../../components/phone.ts";
import { useListLabels } from "../../../components/settingsLabels.ts";

/**
 * "Fusionner une autre fiche" (people.merge): choose another prospect record of the same person (among
 * the duplicates of this one, or by a lookup), compare both, and merge it into this one.
 */
export function MergeModal({
  opened,
  person,
  onClose,
}: {
  opened: boolean;
  person: PersonDetail;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("people.merge.title")} size="xl">
      {/* Mounted per opening: the choice starts afresh. */}
      {opened && <MergeForm person={person} onClose={onClose} />}
    </Modal>
  );
}

function MergeForm({ person, onClose }: { person: PersonDetail; onClose: () => void }) {
  const [otherId, setOtherId] = useState<string | null>(null);
  return otherId ? (
    <MergeComparison person={person} otherId={otherId} onBack={() => setOtherId(null)} onClose={onClose} />
  ) : (
    <ChooseRecord person={person} onChoose={setOtherId} onClose={onClose} />
  );
}

/** The records this one may duplicate, and a lookup for any other prospect. */
function ChooseRecord({
  person,
  onChoose,
  onClose,
}: {
  person: PersonDetail;
  onChoose: (id: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  const typed = value.trim();
  const [debounced] = useDebouncedValue(typed, 250);
  const isOther = (candidate: PersonSummary) => candidate.kind === "prospect" && candidate.id !== person.id;

  const probe = {
    phone: person.phones,
    lastName: person.lastName,
    firstName: person.firstName,
    birthDate: person.birthDate ?? undefined,
  };
  const duplicates = useQuery({
    queryKey: queryKeys.duplicates(probe),
    queryFn: ({ signal }) => checkDuplicates(probe, signal),
  });
  const duplicateMatches = duplicates.data?.matches.filter(isOther) ?? [];

  // Digits only but fewer than 6: not yet a number the lookup can use.
  const partialNumber = /^[\d\s+().\-/]+$/.test(debounced) && digitCount(debounced) < 6;
  const searchable = debounced.length >= 2 && !partialNumber;
  const lookup = useQuery({
    queryKey: queryKeys.lookup(debounced),
    queryFn: ({ signal }) => lookupPeople(debounced, signal),
    enabled: searchable,
    staleTime: 10_000,
  });
  const lookupMatches = lookup.data?.results.filter(isOther) ?? [];

  return (
    <Stack>
      <Text size="sm">{t("people.merge.intro")}</Text>
      <Box component="section" aria-labelledby="merge-duplicates-title">
        <Title order={3} size="h5" mb="xs" id="merge-duplicates-title">
          {t("people.merge.duplicatesTitle")}
        </Title>
        {duplicates.isPending ? (
          <Loader size="sm" aria-label={t("common.loading")} />
        ) : duplicates.error ? (
          <ErrorAlert error={duplicates.error} onRetry={() => void duplicates.refetch()} />
        ) : duplicateMatches.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("people.merge.noDuplicates")}
          </Text>
        ) : (
          <CandidateList candidates={duplicateMatches} onChoose={onChoose} label={t("people.merge.duplicatesTitle")} />
        )}
      </Box>
      <Box component="section" aria-labelledby="merge-search-title">
        <Title order={3} size="h5" mb="xs" id="merge-search-title">
          {t("people.merge.searchTitle")}
        </Title>
        <TextInput
          label={t("people.merge.searchLabel")}
          description={t("people.merge.searchHelp")}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={lookup.isFetching ? <Loader size="xs" /> : null}
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
        />
        <Box mt="xs">
          {typed.length === 0 ? null : typed !== debounced || (searchable && lookup.isPending) ? (
            <Text size="sm" c="dimmed">
              {t("search.searching")}
            </Text>
          ) : !searchable ? (
            <Text size="sm" c="dimmed">
              {partialNumber ? t("search.minDigits", { count: 6 }) : t("search.minChars", { count: 2 })}
            </Text>
          ) : lookup.error ? (
            <Text size="sm" c="red">
              {errorMessage(lookup.error)}
            </Text>
          ) : lookupMatches.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("people.merge.noResult")}
            </Text>
          ) : (
            <CandidateList candidates={lookupMatches} onChoose={onChoose} label={t("people.merge.searchTitle")} />
          )}
        </Box>
      </Box>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t("common.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}

function CandidateList({
  candidates,
  onChoose,
  label,
}: {
  candidates: readonly PersonSummary[];
  onChoose: (id: string) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label={label}>
      {candidates.map((candidate) => {
        const name = `${candidate.lastName} ${candidate.firstName}`;
        return (
          <Paper key={candidate.id} component="li" withBorder p="xs">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={2} miw={0}>
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {name}
                  </Text>
                  <TemperatureBadge temperature={candidate.temperature} size="xs" />
                </Group>
                <Text size="xs" c="dimmed">
                  {[
                    candidate.phones.map(formatPhone).join(", "),
                    candidate.birthDate ? t("search.born", { date: formatDate(candidate.birthDate) }) : null,
                    t("people.duplicates.createdAt", { date: formatDateTime(candidate.createdAt).slice(0, 10) }),
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </Text>
              </Stack>
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => onChoose(candidate.id)}
                aria-label={t("people.merge.chooseNamed", { name })}
              >
                {t("people.merge.choose")}
              </Button>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** Both records side by side, then the merge itself. */
function MergeComparison({
  person,
  otherId,
  onBack,
  onClose,
}: {
  person: PersonDetail;
  otherId: string;
  onBack: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const other = useQuery({
    queryKey: queryKeys.person("prospect", otherId),
    queryFn: () => fetchPerson("prospect", otherId),
    staleTime: 0,
  });
  /** One merge per click, however fast the clicks come. */
  const sending = useRef(false);

  const mutation = useMutation({
    mutationFn: (merged: Person) =>
      mergeProspects(person.id, { version: person.version, mergeId: merged.id, mergeVersion: merged.version }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.people });
      notifySuccess(t("people.merge.done"));
      onClose();
    },
    onSettled: () => {
      sending.current = false;
    },
  });

  /** After a conflict: both records as stored now (the page follows), and a fresh try. */
  const reload = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.person("prospect", person.id) }),
      other.refetch(),
    ]);
    mutation.reset();
  };

  if (other.isPending) return <PageLoader />;
  if (other.error) {
    return (
      <Stack>
        <ErrorAlert error={other.error} onRetry={() => void other.refetch()} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onBack}>
            {t("people.merge.back")}
          </Button>
        </Group>
      </Stack>
    );
  }

  const merged = other.data;
  const alreadyMerged = merged.mergedIntoId !== null;
  const error = mutation.error;
  const refusedAsMerged = isApiError(error) && error.code === "already_merged";
  const message = isVersionConflict(error)
    ? t("people.merge.conflict")
    : refusedAsMerged
      ? t("people.merge.alreadyMerged")
      : undefined;

  return (
    <Stack>
      <ErrorAlert error={error} message={message} onReload={() => void reload()} />
      {alreadyMerged && (
        <Alert color="orange" role="alert">
          {t("people.merge.otherMerged")}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <RecordPanel id="merge-kept" title={t("people.merge.kept")} help={t("people.merge.keptHelp")} person={person} />
        <RecordPanel
          id="merge-merged"
          title={t("people.merge.merged")}
          help={t("people.merge.mergedHelp")}
          person={merged}
        />
      </SimpleGrid>
      <Text size="sm">{t("people.merge.explanation")}</Text>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={mutation.isPending}>
          {t("people.merge.back")}
        </Button>
        <Group gap="xs">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            {t("common.cancel")}
          </Button>
          <Button
            color="orange"
            loading={mutation.isPending}
            disabled={alreadyMerged || refusedAsMerged}
            onClick={() => {
              if (sending.current) return;
              sending.current = true;
              mutation.reset();
              mutation.mutate(merged);
            }}
          >
            {t("people.merge.submit")}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function RecordPanel({ id, title, help, person }: { id: string; title: string; help: string; person: Person }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const labels = useListLabels();
  const row = (label: string, value: ReactNode) => (
    <Box>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" style={{ overflowWrap: "anywhere" }}>
        {value === null || value === undefined || value === "" ? (
          <Text span c="dimmed" inherit>
            {t("people.none")}
          </Text>
        ) : (
          value
        )}
      </Text>
    </Box>
  );
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id}>
        {title}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {help}
      </Text>
      <Stack component="dl" gap={6} m={0}>
        {row(
          t("people.merge.name"),
          <Anchor component={Link} to={personUrl(person)} target="_blank" inherit>
            {person.lastName} {person.firstName}
          </Anchor>,
        )}
        {row(t("people.fields.birthDate"), person.birthDate && formatDate(person.birthDate))}
        {row(t("people.fields.phones"), person.phones.length > 0 && <PhoneList phones={person.phones} />)}
        {row(t("people.fields.email"), person.email)}
        {row(t("people.fields.origin"), labels.origin(person.origin))}
        {row(
          t("people.merge.classification"),
          <Group gap={4} component="span">
            <TemperatureBadge temperature={person.temperature} size="sm" />
            <StatusBadge status={person.status} size="sm" />
            {person.possibleDuplicate && (
              <Badge color="orange" variant="light" tt="none" size="sm">
                {t("people.page.possibleDuplicate")}
              </Badge>
            )}
          </Group>,
        )}
        {row(t("people.fields.firstContactDate"), person.firstContactDate && formatDate(person.firstContactDate))}
        {row(
          t("people.fields.lastInteractionAt"),
          person.lastInteractionAt && formatDateTime(person.lastInteractionAt),
        )}
        {row(t("people.columns.createdAt"), formatDateTime(person.createdAt))}
        {row(t("people.fields.notes"), person.notes)}
      </Stack>
    </Paper>
  );
}
