import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { ErrorAlert, PageLoader } from "../components/feedback.tsx";
import { useSession } from "./session.tsx";

const ForcedPasswordChange = lazy(() =>
  import("../routes/account/ForcedPasswordChange.tsx").then((m) => ({ default: m.ForcedPasswordChange })),
);

/**
 * The signed-in part of the app: anonymous visitors go to /login (which brings them
 * back here), and a user with a temporary password must change it before anything else.
 */
export function RequireAuth() {
  const { t } = useTranslation();
  const { session, loading, error, exit, retry } = useSession();
  const location = useLocation();

  if (loading) return <PageLoader />;
  if (!session && error) {
    return (
      <Center mih="100vh" p="md">
        <Stack maw={480}>
          <Title order={1} size="h3">
            {t("app.name")}
          </Title>
          <ErrorAlert error={error} />
          <Button onClick={retry}>{t("common.retry")}</Button>
        </Stack>
      </Center>
    );
  }
  if (!session) {
    const from = exit === "signed_out" ? undefined : `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/login" replace state={from && from !== "/" ? { from } : undefined} />;
  }
  if (session.user.mustChangePassword) {
    return (
      <Suspense fallback={<PageLoader />}>
        <ForcedPasswordChange />
      </Suspense>
    );
  }
  return <Outlet />;
}

/** Shown by RequireAuth when the first session check fails; exported for the router's error screen too. */
export function FatalError({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Stack maw={480} align="flex-start">
        <Title order={1} size="h3">
          {t("errors.crashTitle")}
        </Title>
        <Text>{t("errors.crashText")}</Text>
        <Button onClick={onRetry}>{t("errors.reloadPage")}</Button>
      </Stack>
    </Center>
  );
}
