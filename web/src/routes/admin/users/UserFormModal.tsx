import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../../shared/limits.ts";
import type { Role } from "../../../../../shared/roles.ts";
import { createUser, listUsers, queryKeys, type UpdateUserInput, updateUser } from "../../../api/endpoints.ts";
import type { User } from "../../../api/types.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../../components/feedback.tsx";
import { generatePassword, splitApiError, useFormState } from "../../../components/form.ts";
import { RoleSelect } from "../../../components/RoleSelect.tsx";

const FIELDS = new Set(["email", "firstName", "lastName", "role", "password"]);

interface Values {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  password: string;
}

const valuesOf = (user: User | null): Values => ({
  email: user?.email ?? "",
  firstName: user?.firstName ?? "",
  lastName: user?.lastName ?? "",
  role: user?.role ?? "reception",
  password: "",
});

/** "Nouvel utilisateur" (user = null) or "Modifier" (the user, whose version is sent back). */
export function UserFormModal({ opened, user, onClose }: { opened: boolean; user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t("users.editTitle", { name: `${user.firstName} ${user.lastName}` }) : t("users.createTitle")}
      size="lg"
    >
      <UserForm user={user} onClose={onClose} />
    </Modal>
  );
}

function UserForm({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(user);
  const form = useFormState<Values>(() => valuesOf(user));
  const editing = base !== null;

  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      if (!base) {
        return createUser({
          email: values.email.trim(),
          firstName: values.firstName.trim(),
          lastName: values.lastName.trim(),
          role: values.role,
          password: values.password,
        });
      }
      const changes: UpdateUserInput = { version: base.version };
      if (values.email.trim() !== base.email) changes.email = values.email.trim();
      if (values.firstName.trim() !== base.firstName) changes.firstName = values.firstName.trim();
      if (values.lastName.trim() !== base.lastName) changes.lastName = values.lastName.trim();
      if (values.role !== base.role) changes.role = values.role;
      if (Object.keys(changes).length === 1) return base;
      return updateUser(base.id, changes);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      notifySuccess(editing ? t("users.updated") : t("users.created"));
      onClose();
    },
    onError: (error) => form.setErrors(splitApiError(error, (field) => FIELDS.has(field)).fieldErrors),
  });

  /** After a version conflict: reads the user again and restarts the edit from what is stored now. */
  const reload = async () => {
    if (!base) return;
    const users = await queryClient.fetchQuery({ queryKey: queryKeys.users, queryFn: listUsers, staleTime: 0 });
    const fresh = users.find((u) => u.id === base.id) ?? null;
    mutation.reset();
    if (!fresh) {
      onClose();
      return;
    }
    setBase(fresh);
    form.reset(valuesOf(fresh));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const errors: Record<string, string> = {};
    if (!v.email.trim()) errors.email = t("form.required");
    if (!v.firstName.trim()) errors.firstName = t("form.required");
    if (!v.lastName.trim()) errors.lastName = t("form.required");
    if (!editing && v.password.length < LIMITS.passwordMin) {
      errors.password = t("form.passwordMin", { count: LIMITS.passwordMin });
    }
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    mutation.reset();
    mutation.mutate(v);
  };

  const alert = mutation.error ? splitApiError(mutation.error, (field) => FIELDS.has(field)).message : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? undefined : alert}
          onReload={reload}
        />
        <TextInput
          label={t("users.email")}
          type="email"
          autoComplete="off"
          required
          maxLength={LIMITS.emailMax}
          data-autofocus
          {...form.textProps("email")}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t("users.firstName")}
            required
            maxLength={LIMITS.nameMax}
            {...form.textProps("firstName")}
          />
          <TextInput label={t("users.lastName")} required maxLength={LIMITS.nameMax} {...form.textProps("lastName")} />
        </Group>
        <RoleSelect
          label={t("users.role")}
          required
          value={form.values.role}
          onChange={(role) => form.setField("role", role)}
          error={form.errors.role}
        />
        {!editing && (
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              flex={1}
              label={t("users.temporaryPassword")}
              description={t("users.temporaryPasswordHelp", { count: LIMITS.passwordMin })}
              autoComplete="new-password"
              required
              maxLength={LIMITS.passwordMax}
              {...form.textProps("password")}
            />
            <Button
              variant="default"
              onClick={() => form.setField("password", generatePassword())}
              mb={form.errors.password ? 22 : 0}
            >
              {t("users.generate")}
            </Button>
          </Group>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {editing ? t("common.save") : t("users.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
