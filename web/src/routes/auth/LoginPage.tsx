import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconClock } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { isApiError } from "../../api/client.ts";
import { login } from "../../api/endpoints.ts";
import { useSession } from "../../app/session.tsx";
import { PageLoader } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";
import { currentLanguage, setLanguage } from "../../i18n/index.ts";

const FIELDS = new Set(["email", "password"]);

/** The wait announced by a throttled login, in whole minutes (the server also says it in its message). */
function waitMinutes(error: unknown): number | null {
  if (!isApiError(error) || error.code !== "too_many_attempts") return null;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === "number" && seconds > 0 ? Math.ceil(seconds / 60) : null;
}

/** Where to go after signing in: the page asked before (same-origin paths only), or home. */
function targetOf(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === "string" && from.startsWith("/") && !from.startsWith("//") && !from.startsWith("/login")
    ? from
    : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const { session, loading, exit, signedIn } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const target = targetOf(location.state);
  const form = useFormState({ email: "", password: "" });

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      signedIn(result);
      navigate(target, { replace: true });
    },
    onError: (error) => {
      form.setErrors(splitApiError(error, (field) => FIELDS.has(field)).fieldErrors);
      form.setField("password", "");
    },
  });

  if (loading) return <PageLoader />;
  if (session && !mutation.isPending) return <Navigate to={target} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.values.email.trim()) errors.email = t("form.required");
    if (!form.values.password) errors.password = t("form.required");
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    mutation.mutate({ email: form.values.email.trim(), password: form.values.password });
  };

  const language = currentLanguage();
  const wait = waitMinutes(mutation.error);
  const errorText =
    wait !== null
      ? t("login.tooManyAttempts", { count: wait })
      : mutation.error
        ? splitApiError(mutation.error, (field) => FIELDS.has(field)).message
        : null;

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" w="100%" maw={420} p="xl" withBorder shadow="sm">
        <Stack>
          <div>
            <Title order={1} c="teal.8">
              {t("app.name")}
            </Title>
            <Text c="dimmed">{t("login.subtitle")}</Text>
          </div>
          {exit === "expired" && !mutation.error && (
            <Alert color="yellow" icon={<IconClock size={18} />} role="status">
              {t("login.sessionExpired")}
            </Alert>
          )}
          {errorText && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {errorText}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Stack>
              <TextInput
                label={t("login.email")}
                type="email"
                autoComplete="username"
                inputMode="email"
                autoFocus
                required
                {...form.textProps("email")}
              />
              <PasswordInput
                visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
                label={t("login.password")}
                autoComplete="current-password"
                required
                {...form.textProps("password")}
              />
              <Button type="submit" loading={mutation.isPending} fullWidth>
                {t("login.submit")}
              </Button>
            </Stack>
          </form>
          <Group justify="center" gap="xs">
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setLanguage("fr")}
              fw={language === "fr" ? 700 : 400}
              lang="fr"
            >
              Français
            </Anchor>
            <Text size="sm" c="dimmed" aria-hidden>
              ·
            </Text>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setLanguage("en")}
              fw={language === "en" ? 700 : 400}
              lang="en"
            >
              English
            </Anchor>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
