export interface Slots {
  stack: string
  problem: string
  scenario: string
  audience: string
}

type Part = string | keyof Slots

/** Compiles `{slot}` templates once, so filling one is a join, not four regex replacements. */
export function compileTemplate(template: string): (slots: Slots) => string {
  const parts: Part[] = template.split(/\{(stack|problem|scenario|audience)\}/)
  if (parts.length === 1) return () => template
  return (slots) => {
    let out = ''
    for (let i = 0; i < parts.length; i++)
      out += i % 2 === 0 ? parts[i] : slots[parts[i] as keyof Slots]
    return out
  }
}

type Weighted = ReadonlyArray<readonly [string, number]>

export const compileWeighted = (items: Weighted) =>
  items.map(([template, weight]) => [compileTemplate(template), weight] as const)
