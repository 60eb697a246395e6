import { useEffect } from "react";
import { useRouteError } from "react-router";
import { FatalError } from "../../app/RequireAuth.tsx";

/** The router's error screen: a render error or a page chunk that failed to load (e.g. after an update). */
export function RouteError() {
  const error = useRouteError();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return <FatalError onRetry={() => window.location.reload()} />;
}
