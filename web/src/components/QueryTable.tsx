import { Table, type TableProps, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { ErrorAlert, PageLoader } from "./feedback.tsx";

interface QueryTableProps<T> {
  /** The query behind the rows: a loader while pending, an alert with a retry on error. */
  state: { isPending: boolean; error: unknown; refetch: () => unknown };
  rows: readonly T[] | undefined;
  headers: readonly string[];
  /** Shown in a single row when there is nothing to list. */
  empty: string;
  rowKey: (row: T) => string | number;
  /** The cells (`<Table.Td>`) of one row, in the order of `headers`. */
  renderRow: (row: T) => ReactNode;
  minWidth: number;
  verticalSpacing?: TableProps["verticalSpacing"];
}

/** The admin pages' table of a query's rows, with its loading, error and empty states. */
export function QueryTable<T>({
  state,
  rows,
  headers,
  empty,
  rowKey,
  renderRow,
  minWidth,
  verticalSpacing = "sm",
}: QueryTableProps<T>) {
  if (state.isPending) return <PageLoader />;
  if (state.error) return <ErrorAlert error={state.error} onRetry={() => void state.refetch()} />;
  if (!rows) return null;
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover verticalSpacing={verticalSpacing}>
        <Table.Thead>
          <Table.Tr>
            {headers.map((header) => (
              <Table.Th key={header}>{header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={headers.length}>
                <Text c="dimmed">{empty}</Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)}>{renderRow(row)}</Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
