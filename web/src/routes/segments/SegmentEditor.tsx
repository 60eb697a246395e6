import { Checkbox, Chip, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from "../../../../shared/consents.ts";
import { PATHWAY_TYPES, type PathwayType } from "../../../../shared/pathways.ts";
import { SEGMENT_LIMITS } from "../../../../shared/segments.ts";
import { useSettingsQuery } from "../../components/datetime.ts";
import type { SegmentFilter } from "./api.ts";

type RangeKey = "visits" | "yearsAtNest" | "childAgeMonths" | "pregnancyWeeks" | "lastVisitDaysAgo";
type BooleanKey = "deliveredAtNest" | "hasEmail" | "hasMobile";

const RANGE_MAX: Record<RangeKey, number> = {
  visits: SEGMENT_LIMITS.visitsMax,
  yearsAtNest: SEGMENT_LIMITS.yearsMax,
  childAgeMonths: SEGMENT_LIMITS.yearsMax * 12,
  pregnancyWeeks: 45,
  lastVisitDaysAgo: SEGMENT_LIMITS.daysMax,
};

/** The filter with `key` set, or left out when `value` is undefined (an empty criterion is no criterion). */
function withKey<K extends keyof SegmentFilter>(filter: SegmentFilter, key: K, value: SegmentFilter[K] | undefined) {
  const next = { ...filter };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

const numberOrUndefined = (value: string | number) => (typeof value === "number" ? value : undefined);

/** Two number inputs, « de » and « à », either left empty. */
function RangeField({
  name,
  filter,
  onChange,
}: {
  name: RangeKey;
  filter: SegmentFilter;
  onChange: (f: SegmentFilter) => void;
}) {
  const { t } = useTranslation();
  const range = filter[name] ?? {};
  const set = (end: "min" | "max", value: number | undefined) => {
    const next = { ...range, [end]: value };
    if (next.min === undefined) delete next.min;
    if (next.max === undefined) delete next.max;
    onChange(withKey(filter, name, Object.keys(next).length ? next : undefined));
  };
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t(`segments.criteria.${name}`)}
      </Text>
      <Group gap="xs" grow>
        <NumberInput
          label={t("segments.range.min")}
          aria-label={`${t(`segments.criteria.${name}`)} — ${t("segments.range.min")}`}
          min={0}
          max={RANGE_MAX[name]}
          allowDecimal={false}
          allowNegative={false}
          value={range.min ?? ""}
          onChange={(v) => set("min", numberOrUndefined(v))}
        />
        <NumberInput
          label={t("segments.range.max")}
          aria-label={`${t(`segments.criteria.${name}`)} — ${t("segments.range.max")}`}
          min={0}
          max={RANGE_MAX[name]}
          allowDecimal={false}
          allowNegative={false}
          value={range.max ?? ""}
          onChange={(v) => set("max", numberOrUndefined(v))}
        />
      </Group>
    </Stack>
  );
}

/** Yes / no / either, for a boolean criterion. */
function BooleanField({
  name,
  filter,
  onChange,
}: {
  name: BooleanKey;
  filter: SegmentFilter;
  onChange: (f: SegmentFilter) => void;
}) {
  const { t } = useTranslation();
  const value = filter[name];
  return (
    <Select
      label={t(`segments.criteria.${name}`)}
      data={[
        { value: "any", label: t("segments.either") },
        { value: "yes", label: t("segments.yes") },
        { value: "no", label: t("segments.no") },
      ]}
      allowDeselect={false}
      value={value === undefined ? "any" : value ? "yes" : "no"}
      onChange={(v) => onChange(withKey(filter, name, v === "yes" ? true : v === "no" ? false : undefined))}
    />
  );
}

/** The criteria of a segment as form controls; every change goes to `onChange` (the page counts it). */
export function SegmentEditor({ filter, onChange }: { filter: SegmentFilter; onChange: (f: SegmentFilter) => void }) {
  const { t } = useTranslation();
  const { data: settings } = useSettingsQuery();
  const pathwayOptions = PATHWAY_TYPES.map((type) => ({ value: type, label: t(`segments.pathway.${type}`) }));
  const list = <T extends string>(values: T[]) => (values.length ? values : undefined);
  const kinds = filter.kinds ?? ["patient"];
  const consent = filter.consent;
  return (
    <Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t("segments.criteria.kinds")}
        </Text>
        <Chip.Group
          multiple
          value={kinds}
          onChange={(v) => {
            const chosen = (v as ("prospect" | "patient")[]).filter((k) => k === "prospect" || k === "patient");
            if (chosen.length === 0) return;
            onChange(withKey(filter, "kinds", chosen.length === 1 && chosen[0] === "patient" ? undefined : chosen));
          }}
        >
          <Group gap="xs">
            <Chip value="patient">{t("segments.kind.patient")}</Chip>
            <Chip value="prospect">{t("segments.kind.prospect")}</Chip>
          </Group>
        </Chip.Group>
      </Stack>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MultiSelect
          label={t("segments.criteria.pathwaysOpen")}
          data={pathwayOptions}
          value={filter.pathwaysOpen ?? []}
          onChange={(v) => onChange(withKey(filter, "pathwaysOpen", list(v as PathwayType[])))}
          clearable
        />
        <MultiSelect
          label={t("segments.criteria.pathwaysEver")}
          data={pathwayOptions}
          value={filter.pathwaysEver ?? []}
          onChange={(v) => onChange(withKey(filter, "pathwaysEver", list(v as PathwayType[])))}
          clearable
        />
      </SimpleGrid>
      <Group>
        <Checkbox
          label={t("segments.criteria.withoutPathway")}
          checked={filter.withoutPathway !== undefined}
          onChange={(e) =>
            onChange(withKey(filter, "withoutPathway", e.currentTarget.checked ? { includeParents: false } : undefined))
          }
        />
        <Checkbox
          label={t("segments.criteria.includeParents")}
          disabled={filter.withoutPathway === undefined}
          checked={filter.withoutPathway?.includeParents ?? false}
          onChange={(e) => onChange(withKey(filter, "withoutPathway", { includeParents: e.currentTarget.checked }))}
        />
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <RangeField name="visits" filter={filter} onChange={onChange} />
        <RangeField name="yearsAtNest" filter={filter} onChange={onChange} />
        <RangeField name="lastVisitDaysAgo" filter={filter} onChange={onChange} />
        <RangeField name="childAgeMonths" filter={filter} onChange={onChange} />
        <RangeField name="pregnancyWeeks" filter={filter} onChange={onChange} />
        <MultiSelect
          label={t("segments.criteria.sites")}
          data={(settings?.settings.sites ?? []).map((s) => ({ value: s.code, label: s.name }))}
          value={filter.sites ?? []}
          onChange={(v) => onChange(withKey(filter, "sites", list(v)))}
          clearable
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <BooleanField name="deliveredAtNest" filter={filter} onChange={onChange} />
        <BooleanField name="hasEmail" filter={filter} onChange={onChange} />
        <BooleanField name="hasMobile" filter={filter} onChange={onChange} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t("segments.criteria.consentPurpose")}
          placeholder={t("segments.either")}
          data={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`segments.purpose.${p}`) }))}
          value={consent?.purpose ?? null}
          clearable
          onChange={(purpose) =>
            onChange(
              withKey(
                filter,
                "consent",
                purpose
                  ? { purpose: purpose as (typeof CONSENT_PURPOSES)[number], channel: consent?.channel ?? "email" }
                  : undefined,
              ),
            )
          }
        />
        <Select
          label={t("segments.criteria.consentChannel")}
          data={CONSENT_CHANNELS.map((c) => ({ value: c, label: t(`segments.channel.${c}`) }))}
          value={consent?.channel ?? null}
          disabled={!consent}
          allowDeselect={false}
          onChange={(channel) =>
            consent &&
            channel &&
            onChange(withKey(filter, "consent", { ...consent, channel: channel as (typeof CONSENT_CHANNELS)[number] }))
          }
        />
      </SimpleGrid>
    </Stack>
  );
}
