import { Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { listOutbox, mailKeys, type OutboxQuery } from "../../api/mail.ts";

/** The navigation's badge: how many emails are not sent yet (waiting or failed). */
export function OutboxBadge() {
  const { t } = useTranslation();
  const query: OutboxQuery = { status: "failed", page: 1, pageSize: 1 };
  const outbox = useQuery({
    queryKey: mailKeys.outboxPage(query),
    queryFn: ({ signal }) => listOutbox(query, signal),
    refetchInterval: 60_000,
  });
  const count = outbox.data?.unsent ?? 0;
  if (count === 0) return null;
  return (
    <Badge size="sm" color="orange" circle={count < 10} aria-label={t("outbox.unsent", { count })}>
      {count > 99 ? "99+" : count}
    </Badge>
  );
}
