import { Button, Group, PasswordInput, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import { changePassword } from "../../api/endpoints.ts";
import { ErrorAlert } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";

const FIELDS = new Set(["currentPassword", "newPassword"]);

/** Current password, new password twice; checks length and equality before asking the server. */
export function ChangePasswordForm({
  onDone,
  submitLabel,
}: {
  onDone: () => void | Promise<void>;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  const form = useFormState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: () => onDone(),
    onError: (error) => form.setErrors(splitApiError(error, (field) => FIELDS.has(field)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { currentPassword, newPassword, confirmPassword } = form.values;
    const errors: Record<string, string> = {};
    if (!currentPassword) errors.currentPassword = t("form.required");
    if (newPassword.length < LIMITS.passwordMin)
      errors.newPassword = t("form.passwordMin", { count: LIMITS.passwordMin });
    else if (newPassword.length > LIMITS.passwordMax)
      errors.newPassword = t("form.tooLong", { count: LIMITS.passwordMax });
    else if (newPassword === currentPassword) errors.newPassword = t("password.sameAsCurrent");
    if (confirmPassword !== newPassword) errors.confirmPassword = t("form.passwordMismatch");
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    mutation.reset();
    mutation.mutate({ currentPassword, newPassword });
  };

  const alert = mutation.error ? splitApiError(mutation.error, (field) => FIELDS.has(field)).message : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={mutation.error} message={alert} />
        <PasswordInput
          visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
          label={t("password.current")}
          autoComplete="current-password"
          required
          {...form.textProps("currentPassword")}
        />
        <PasswordInput
          visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
          label={t("password.new")}
          description={t("password.rule", { count: LIMITS.passwordMin })}
          autoComplete="new-password"
          required
          {...form.textProps("newPassword")}
        />
        <PasswordInput
          visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
          label={t("password.confirm")}
          autoComplete="new-password"
          required
          {...form.textProps("confirmPassword")}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel ?? t("password.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
