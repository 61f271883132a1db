import { describe, expect, it } from 'vitest'
import { reflow } from './help-text.ts'
import { runCli } from './testing/run-cli.ts'

describe('reflow', () => {
  it('joins the lines of a paragraph and keeps blank lines, indents and list items', () => {
    expect(
      reflow('one two\nthree four.\n\nNext paragraph\nends.\n  indented\n- item\n- item'),
    ).toBe('one two three four.\n\nNext paragraph ends.\n  indented\n- item\n- item')
  })
})

describe('help', () => {
  it('wraps every command description at 80 columns without stranding short lines', async () => {
    const top = (await runCli(['--help'])).stdout.toString()
    const names = [...top.split('Commands:')[1]!.matchAll(/^ {2}([a-z]+)\b/gm)]
      .map((match) => match[1]!)
      .filter((name) => name !== 'help')
    expect(names).toContain('import')
    for (const name of names) {
      // Help goes to a pipe here: commander wraps at 80 columns.
      const help = (await runCli([name, '--help'])).stdout.toString()
      const description = help.split('\n\n')[1]!.split('\n')
      for (const [i, line] of description.entries()) {
        expect(line.length, `${name}: "${line}"`).toBeLessThanOrEqual(80)
        // Each line of a wrapped paragraph but its last fills most of the width.
        const next = description[i + 1]
        if (next && !/^\s|^- /.test(next))
          expect(line.length, `${name}: "${line}"`).toBeGreaterThan(50)
      }
    }
  })
})
