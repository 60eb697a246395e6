import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconAlarm, IconPlayerPause, IconPlayerPlay } from "@tabler/icons-react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { formatHold } from "../../../../shared/hold-timer.ts";
import { KeyHint } from "./KeyHint.tsx";
import { holdDuration } from "./sentences.ts";
import type { HoldTimer } from "./useHoldTimer.ts";

/**
 * Procedure 3 on hold: « reprend la ligne au bout de 30 secondes puis toutes les
 * minutes […] en vérifiant si l'interlocuteur désire toujours patienter, ou s'il
 * souhaite rappeler plus tard ou laisser un message ».
 */
export function HoldPanel({
  timer,
  disabled,
  totalSeconds,
  onHold,
  onResume,
  onLeaveMessage,
  onCallBackLater,
}: {
  timer: HoldTimer;
  /** Before the call is started there is no one to put on hold. */
  disabled: boolean;
  /** Seconds already on hold in earlier holds of this call. */
  totalSeconds: number;
  onHold(): void;
  onResume(): void;
  onLeaveMessage(): void;
  onCallBackLater(): void;
}) {
  const { t } = useTranslation();
  const alertText =
    timer.onHold && timer.alert !== null
      ? t("callScreen.hold.alert", { duration: holdDuration(t, timer.alert) })
      : null;
  // Seen from another tab too (the planning, a record): the tab's title carries the alert.
  useEffect(() => {
    if (!alertText) return;
    const previous = document.title;
    document.title = `⏰ ${alertText}`;
    return () => {
      document.title = previous;
    };
  }, [alertText]);
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="hold-title"
      bg={timer.onHold ? "yellow.0" : undefined}
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="hold-title">
          {t("callScreen.hold.title")}
        </Title>
        {timer.onHold && (
          <Text
            role="timer"
            aria-label={t("callScreen.hold.timerLabel")}
            fz={40}
            fw={700}
            ff="monospace"
            lh={1}
            c={timer.alert ? "red.8" : undefined}
          >
            {formatHold(timer.elapsedMs)}
          </Text>
        )}
        {alertText && (
          <Alert role="alert" color="red" icon={<IconAlarm size={20} />} p="sm">
            <Stack gap="xs">
              <Text fw={700}>{alertText}</Text>
              <Text size="sm">{t("callScreen.hold.ask")}</Text>
              <Group gap="xs">
                <Button size="xs" onClick={timer.keepWaiting}>
                  {t("callScreen.hold.keepWaiting")}
                </Button>
                <Button size="xs" variant="light" onClick={onLeaveMessage}>
                  {t("callScreen.hold.leaveMessage")}
                </Button>
                <Button size="xs" variant="light" onClick={onCallBackLater}>
                  {t("callScreen.hold.callBackLater")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {timer.onHold ? (
          <Button
            color="teal"
            size="md"
            leftSection={<IconPlayerPlay size={18} />}
            onClick={onResume}
            aria-keyshortcuts="Alt+A"
            rightSection={<KeyHint>Alt+A</KeyHint>}
          >
            {t("callScreen.hold.resume")}
          </Button>
        ) : (
          <Button
            variant="light"
            color="yellow"
            size="md"
            leftSection={<IconPlayerPause size={18} />}
            onClick={onHold}
            disabled={disabled}
            aria-keyshortcuts="Alt+A"
            rightSection={<KeyHint>Alt+A</KeyHint>}
          >
            {t("callScreen.hold.put")}
          </Button>
        )}
        <Text size="sm" c="dimmed">
          {totalSeconds > 0
            ? t("callScreen.hold.total", { duration: formatHold(totalSeconds * 1000) })
            : t("callScreen.hold.rule")}
        </Text>
      </Stack>
    </Paper>
  );
}
