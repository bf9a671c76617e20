/**
 * toCsv renders rows as RFC 4180 CSV for spreadsheet programs: CRLF line ends, fields quoted when they
 * hold a comma, a quote, a line break or leading/trailing spaces (quotes doubled), and a UTF-8 byte order
 * mark first so Excel reads accented French headers correctly.
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  const field = (value: string | number | null): string => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
