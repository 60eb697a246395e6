import { Kbd } from "@mantine/core";
import type { ReactNode } from "react";
import classes from "./CallScreen.module.css";

/**
 * A key shown on a button (« Entrée », « Alt+S »): only where there is a keyboard to press
 * it — hidden on a phone-width screen and on a touch screen without a mouse (CallScreen.module.css).
 */
export function KeyHint({ children }: { children: ReactNode }) {
  return (
    <Kbd size="xs" className={classes.keyHint}>
      {children}
    </Kbd>
  );
}
