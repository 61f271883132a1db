/** A technology stack the synthesizer writes about: its area, language, tools and code. */
export interface Stack {
  name: string
  area: string
  language: string
  tools: readonly string[]
  /** Multi-line snippets in the stack's language (a page tells one-line code from prose less surely). */
  snippets: readonly string[]
}

export const STACKS: readonly Stack[] = [
  {
    name: 'python services',
    area: 'backend',
    language: 'python',
    tools: ['fastapi', 'pytest', 'uvicorn', 'ruff', 'git', 'logs'],
    snippets: [
      "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/health')\ndef health():\n    return {'ok': True}",
      "import logging\n\nlog = logging.getLogger('importer')\n\ndef import_batch(rows):\n    log.info('batch started', extra={'rows': len(rows)})\n    for row in rows:\n        upsert(row)\n    log.info('batch finished')",
    ],
  },
  {
    name: 'node.js apis',
    area: 'backend',
    language: 'javascript',
    tools: ['express', 'vitest', 'pino', 'npm', 'git', 'logs'],
    snippets: [
      "import express from 'express'\nconst app = express()\n\napp.get('/health', (req, res) => {\n  res.json({ ok: true })\n})",
      "const pool = new Pool({ max: 10, idleTimeoutMillis: 30000 })\n\nexport async function findPost(slug) {\n  const { rows } = await pool.query('select * from posts where slug = $1', [slug])\n  return rows[0]\n}",
    ],
  },
  {
    name: 'wordpress sites',
    area: 'cms',
    language: 'php',
    tools: ['wp-cli', 'php-fpm', 'nginx', 'redis', 'mysql', 'git'],
    snippets: [
      "<?php\nadd_action( 'save_post', function ( $post_id ) {\n    wp_cache_delete( 'archive_page_1', 'alphanode' );\n} );",
      "<?php\n$posts = get_posts( array(\n    'numberposts' => 10,\n    'no_found_rows' => true,\n) );",
    ],
  },
  {
    name: 'postgres databases',
    area: 'database',
    language: 'sql',
    tools: ['psql', 'pg_stat_statements', 'explain', 'pgbouncer', 'backups', 'git'],
    snippets: [
      'EXPLAIN (ANALYZE, BUFFERS)\nSELECT id, title\nFROM posts\nWHERE stack_id = 7\nORDER BY published_at DESC\nLIMIT 20;',
      'CREATE INDEX CONCURRENTLY posts_stack_published_idx\n  ON posts (stack_id, published_at DESC);\n\nANALYZE posts;',
    ],
  },
  {
    name: 'react frontends',
    area: 'frontend',
    language: 'typescript',
    tools: ['vite', 'react', 'eslint', 'playwright', 'npm', 'git'],
    snippets: [
      'export function PostMeta({ meta }: { meta: Record<string, string> }) {\n  return (\n    <ul>\n      {Object.entries(meta).map(([key, value]) => (\n        <li key={key}>{key}: {value}</li>\n      ))}\n    </ul>\n  )\n}',
      "test('article page shows the meta box', async ({ page }) => {\n  await page.goto('/posts/example')\n  await expect(page.getByText('post meta')).toBeVisible()\n})",
    ],
  },
  {
    name: 'go services',
    area: 'backend',
    language: 'go',
    tools: ['go test', 'pprof', 'prometheus', 'docker', 'git', 'logs'],
    snippets: [
      'func health(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set("Content-Type", "application/json")\n\tw.Write([]byte(`{"ok":true}`))\n}',
      'db.SetMaxOpenConns(20)\ndb.SetMaxIdleConns(10)\ndb.SetConnMaxLifetime(5 * time.Minute)',
    ],
  },
  {
    name: 'laravel apps',
    area: 'backend',
    language: 'php',
    tools: ['artisan', 'composer', 'phpunit', 'horizon', 'redis', 'git'],
    snippets: [
      "<?php\nRoute::get('/health', function () {\n    return response()->json(['ok' => true]);\n});",
      "<?php\nSchedule::command('posts:import')\n    ->hourly()\n    ->withoutOverlapping()\n    ->onFailure(fn () => Log::error('import failed'));",
    ],
  },
  {
    name: 'django apps',
    area: 'backend',
    language: 'python',
    tools: ['django', 'gunicorn', 'celery', 'pytest', 'postgres', 'git'],
    snippets: [
      "from django.views.decorators.cache import cache_page\n\n@cache_page(60 * 5)\ndef archive(request, stack):\n    posts = Post.objects.filter(stack=stack).order_by('-published')[:20]\n    return render(request, 'archive.html', {'posts': posts})",
      'class Post(models.Model):\n    slug = models.SlugField(unique=True)\n    published = models.DateTimeField(db_index=True)',
    ],
  },
  {
    name: 'static sites',
    area: 'frontend',
    language: 'yaml',
    tools: ['hugo', 'make', 'cdn', 'lighthouse', 'rsync', 'git'],
    snippets: [
      'build:\n  command: hugo --minify\n  publish: public\n\nheaders:\n  - for: /posts/*\n    cache-control: public, max-age=300',
      'sitemap:\n  changefreq: weekly\n  filename: sitemap.xml\n  priority: 0.5',
    ],
  },
  {
    name: 'docker deployments',
    area: 'infrastructure',
    language: 'dockerfile',
    tools: ['docker', 'compose', 'buildkit', 'trivy', 'registry', 'git'],
    snippets: [
      'FROM node:24-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\nCMD ["node", "server.js"]',
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir uvicorn fastapi\nCOPY app /app\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]',
    ],
  },
  {
    name: 'kubernetes clusters',
    area: 'infrastructure',
    language: 'yaml',
    tools: ['kubectl', 'helm', 'prometheus', 'grafana', 'kustomize', 'git'],
    snippets: [
      'readinessProbe:\n  httpGet:\n    path: /health/ready\n    port: 3000\n  periodSeconds: 5\n  failureThreshold: 3',
      'resources:\n  requests:\n    cpu: 250m\n    memory: 256Mi\n  limits:\n    memory: 512Mi',
    ],
  },
  {
    name: 'rails apps',
    area: 'backend',
    language: 'ruby',
    tools: ['rails', 'puma', 'sidekiq', 'rspec', 'bundler', 'git'],
    snippets: [
      'class ImportPostsJob < ApplicationJob\n  queue_as :imports\n\n  def perform(path)\n    Importer.new(path).call\n  end\nend',
      'Rails.application.configure do\n  config.log_tags = [:request_id]\n  config.logger = ActiveSupport::Logger.new($stdout)\nend',
    ],
  },
  {
    name: 'nginx servers',
    area: 'infrastructure',
    language: 'nginx',
    tools: ['nginx', 'certbot', 'logrotate', 'curl', 'goaccess', 'git'],
    snippets: [
      'location /posts/ {\n    proxy_cache articles;\n    proxy_cache_valid 200 5m;\n    proxy_cache_bypass $cookie_session;\n    add_header X-Cache $upstream_cache_status;\n}',
      "log_format timed '$remote_addr $request $status '\n                 '$request_time $upstream_response_time';\naccess_log /var/log/nginx/access.log timed;",
    ],
  },
  {
    name: 'redis caches',
    area: 'caching',
    language: 'bash',
    tools: ['redis-cli', 'redis', 'prometheus', 'systemd', 'logs', 'git'],
    snippets: [
      'redis-cli --latency-history -i 5\nredis-cli info memory | grep used_memory_human\nredis-cli --bigkeys',
      'redis-cli config set maxmemory 512mb\nredis-cli config set maxmemory-policy allkeys-lru\nredis-cli config rewrite',
    ],
  },
]
