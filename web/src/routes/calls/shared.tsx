import { Anchor, Badge, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Call, type CallOutcome, callKeys, fetchActiveServices, fetchStaff, isOpenLine } from "../../api/calls.ts";
import { PhoneText } from "../../components/PhoneText.tsx";
import { personUrl } from "../../components/personUrl.ts";

const OUTCOME_COLORS: Record<CallOutcome, string> = {
  answered: "teal",
  transferred: "blue",
  message_left: "grape",
  call_back_later: "orange",
  to_resume: "red",
};

/** The outcome of a line as a coloured badge; "En cours" when it has none yet. */
export function OutcomeBadge({ outcome }: { outcome: CallOutcome | null }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" tt="none" color={outcome ? OUTCOME_COLORS[outcome] : "gray"}>
      {t(`calls.outcome.${outcome ?? "none"}`)}
    </Badge>
  );
}

/** "À traiter" on a line still open. */
export function OpenBadge({ call }: { call: Pick<Call, "outcome" | "resumedAt"> }) {
  const { t } = useTranslation();
  return isOpenLine(call) ? (
    <Badge variant="outline" color="red" tt="none" size="sm">
      {t("calls.open")}
    </Badge>
  ) : null;
}

/** Who called: the linked record (a link to its page), else the name given, else the number. */
export function CallerCell({ call }: { call: Call }) {
  const { t } = useTranslation();
  if (call.person) {
    return (
      <Anchor component={Link} to={personUrl(call.person)} size="sm">
        {call.person.lastName} {call.person.firstName}
      </Anchor>
    );
  }
  if (call.callerName) return <Text size="sm">{call.callerName}</Text>;
  return (
    <Text size="sm" c="dimmed">
      {t("calls.unknownCaller")}
    </Text>
  );
}

export function NumberCell({ phone }: { phone: string | null }) {
  const { t } = useTranslation();
  return phone ? (
    <PhoneText phone={phone} />
  ) : (
    <Text span size="sm" c="dimmed">
      {t("calls.noNumber")}
    </Text>
  );
}

/** Active staff, for transfers and message recipients (cached a while). */
export function useStaff() {
  return useQuery({ queryKey: callKeys.staff, queryFn: fetchStaff, staleTime: 5 * 60_000 });
}

/** Active services, in their order (cached a while). */
export function useActiveServices() {
  return useQuery({ queryKey: callKeys.services, queryFn: fetchActiveServices, staleTime: 5 * 60_000 });
}

/** "HH:mm" of an ISO instant in the clinic's time zone, from a "dd/mm/yyyy HH:mm" formatter. */
export const timeOf = (formatted: string) => formatted.slice(11);
