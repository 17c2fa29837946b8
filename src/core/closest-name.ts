// The name meant when one is mistyped: of a field, of a configuration key, of a command.
/** The known name closest to a mistyped one (三级指标名 → 三级指标, 年度目标值 → 年度指标值, a
 *  command biuld → build), if any is within a third of its length in edits. */
export function closestKey(name: string, candidates: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of candidates) {
    const distance = editDistance(name, key);
    if (
      distance <= Math.max(1, Math.floor(Math.max([...key].length, [...name].length) / 3)) &&
      (!best || distance < best.distance)
    )
      best = { key, distance };
  }
  return best?.key;
}

/** Edits between two names: a character added, left out, changed, or two neighbours swapped
 *  (biuld → build is one slip, not two). */
function editDistance(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        current[j] = Math.min(current[j]!, before[j - 2]! + 1);
    }
    [before, previous] = [previous, current];
  }
  return previous[y.length]!;
}
