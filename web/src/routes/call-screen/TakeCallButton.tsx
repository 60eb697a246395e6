import { Button, type ButtonProps } from "@mantine/core";
import { IconPhoneIncoming } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import { useUser } from "../../app/session.tsx";

/** « Prendre un appel »: the way into the guided call screen, in the navigation and on the home page. */
export function TakeCallButton({ onClick, ...props }: ButtonProps & { onClick?: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!can(user.role, "calls.write")) return null;
  return (
    <Button
      component={Link}
      to="/appels/nouveau"
      leftSection={<IconPhoneIncoming size={20} stroke={1.75} />}
      onClick={onClick}
      {...props}
    >
      {t("callScreen.navEntry")}
    </Button>
  );
}
