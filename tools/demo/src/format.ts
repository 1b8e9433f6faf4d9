/** ¥ with thousands separators and no cents: ¥680,000,000. */
export function formatYuan(amount: number | string): string {
  const n = Math.round(Number(amount));
  return `¥${n.toLocaleString('en-US')}`;
}

/** ¥ in millions or billions, for the report's table: ¥680.0M, ¥5.00B. */
export function shortYuan(amount: number | string): string {
  const n = Number(amount);
  if (Math.abs(n) >= 1e9) return `¥${(n / 1e9).toFixed(2)}B`;
  if (Math.abs(n) >= 1e6) return `¥${(n / 1e6).toFixed(1)}M`;
  return formatYuan(n);
}

export const count = (n: number | string): string => Number(n).toLocaleString('en-US');

export function pad(text: string, width: number): string {
  const visible = [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width - visible));
}
