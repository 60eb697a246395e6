import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MembershipStatus } from "../../api/mothersGroup.ts";

const COLORS: Record<MembershipStatus, string> = { wishes: "blue", invited: "orange", member: "teal", left: "gray" };

/** A mother's status with one network's group. */
export function StatusBadge({ status }: { status: MembershipStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLORS[status]} tt="none">
      {t(`mothersGroup.status.${status}`)}
    </Badge>
  );
}
