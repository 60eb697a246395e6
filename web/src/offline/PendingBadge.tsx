import { Badge, UnstyledButton } from "@mantine/core";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../shared/permissions.ts";
import { useUser } from "../app/session.tsx";
import { loadOfflineTexts } from "../i18n/offline-texts.ts";
import type { QueueState } from "./queue.ts";
import { useUnreachable } from "./reachability.ts";

const SyncPanel = lazy(() =>
  Promise.all([import("./SyncPanel.tsx"), loadOfflineTexts()]).then(([m]) => ({ default: m.SyncPanel })),
);

/**
 * The header's « N en attente de synchronisation »: the writes typed offline not yet on the server.
 * The queue (IndexedDB) is loaded after the first paint, and starts sending what waits.
 */
export function PendingBadge() {
  const { t } = useTranslation();
  const user = useUser();
  const unreachable = useUnreachable();
  const [queue, setQueue] = useState<QueueState | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    let cancelled = false;
    void import("./queue.ts").then(async (m) => {
      if (cancelled) return;
      unsubscribe = m.subscribeQueue(setQueue);
      await m.startQueue(user.id, can(user.role, "calls.write"));
    });
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, [user.id, user.role]);

  const count = queue?.items.length ?? 0;
  const blocked = queue?.items.filter((i) => i.state === "blocked").length ?? 0;
  if (count === 0 && !unreachable) return null;
  return (
    <>
      <UnstyledButton onClick={() => setOpen(true)} aria-haspopup="dialog" data-testid="pending-sync">
        <Badge color={blocked ? "red" : unreachable ? "orange" : "blue"} variant="light" size="lg" tt="none">
          {count > 0 ? t("shell.pendingSync", { count }) : t("shell.offline")}
        </Badge>
      </UnstyledButton>
      {open && (
        <Suspense fallback={null}>
          <SyncPanel opened={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
