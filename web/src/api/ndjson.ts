/**
 * Reads a streamed NDJSON body (one JSON value per line) as it arrives, calling `onLine` for each value.
 * Blank lines are skipped; a last line without its newline is read too.
 */
export async function readNdjson(response: Response, onLine: (value: unknown) => void): Promise<void> {
  if (!response.body) {
    for (const line of (await response.text()).split("\n")) if (line.trim()) onLine(JSON.parse(line));
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffered.split("\n");
      buffered = done ? "" : (lines.pop() ?? "");
      for (const line of lines) if (line.trim()) onLine(JSON.parse(line));
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
