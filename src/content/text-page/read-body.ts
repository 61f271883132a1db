import { AppError } from '../../errors.ts'
import type { Block, Figure, Section } from '../post.ts'
import { isListGroup, LIST_ITEM, type LineGroup } from './line-groups.ts'
import { lineCosts } from './line-kind.ts'

type Role = 'heading' | 'paragraph' | 'code' | 'list'
const ROLES: readonly Role[] = ['heading', 'paragraph', 'code', 'list']
const IMPOSSIBLE = Number.POSITIVE_INFINITY

/** Splits the figure (a leading two-line group) off the body groups. */
export function readFigure(groups: LineGroup[]): { figure?: Figure; rest: LineGroup[] } {
  const first = groups[0]
  if (!first || first.lines.length === 1) return { rest: groups }
  if (first.lines.length === 2 && !first.lines.some((text) => text.startsWith(LIST_ITEM))) {
    const [alt, caption] = first.lines as [string, string]
    return { figure: { alt, caption }, rest: groups.slice(1) }
  }
  throw new AppError(
    'PAGE_SYNTAX',
    'expected the figure (two lines: alt text, then caption) or a section heading after the intro',
    { line: first.line },
  )
}

/**
 * Reads sections from the body's line groups. Structure fixes most roles (a list is a
 * list, a group of several lines is code, a heading is followed by a block, two blank
 * lines only occur inside code); for the single lines left, it takes the reading whose
 * summed `lineCosts` is lowest.
 */
export function readSections(groups: LineGroup[]): Section[] {
  if (groups.length === 0) return []
  const roles = cheapestRoles(groups)
  const sections: Section[] = []
  let previous: Role | undefined
  groups.forEach((group, i) => {
    const role = roles[i]!
    const section = sections.at(-1)
    if (role === 'heading') {
      sections.push({ heading: group.lines[0]!, blocks: [] })
    } else if (role === 'code' && previous === 'code') {
      const block = section!.blocks.at(-1) as { code: string }
      block.code += '\n'.repeat(group.blanksBefore + 1) + group.lines.join('\n')
    } else {
      section!.blocks.push(blockOf(role, group))
    }
    previous = role
  })
  return sections
}

function blockOf(role: Role, group: LineGroup): Block {
  if (role === 'list') return { list: group.lines.map((text) => text.slice(LIST_ITEM.length)) }
  if (role === 'code') return { code: group.lines.join('\n') }
  return { paragraph: group.lines[0]! }
}

function roleCosts(group: LineGroup): Record<Role, number> {
  if (isListGroup(group))
    return { heading: IMPOSSIBLE, paragraph: IMPOSSIBLE, code: IMPOSSIBLE, list: 0 }
  if (group.lines.length > 1)
    return { heading: IMPOSSIBLE, paragraph: IMPOSSIBLE, code: 0, list: IMPOSSIBLE }
  return { ...lineCosts(group.lines[0]!), list: IMPOSSIBLE }
}

function allowed(
  previous: Role | undefined,
  next: Role,
  group: LineGroup,
  isLast: boolean,
): boolean {
  if (next === 'heading' && (previous === 'heading' || isLast)) return false
  if (previous === undefined) return next === 'heading'
  if (group.blanksBefore > 1) return previous === 'code' && next === 'code'
  return true
}

function cheapestRoles(groups: LineGroup[]): Role[] {
  const n = groups.length
  const cost: Array<Record<Role, number>> = []
  const from: Array<Record<Role, Role | undefined>> = []
  for (let i = 0; i < n; i++) {
    const group = groups[i]!
    const own = roleCosts(group)
    const row = { heading: IMPOSSIBLE, paragraph: IMPOSSIBLE, code: IMPOSSIBLE, list: IMPOSSIBLE }
    const back: Record<Role, Role | undefined> = {
      heading: undefined,
      paragraph: undefined,
      code: undefined,
      list: undefined,
    }
    for (const role of ROLES) {
      if (own[role] === IMPOSSIBLE) continue
      if (i === 0) {
        if (allowed(undefined, role, group, n === 1)) row[role] = own[role]
        continue
      }
      for (const previous of ROLES) {
        const before = cost[i - 1]![previous]
        if (before === IMPOSSIBLE || !allowed(previous, role, group, i === n - 1)) continue
        if (before + own[role] < row[role]) {
          row[role] = before + own[role]
          back[role] = previous
        }
      }
    }
    cost.push(row)
    from.push(back)
  }
  const last = cost[n - 1]!
  let role = ROLES.reduce((best, r) => (last[r] < last[best] ? r : best), 'heading' as Role)
  if (last[role] === IMPOSSIBLE) throw noReading(groups)
  const roles: Role[] = new Array(n)
  for (let i = n - 1; i >= 0; i--) {
    roles[i] = role
    role = from[i]![role] ?? role
  }
  return roles
}

function noReading(groups: LineGroup[]): AppError {
  const first = groups[0]!
  if (first.lines.length > 1 || isListGroup(first)) {
    return new AppError(
      'PAGE_SYNTAX',
      'expected a section heading (one line) before the first block',
      {
        line: first.line,
      },
    )
  }
  const doubled = groups.find((group, i) => i > 0 && group.blanksBefore > 1)
  if (doubled) {
    return new AppError(
      'PAGE_SYNTAX',
      'expected exactly one blank line between blocks (more occur only inside code)',
      {
        line: doubled.line - 1,
      },
    )
  }
  const last = groups.at(-1)!
  return new AppError('PAGE_SYNTAX', 'expected a block after the last section heading', {
    line: last.line,
  })
}
