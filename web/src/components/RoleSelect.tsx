import { NativeSelect, type NativeSelectProps } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ROLES, type Role } from "../../../shared/roles.ts";

/** A native <select> of the roles, labelled in the interface language. */
export function RoleSelect({
  value,
  onChange,
  ...props
}: Omit<NativeSelectProps, "value" | "onChange" | "data"> & { value: Role; onChange: (role: Role) => void }) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      {...props}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as Role)}
      data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
    />
  );
}

export function useRoleLabel(): (role: string) => string {
  const { t } = useTranslation();
  return (role) => ((ROLES as readonly string[]).includes(role) ? t(`roles.${role}`) : role);
}
