export type DiffLine = { change: 'same' | 'added' | 'removed'; text: string };

/** The readable lines of article HTML: one per paragraph, heading, list item or table row. */
export function htmlToLines(html: string): string[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const lines: string[] = [];
  const blocks = doc.body.querySelectorAll('p, h1, h2, h3, h4, h5, h6, li, pre, blockquote > p, tr');
  if (blocks.length === 0) return (doc.body.textContent ?? '').split('\n').filter((line) => line.trim());
  for (const block of blocks) {
    // A list item holding paragraphs is read through its paragraphs.
    if (block.tagName === 'LI' && block.querySelector('p')) continue;
    const prefix = block.tagName === 'LI' ? '• ' : /^H\d$/.test(block.tagName) ? '# ' : '';
    const text = (block.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) lines.push(`${prefix}${text}`);
  }
  return lines;
}

/** Longest-common-subsequence line diff; articles are short enough for the quadratic table. */
export function diffLines(before: string[], after: string[]): DiffLine[] {
  const rows = before.length;
  const cols = after.length;
  const table = Array.from({ length: rows + 1 }, () => new Uint32Array(cols + 1));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      table[i]![j] =
        before[i] === after[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    if (before[i] === after[j]) {
      out.push({ change: 'same', text: before[i]! });
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) {
      out.push({ change: 'removed', text: before[i++]! });
    } else {
      out.push({ change: 'added', text: after[j++]! });
    }
  }
  while (i < rows) out.push({ change: 'removed', text: before[i++]! });
  while (j < cols) out.push({ change: 'added', text: after[j++]! });
  return out;
}
