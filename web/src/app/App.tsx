import { MantineProvider } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { RouterProvider } from "react-router/dom";
import { ApiError } from "../api/client.ts";
import { router } from "./router.tsx";
import { SessionProvider } from "./session.tsx";
import { theme } from "./theme.ts";

// Notices show after the first paint: their component (and its transitions) is not in the first load.
const Notifications = lazy(() =>
  import("@mantine/notifications").then((module) => ({ default: module.Notifications })),
);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Retry only what may pass on a second try: the server unreachable or failing.
      retry: (failures, error) =>
        failures < 2 && error instanceof ApiError && (error.status === 0 || error.status >= 500),
    },
    mutations: { retry: false },
  },
});

export function App() {
  const { t } = useTranslation();
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <ModalsProvider labels={{ confirm: t("common.confirm"), cancel: t("common.cancel") }}>
          <Suspense fallback={null}>
            <Notifications position="top-right" />
          </Suspense>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
