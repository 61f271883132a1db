// `alphanode serve` with one more module's routes on every site thread, as the site
// benchmark adds its floor: for tests that need a route the site does not have.
// Arguments: database URL, routes module path, threads.
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../../config.ts'
import { createLogger } from '../../log.ts'
import { serveSite } from '../serve-site.ts'

const [databaseUrl, routesFile, threads] = process.argv.slice(2)
const config = loadConfig()
await serveSite({
  databaseUrl: databaseUrl!,
  port: 0,
  host: '127.0.0.1',
  threads: Number(threads),
  log: createLogger(config),
  config,
  routesModule: pathToFileURL(routesFile!).href,
})
