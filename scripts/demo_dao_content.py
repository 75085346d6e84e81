"""What the demo DAO is made of: its people, teams, tasks, posts and proposals, as plain data.

scripts/demo_dao.py plays this out on chain through the public contract functions. The seed
only varies details (rewards, who claims and reviews); the shape is fixed so that
every proposal state and every task state is always present.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DAY = 86_400
HOUR = 3_600


@dataclass(frozen=True)
class Person:
    name: str
    index: int  # account index in the chain's mnemonic
    role: str
    holding: int = 0  # whole TEAL allocated at deployment (config/deploy.yaml devnet; 0: a contributor)
    delegate_to: str | None = None  # None: never delegates; own name: self-delegation


PEOPLE = [
    Person("foundation", 0, "deployer; hands the supply to the treasury and holders, keeps 2,000 TEAL, never votes"),
    Person("ana", 1, "holder, Protocol lead", 600_000, "ana"),
    Person("ben", 2, "holder, Protocol member", 350_000, "ben"),
    Person("chloe", 3, "holder, Protocol and Research member", 300_000, "chloe"),
    Person("dmitri", 4, "holder, Community lead", 450_000, "dmitri"),
    Person("esi", 5, "holder, Community member", 200_000, "esi"),
    Person("farid", 6, "holder, Research lead", 400_000, "farid"),
    Person("grace", 7, "holder, delegates to ana", 250_000, "ana"),
    Person("hiro", 8, "holder, Research member, delegates to farid", 150_000, "farid"),
    Person("isabel", 9, "holder who never delegates (her tokens carry no votes)", 120_000, None),
    Person("jonas", 10, "holder, Community member, delegates to dmitri", 180_000, "dmitri"),
    Person("kemal", 11, "contributor"),
    Person("lena", 12, "contributor"),
    Person("mateo", 13, "contributor"),
    Person("nadia", 14, "contributor"),
    Person("omar", 15, "contributor"),
    Person("priya", 16, "contributor"),
    Person("quinn", 17, "contributor who claims by signature (no gas)"),
    Person("rosa", 18, "contributor"),
    Person("sam", 19, "relayed the seeded claim by signature (the API's relayer is the Relayer above)"),
]
CONTRIBUTORS = ["kemal", "lena", "mateo", "nadia", "omar", "priya", "rosa"]
CONTRIBUTOR_ALLOWANCE = 250  # whole TEAL each contributor gets for claim bonds


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    mission: str
    scope: str
    members: list[str]
    budget: int  # whole TEAL funded by the founding proposal
    budget_cap: int
    max_reward: int
    claim_bond: int
    claim_days: int
    approvals: int


TEAMS = [
    Team(
        "protocol",
        "Protocol",
        "Keep Teal's contracts, indexer and API correct, fast and boring to run.",
        "Contracts under contracts/, the indexer, the HTTP API, releases and audits. "
        "Key results for the term: indexer lag under 5 blocks at p99; no critical audit finding open "
        "longer than a week; every release with a gas report.",
        ["ana", "ben", "chloe"],
        60_000,
        150_000,
        5_000,
        10,
        7,
        2,
    ),
    Team(
        "community",
        "Community",
        "Bring new contributors in and keep them: docs, events, translations and support.",
        "Onboarding guides, the forum, meetups and calls, translations. Key results: 30 first-time "
        "contributors paid this term; median time from first post to first claim under a week.",
        ["dmitri", "esi", "jonas"],
        25_000,
        60_000,
        2_000,
        0,
        5,
        1,
    ),
    Team(
        "research",
        "Research",
        "Measure how Teal governs itself and propose evidence-based changes to its guardrails.",
        "Governance analytics, team metrics, surveys and write-ups. Key results: a monthly metrics "
        "report; two guardrail changes proposed from data.",
        ["farid", "chloe", "hiro"],
        30_000,
        80_000,
        4_000,
        5,
        10,
        1,
    ),
]


# Scenarios a task is played through (final state in brackets):
#   open [open]; claimed [claimed]; submitted [submitted]; paid [paid];
#   split [paid, 70/30 with a co-contributor]; split3 [paid, three ways];
#   rejected_paid [rejected, resubmitted, paid]; rework [rejected, back to claimed];
#   cancelled [cancelled]; expired_reopened [claim expired, reopened: open];
#   expired_reclaimed [expired, reopened, claimed again]; expired [claim expired, not yet reopened];
#   abandoned [claimed then given up: open]; by_signature [claimed through the relayer];
#   half_approved [submitted, 1 of 2 approvals].
@dataclass(frozen=True)
class TaskPlan:
    key: str
    team: str
    title: str
    description: str
    criteria: list[str]
    reward: int  # whole TEAL before the seed's jitter
    scenario: str
    parent: str | None = None
    claimant: str | None = None  # fixed claimant (else drawn by the seed)
    addresses_post: str | None = None  # key of the post whose problem the task addresses
    short_claim: bool = False  # one-day claim window (the expiry scenarios)
    summaries: list[str] = field(default_factory=list)  # submission summaries, first to last


def _t(
    key: str, team: str, title: str, description: str, criteria: list[str], reward: int, scenario: str, **extra: object
) -> TaskPlan:
    short = scenario.startswith("expired")
    return TaskPlan(key, team, title, description, criteria, reward, scenario, short_claim=short, **extra)  # type: ignore[arg-type]


TASKS = [
    # ---- Protocol -------------------------------------------------------------------------
    _t(
        "backoff",
        "protocol",
        "Cap the indexer's RPC back-off at 30 seconds",
        "After a node restart the indexer's retry delay keeps doubling and it stays idle for minutes. "
        "Cap the delay, log each retry once, and add a test that restarts the node mid-sync.",
        ["Delay never exceeds 30 s", "Test restarts the node during a sync", "No duplicate events"],
        1_200,
        "paid",
        claimant="lena",
        addresses_post="indexer-stall",
        summaries=["Back-off capped at 30 s with jitter; restart test added to tests/indexer."],
    ),
    _t(
        "reorg-tests",
        "protocol",
        "Reorg tests at depth 1 and 5",
        "Exercise the indexer's rollback on Ganache snapshots and Anvil's anvil_reorg, at depth 1 and 5.",
        ["Both chains covered", "Rolled-back rows are gone", "Replayed rows match a fresh index"],
        2_500,
        "split",
        summaries=["Depth 1 and 5 on both chains; Omar wrote the Anvil half."],
    ),
    _t(
        "indexer-v2",
        "protocol",
        "Indexer v2: fetch block ranges in parallel",
        "Fetch eth_getLogs ranges concurrently while keeping writes in block order. Split into subtasks.",
        ["3x faster catch-up on the 20,000-event bench", "Same rows as v1"],
        4_500,
        "open",
    ),
    _t(
        "range-bench",
        "protocol",
        "Benchmark adaptive range sizing",
        "Measure catch-up speed for range caps of 500, 2,000 and 10,000 blocks on a busy chain.",
        ["Figures for the three caps", "Recommendation in the PR"],
        1_500,
        "claimed",
        parent="indexer-v2",
    ),
    _t(
        "decode-pool",
        "protocol",
        "Decode logs in a worker pool",
        "Move ABI decoding off the fetch loop into a small worker pool.",
        ["Decoding no longer blocks fetching", "Bench before and after"],
        1_000,
        "open",
        parent="indexer-v2",
    ),
    _t(
        "gas-report",
        "protocol",
        "Gas report for the TaskBoard",
        "Publish gas used by create, claim, submit, approve and pay, with and without co-contributors.",
        ["Table in the docs", "Numbers reproducible with bench/gas_work.py"],
        800,
        "rejected_paid",
        summaries=["Gas table for every TaskBoard call.", "Gas table, now with 1, 4 and 16 co-contributors."],
    ),
    _t(
        "fuzz-escrow",
        "protocol",
        "Fuzz the escrow accounting invariants",
        "A Hypothesis state machine over fund, reserve, release, pay and claw back, checking "
        "paid + reserved + available == funded - clawed back after every step.",
        ["Invariant checked after every rule", "Runs in under 2 minutes"],
        3_000,
        "half_approved",
        summaries=["State machine with 9 rules and 3 invariants; 25 examples x 20 steps."],
    ),
    _t(
        "oz-audit",
        "protocol",
        "Re-audit custom errors after the OpenZeppelin 5.1 upgrade",
        "Check every revert path still names the right custom error.",
        ["Every error triggered in a test"],
        600,
        "cancelled",
    ),
    _t(
        "relay-limits",
        "protocol",
        "Rate-limit the claim relayer per address",
        "Limit relayed claims per claimant as well as per IP, so one wallet cannot drain the relayer.",
        ["Per-address limit configurable", "429 with Retry-After"],
        1_500,
        "expired_reopened",
    ),
    _t(
        "eip712-docs",
        "protocol",
        "Document the EIP-712 messages for wallet authors",
        "Describe Ballot, Claim and document signatures with examples a wallet can render.",
        ["One example per message", "Checked against the contracts"],
        700,
        "claimed",
    ),
    _t(
        "slither",
        "protocol",
        "Triage Slither findings",
        "Run Slither on the contracts, fix or justify every finding above informational.",
        ["Every finding fixed or justified in the PR"],
        900,
        "rework",
        summaries=["Ran Slither; all findings are false positives."],
    ),
    _t(
        "pg-failover",
        "protocol",
        "Test indexer failover on the PostgreSQL advisory lock",
        "Kill the indexer holding the lock; a standby must take over within one poll interval.",
        ["Test kills with SIGKILL", "No event lost or duplicated"],
        1_800,
        "paid",
        summaries=["Failover test with two indexers and SIGKILL; takeover in under 2 s."],
    ),
    _t(
        "manifest-docs",
        "protocol",
        "Document the deployment manifest format",
        "Field-by-field description of deployments/<network>.json for other indexers.",
        ["Every field described", "Example manifest"],
        400,
        "open",
    ),
    _t(
        "pagination-review",
        "protocol",
        "Review cursor pagination across the API",
        "Check every list endpoint for stable ordering and cursor handling at page boundaries.",
        ["A test per list endpoint"],
        1_100,
        "submitted",
        summaries=["Boundary tests for all 6 list endpoints; fixed one unstable sort."],
    ),
    _t(
        "api-profile",
        "protocol",
        "Profile the API under load",
        "Find where the task board spends its time at 200 requests/s.",
        ["Flame graph", "Top 3 fixes"],
        2_000,
        "expired",
    ),
    # ---- Community ------------------------------------------------------------------------
    _t(
        "onboarding-guide",
        "community",
        "Rewrite the onboarding guide",
        "The guide still points at a faucet that no longer exists. Rewrite it around claiming a first "
        "task by signature, without needing ETH.",
        ["No dead links", "A first claim walkthrough with screenshots"],
        900,
        "submitted",
        addresses_post="dead-faucet",
        summaries=["New guide: 6 steps from wallet to first paid task."],
    ),
    _t(
        "meetup",
        "community",
        "Lisbon contributor meetup: venue and agenda",
        "Book a venue for 40 people, publish the agenda, run the day.",
        ["Venue booked", "Agenda published a week before", "Notes posted afterwards"],
        1_800,
        "split3",
        summaries=["Meetup held: 38 people, notes and slides linked."],
    ),
    _t(
        "translation",
        "community",
        "Translate the contributor guide to Portuguese",
        "Split by chapter; each subtask is one part of the guide.",
        ["Reviewed by a native speaker"],
        2_000,
        "open",
    ),
    _t(
        "translate-1",
        "community",
        "Translate chapters 1-3 to Portuguese",
        "Chapters 1-3 of the contributor guide.",
        ["Reviewed by a native speaker"],
        600,
        "paid",
        parent="translation",
        summaries=["Chapters 1-3 translated and reviewed by Rosa."],
    ),
    _t(
        "translate-2",
        "community",
        "Translate chapters 4-6 to Portuguese",
        "Chapters 4-6 of the contributor guide.",
        ["Reviewed by a native speaker"],
        600,
        "claimed",
        parent="translation",
    ),
    _t(
        "call-notes",
        "community",
        "Weekly community call notes (November)",
        "Take and publish notes for the four November calls.",
        ["Four notes published"],
        300,
        "paid",
        summaries=["Notes for 4 calls, with action items."],
    ),
    _t(
        "forum-moderation",
        "community",
        "Moderate the forum in December",
        "Answer new threads within a day, move off-topic ones.",
        ["Median first answer under 24 h"],
        500,
        "by_signature",
        claimant="quinn",
    ),
    _t(
        "first-task-guides",
        "community",
        "Write five 'your first task' guides",
        "Short guides for the five most common first tasks.",
        ["Five guides", "Each under 800 words"],
        750,
        "open",
    ),
    _t(
        "badges",
        "community",
        "Design contributor badges",
        "Badges for first task, ten tasks and first review.",
        ["Three badge designs"],
        400,
        "cancelled",
    ),
    _t(
        "newsletter",
        "community",
        "Newsletter #12",
        "Monthly newsletter: shipped work, open tasks, governance calendar.",
        ["Sent to the list"],
        350,
        "rejected_paid",
        summaries=["Draft of #12.", "Draft of #12 with the governance calendar added."],
    ),
    _t(
        "office-hours",
        "community",
        "Run an office-hours session for new contributors",
        "One hour on a call helping people claim their first task.",
        ["Recording published"],
        250,
        "expired_reopened",
    ),
    _t(
        "holder-faq",
        "community",
        "FAQ for token holders",
        "Delegation, voting, quorum and the timelock explained for holders.",
        ["Ten questions answered"],
        450,
        "open",
    ),
    _t(
        "governance-video",
        "community",
        "Record a governance walkthrough video",
        "Ten minutes from proposal to execution on the devnet.",
        ["Under 12 minutes", "Captions"],
        800,
        "submitted",
        summaries=["11-minute video with captions."],
    ),
    _t(
        "claim-survey",
        "community",
        "Survey contributors about claim durations",
        "Ask 30 contributors whether five-day claims are too short.",
        ["30 answers", "Summary posted"],
        400,
        "paid",
        summaries=["34 answers; 60% want seven days for code tasks."],
    ),
    # ---- Research -------------------------------------------------------------------------
    _t(
        "quorum-analysis",
        "research",
        "Quorum analysis of the first ten proposals",
        "How close did each proposal come to quorum, and who turned out?",
        ["Chart per proposal"],
        1_500,
        "paid",
        summaries=["Turnout averaged 31%; two proposals passed within 2% of quorum."],
    ),
    _t(
        "cycle-time",
        "research",
        "Define cycle-time and review-latency metrics",
        "Definitions the API can compute from events, with edge cases (rejections, expiry).",
        ["Definitions merged into the metrics docs"],
        1_200,
        "split",
        summaries=["Definitions with 6 edge cases; Kemal did the review-latency half."],
    ),
    _t(
        "budget-comparison",
        "research",
        "Compare ShapeShift and Teal workstream budgets",
        "Budget size, burn and cap usage per team, six months in.",
        ["Table and short write-up"],
        1_600,
        "submitted",
        summaries=["Comparison across 9 ShapeShift and 3 Teal workstreams."],
    ),
    _t(
        "delegation-report",
        "research",
        "Delegation concentration report",
        "Share of voting power held by the top 1, 3 and 5 delegates over time.",
        ["Chart", "Method"],
        1_000,
        "claimed",
    ),
    _t(
        "review-latency",
        "research",
        "Review latency study",
        "Split into data collection and write-up.",
        ["Published report"],
        3_000,
        "open",
    ),
    _t(
        "review-data",
        "research",
        "Collect review timestamps",
        "Export submission and review times for every paid task.",
        ["CSV published"],
        800,
        "paid",
        parent="review-latency",
        summaries=["CSV of 212 reviews with timestamps."],
    ),
    _t(
        "review-writeup",
        "research",
        "Write up the review latency findings",
        "What slows reviews down, and what the data says about approval thresholds.",
        ["Report"],
        1_200,
        "open",
        parent="review-latency",
    ),
    _t(
        "metrics-post",
        "research",
        "Publish a monthly team metrics post",
        "Turn the API's team metrics into a short monthly post per workstream.",
        ["First post published"],
        700,
        "open",
        addresses_post="monthly-metrics",
    ),
    _t(
        "buurtzorg-review",
        "research",
        "Literature review: team autonomy at Buurtzorg",
        "What self-managed nursing teams measure about themselves, and what applies to workstreams.",
        ["Ten sources", "Three recommendations"],
        1_400,
        "rejected_paid",
        summaries=["Review of 7 sources.", "Review of 11 sources with three recommendations."],
    ),
    _t(
        "holder-survey",
        "research",
        "Token holder survey",
        "Why holders do or do not vote.",
        ["50 answers"],
        900,
        "cancelled",
    ),
    _t(
        "gini",
        "research",
        "Voting power Gini coefficient over time",
        "Compute the Gini coefficient of voting power at every proposal snapshot.",
        ["Chart", "Notebook"],
        900,
        "expired_reclaimed",
    ),
    _t(
        "guardrail-sim",
        "research",
        "Simulate guardrail changes",
        "What would a 2-approval rule have done to Community's review latency?",
        ["Simulation notebook"],
        1_300,
        "claimed",
    ),
    _t(
        "bond-experiment",
        "research",
        "Claim bond size experiment",
        "Does a 5 TEAL bond reduce abandoned claims? Design the experiment.",
        ["Design doc"],
        600,
        "open",
    ),
    _t(
        "fairness",
        "research",
        "Reward distribution fairness",
        "Top-20% share of rewards per team, and how co-contributor splits change it.",
        ["Report"],
        1_100,
        "submitted",
        summaries=["Top 20% of contributors earned 54% of rewards."],
    ),
    _t(
        "readability",
        "research",
        "Readability scores of proposal documents",
        "Score every proposal document for readability.",
        ["Scores per proposal"],
        500,
        "abandoned",
    ),
]


@dataclass(frozen=True)
class PostPlan:
    key: str
    author: str
    category: str
    text: str
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    reply_to: str | None = None


POSTS = [
    PostPlan(
        "indexer-stall",
        "lena",
        "problem",
        "After restarting my node the indexer sat idle for six minutes before it caught up. The logs "
        "show the retry delay doubling up to 512 s. Is that intended?",
        title="Indexer stalls for minutes after a node restart",
        tags=["workstream:1", "indexer"],
    ),
    PostPlan(
        "indexer-stall-ana",
        "ana",
        "answer",
        "Not intended: the back-off has no cap. The checkpoint is safe, it just waits too long.",
        reply_to="indexer-stall",
    ),
    PostPlan(
        "indexer-stall-ben",
        "ben",
        "discussion",
        "I'll put up a task to cap it at 30 s with a restart test. Lena, want to take it?",
        reply_to="indexer-stall-ana",
    ),
    PostPlan("indexer-stall-lena", "lena", "discussion", "Yes, I'll claim it.", reply_to="indexer-stall-ben"),
    PostPlan(
        "gasless",
        "mateo",
        "question",
        "I have TEAL but no ETH. How do I claim my first task?",
        title="How do I claim a task without ETH for gas?",
        tags=["workstream:2", "onboarding"],
    ),
    PostPlan(
        "gasless-esi",
        "esi",
        "answer",
        "Sign a Claim message in your wallet and send it to the relayer (POST /relay/claims). "
        "The relayer pays the gas; the task is claimed in your name.",
        reply_to="gasless",
    ),
    PostPlan("gasless-mateo", "mateo", "discussion", "Worked, thanks!", reply_to="gasless-esi"),
    PostPlan(
        "dead-faucet",
        "nadia",
        "problem",
        "Step 2 of the onboarding guide links to a testnet faucet that was shut down in the summer. "
        "New people get stuck there.",
        title="Onboarding guide points to a dead faucet",
        tags=["workstream:2", "docs"],
    ),
    PostPlan(
        "dead-faucet-dmitri",
        "dmitri",
        "answer",
        "Good catch. The guide should not need a faucet at all now that claims can be relayed; "
        "I'll open a task to rewrite it.",
        reply_to="dead-faucet",
    ),
    PostPlan(
        "monthly-metrics",
        "farid",
        "idea",
        "The API already computes cycle time, review latency and burn per team. A short monthly post "
        "per workstream would make them visible to holders who never open the dashboard.",
        title="Publish monthly team metrics",
        tags=["workstream:3", "metrics"],
    ),
    PostPlan(
        "monthly-metrics-chloe",
        "chloe",
        "discussion",
        "+1. Let's include the rejection rate; Protocol's is higher than it should be.",
        reply_to="monthly-metrics",
    ),
    PostPlan(
        "monthly-metrics-grace",
        "grace",
        "discussion",
        "As a holder: yes please, with one chart per team.",
        reply_to="monthly-metrics",
    ),
    PostPlan(
        "max-reward",
        "ben",
        "discussion",
        "Audit-sized tasks do not fit under 5,000 TEAL, so we split them artificially. "
        "Should governance raise Protocol's maximum reward to 8,000 TEAL?",
        title="Raise Protocol's maximum reward to 8,000 TEAL?",
        tags=["workstream:1", "governance"],
    ),
    PostPlan(
        "max-reward-dmitri",
        "dmitri",
        "discussion",
        "I'd rather wait for the audit results before raising any cap.",
        reply_to="max-reward",
    ),
    PostPlan(
        "max-reward-isabel",
        "isabel",
        "discussion",
        "Splitting tasks also spreads the work; I'm not convinced bigger tasks are better.",
        reply_to="max-reward",
    ),
    PostPlan(
        "max-reward-ana",
        "ana",
        "discussion",
        "I'll put it to a vote so we have a decision either way.",
        reply_to="max-reward-isabel",
    ),
    PostPlan(
        "meetup-idea",
        "dmitri",
        "idea",
        "A one-day meetup in Lisbon for contributors and holders: talks in the morning, pairing on "
        "open tasks in the afternoon.",
        title="A Lisbon contributor meetup",
        tags=["workstream:2", "events"],
    ),
    PostPlan("meetup-idea-esi", "esi", "discussion", "I can find a venue near Cais do Sodré.", reply_to="meetup-idea"),
]


@dataclass(frozen=True)
class ProposalText:
    key: str
    title: str
    summary: str
    description: str
    discussion: str | None = None  # key of the post where it was discussed


PROPOSALS = {
    "founding": ProposalText(
        "founding",
        "Charter and fund the Protocol, Community and Research workstreams",
        "Three six-month mandates with charters, budgets, guardrails and initial members.",
        "Creates the three workstreams described in their charters and moves their first budgets "
        "from the treasury into escrow: Protocol 60,000 TEAL, Community 25,000 TEAL, Research 30,000 TEAL. "
        "Guardrails cap each team's total funding and the reward of any single task; Protocol needs two "
        "member approvals per submission, the others one.",
    ),
    "otc-sale": ProposalText(
        "otc-sale",
        "Sell 500,000 TEAL over the counter to a market maker",
        "Raise stablecoins for two years of runway by selling treasury tokens at a 15% discount.",
        "Transfers 500,000 TEAL from the treasury to the market maker's address against a stablecoin "
        "payment settled off chain. Critics point out the discount and the settlement risk.",
    ),
    "meetup-grant": ProposalText(
        "meetup-grant",
        "Grant 12,000 TEAL for the Lisbon contributor meetup",
        "Venue, travel grants for ten contributors and a recorded programme.",
        "Transfers 12,000 TEAL to the Community workstream's organiser for the Lisbon meetup; "
        "unused funds go back to the treasury.",
        discussion="meetup-idea",
    ),
    "research-topup": ProposalText(
        "research-topup",
        "Top up the Research workstream by 20,000 TEAL",
        "Research has reserved most of its first budget; this funds the second half of the term.",
        "Approves the escrow and funds the Research workstream with 20,000 TEAL, within its 80,000 TEAL cap.",
    ),
    "pause-community": ProposalText(
        "pause-community",
        "Pause the Community workstream during the treasury audit",
        "Freeze new Community tasks until the audit of the first quarter is published.",
        "Withdrawn by its proposer after the discussion: the audit does not need a freeze.",
    ),
    "max-reward": ProposalText(
        "max-reward",
        "Raise the Protocol workstream's maximum reward to 8,000 TEAL",
        "Let audit-sized tasks be posted whole instead of split artificially.",
        "Changes Protocol's guardrails: maximum reward per task from 5,000 to 8,000 TEAL; the budget cap, "
        "bond, claim duration and approvals stay as they are.",
        discussion="max-reward",
    ),
    "renew-community": ProposalText(
        "renew-community",
        "Renew the Community workstream's mandate for six months",
        "Extend Community's term and keep its 60,000 TEAL cap, with an updated charter.",
        "Renews the Community workstream until six months after its current term end, with a charter "
        "that adds translations and office hours to its scope.",
    ),
}
