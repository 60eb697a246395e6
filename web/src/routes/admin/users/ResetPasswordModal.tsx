import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../../shared/limits.ts";
import { queryKeys, resetUserPassword } from "../../../api/endpoints.ts";
import type { User } from "../../../api/types.ts";
import { ErrorAlert, notifySuccess } from "../../../components/feedback.tsx";
import { generatePassword, splitApiError, useFormState } from "../../../components/form.ts";

export function ResetPasswordModal({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: User | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened && user !== null} onClose={onClose} title={t("users.resetTitle")} size="md">
      {user && <ResetPasswordForm user={user} onClose={onClose} />}
    </Modal>
  );
}

function ResetPasswordForm({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState({ password: "" });
  const mutation = useMutation({
    mutationFn: (password: string) => resetUserPassword(user.id, password),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      notifySuccess(t("users.passwordReset", { name: `${user.firstName} ${user.lastName}` }));
      onClose();
    },
    onError: (error) => form.setErrors(splitApiError(error, (field) => field === "password").fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.values.password.length < LIMITS.passwordMin) {
      form.setErrors({ password: t("form.passwordMin", { count: LIMITS.passwordMin }) });
      return;
    }
    mutation.reset();
    mutation.mutate(form.values.password);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t("users.resetText", { name: `${user.firstName} ${user.lastName}`, email: user.email })}</Text>
        <ErrorAlert
          error={mutation.error}
          message={mutation.error ? splitApiError(mutation.error, (field) => field === "password").message : null}
        />
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            flex={1}
            label={t("users.temporaryPassword")}
            description={t("users.temporaryPasswordHelp", { count: LIMITS.passwordMin })}
            autoComplete="new-password"
            required
            maxLength={LIMITS.passwordMax}
            data-autofocus
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
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" color="orange" loading={mutation.isPending}>
            {t("users.resetSubmit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
