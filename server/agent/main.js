// `pulseboard agent ...`: runs the agent until SIGINT/SIGTERM (then gives its buffer 2 s to drain).
import { AGENT_HELP, parseAgentCli } from './args.js';
import { createAgent } from './agent.js';

/**
 * @param {string[]} argv the arguments after `agent`
 * @returns {Promise<number>} exit code
 */
export async function agentMain(argv) {
  let parsed;
  try {
    parsed = parseAgentCli(argv);
  } catch (err) {
    process.stderr.write(`pulseboard agent: ${/** @type {Error} */ (err).message}\nTry 'pulseboard agent --help'.\n`);
    return 2;
  }
  if (parsed.help || !parsed.options) {
    process.stdout.write(AGENT_HELP + '\n');
    return 0;
  }
  const agent = createAgent(parsed.options);
  await agent.start();
  process.stdout.write(`pulseboard agent ${parsed.options.name} sending ${[...agent.topics].join(', ')} to ${agent.ingestUrl}\n`);
  await new Promise((resolve) => {
    let signals = 0;
    const stop = (/** @type {string} */ signal) => {
      if (++signals > 1) process.exit(1);
      process.stdout.write(`pulseboard agent: ${signal}, stopping\n`);
      agent.stop(2000).then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
