import { notifications } from "relais:notifications-store";
import { Alert, Button, Center, Group, Loader, Stack, Text } from "@mantine/core";
import { IconAlertCircle, IconCheck } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isApiError, isSessionLost } from "../api/client.ts";
import { i18n } from "../i18n/index.ts";

export const isVersionConflict = (error: unknown): boolean => isApiError(error) && error.code === "version_conflict";

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return i18n.t("errors.unexpected");
}

export function notifySuccess(message: string): void {
  notifications.show({ color: "teal", icon: <IconCheck size={18} />, message, autoClose: 4000 });
}

/**
 * Shows an error as a notification; a lost session is not shown (the login page says so),
 * a version conflict gets a "Recharger" action when `onReload` is given.
 */
export function notifyError(error: unknown, onReload?: () => void): void {
  if (isSessionLost(error)) return;
  const id = `error-${Date.now()}`;
  const message: ReactNode =
    isVersionConflict(error) && onReload ? (
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        <Button
          size="xs"
          variant="light"
          onClick={() => {
            notifications.hide(id);
            onReload();
          }}
        >
          {i18n.t("common.reload")}
        </Button>
      </Stack>
    ) : (
      errorMessage(error)
    );
  notifications.show({
    id,
    color: "red",
    icon: <IconAlertCircle size={18} />,
    title: i18n.t("errors.title"),
    message,
    autoClose: isVersionConflict(error) ? false : 8000,
  });
}

/** An error in an Alert; version conflicts offer "Recharger", other failures "Réessayer" when `onRetry` is given. */
export function ErrorAlert({
  error,
  message,
  onReload,
  onRetry,
}: {
  error?: unknown;
  message?: string | null;
  onReload?: () => void;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  // An explicit `message` (even null: "the fields show it all") wins over the error's own message.
  const text = message !== undefined ? message : error === undefined || error === null ? null : errorMessage(error);
  if (!text) return null;
  const conflict = isVersionConflict(error);
  return (
    <Alert color={conflict ? "orange" : "red"} icon={<IconAlertCircle size={18} />} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{text}</Text>
        <Group gap="xs">
          {conflict && onReload && (
            <Button size="xs" variant="light" color="orange" onClick={onReload}>
              {t("common.reload")}
            </Button>
          )}
          {!conflict && onRetry && (
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t("common.retry")}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" mih={200}>
      <Loader aria-label={t("common.loading")} />
    </Center>
  );
}
