import { Badge, type BadgeProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

const TEMPERATURE_COLORS: Record<string, string> = { hot: "red", warm: "orange", cold: "blue" };
const STATUS_COLORS: Record<string, string> = { normal: "teal", dormant: "yellow", lost: "gray", converted: "violet" };

type Props = Omit<BadgeProps, "children" | "color">;

/**
 * A badge is never cut (« No… », « Ti… » in a crowded table at 1366 px): it keeps the width of
 * its words, the table's column making room for it.
 */
const WHOLE = { root: { flexShrink: 0, minWidth: "max-content" }, label: { overflow: "visible" } } as const;

/** Classification 1: Chaud (red), Tiède (orange), Froid (blue). */
export function TemperatureBadge({ temperature, ...props }: Props & { temperature: string | null | undefined }) {
  const { t } = useTranslation();
  if (!temperature) return null;
  return (
    <Badge color={TEMPERATURE_COLORS[temperature] ?? "gray"} variant="filled" tt="none" styles={WHOLE} {...props}>
      {t(`people.temperature.${temperature}`, { defaultValue: temperature })}
    </Badge>
  );
}

/** Classification 2, computed by the server: Normal, En veille, Perdu, Converti. */
export function StatusBadge({ status, ...props }: Props & { status: string | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Badge color={STATUS_COLORS[status] ?? "gray"} variant="light" tt="none" styles={WHOLE} {...props}>
      {t(`people.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** Prospect or Patient. */
export function KindBadge({ kind, ...props }: Props & { kind: "prospect" | "patient" }) {
  const { t } = useTranslation();
  return (
    <Badge color={kind === "patient" ? "teal" : "grape"} variant="outline" tt="none" styles={WHOLE} {...props}>
      {t(`people.kind.${kind}`)}
    </Badge>
  );
}
