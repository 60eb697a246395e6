/** The store of @mantine/notifications, aliased in vite.config.ts to its own file (see App.tsx). */
declare module "relais:notifications-store" {
  export { notifications } from "@mantine/notifications";
}
