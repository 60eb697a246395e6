import type { ReactNode } from "react";
import { can, type Permission } from "../../../shared/permissions.ts";
import { useSession } from "../app/session.tsx";
import { AccessDenied } from "../routes/errors/AccessDenied.tsx";

/** Renders its children only for a role that has the permission; others see "Accès refusé" and nothing is loaded. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { user } = useSession();
  if (!user || !can(user.role, permission)) return <AccessDenied />;
  return children;
}
