/**
 * The sentences of a synthesized article. `{stack}`, `{problem}`, `{scenario}` and
 * `{audience}` are filled in; everything is lowercase, as on the captured pages.
 * Weights are integers: the captured pages' own wording is the most common.
 */
type Weighted = ReadonlyArray<readonly [string, number]>

export const TITLES: Weighted = [
  ['production checklist for {problem} in {stack}', 6],
  ['production checklist for {problem} in {stack}: maintenance guide', 3],
  ['{stack} notes: {problem} for {audience}', 3],
  ['how we approach {problem} in {stack}', 1],
  ['{problem} in {stack}, {scenario}', 1],
]

export const INTROS: Weighted = [
  [
    'a reliable {stack} setup is less about clever code and more about repeatable habits. in this guide, we look at {problem} {scenario} and keep the steps focused on production work.',
    3,
  ],
  [
    'this is a field note for developers who want a calm, readable solution. the focus is {problem} in {stack} {scenario}, with checks that can be reused later.',
    3,
  ],
  [
    'when a {stack} project grows, {problem} stops being optional. this note walks through the checks we run {scenario}, step by step.',
    1,
  ],
  [
    'most trouble with {problem} in {stack} starts small. here is the routine we follow {scenario}, written so the next person can repeat it.',
    1,
  ],
  [
    '{problem} sounds like a one-time fix, but in {stack} it is a habit. this guide collects what worked for us {scenario}.',
    1,
  ],
]

export const CHECKS_HEADINGS: Weighted = [
  ['production checks', 8],
  ['what to check first', 1],
  ['the checks that matter', 1],
  ['before you change anything', 1],
]

export const CHECK_PARAGRAPHS: readonly string[] = [
  'large content sites need predictable background work. queues, cron events, and import scripts should be idempotent, logged, and safe to run again. that makes recovery much easier when a request stops halfway through.',
  'database changes need extra care. check the existing indexes, inspect the query plan, and test the migration on a copy of real data. the fastest query in development can still become the slowest request in production.',
  'monitoring should answer simple questions quickly: is the service up, is it slow, are jobs failing, and did the last deployment change anything. dashboards are useful only when the signals are easy to understand during pressure.',
  'cache rules should be written for people who will debug them later. name the rule, document the bypass conditions, and include examples of pages that should and should not be cached.',
  'configuration drifts quietly. keep staging close to production, compare the effective settings before each release, and write down every default that differs on purpose.',
  'logs are only useful when they can be searched during an incident. use one structured format, attach a request id to every line, and never write secrets or session cookies.',
  'deployments should be boring and reversible. ship one change at a time, watch latency and error rate for a few minutes, and keep the previous release one command away.',
  'backups are not finished until a restore has been tested. run the restore on a schedule, time it, and record where the files live and who can reach them.',
  'traffic rarely grows evenly. look at the slowest routes first, measure them under realistic load, and fix the query or cache rule before adding more servers.',
  'security work is mostly small defaults: short-lived sessions, rate-limited logins, request size limits, and headers that are checked on every deploy.',
]

/** Appended to the third and fourth check paragraphs, as on the captured pages. */
export const OWNER_NOTES: Weighted = [
  [
    'for this {stack} case, keep the owner, expected result, and rollback note in the same place.',
    4,
  ],
  ['for this {stack} case, write the exact command next to the result you expect.', 1],
]
export const APPROACH_NOTES: Weighted = [
  ['the alphanode approach is to prefer a small verified change over a broad rewrite.', 4],
  ['the alphanode approach is to measure before and after, and keep both numbers.', 1],
]

export interface SecondSection {
  heading: string
  paragraphs: readonly string[]
  list?: readonly string[]
}

/** The optional section between the checks and the checklist. */
export const SECOND_SECTIONS: readonly SecondSection[] = [
  {
    heading: 'the practical approach',
    paragraphs: [
      'keep the implementation boring on purpose. a clear function name, a small configuration array, and one predictable code path will usually survive future maintenance better than a clever abstraction that only one developer understands.',
    ],
  },
  {
    heading: 'why this matters',
    paragraphs: [
      'start by writing down what the system currently does. include the route, the expected input, the slow query or failing command, and the exact place where the user notices the problem. this small baseline prevents random changes and makes the final result easier to verify.',
    ],
  },
  {
    heading: 'common mistakes',
    paragraphs: ['the same few mistakes show up again and again in {stack} work:'],
    list: [
      'changing two things at once',
      'skipping the rollback note',
      'testing only as an anonymous visitor',
      'trusting a dashboard nobody has read',
    ],
  },
  {
    heading: 'how to verify the change',
    paragraphs: [
      'repeat the measurement you took before the change, with the same route, the same data and the same load. if the numbers did not move, the change did not help, whatever it looks like in the code.',
    ],
  },
  {
    heading: 'rollback plan',
    paragraphs: [
      'write the rollback before the rollout. one command, tested on staging, with a note on what data it touches. a rollback that needs a meeting is not a rollback.',
    ],
  },
  {
    heading: 'what to measure',
    paragraphs: ['pick a few numbers that a tired person can read at a glance:'],
    list: [
      'p50 and p95 latency of the slowest route',
      'error rate per minute',
      'queue depth and job failures',
      'cache hit ratio',
    ],
  },
  {
    heading: 'a safer rollout',
    paragraphs: [
      'roll out to one server or one percent of traffic first. watch the error rate and latency for ten minutes, then widen the rollout in steps you can undo.',
      'if anything looks wrong, stop and roll back before investigating. the investigation is easier when users are no longer affected.',
    ],
  },
  {
    heading: 'questions before shipping',
    paragraphs: ['answer these in the pull request, not in your head:'],
    list: [
      'what breaks if this runs twice?',
      'how do we know it worked?',
      'who gets paged if it fails?',
      'how long does the rollback take?',
    ],
  },
  {
    heading: 'what we changed',
    paragraphs: [
      'we replaced a handful of ad hoc fixes with one documented routine {scenario}. the routine is short on purpose, so people actually follow it.',
    ],
  },
]

export const CHECKLISTS: ReadonlyArray<readonly string[]> = [
  [
    'inspect cache headers',
    'test logged-in traffic',
    'purge only the affected route',
    'measure response time',
    'keep a rollback command ready',
  ],
  [
    'run linting',
    'run unit tests',
    'run one integration check',
    'verify staging config',
    'tag the release',
  ],
  [
    'take a fresh backup',
    'test the restore',
    'run the migration on a copy',
    'compare query plans',
    'schedule the maintenance window',
  ],
  [
    'add a request id to logs',
    'redact secrets',
    'check log volume',
    'link logs from the dashboard',
    'write the on-call note',
  ],
  [
    'define the health check',
    'alert on error rate',
    'alert on latency',
    'test the alert',
    'document the runbook',
  ],
  [
    'rotate one secret at a time',
    'update the environment files',
    'restart workers',
    'verify logins',
    'revoke the old secret',
  ],
  [
    'record the baseline',
    'change one setting',
    'measure again',
    'write down the result',
    'keep or revert',
  ],
]

export const FINAL_NOTES: Weighted = [
  [
    'the best result is not only a faster or cleaner {stack} implementation. it is a change that another developer can inspect, understand, and safely repeat. keep the final commands, metrics, and assumptions close to the article so future maintenance is easier.',
    6,
  ],
  [
    '{problem} is never finished for good in {stack}. keep the checklist next to the code, review it after each incident, and delete steps that no longer earn their place.',
    1,
  ],
  [
    'write down what you measured before and after. numbers beat memory, and the next person to touch this {stack} setup will need them.',
    1,
  ],
]

export const SUMMARIES: Weighted = [
  [
    'this ai-style technical summary explains {problem} in {stack}, with emphasis on measurement, safe defaults, rollback planning, and maintainable documentation.',
    4,
  ],
  [
    'this ai-style technical summary explains {problem} in {stack}, with emphasis on small verified changes, clear ownership, and repeatable checks.',
    1,
  ],
]

export const BRIEFS: Weighted = [
  [
    'the article is written like a careful ai generated engineering draft: it explains the reason for the change, lists operational checks, and avoids pretending that one command fixes every production case.',
    4,
  ],
  [
    'the article is written like a careful ai generated engineering draft: it starts from a measured baseline, changes one thing at a time, and records how to undo it.',
    1,
  ],
]

export const RECOMMENDED_ACTIONS: Weighted = [
  ['measure first, change carefully, document the result', 4],
  ['reproduce, fix one thing, verify', 1],
  ['write the baseline, ship small, watch the graphs', 1],
]

export const NOTES: readonly string[] = [
  'sanitized array meta is expected to render as a list in the frontend box',
  'view count is synthetic and only used for testing meta volume',
  'content is generated for import/load testing and should be reviewed before indexing',
]

export const GENERATOR = 'anp content synthesizer'
