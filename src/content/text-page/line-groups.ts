/** A run of non-blank lines, with how many blank lines stood before it. */
export interface LineGroup {
  /** 1-based page line of the group's first line. */
  line: number
  lines: string[]
  blanksBefore: number
}

/** Splits `lines[from..to)` into groups of non-blank lines. `lines[from]` is page line `from + 1`. */
export function lineGroups(lines: readonly string[], from: number, to: number): LineGroup[] {
  const groups: LineGroup[] = []
  let blanks = 0
  let current: LineGroup | undefined
  for (let i = from; i < to; i++) {
    const text = lines[i]!
    if (text === '') {
      blanks++
      current = undefined
    } else if (current) {
      current.lines.push(text)
    } else {
      current = { line: i + 1, lines: [text], blanksBefore: blanks }
      groups.push(current)
      blanks = 0
    }
  }
  return groups
}

export const LIST_ITEM = '  • '
export const isListGroup = (group: LineGroup): boolean =>
  group.lines.every((text) => text.startsWith(LIST_ITEM))
