import { Alert, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle, IconPhone, IconUserPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { lookupPeople, queryKeys } from "../../api/endpoints.ts";
import type { DuplicateMatch, LookupResult, Person, PersonSummary } from "../../api/types.ts";
import { formatDate } from "../../components/datetime.ts";
import { ErrorAlert } from "../../components/feedback.tsx";
import { identifyingDetails } from "../../components/identifyingDetails.ts";
import { KindBadge, TemperatureBadge } from "../../components/PersonBadges.tsx";
import { PhoneList } from "../../components/PhoneText.tsx";
import { digitCount } from "../../components/phone.ts";
import { DuplicateConflict, DuplicateWarning } from "../people/new/DuplicateAlerts.tsx";
import { useCreatePerson } from "../people/new/useCreatePerson.ts";
import { useDuplicateCheck } from "../people/new/useDuplicateCheck.ts";
import { PersonFields } from "../people/PersonFields.tsx";
import { EditPersonModal } from "../people/person/EditPersonModal.tsx";
import type { PersonForm } from "../people/personForm.ts";
import { KeyHint } from "./KeyHint.tsx";
import { StepForm, submitOnEnter } from "./StepForm.tsx";

/** Same rule as the header search: fewer than 6 digits is not yet a number the lookup can use. */
const partialNumber = (text: string) => /^[\d\s+().\-/]+$/.test(text) && digitCount(text) < 6;
/** A typed text that is a phone number rather than a name or a date. */
export const looksLikePhone = (text: string) => /^[\d\s+().\-/]+$/.test(text.trim()) && digitCount(text) >= 6;

/**
 * Step 3 of procedure 1: « Demander son numéro de téléphone ». The number (or a
 * name, a birth date) is looked up as it is typed; CAS 1 the record exists: it is
 * opened here and completed (« modifier »); CAS 2 it does not: the prospect is
 * created with every field, the duplicate warning shown first.
 */
export function CallerStep({
  lookup,
  onLookupChange,
  cameBefore,
  person,
  personLoading,
  creating,
  onCreatingChange,
  prospectForm,
  prefillProspect,
  onChoose,
  onChangePerson,
  onContinue,
}: {
  lookup: string;
  onLookupChange(value: string): void;
  /** The answer to « Êtes-vous déjà venue à NEST ? ». */
  cameBefore: boolean | null;
  person: Person | null;
  personLoading: boolean;
  creating: boolean;
  onCreatingChange(creating: boolean): void;
  prospectForm: PersonForm;
  /** Fills the creation form from what was typed in the lookup. */
  prefillProspect(): void;
  onChoose(person: PersonSummary): Promise<void>;
  onChangePerson(): void;
  onContinue(): void;
}) {
  const { t } = useTranslation();

  if (person || personLoading) {
    return (
      // A key per view: each one focuses its first control when it opens.
      <StepForm key={person ? "record" : "loading"} title={t("callScreen.steps.caller")}>
        {person ? (
          <PersonCard person={person} onChangePerson={onChangePerson} onContinue={onContinue} />
        ) : (
          <Loader aria-label={t("common.loading")} />
        )}
      </StepForm>
    );
  }

  return (
    <StepForm key={creating ? "create" : "lookup"} title={t("callScreen.steps.caller")}>
      {creating ? (
        <NewProspectForm form={prospectForm} onCreated={onChoose} onCancel={() => onCreatingChange(false)} />
      ) : (
        <Lookup
          cameBefore={cameBefore}
          value={lookup}
          onChange={onLookupChange}
          onChoose={onChoose}
          onCreate={() => {
            prefillProspect();
            onCreatingChange(true);
          }}
        />
      )}
    </StepForm>
  );
}

function Lookup({
  cameBefore,
  value,
  onChange,
  onChoose,
  onCreate,
}: {
  cameBefore: boolean | null;
  value: string;
  onChange(value: string): void;
  onChoose(person: PersonSummary): Promise<void>;
  onCreate(): void;
}) {
  const { t } = useTranslation();
  const typed = value.trim();
  const [debounced] = useDebouncedValue(typed, 250);
  const enabled = debounced.length >= 2 && !partialNumber(debounced);
  const query = useQuery({
    queryKey: queryKeys.lookup(debounced),
    queryFn: ({ signal }) => lookupPeople(debounced, signal),
    enabled,
    staleTime: 10_000,
  });
  const current = typed === debounced && enabled;
  const results = current ? query.data?.results : undefined;
  const [choosing, choose] = useChoosing(onChoose);

  return (
    <Stack gap="sm">
      <TextInput
        size="lg"
        type="search"
        label={t("callScreen.caller.lookupLabel")}
        description={t("callScreen.caller.lookupHelp")}
        leftSection={<IconPhone size={20} aria-hidden />}
        rightSection={query.isFetching && current ? <Loader size="xs" /> : null}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          event.preventDefault();
          const first = results?.[0];
          if (first) void choose(first);
          else if (results) onCreate();
        }}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      <Text size="sm" c="dimmed">
        {t("callScreen.caller.enterHint")}
      </Text>
      {cameBefore && (
        <Text size="sm" fw={600} c="teal.8">
          {t("callScreen.caller.cameBefore")}
        </Text>
      )}
      {query.isError && current && <ErrorAlert error={query.error} />}
      {results && results.length > 0 && (
        <Stack gap="xs">
          <Text fw={600}>{t("callScreen.caller.case1", { count: results.length })}</Text>
          <ChoiceList label={t("callScreen.caller.resultsLabel")}>
            {results.map((person) => (
              <li key={person.id}>
                <PersonChoice person={person} loading={choosing === person.id} onChoose={() => void choose(person)} />
              </li>
            ))}
          </ChoiceList>
        </Stack>
      )}
      {results && results.length === 0 && (
        <Alert color="blue" icon={<IconUserPlus size={18} />} title={t("callScreen.caller.case2Title")}>
          {t("callScreen.caller.case2Text")}
        </Alert>
      )}
      <Group>
        <Button
          variant={results && results.length === 0 ? "filled" : "light"}
          leftSection={<IconUserPlus size={18} />}
          onClick={onCreate}
        >
          {t("callScreen.caller.newProspect")}
        </Button>
      </Group>
    </Stack>
  );
}

/** Opens a person found, telling which one is opening (its button spins) until it is. */
function useChoosing(onChoose: (person: PersonSummary) => Promise<void>) {
  const [choosing, setChoosing] = useState<string | null>(null);
  const choose = async (person: PersonSummary) => {
    setChoosing(person.id);
    try {
      await onChoose(person);
    } finally {
      setChoosing(null);
    }
  };
  return [choosing, choose] as const;
}

/** A list of `PersonChoice` items, read as a list by screen readers. */
function ChoiceList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: "none" }} aria-label={label}>
      {children}
    </Stack>
  );
}

/** One record found: a single button, so that Tab + Enter opens it in the screen. */
function PersonChoice({
  person,
  loading,
  onChoose,
}: {
  person: LookupResult | DuplicateMatch;
  loading?: boolean;
  onChoose(): void;
}) {
  const { t } = useTranslation();
  const details = identifyingDetails(t, person);
  return (
    <Button
      variant="default"
      fullWidth
      h="auto"
      py={8}
      justify="flex-start"
      loading={loading}
      onClick={onChoose}
      styles={{ label: { whiteSpace: "normal", textAlign: "left" } }}
    >
      {/* On a phone the badges and « Ouvrir la fiche » go to the next line rather than being cut. */}
      <Group gap="sm" align="center">
        <KindBadge kind={person.kind} size="sm" miw={72} />
        <Stack gap={0} style={{ flex: "1 1 12rem", minWidth: 0 }}>
          <Text fw={700}>
            {person.lastName} {person.firstName}
          </Text>
          {details.length > 0 && (
            <Text size="sm" c="dimmed">
              {details.join(" · ")}
            </Text>
          )}
        </Stack>
        <TemperatureBadge temperature={person.temperature} size="sm" />
        <Text size="sm" c="teal.8" ml="auto" style={{ whiteSpace: "nowrap" }}>
          {t("callScreen.caller.open")}
        </Text>
      </Group>
    </Button>
  );
}

/** CAS 1: the record, opened in the screen; « Compléter la fiche » edits it without leaving the call. */
function PersonCard({
  person,
  onChangePerson,
  onContinue,
}: {
  person: Person;
  onChangePerson(): void;
  onContinue(): void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const missing = [
    person.phones.length === 0 ? t("people.fields.phone") : null,
    person.email ? null : t("people.fields.email"),
    person.birthDate ? null : t("people.fields.birthDate"),
  ].filter(Boolean);
  const yesNo = (value: boolean | null) =>
    value === null ? t("people.form.unknown") : value ? t("people.form.yes") : t("people.form.no");
  return (
    <Paper withBorder p="md" aria-label={t("callScreen.caller.recordLabel")} component="article">
      <Stack gap="sm">
        <Group gap="sm">
          <KindBadge kind={person.kind} />
          <Title order={3}>
            {person.lastName} {person.firstName}
          </Title>
          <TemperatureBadge temperature={person.temperature} />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Text size="sm">
            <Text span fw={600}>
              {t("people.fields.phones")} :{" "}
            </Text>
            <PhoneList phones={person.phones} />
          </Text>
          <Text size="sm">
            <Text span fw={600}>
              {t("people.fields.email")} :{" "}
            </Text>
            {person.email ?? t("people.none")}
          </Text>
          <Text size="sm">
            <Text span fw={600}>
              {t("people.fields.birthDate")} :{" "}
            </Text>
            {person.birthDate ? formatDate(person.birthDate) : t("people.none")}
          </Text>
          <Text size="sm">
            <Text span fw={600}>
              {t("people.fields.insured")} / {t("people.fields.member")} :{" "}
            </Text>
            {yesNo(person.insured)} / {yesNo(person.member)}
          </Text>
        </SimpleGrid>
        {missing.length > 0 && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} p="xs">
            {t("callScreen.caller.missing", { fields: missing.join(", ") })}
          </Alert>
        )}
        <Group>
          <Button onClick={onContinue} data-autofocus rightSection={<KeyHint>{t("callScreen.keys.enter")}</KeyHint>}>
            {t("callScreen.continue")}
          </Button>
          <Button variant="light" onClick={() => setEditing(true)}>
            {t("callScreen.caller.complete")}
          </Button>
          <Button variant="subtle" onClick={onChangePerson}>
            {t("callScreen.caller.change")}
          </Button>
        </Group>
      </Stack>
      <EditPersonModal opened={editing} person={person} onClose={() => setEditing(false)} />
    </Paper>
  );
}

/**
 * CAS 2: « Création du prospect dans le CRM / renseigner tous les champs »,
 * with the existing creation form and its duplicate warning (« Déjà venue à NEST ? »).
 */
function NewProspectForm({
  form,
  onCreated,
  onCancel,
}: {
  form: PersonForm;
  onCreated(person: PersonSummary): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const duplicates = useDuplicateCheck(form.values);
  const { send, conflict, closeConflict, mutation, apiError } = useCreatePerson("prospect", form, onCreated);
  const [choosing, choose] = useChoosing(onCreated);

  const matchList = (matches: readonly DuplicateMatch[]) => (
    <ChoiceList label={t("people.duplicates.listLabel")}>
      {matches.map((match) => (
        <li key={match.id}>
          <PersonChoice person={match} loading={choosing === match.id} onChoose={() => void choose(match)} />
          <Text size="xs" c="orange.8">
            {t(`people.duplicates.matchedOn.${match.matchedOn}`)}
          </Text>
        </li>
      ))}
    </ChoiceList>
  );

  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        event.stopPropagation();
        send(false);
      }}
      // Enter creates the prospect from any field, a list or a choice included, as in every step.
      onKeyDown={submitOnEnter}
      noValidate
      aria-label={t("callScreen.caller.newProspectTitle")}
    >
      <Stack>
        <Title order={3} size="h4">
          {t("callScreen.caller.newProspectTitle")}
        </Title>
        <Alert color="red" variant="filled" icon={<IconPhone size={18} />} p="xs">
          <Text fw={700} size="sm">
            {t("callScreen.caller.phoneWarning")}
          </Text>
        </Alert>
        <PersonFields
          kind="prospect"
          mode="create"
          form={form}
          afterIdentity={
            duplicates.length > 0 &&
            !conflict && (
              <DuplicateWarning text={t("callScreen.caller.duplicateText", { count: duplicates.length })}>
                {matchList(duplicates)}
              </DuplicateWarning>
            )
          }
        />
        {conflict && (
          <DuplicateConflict sending={mutation.isPending} onCreateAnyway={() => send(true)} onBack={closeConflict}>
            {matchList(conflict)}
          </DuplicateConflict>
        )}
        {apiError?.message && <ErrorAlert error={mutation.error} message={apiError.message} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("callScreen.caller.backToLookup")}
          </Button>
          <Button type="submit" loading={mutation.isPending && !conflict} disabled={conflict !== null}>
            {t("people.new.createProspect")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
