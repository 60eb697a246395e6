import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "teal",
  defaultRadius: "md",
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif, 'Apple Color Emoji', 'Segoe UI Emoji'",
  headings: { fontWeight: "650" },
  components: {
    // The required-field asterisk is drawn in CSS (styles.css), so that a label's text is exactly its words.
    InputWrapper: { defaultProps: { withAsterisk: false } },
  },
});
