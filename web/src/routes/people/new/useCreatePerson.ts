import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../api/client.ts";
import { createPatient, createProspect, queryKeys } from "../../../api/endpoints.ts";
import type { DuplicateMatch, Person, PersonKind } from "../../../api/types.ts";
import { splitApiError } from "../../../components/form.ts";
import {
  createPatientBody,
  createProspectBody,
  formFieldOf,
  isPersonField,
  type PersonForm,
  phonesToSend,
  validatePerson,
} from "../personForm.ts";

/**
 * Creates a prospect or a patient from its form: checks the fields, sends them, and turns the
 * server's 409 possible_duplicate into the matches to show (the user opens one, or confirms).
 */
export function useCreatePerson(kind: PersonKind, form: PersonForm, onCreated: (person: Person) => Promise<void>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  /** The matches of a 409 possible_duplicate: the user opens one of them, or confirms. */
  const [conflict, setConflict] = useState<DuplicateMatch[] | null>(null);
  const positions = useRef<number[]>([]);

  const mutation = useMutation({
    mutationFn: (confirm: boolean) =>
      kind === "prospect"
        ? createProspect(createProspectBody(form.values, confirm))
        : createPatient(createPatientBody(form.values, confirm)),
    onSuccess: async ({ person }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.people });
      await onCreated(person);
    },
    onError: (error) => {
      if (isApiError(error) && error.code === "possible_duplicate") {
        setConflict((error.details as { matches?: DuplicateMatch[] } | undefined)?.matches ?? []);
        return;
      }
      form.setErrors(splitApiError(error, isPersonField, formFieldOf(positions.current)).fieldErrors);
    },
  });

  /** Sends the form; `confirm` creates the person even though it may duplicate another. */
  const send = (confirm: boolean) => {
    const errors = validatePerson(kind, form.values, t);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    positions.current = phonesToSend(form.values).positions;
    setConflict(null);
    mutation.reset();
    mutation.mutate(confirm);
  };

  /** The error not tied to a field, once the duplicate conflict is out of the way. */
  const apiError =
    mutation.error && !conflict ? splitApiError(mutation.error, isPersonField, formFieldOf(positions.current)) : null;

  return { send, conflict, closeConflict: () => setConflict(null), mutation, apiError };
}
