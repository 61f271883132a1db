import type { Block, Post } from '../../content/index.ts'
import type { PostLink, StoredPost } from '../../store/index.ts'
import { type Html, html } from '../html.ts'
import { postPath } from '../paths.ts'
import { jsonScript, layout, type SiteContext } from './layout.ts'
import { metaBox } from './meta-box.ts'
import { figureImage, postFacts } from './post-facts.ts'

function block(content: Block): Html {
  if ('code' in content) {
    const language = content.language ? `language-${content.language}` : undefined
    return html`<pre><code${language ? html` class="${language}"` : null}>${content.code}</code></pre>`
  }
  if ('list' in content) return html`<ul>${content.list.map((item) => html`<li>${item}</li>`)}</ul>`
  return html`<p>${content.paragraph}</p>`
}

export const reviewNotice = html`<p class="review-notice" role="note"><strong>Awaiting review.</strong> This article was generated and has not been checked by an editor yet; search engines are asked not to index it.</p>`

export function articlePage(
  site: SiteContext,
  stored: StoredPost,
  post: Post,
  similar: readonly PostLink[],
): string {
  const facts = postFacts(post, site)
  const awaiting = stored.reviewState === 'pending'
  const canonical = postPath(stored.slug)
  const image = figureImage(post)
  const url = `${site.publicUrl}${canonical}`
  const head = html`<meta property="og:type" content="article">
<meta property="og:title" content="${post.title}">
<meta property="og:description" content="${facts.summary}">
<meta property="og:url" content="${url}">
<meta property="og:site_name" content="${site.name}">
${image ? html`<meta property="og:image" content="${image}">` : null}
${stored.publishedAt ? html`<meta property="article:published_time" content="${stored.publishedAt}">` : null}
<link rel="alternate" type="text/plain" href="${postPath(stored.slug, 'txt')}">
<link rel="alternate" type="text/markdown" href="${postPath(stored.slug, 'md')}">
<link rel="alternate" type="application/json" href="${postPath(stored.slug, 'json')}">
${jsonScript({
  '@context': 'https://schema.org',
  '@type': 'TechArticle',
  headline: post.title,
  description: facts.summary,
  url,
  mainEntityOfPage: url,
  ...(stored.publishedAt ? { datePublished: stored.publishedAt } : {}),
  dateModified: stored.updatedAt,
  ...(image ? { image } : {}),
  keywords: facts.terms.map((term) => term.name).join(', '),
  publisher: { '@type': 'Organization', name: site.name },
})}`
  const main = html`<article class="post">
<header class="post-header">
${awaiting ? reviewNotice : null}
<p class="post-kicker">${facts.terms
    .filter((term) => term.archive.kind === 'stack' || term.archive.kind === 'difficulty')
    .map((term) => html`<a href="${term.href}">${term.name}</a> &middot; `)}${
    facts.readingMinutes ? `${facts.readingMinutes} min read` : null
  }${stored.publishedAt ? html` &middot; <time datetime="${stored.publishedAt}">${stored.publishedAt}</time>` : null}</p>
<h1>${post.title}</h1>
<p class="post-intro">${post.intro}</p>
</header>
${
  post.figure
    ? html`<figure>${
        image
          ? html`<img src="${image}" alt="${post.figure.alt}" width="1200" height="800" loading="lazy" decoding="async">`
          : null
      }<figcaption>${post.figure.caption}</figcaption></figure>`
    : null
}
${post.sections.map(
  (section) => html`<section>
<h2>${section.heading}</h2>
${section.blocks.map(block)}
</section>`,
)}
<p class="post-formats">This article as <a href="${postPath(stored.slug, 'txt')}">plain text</a>, <a href="${postPath(stored.slug, 'md')}">Markdown</a> or <a href="${postPath(stored.slug, 'json')}">JSON</a>.</p>
</article>
${metaBox(post.meta)}
<nav class="similar-posts" aria-labelledby="similar-heading">
<h2 id="similar-heading">Similar Posts</h2>
${
  similar.length > 0
    ? html`<ul>${similar.map(
        (link) =>
          html`<li><a href="${postPath(link.slug)}">${link.title}</a>${
            link.reviewState === 'pending'
              ? html` <span class="badge">awaiting review</span>`
              : null
          }</li>`,
      )}</ul>`
    : html`<p>No similar posts yet.</p>`
}
</nav>`
  return layout(site, {
    title: post.title,
    description: facts.summary,
    canonical,
    noindex: awaiting,
    head,
    main,
  })
}
