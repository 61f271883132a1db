export const HOST_OPTION_HELP = 'address to listen on (default: $ALPHANODE_HOST, else 127.0.0.1)'
export const THREADS_OPTION_HELP =
  'threads serving requests on the one port (default: $ALPHANODE_SITE_THREADS, else one per core, up to 4)'
export const PORT_OPTION_HELP =
  'port to listen on, 0 for any free one (default: $ALPHANODE_PORT, else 3000)'

/** The configured public URL, unless it is only the default made from other listen options. */
export function explicitPublicUrl(site: {
  host: string
  port: number
  publicUrl: string
}): string | undefined {
  return site.publicUrl === `http://${site.host}:${site.port}` ? undefined : site.publicUrl
}
