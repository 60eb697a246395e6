import { Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { callKeys, fetchInboxCount } from "../../api/calls.ts";

/** How often the navigation asks how many messages wait. */
export const INBOX_POLL_MS = 60_000;

/** The number of messages waiting in my inbox (for me and for the services), polled every minute. */
export function useInboxCount(enabled = true) {
  return useQuery({
    queryKey: callKeys.inboxCount,
    queryFn: fetchInboxCount,
    refetchInterval: INBOX_POLL_MS,
    enabled,
  });
}

/** The navigation's badge: nothing when no message waits. */
export function InboxBadge() {
  const { t } = useTranslation();
  const count = useInboxCount().data?.unacknowledged ?? 0;
  if (count === 0) return null;
  return (
    <Badge size="sm" color="red" circle={count < 10} aria-label={t("messages.waiting", { count })}>
      {count > 99 ? "99+" : count}
    </Badge>
  );
}
