import { Anchor, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { PersonSort } from "../../../api/endpoints.ts";
import type { Person, PersonKind } from "../../../api/types.ts";
import { formatDate } from "../../../components/datetime.ts";
import { StatusBadge, TemperatureBadge } from "../../../components/PersonBadges.tsx";
import { PhoneList } from "../../../components/PhoneText.tsx";
import { personUrl } from "../../../components/personUrl.ts";

/** The columns the export knows (the server refuses others): the keys are the API's field names. */
export type ColumnKey =
  | "lastName"
  | "firstName"
  | "phones"
  | "birthDate"
  | "email"
  | "firstContactDate"
  | "origin"
  | "temperature"
  | "status"
  | "lastInteractionAt"
  | "createdAt"
  | "possibleDuplicate"
  | "convertedAt"
  | "ehrNumber"
  | "ehrCreatedOn";

export interface Column {
  key: ColumnKey;
  sort?: PersonSort;
  /** Always shown (the link to the record). */
  fixed?: boolean;
  render: (person: Person) => ReactNode;
}

export interface RenderHelpers {
  t: TFunction;
  formatDateTime: (iso: string | null | undefined) => string;
  originLabel: (code: string | null | undefined) => string;
}

const dateCell = (value: string | null) => (value ? formatDate(value) : "");

export function columnsFor(kind: PersonKind, { t, formatDateTime, originLabel }: RenderHelpers): Column[] {
  const link = (person: Person, text: string) => (
    <Anchor component={Link} to={personUrl(person)} fw={600}>
      {text}
    </Anchor>
  );
  const day = (iso: string | null) => (iso ? formatDateTime(iso) : "");
  const all: Record<ColumnKey, Column> = {
    lastName: { key: "lastName", sort: "lastName", fixed: true, render: (p) => link(p, p.lastName) },
    firstName: { key: "firstName", render: (p) => link(p, p.firstName) },
    phones: { key: "phones", render: (p) => <PhoneList phones={p.phones} links={false} /> },
    birthDate: { key: "birthDate", sort: "birthDate", render: (p) => dateCell(p.birthDate) },
    email: { key: "email", render: (p) => p.email ?? "" },
    firstContactDate: {
      key: "firstContactDate",
      sort: "firstContactDate",
      render: (p) => dateCell(p.firstContactDate),
    },
    origin: { key: "origin", render: (p) => originLabel(p.origin) },
    temperature: {
      key: "temperature",
      sort: "temperature",
      render: (p) => <TemperatureBadge temperature={p.temperature} />,
    },
    status: { key: "status", render: (p) => <StatusBadge status={p.status} /> },
    lastInteractionAt: {
      key: "lastInteractionAt",
      sort: "lastInteractionAt",
      render: (p) =>
        day(p.lastInteractionAt) || (
          <Text span c="dimmed" size="sm">
            {t("people.list.noInteraction")}
          </Text>
        ),
    },
    createdAt: { key: "createdAt", sort: "createdAt", render: (p) => day(p.createdAt) },
    possibleDuplicate: {
      key: "possibleDuplicate",
      render: (p) => (p.possibleDuplicate ? t("people.form.yes") : ""),
    },
    convertedAt: { key: "convertedAt", render: (p) => day(p.convertedAt) },
    ehrNumber: { key: "ehrNumber", render: (p) => p.ehrNumber ?? "" },
    ehrCreatedOn: { key: "ehrCreatedOn", render: (p) => dateCell(p.ehrCreatedOn) },
  };
  const keys: ColumnKey[] =
    kind === "prospect"
      ? [
          "lastName",
          "firstName",
          "phones",
          "birthDate",
          "email",
          "temperature",
          "status",
          "origin",
          "firstContactDate",
          "lastInteractionAt",
          "createdAt",
          "possibleDuplicate",
          "convertedAt",
        ]
      : [
          "ehrNumber",
          "lastName",
          "firstName",
          "phones",
          "birthDate",
          "email",
          "ehrCreatedOn",
          "lastInteractionAt",
          "createdAt",
          "possibleDuplicate",
        ];
  return keys.map((key) => all[key]);
}

/** Shown until the user picks other columns (remembered on this browser). */
export const DEFAULT_COLUMNS: Record<PersonKind, ColumnKey[]> = {
  prospect: [
    "lastName",
    "firstName",
    "phones",
    "temperature",
    "status",
    "origin",
    "firstContactDate",
    "lastInteractionAt",
  ],
  patient: ["ehrNumber", "lastName", "firstName", "phones", "birthDate", "ehrCreatedOn", "lastInteractionAt"],
};
