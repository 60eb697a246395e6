import { Button, Group, Modal, Stack } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { fetchPerson, queryKeys, updatePerson } from "../../../api/endpoints.ts";
import type { Person } from "../../../api/types.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../../components/form.ts";
import { PersonFields } from "../PersonFields.tsx";
import {
  formFieldOf,
  isPersonField,
  type PersonFormValues,
  personValues,
  phonesToSend,
  updateBody,
  validatePerson,
} from "../personForm.ts";

/** "Modifier": the record's fields, sent with the version read; a stale version is refused and offers "Recharger". */
export function EditPersonModal({ opened, person, onClose }: { opened: boolean; person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("people.edit.title")} size="xl">
      {/* Mounted per opening: the form starts from the record as it is now. */}
      {opened && <EditPersonForm person={person} onClose={onClose} />}
    </Modal>
  );
}

function EditPersonForm({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const kind = person.kind;
  const [base, setBase] = useState(person);
  const form = useFormState<PersonFormValues>(() => personValues(person));
  const positions = useRef<number[]>([]);

  const mutation = useMutation({
    mutationFn: async (values: PersonFormValues) => {
      const body = updateBody(kind, base, values);
      if (Object.keys(body).length === 1) return null;
      return updatePerson(kind, base.id, body);
    },
    onSuccess: async (updated) => {
      if (updated) {
        await queryClient.invalidateQueries({ queryKey: queryKeys.people });
        notifySuccess(t("people.edit.saved"));
      }
      onClose();
    },
    onError: (error) => form.setErrors(splitApiError(error, isPersonField, formFieldOf(positions.current)).fieldErrors),
  });

  /** After a version conflict: the record as stored now, and the form restarted from it. */
  const reload = async () => {
    const fresh = await queryClient.fetchQuery({
      queryKey: queryKeys.person(kind, base.id),
      queryFn: () => fetchPerson(kind, base.id),
      staleTime: 0,
    });
    mutation.reset();
    setBase(fresh);
    form.reset(personValues(fresh));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validatePerson(kind, form.values, t);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    positions.current = phonesToSend(form.values).positions;
    mutation.reset();
    mutation.mutate(form.values);
  };

  const alert = mutation.error
    ? splitApiError(mutation.error, isPersonField, formFieldOf(positions.current)).message
    : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? t("people.edit.conflict") : alert}
          onReload={() => void reload()}
        />
        <PersonFields kind={kind} mode="edit" form={form} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
