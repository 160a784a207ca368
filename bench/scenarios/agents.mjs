// Scenario 3b: 500 agents updating. Feed: in-page generator publishing into
// <pulse-source src="local:..."> (isolates rendering; no network).
import { runVariants } from '../lib/pages.mjs';
import { fmt } from '../lib/util.mjs';

export const title = 'Scenario 3b: many agents (agent-status vs a hand-written table updated per message)';

export async function run(ctx) {
  const { base, args, quick, print } = ctx;
  const count = Number(args.count ?? (quick ? 50 : 500));
  const rate = Number(args.rate ?? 2);
  const seconds = Number(args.duration ?? (quick ? 1 : 10));
  print(`feed: in-page generator, ${count} agents x ${rate} updates/s = ${fmt(count * rate)} updates/s (1 in 20 changes state), published into <pulse-source src="local:..."> (ours) or applied directly (naive); ${seconds} s`);
  const q = `count=${count}&rate=${rate}`;
  return runVariants(ctx, [
    { name: 'ours', url: `${base}/pages/agents.html?impl=ours&${q}` },
    { name: 'naive table', url: `${base}/pages/agents.html?impl=naive&${q}` },
  ], { durationMs: seconds * 1000, warmupMs: quick ? 200 : 1500 });
}
