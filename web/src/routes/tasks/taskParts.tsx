import { Anchor, Badge, Group, Stack, Text, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { TaskBucket } from "../../../../shared/followup.ts";
import { formatGestationalAge, gestationalAge } from "../../../../shared/pregnancy.ts";
import { fetchRules, type Task, taskKeys } from "../../api/tasks.ts";
import { formatDate, todayIn, useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { TemperatureBadge } from "../../components/PersonBadges.tsx";
import { PhoneText } from "../../components/PhoneText.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { useRoleLabel } from "../../components/RoleSelect.tsx";

/** The Odoo colours: overdue red, today orange, upcoming green. */
export const BUCKET_COLORS: Record<TaskBucket, string> = { overdue: "red", today: "orange", upcoming: "green" };

/** The rules with the procedure each quotes (cached: they change with a release only). */
export function useRules() {
  return useQuery({ queryKey: taskKeys.rules, queryFn: fetchRules, staleTime: 60 * 60_000 });
}

/** Where an open task stands (coloured), or its status once done or closed. */
export function BucketBadge({ task }: { task: Pick<Task, "bucket" | "status"> }) {
  const { t } = useTranslation();
  if (task.bucket) {
    return (
      <Badge color={BUCKET_COLORS[task.bucket]} variant="filled" tt="none" size="sm">
        {t(`tasks.buckets.${task.bucket}`)}
      </Badge>
    );
  }
  return (
    <Badge color={task.status === "done" ? "teal" : "gray"} variant="light" tt="none" size="sm">
      {t(`tasks.state.${task.status}`)}
    </Badge>
  );
}

/** The rule's name; hovering it shows the procedure sentence it implements. */
export function RuleLabel({ rule }: { rule: Task["rule"] }) {
  const { t } = useTranslation();
  const rules = useRules();
  const found = rules.data?.items.find((r) => r.id === rule);
  const label = (
    <Text size="sm" fw={600} span style={found ? { cursor: "help", textDecoration: "underline dotted" } : undefined}>
      {t(`rules.${rule}`)}
    </Text>
  );
  if (!found) return label;
  return (
    <Tooltip
      multiline
      w={420}
      withArrow
      label={
        <Stack gap={4}>
          <Text size="xs" fw={700}>
            {found.procedure}
          </Text>
          <Text size="xs" fs="italic">
            « {found.quote} »
          </Text>
        </Stack>
      }
    >
      {label}
    </Tooltip>
  );
}

/** The person a task is about (a link to the record) and the first phone. */
export function PersonCell({ task }: { task: Task }) {
  const { t } = useTranslation();
  const person = task.person;
  if (!person) {
    return (
      <Text size="sm" c="dimmed">
        {t("tasks.noPerson")}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={personUrl(person)} size="sm" fw={600}>
          {person.lastName} {person.firstName}
        </Anchor>
        <TemperatureBadge temperature={person.temperature} size="xs" style={{ flexShrink: 0 }} />
      </Group>
      {person.phone && (
        <Text size="sm">
          <PhoneText phone={person.phone} />
        </Text>
      )}
    </Stack>
  );
}

/** What the task was made from, in a line or two. */
export function SourceSummary({ task }: { task: Task }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const today = todayIn(useTimeZone());
  const source = task.source;
  if (!source) {
    return (
      <Text size="sm" c="dimmed">
        {t("tasks.source.gone")}
      </Text>
    );
  }
  switch (source.type) {
    case "interaction":
      return (
        <Stack gap={2}>
          <Text size="sm">
            {t("tasks.source.interaction", {
              at: formatDateTime(source.occurredAt),
              channel: t(`people.channels.${source.channel}`, { defaultValue: source.channel }),
            })}
          </Text>
          {source.requestTypes.length > 0 && (
            <Group gap={4}>
              {source.requestTypes.map((type) => (
                <Badge key={type.code} variant="light" color="gray" size="xs" tt="none">
                  {type.label}
                </Badge>
              ))}
            </Group>
          )}
          {source.comment && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {source.comment}
            </Text>
          )}
        </Stack>
      );
    case "call":
      return (
        <Stack gap={2}>
          <Text size="sm">
            {t("tasks.source.call", {
              at: formatDateTime(source.receivedAt),
              caller: source.callerName ?? t("calls.unknownCaller"),
            })}
            {source.phone && (
              <>
                {" · "}
                <PhoneText phone={source.phone} />
              </>
            )}
          </Text>
          {source.request && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {source.request}
            </Text>
          )}
        </Stack>
      );
    case "message":
      return (
        <Stack gap={2}>
          <Text size="sm">
            {t("tasks.source.message", {
              at: formatDateTime(source.createdAt),
              caller: source.callerName ?? t("calls.unknownCaller"),
              for: source.forUser?.name ?? source.forService?.name ?? "—",
            })}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={2}>
            {source.body}
          </Text>
        </Stack>
      );
    case "sms_reply":
      return (
        <Stack gap={2}>
          <Text size="sm">
            {t("tasks.source.smsReply", { at: formatDateTime(source.receivedAt) })}{" "}
            <PhoneText phone={source.fromPhone} />
            {" · "}
            {t(`tasks.source.smsReplyMeaning.${source.meaning}`)}
          </Text>
          <Text size="sm" fs="italic" style={{ overflowWrap: "anywhere" }}>
            « {source.text} »
          </Text>
          {source.appointmentStartsAt && (
            <Text size="xs" c="dimmed">
              {t("tasks.source.smsReplyAppointment", { at: formatDateTime(source.appointmentStartsAt) })}
            </Text>
          )}
        </Stack>
      );
    case "vaccine_dose":
      return <Text size="sm">{t("tasks.source.vaccineDose", { label: source.label })}</Text>;
    case "appointment":
      return (
        <Text size="sm">
          {t("tasks.source.appointment", { at: formatDateTime(source.startsAt), site: source.site.label })}
        </Text>
      );
    case "temperature_change":
      return (
        <Text size="sm">
          {t("tasks.source.temperature", {
            at: formatDateTime(source.changedAt),
            from: source.from ? t(`people.temperature.${source.from}`) : "—",
            to: t(`people.temperature.${source.to}`),
          })}
        </Text>
      );
    case "pathway": {
      const age = source.ddr ? gestationalAge(source.ddr, today) : null;
      return (
        <Text size="sm">
          {source.dpa
            ? t("tasks.source.pregnancy", {
                dpa: formatDate(source.dpa),
                age: age ? formatGestationalAge(age) : "—",
              })
            : t(`pathways.type.${source.pathwayType}`)}
          {source.endedOn && ` · ${t("tasks.source.pathwayEnded", { date: formatDate(source.endedOn) })}`}
        </Text>
      );
    }
    case "delivery":
      return (
        <Text size="sm">
          {t("tasks.source.delivery", {
            delivered: formatDate(source.deliveredOn),
            discharged: source.dischargedOn ? formatDate(source.dischargedOn) : "—",
            count: source.children,
          })}
        </Text>
      );
    case "survey_response":
      return <SurveySourceText source={source} />;
    case "person":
      return (
        <Text size="sm">
          {t("tasks.source.person", {
            date: source.firstContactDate ? formatDate(source.firstContactDate) : "—",
            origin: source.origin?.label ?? "—",
          })}
        </Text>
      );
  }
}

/** Who does it: the person named, else anyone of the role. */
export function AssigneeCell({ task }: { task: Task }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const role = task.assignee.role ? roleLabel(task.assignee.role) : "—";
  return (
    <Stack gap={0}>
      <Text size="sm">{task.assignee.user?.name ?? t("tasks.anyoneOfRole", { role })}</Text>
      {task.assignee.user && (
        <Text size="xs" c="dimmed">
          {role}
        </Text>
      )}
    </Stack>
  );
}

/** How a done or closed task ended: by whom, when, why. */
export function ClosureText({ task }: { task: Task }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (task.status === "open" || !task.closedAt) return null;
  // A call's result; else why the form or the engine closed it.
  const reason =
    task.outcome && task.outcome !== "done"
      ? t(`tasks.outcomes.${task.outcome}`)
      : task.closeReason
        ? t(`closeReasons.${task.closeReason}`)
        : task.outcome
          ? t("tasks.outcomes.done")
          : "";
  return (
    <Text size="xs" c="dimmed">
      {task.closedBy
        ? t("tasks.closedBy", { at: formatDateTime(task.closedAt), name: task.closedBy.name, reason })
        : t("tasks.closedByEngine", { at: formatDateTime(task.closedAt), reason })}
      {task.outcomeNote ? ` — ${task.outcomeNote}` : ""}
    </Text>
  );
}

/** A low satisfaction answer: its kind, day and site, the low scores first, the NPS and the comment. */
function SurveySourceText({ source }: { source: Extract<NonNullable<Task["source"]>, { type: "survey_response" }> }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm">
        {t("surveys.source", {
          kind: t(`surveys.kinds.${source.kind}`),
          day: formatDate(source.answeredOn),
          site: source.site?.label ?? "—",
        })}
        {source.anonymous ? ` · ${t("surveys.form.anonymous")}` : ""}
      </Text>
      <Group gap={4}>
        {[...source.scores]
          .sort((a, b) => a.score - b.score)
          .map((s) => (
            <Badge key={s.code} variant="light" color={s.score <= 2 ? "red" : "gray"} size="xs" tt="none">
              {s.label} : {s.score}/5
            </Badge>
          ))}
        {source.nps !== null && (
          <Badge variant="light" color={source.nps <= 6 ? "red" : "gray"} size="xs" tt="none">
            {t("surveys.npsBadge", { value: source.nps })}
          </Badge>
        )}
      </Group>
      {source.comment && (
        <Text size="sm" fs="italic" style={{ overflowWrap: "anywhere" }}>
          « {source.comment} »
        </Text>
      )}
    </Stack>
  );
}
