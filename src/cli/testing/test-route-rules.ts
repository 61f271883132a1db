import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_CACHE_RULES_FILE } from '../../web/index.ts'

/**
 * The site's cache rules with one more, storing nothing, for a route a test adds: the site
 * starts only when every route is in a rule. Written into `dir`; returns the file's path.
 */
export function rulesWithTestRoute(dir: string, route: string): string {
  const file = join(dir, 'cache-rules.yaml')
  writeFileSync(
    file,
    `${readFileSync(DEFAULT_CACHE_RULES_FILE, 'utf8')}
  - name: test-route
    description: A route a test added. Never stored.
    routes: ["${route}"]
    ttl: 0
`,
  )
  return file
}
