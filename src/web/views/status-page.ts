import { type Html, html } from '../html.ts'
import type { Figures } from '../operations/request-stats.ts'
import { type MinutePoint, percent, type StatusReport } from '../operations/status-report.ts'
import { layout, type SiteContext } from './layout.ts'

const WIDTH = 600
const HEIGHT = 120
const ms = (value: number | undefined) =>
  value === undefined ? 'n/a' : Number.isFinite(value) ? `≤ ${value} ms` : '> 5 s'

const HEADLINES = {
  ok: 'Up, and answering normally',
  warning: 'Up, with problems',
  down: 'Down: the site cannot serve pages',
}

function figuresRow(label: string, figures: Figures): Html {
  return html`<tr><th scope="row">${label}</th><td>${figures.requests.toLocaleString('en')}</td><td>${ms(figures.p50)}</td><td>${ms(figures.p95)}</td><td>${percent(figures.errorRate)}</td></tr>`
}

const figuresTable = (caption: string, rows: Html[]) => html`<table class="status-table">
<caption>${caption}</caption>
<thead><tr><th scope="col"></th><th scope="col">requests</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">errors (5xx)</th></tr></thead>
<tbody>${rows}</tbody>
</table>`

/** A bar per minute, scaled to the largest; a dashed line where the last deploy happened. */
function chart(
  title: string,
  series: readonly MinutePoint[],
  value: (point: MinutePoint) => number,
  unit: string,
  deployAt: number | undefined,
): Html {
  const values = series.map(value)
  const top = Math.max(1, ...values)
  const step = WIDTH / Math.max(1, series.length)
  const first = series[0] ? Date.parse(series[0].minute) : 0
  const deployX =
    deployAt !== undefined && series.length > 0 && deployAt >= first
      ? ((deployAt - first) / 60_000) * step
      : undefined
  const peak = Number.isInteger(top) ? top.toLocaleString('en') : top.toFixed(1)
  return html`<figure class="status-chart">
<svg viewBox="0 0 ${WIDTH} ${HEIGHT + 14}" role="img" aria-labelledby="chart-${unit}">
<title id="chart-${unit}">${title}: peak ${peak} ${unit}</title>
<line class="axis" x1="0" y1="${HEIGHT}" x2="${WIDTH}" y2="${HEIGHT}"></line>
${values.map((v, i) => {
  const h = Math.round((v / top) * (HEIGHT - 4))
  return h > 0
    ? html`<rect class="bar" x="${(i * step).toFixed(1)}" y="${HEIGHT - h}" width="${Math.max(1, step - 1).toFixed(1)}" height="${h}"></rect>`
    : null
})}
${deployX !== undefined ? html`<line class="deploy" x1="${deployX.toFixed(1)}" y1="0" x2="${deployX.toFixed(1)}" y2="${HEIGHT}"></line><text class="label" x="${Math.min(WIDTH - 40, deployX + 3).toFixed(1)}" y="10">deploy</text>` : null}
<text class="label" x="0" y="${HEIGHT + 12}">60 min ago</text>
<text class="label" x="${WIDTH}" y="${HEIGHT + 12}" text-anchor="end">now</text>
</svg>
<figcaption>${title} (peak ${peak} ${unit})</figcaption>
</figure>`
}

export function statusPage(site: SiteContext, report: StatusReport): string {
  const { verdict, deploy } = report
  const main = html`<h1 class="page-title">Status</h1>
<p class="status-verdict status-${verdict.level}" role="status"><strong>${HEADLINES[verdict.level]}</strong>${
    verdict.reasons.length > 0 ? html`: ${verdict.reasons.join('; ')}` : '.'
  }</p>
${figuresTable('Requests to pages (all web nodes; probes and scrapes left out)', [
  figuresRow('last 5 minutes', report.last5),
  figuresRow('last 60 minutes', report.last60),
])}
${chart('Requests per minute', report.series, (point) => point.requests, 'requests', deploy ? Date.parse(deploy.startedAt) : undefined)}
${chart('p95 latency per minute', report.series, (point) => (point.p95 !== undefined && Number.isFinite(point.p95) ? point.p95 : point.p95 === undefined ? 0 : 5000), 'ms', deploy ? Date.parse(deploy.startedAt) : undefined)}
<h2>Last deploy</h2>
${
  deploy
    ? html`<p>Version <strong>${deploy.version}</strong>, commit <code>${deploy.commit.slice(0, 12)}</code>, started ${deploy.startedAt} on ${deploy.node}.</p>
${figuresTable('The hour before the deploy, and since (at most an hour)', [
  figuresRow('before', deploy.before),
  figuresRow('after', deploy.after),
])}`
    : html`<p>No deploy recorded yet: <code>alphanode serve</code> records one at each start.</p>`
}
${
  report.deploys.length > 1
    ? html`<details><summary>Earlier starts</summary><ul>${report.deploys
        .slice(1)
        .map(
          (d) =>
            html`<li>${d.startedAt}: ${d.version} <code>${d.commit.slice(0, 12)}</code> on ${d.node}</li>`,
        )}</ul></details>`
    : null
}
<h2>Import runs</h2>
<p>${report.imports.failedLastDay === 0 ? 'No import run failed in the last day.' : `${report.imports.failedLastDay} import ${report.imports.failedLastDay === 1 ? 'run' : 'runs'} did not succeed in the last day (see alphanode db runs).`}</p>
${
  report.imports.recent.length > 0
    ? html`<table class="status-table">
<thead><tr><th scope="col">run</th><th scope="col">status</th><th scope="col">started</th><th scope="col">records</th><th scope="col">quarantined</th><th scope="col">error</th></tr></thead>
<tbody>${report.imports.recent.map(
        (run) =>
          html`<tr class="run-${run.status}"><td>#${run.id}</td><td>${run.status}</td><td>${run.startedAt}</td><td>${run.records.toLocaleString('en')}</td><td>${run.quarantined.toLocaleString('en')}</td><td>${run.error ?? ''}</td></tr>`,
      )}</tbody>
</table>`
    : html`<p>No import has run.</p>`
}
<p class="status-footnote">Read at ${report.generatedAt}; this page reloads every 30 seconds. Latencies are bucket bounds (an upper estimate). Machine-readable: <a href="/status.json">/status.json</a>, <a href="/metrics">/metrics</a>.</p>`
  return layout(site, {
    title: 'Status',
    noindex: true,
    head: html`<meta http-equiv="refresh" content="30">`,
    main,
  })
}
