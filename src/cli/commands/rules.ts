import type { Command } from 'commander';
import { addInputOptions } from '../input-options.js';
import type { RegisterCommand } from './context.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The rule files a subcommand reads: the built-in ones plus --rules, or only --rules with --no-builtin. */
function ruleSource(cmd: Command): Command {
  return cmd
    .option('--rules <file>', 'add a rule file or directory (repeatable)', collect)
    .option('--no-builtin', 'only the --rules files, not the built-in rules');
}

export const registerRules: RegisterCommand = (program, ctx) => {
  const rules = program.command('rules').description('the rules as data: list them, run their own examples, lint them (`triage rules --help`)');
  ruleSource(rules.command('list').description('every rule with id, label, languages, description'))
    .option('--json', 'print the rules as JSON')
    .action(async (opts) => ctx.run(async () => (await import('../rules.js')).runRulesList(opts, ctx.io)));
  ruleSource(rules.command('test').description("run each rule's must-match / must-not-match examples; exit 1 naming the rules that fail"))
    .option('--json', 'print the results as JSON')
    .action(async (opts) => ctx.run(async () => (await import('../rules.js')).runRulesTest(opts, ctx.io)));
  const lint = ruleSource(
    rules
      .command('lint')
      .description('validate rule files (schema, duplicate ids, patterns, catastrophic regexes); with --corpus, per-rule coverage, overlaps, conflicts, accuracy')
      .option('--corpus <files...>', 'labelled conversations to measure each rule on')
      .option('--json', 'print the report as JSON'),
  );
  addInputOptions(lint).action(async (opts) => ctx.run(async () => (await import('../rules.js')).runRulesLint(opts, ctx.io)));
};
