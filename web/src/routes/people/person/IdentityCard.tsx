import { Anchor, Box, Paper, SimpleGrid, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Person } from "../../../api/types.ts";
import { ageOn, formatDate, todayIn, useFormatDateTime, useTimeZone } from "../../../components/datetime.ts";
import { PhoneList } from "../../../components/PhoneText.tsx";
import { useListLabels } from "../../../components/settingsLabels.ts";
import { ProspectName } from "../ProspectPicker.tsx";

function Info({ label, children, span = 1 }: { label: string; children: ReactNode; span?: 1 | 2 }) {
  const { t } = useTranslation();
  const empty = children === null || children === undefined || children === "";
  return (
    <Box style={span === 2 ? { gridColumn: "1 / -1" } : undefined}>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {empty ? (
          <Text span c="dimmed" inherit>
            {t("people.none")}
          </Text>
        ) : (
          children
        )}
      </Text>
    </Box>
  );
}

/** Whether the person receives SMS: yes, no (ticked on the record), or she answered STOP; since when. */
function SmsChoice({ optOut }: { optOut: Person["smsOptOut"] }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  if (!optOut) return t("people.page.smsAccepted");
  const date = formatDate(todayIn(timeZone, new Date(optOut.at)));
  return (
    <Text span inherit c="orange.9">
      {t(optOut.source === "stop" ? "people.page.smsStop" : "people.page.smsOptedOut", { date })}
    </Text>
  );
}

/** The record's identity and profile, as the receptionist needs it on the phone. */
export function IdentityCard({ person }: { person: Person }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const formatDateTime = useFormatDateTime();
  const labels = useListLabels();
  const prospect = person.kind === "prospect";
  const age = person.birthDate ? ageOn(person.birthDate, todayIn(timeZone)) : null;
  const yesNo = (value: boolean | null) => (value === null ? null : value ? t("people.form.yes") : t("people.form.no"));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="identity-title">
      <Title order={2} size="h4" mb="sm" id="identity-title">
        {t("people.page.identity")}
      </Title>
      <SimpleGrid component="dl" cols={2} spacing="md" verticalSpacing="sm" m={0}>
        <Info label={t("people.fields.lastName")}>{person.lastName}</Info>
        <Info label={t("people.fields.firstName")}>{person.firstName}</Info>
        <Info label={t("people.fields.birthDate")}>
          {person.birthDate &&
            (age === null
              ? formatDate(person.birthDate)
              : t("people.page.birthDateAge", { date: formatDate(person.birthDate), count: age }))}
        </Info>
        {!prospect && <Info label={t("people.fields.ehrNumber")}>{person.ehrNumber}</Info>}
        {!prospect && person.sex && (
          <Info label={t("people.fields.sex")}>
            {t(person.sex === "female" ? "people.form.sexFemale" : "people.form.sexMale")}
          </Info>
        )}
        {!prospect && person.motherId && (
          <Info label={t("people.fields.mother")}>
            <Anchor component={Link} to={`/patients/${person.motherId}`} inherit>
              {t("people.page.motherRecord")}
            </Anchor>
          </Info>
        )}
        <Info label={t("people.fields.phones")} span={prospect ? 1 : 2}>
          {person.phones.length > 0 && <PhoneList phones={person.phones} />}
        </Info>
        <Info label={t("people.fields.email")}>
          {person.email && (
            <Anchor href={`mailto:${person.email}`} inherit>
              {person.email}
            </Anchor>
          )}
        </Info>
        <Info label={t("people.fields.address")}>{person.address}</Info>
        {prospect && <Info label={t("people.fields.origin")}>{labels.origin(person.origin)}</Info>}
        {prospect && (
          <Info label={t("people.fields.firstContactDate")}>
            {person.firstContactDate && formatDate(person.firstContactDate)}
          </Info>
        )}
        {!prospect && (
          <Info label={t("people.fields.ehrCreatedOn")}>{person.ehrCreatedOn && formatDate(person.ehrCreatedOn)}</Info>
        )}
        {!prospect && (
          <Info label={t("people.fields.provenance")}>
            {(person.provenanceOrigin || person.provenanceProspectId) && (
              <>
                {person.provenanceOrigin && labels.origin(person.provenanceOrigin)}
                {person.provenanceOrigin && person.provenanceProspectId && " · "}
                {person.provenanceProspectId && <ProspectName id={person.provenanceProspectId} />}
              </>
            )}
          </Info>
        )}
        <Info label={t("people.fields.insured")}>
          {person.insured && person.insurer
            ? t("people.page.insuredBy", { insurer: person.insurer })
            : yesNo(person.insured)}
        </Info>
        <Info label={t("people.fields.member")}>{yesNo(person.member)}</Info>
        <Info label={t("people.fields.sms")}>
          <SmsChoice optOut={person.smsOptOut} />
        </Info>
        <Info label={t("people.fields.lastInteractionAt")}>
          {person.lastInteractionAt && formatDateTime(person.lastInteractionAt)}
        </Info>
        <Info label={t(prospect ? "people.columns.createdAt" : "people.columns.createdAtPatient")}>
          {formatDateTime(person.createdAt)}
        </Info>
        <Info label={t("people.fields.notes")} span={2}>
          {person.notes}
        </Info>
      </SimpleGrid>
    </Paper>
  );
}
