import { Alert, Anchor, Button, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { type Call, callKeys, fetchCall, isOpenLine } from "../../api/calls.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { CallScreen } from "./CallScreen.tsx";

/** /appels/nouveau: the screen a receptionist keeps open all day; each call ended starts the next afresh. */
export function NewCallPage() {
  const [round, setRound] = useState(0);
  return (
    <CallScreen
      key={round}
      initialCall={null}
      onNext={() => {
        setRound((n) => n + 1);
        // Scroll back to the greeting, the first thing to say.
        window.scrollTo({ top: 0 });
      }}
    />
  );
}

/** /appels/:id/ecran: a line saved half-done, reopened at the step where it stopped. */
export function ResumeCallScreenPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
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
              <Button component={Link} to="/appels/nouveau" size="xs">
                {t("callScreen.closed.next")}
              </Button>
            </Group>
          </Stack>
        </Alert>
      </Stack>
    );
  }
  return <CallScreen key={call.id} initialCall={call} onNext={() => navigate("/appels/nouveau")} />;
}
