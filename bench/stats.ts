export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const ms = (x: number) => `${x.toFixed(0)} ms`;
export const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
