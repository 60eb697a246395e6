import { Anchor, Breadcrumbs, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { PersonKind } from "../../../api/types.ts";
import { parseDate, todayIn, useTimeZone } from "../../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../../components/feedback.tsx";
import { useFormState } from "../../../components/form.ts";
import { personUrl } from "../../../components/personUrl.ts";
import { digitCount } from "../../../components/phone.ts";
import { DuplicateList } from "../DuplicateList.tsx";
import { PersonFields } from "../PersonFields.tsx";
import { emptyPersonValues, type PersonFormValues } from "../personForm.ts";
import { DuplicateConflict, DuplicateWarning } from "./DuplicateAlerts.tsx";
import { useCreatePerson } from "./useCreatePerson.ts";
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
  const timeZone = useTimeZone();
  const [params] = useSearchParams();
  const form = useFormState<PersonFormValues>(() => prefilled(emptyPersonValues(todayIn(timeZone)), params));
  const duplicates = useDuplicateCheck(form.values);
  const { send, conflict, closeConflict, mutation, apiError } = useCreatePerson(kind, form, async (person) => {
    notifySuccess(t(kind === "prospect" ? "people.new.prospectCreated" : "people.new.patientCreated"));
    navigate(personUrl(person));
  });
  const listUrl = kind === "prospect" ? "/prospects" : "/patients";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(false);
  };

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
                <DuplicateWarning text={t("people.duplicates.warningText", { count: duplicates.length })}>
                  <DuplicateList matches={duplicates} />
                </DuplicateWarning>
              )
            }
          />

          {conflict && (
            <DuplicateConflict sending={mutation.isPending} onCreateAnyway={() => send(true)} onBack={closeConflict}>
              <DuplicateList matches={conflict} />
            </DuplicateConflict>
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
