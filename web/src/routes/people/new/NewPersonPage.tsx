import { Alert, Anchor, Breadcrumbs, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconUsers } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { isApiError } from "../../../api/client.ts";
import { createPatient, createProspect, queryKeys } from "../../../api/endpoints.ts";
import type { DuplicateMatch, PersonKind } from "../../../api/types.ts";
import { parseDate, todayIn, useTimeZone } from "../../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../../components/form.ts";
import { personUrl } from "../../../components/personUrl.ts";
import { digitCount } from "../../../components/phone.ts";
import { DuplicateList } from "../DuplicateList.tsx";
import { PersonFields } from "../PersonFields.tsx";
import {
  createPatientBody,
  createProspectBody,
  emptyPersonValues,
  formFieldOf,
  isPersonField,
  type PersonFormValues,
  phonesToSend,
  validatePerson,
} from "../personForm.ts";
import { useDuplicateCheck } from "./useDuplicateCheck.ts";

export function NewProspectPage() {
  // A new prefill (from the header search) starts a new form.
  const [params] = useSearchParams();
  return <NewPersonPage kind="prospect" key={params.toString()} />;
}

export function NewPatientPage() {
  const [params] = useSearchParams();
  return <NewPersonPage kind="patient" key={params.toString()} />;
}

/** Values from the header search ("Créer un prospect avec « 77 804 36 66 »"). */
function prefilled(values: PersonFormValues, params: URLSearchParams): PersonFormValues {
  const phone = params.get("phone")?.trim();
  const name = params.get("name")?.trim();
  const birthDate = parseDate(params.get("birthDate") ?? "");
  if (phone && digitCount(phone) > 0) return { ...values, phones: [phone] };
  if (name) return { ...values, lastName: name };
  if (birthDate) return { ...values, birthDate };
  return values;
}

function NewPersonPage({ kind }: { kind: PersonKind }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const [params] = useSearchParams();
  const form = useFormState<PersonFormValues>(() => prefilled(emptyPersonValues(todayIn(timeZone)), params));
  const duplicates = useDuplicateCheck(form.values);
  /** The matches of a 409 possible_duplicate: the user opens one of them, or confirms. */
  const [conflict, setConflict] = useState<DuplicateMatch[] | null>(null);
  const positions = useRef<number[]>([]);
  const listUrl = kind === "prospect" ? "/prospects" : "/patients";

  const mutation = useMutation({
    mutationFn: ({ values, confirm }: { values: PersonFormValues; confirm: boolean }) =>
      kind === "prospect"
        ? createProspect(createProspectBody(values, confirm))
        : createPatient(createPatientBody(values, confirm)),
    onSuccess: async ({ person }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.people });
      notifySuccess(t(kind === "prospect" ? "people.new.prospectCreated" : "people.new.patientCreated"));
      navigate(personUrl(person));
    },
    onError: (error) => {
      if (isApiError(error) && error.code === "possible_duplicate") {
        const matches = (error.details as { matches?: DuplicateMatch[] } | undefined)?.matches ?? [];
        setConflict(matches);
        return;
      }
      form.setErrors(splitApiError(error, isPersonField, formFieldOf(positions.current)).fieldErrors);
    },
  });

  const send = (confirm: boolean) => {
    const errors = validatePerson(kind, form.values, t);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    positions.current = phonesToSend(form.values).positions;
    setConflict(null);
    mutation.reset();
    mutation.mutate({ values: form.values, confirm });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(false);
  };

  const apiError =
    mutation.error && !conflict ? splitApiError(mutation.error, isPersonField, formFieldOf(positions.current)) : null;

  const title = t(kind === "prospect" ? "people.new.prospectTitle" : "people.new.patientTitle");

  return (
    <Stack maw={900}>
      <Breadcrumbs>
        <Anchor component={Link} to={listUrl}>
          {t(kind === "prospect" ? "nav.prospects" : "nav.patients")}
        </Anchor>
        <Text>{title}</Text>
      </Breadcrumbs>
      <Title order={1}>{title}</Title>

      <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate>
        <Stack>
          <PersonFields
            kind={kind}
            mode="create"
            form={form}
            afterIdentity={
              duplicates.length > 0 &&
              !conflict && (
                <Alert
                  color="orange"
                  icon={<IconUsers size={18} />}
                  title={t("people.duplicates.warningTitle")}
                  role="status"
                >
                  <Stack gap="xs">
                    <Text size="sm">{t("people.duplicates.warningText", { count: duplicates.length })}</Text>
                    <DuplicateList matches={duplicates} />
                  </Stack>
                </Alert>
              )
            }
          />

          {conflict && (
            <Alert
              color="orange"
              icon={<IconAlertTriangle size={18} />}
              title={t("people.duplicates.conflictTitle")}
              role="alert"
            >
              <Stack gap="sm">
                <Text size="sm">{t("people.duplicates.conflictText")}</Text>
                <DuplicateList matches={conflict} />
                <Group>
                  <Button color="orange" loading={mutation.isPending} onClick={() => send(true)}>
                    {t("people.duplicates.createAnyway")}
                  </Button>
                  <Button variant="default" onClick={() => setConflict(null)}>
                    {t("people.duplicates.backToForm")}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}

          {apiError && <ErrorAlert error={mutation.error} message={apiError.message} />}

          <Group justify="flex-end">
            <Button variant="default" component={Link} to={listUrl}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending && !conflict} disabled={conflict !== null}>
              {t(kind === "prospect" ? "people.new.createProspect" : "people.new.createPatient")}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
