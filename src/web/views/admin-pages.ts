import type { ReviewQueueItem } from '../../store/index.ts'
import { html } from '../html.ts'
import { postPath } from '../paths.ts'
import { layout, type SiteContext } from './layout.ts'

export function loginPage(
  site: SiteContext,
  form: { csrf: string; email?: string; error?: string; next?: string },
): string {
  const main = html`<h1 class="page-title">Editor login</h1>
${form.error ? html`<p class="form-error" role="alert">${form.error}</p>` : null}
<form class="admin-form" method="post" action="/login">
<input type="hidden" name="_csrf" value="${form.csrf}">
${form.next ? html`<input type="hidden" name="next" value="${form.next}">` : null}
<label for="login-email">Email</label>
<input id="login-email" type="email" name="email" autocomplete="username" required maxlength="254" value="${form.email ?? ''}">
<label for="login-password">Password</label>
<input id="login-password" type="password" name="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">Log in</button>
</form>`
  return layout(site, { title: 'Editor login', noindex: true, main })
}

export interface ReviewPageData {
  editor: string
  csrf: string
  items: readonly ReviewQueueItem[]
  pending: number
  message?: string
}

/** The review queue: each post awaiting review with approve and reject buttons. */
export function reviewQueuePage(site: SiteContext, data: ReviewPageData): string {
  const decision = (item: ReviewQueueItem, action: 'approve' | 'reject', label: string) =>
    html`<form method="post" action="/admin/review/${action}">
<input type="hidden" name="_csrf" value="${data.csrf}">
<input type="hidden" name="id" value="${item.sourceId}">
<button type="submit" class="${action}" aria-label="${label}: ${item.title}">${label}</button>
</form>`
  const main = html`<div class="admin-bar">
<p>Logged in as <strong>${data.editor}</strong></p>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${data.csrf}"><button type="submit">Log out</button></form>
</div>
<h1 class="page-title">Review queue</h1>
${data.message ? html`<p class="form-notice" role="status">${data.message}</p>` : null}
<p>${data.pending.toLocaleString('en')} ${data.pending === 1 ? 'post awaits' : 'posts await'} review. Approving a post makes it indexable at once; rejecting it withdraws it (410 Gone).</p>
${
  data.items.length === 0
    ? html`<p>Nothing to review.</p>`
    : html`<ol class="review-queue">${data.items.map(
        (item) => html`<li class="review-item">
<div><a href="${postPath(item.slug)}">${item.title}</a> <span class="count">${item.sourceId} &middot; ${item.publishedAt ?? 'undated'}</span></div>
<div class="review-actions">${decision(item, 'approve', 'Approve')}${decision(item, 'reject', 'Reject')}</div>
</li>`,
      )}</ol>`
}
<h2>Cache</h2>
<form class="admin-form inline" method="post" action="/admin/cache/purge">
<input type="hidden" name="_csrf" value="${data.csrf}">
<label for="purge-route">Purge one route and its forms</label>
<input id="purge-route" name="route" required maxlength="1000" placeholder="/posts/some-slug">
<button type="submit">Purge</button>
</form>`
  return layout(site, { title: 'Review queue', noindex: true, main })
}
