/** The composer's toolbar: Markdown put around (or before) the selection, with where the selection goes after. */
export type MarkdownAction = "bold" | "italic" | "heading" | "link" | "list";

export interface Edit {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

/**
 * Applies an action to `text` with `[start, end)` selected. An empty selection gets `placeholder`, selected
 * after the edit so that typing replaces it; line actions (heading, list) prefix every line touched.
 */
export function applyMarkdown(
  text: string,
  start: number,
  end: number,
  action: MarkdownAction,
  placeholder: string,
): Edit {
  const selected = text.slice(start, end) || placeholder;
  const wrap = (before: string, after: string): Edit => ({
    text: text.slice(0, start) + before + selected + after + text.slice(end),
    selectionStart: start + before.length,
    selectionEnd: start + before.length + selected.length,
  });
  switch (action) {
    case "bold":
      return wrap("**", "**");
    case "italic":
      return wrap("*", "*");
    case "link": {
      const edit = wrap("[", "](https://)");
      // The address is what is left to type: it is selected.
      const urlStart = edit.selectionEnd + 2;
      return { ...edit, selectionStart: urlStart, selectionEnd: urlStart + "https://".length };
    }
    case "heading":
      return prefixLines(text, start, end, () => "## ", placeholder);
    case "list":
      return prefixLines(text, start, end, () => "- ", placeholder);
  }
}

/** Prefixes each line of the selection (the whole lines it touches); an empty line gets the placeholder. */
function prefixLines(text: string, start: number, end: number, prefix: () => string, placeholder: string): Edit {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const nextBreak = text.indexOf("\n", end > start ? end - 1 : end);
  const lineEnd = nextBreak === -1 ? text.length : nextBreak;
  const lines = text.slice(lineStart, lineEnd).split("\n");
  const replaced = lines.map((line) => prefix() + (line.trim() === "" && lines.length === 1 ? placeholder : line));
  const block = replaced.join("\n");
  // A block needs its own paragraph: a blank line before it unless it starts the text or follows one.
  const before = lineStart === 0 || text.slice(0, lineStart).endsWith("\n\n") ? "" : "\n";
  const inserted = before + block;
  const result = text.slice(0, lineStart) + inserted + text.slice(lineEnd);
  const single = lines.length === 1 && lines[0]?.trim() === "";
  return single
    ? {
        text: result,
        selectionStart: lineStart + before.length + prefix().length,
        selectionEnd: lineStart + before.length + prefix().length + placeholder.length,
      }
    : { text: result, selectionStart: lineStart + before.length, selectionEnd: lineStart + inserted.length };
}
