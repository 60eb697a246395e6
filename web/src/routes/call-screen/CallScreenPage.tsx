import { Alert, Anchor, Button, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { type Call, callKeys, fetchCall, isOpenLine } from "../../api/calls.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { loadOfflineTexts } from "../../i18n/offline-texts.ts";
import { useUnreachable } from "../../offline/reachability.ts";
import { CallScreen } from "./CallScreen.tsx";

/** The form used while the server cannot be reached, with the offline queue it writes to: loaded only then. */
const OfflineCallScreen = lazy(() =>
  Promise.all([import("./OfflineCallScreen.tsx"), loadOfflineTexts()]).then(([m]) => ({
    default: m.OfflineCallScreen,
  })),
);

/** The search parameter of /appels/nouveau naming the line the screen is on, from its first save. */
const CALL_PARAM = "call";

/**
 * /appels/nouveau: the screen a receptionist keeps open all day; each call ended starts the next afresh.
 * As soon as a call's line is created the address becomes /appels/nouveau?call=<id> (replacing the
 * entry, the screen staying as it is): a reload (F5) reopens that line at the step it had reached.
 */
export function NewCallPage() {
  const [round, setRound] = useState(0);
  const [params, setParams] = useSearchParams();
  const wanted = params.get(CALL_PARAM);
  /** The line created by the screen on display: its id in the address must not reopen it. */
  const own = useRef<string | null>(null);
  const unreachable = useUnreachable();
  // The server out of reach between two calls: the offline form; a call under way stays on its screen.
  const [offline, setOffline] = useState(unreachable);
  useEffect(() => {
    if (unreachable && own.current === null) setOffline(true);
  }, [unreachable]);

  const next = useCallback(() => {
    own.current = null;
    setRound((n) => n + 1);
    setParams(new URLSearchParams(), { replace: true });
    // Scroll back to the greeting, the first thing to say.
    window.scrollTo({ top: 0 });
  }, [setParams]);

  const lineCreated = useCallback(
    (callId: string) => {
      own.current = callId;
      setParams(new URLSearchParams({ [CALL_PARAM]: callId }), { replace: true });
    },
    [setParams],
  );

  if (offline) {
    return (
      <Suspense fallback={<PageLoader />}>
        <OfflineCallScreen onBack={() => setOffline(false)} />
      </Suspense>
    );
  }
  if (wanted && wanted !== own.current) {
    // Opened with a line in the address (a reload): that line, where it stopped.
    return <OpenLineScreen key={wanted} id={wanted} onNext={next} />;
  }
  return <CallScreen key={round} initialCall={null} onNext={next} onLineCreated={lineCreated} />;
}

/** /appels/:id/ecran: a line saved half-done, reopened at the step where it stopped. */
export function ResumeCallScreenPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  return <OpenLineScreen key={id} id={id} onNext={() => navigate("/appels/nouveau")} />;
}

/** The call screen on an existing line, reopened at the step where it stopped; a closed line says so. */
function OpenLineScreen({ id, onNext }: { id: string; onNext(): void }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: callKeys.one(id),
    queryFn: () => fetchCall(id),
    staleTime: 0,
    refetchOnWindowFocus: false,
  });

  // The line as it was when the screen opened: the screen's own saves (closing it) must not swap the page.
  const opened = useRef<Call | null>(null);
  if (query.data && opened.current?.id !== id) opened.current = query.data;

  const call = opened.current?.id === id ? opened.current : null;
  if (!call) {
    return query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : <PageLoader />;
  }
  if (!isOpenLine(call)) {
    return (
      <Stack maw={720}>
        <Alert color="teal" title={t("callScreen.resume.doneTitle")}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t("callScreen.resume.doneText")}</Text>
            <Group>
              <Anchor component={Link} to={`/appels/${call.id}`}>
                {t("callScreen.closed.viewLine")}
              </Anchor>
              <Button size="xs" onClick={onNext}>
                {t("callScreen.closed.next")}
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Stack>
    );
  }
  return <CallScreen initialCall={call} onNext={onNext} />;
}
