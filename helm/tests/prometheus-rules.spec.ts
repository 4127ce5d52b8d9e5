import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { chartDir } from './support/chart';

// The shipped alert rules, checked and unit-tested by Debian's promtool (the `prometheus`
// package; .ci/run installs it). The cases live in tests/prometheus/prometheus-rules.test.yaml.

const RULES = join(chartDir, 'files/prometheus-rules.yaml');
const CASES_DIR = join(__dirname, 'prometheus');
const CASES = join(CASES_DIR, 'prometheus-rules.test.yaml');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface CaseFile {
  rule_files: string[];
  tests: {
    name: string;
    alert_rule_test?: { alertname: string; exp_alerts?: unknown[] | null }[];
  }[];
}

const PROMTOOL = ['/usr/bin/promtool', 'promtool'].find(
  (path) => spawnSync(path, ['--version']).status === 0,
);

function promtool(...args: string[]): { ok: boolean; output: string } {
  if (!PROMTOOL)
    throw new Error(
      'promtool is missing: apt-get install prometheus (.ci/run does this)',
    );
  const run = spawnSync(PROMTOOL, args, { encoding: 'utf8', cwd: CASES_DIR });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

const rules = parse(readFileSync(RULES, 'utf8')) as RuleFile;
const alerts = rules.groups.flatMap((group) =>
  group.rules.flatMap((rule) => (rule.alert ? [rule.alert] : [])),
);
const cases = parse(readFileSync(CASES, 'utf8')) as CaseFile;

/** The case file run against a copy of the rules in which `change` rewrote one alert. */
function testAgainstChangedRules(alert: string, change: (rule: Rule) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'landing-rules-'));
  try {
    const copy = parse(readFileSync(RULES, 'utf8')) as RuleFile;
    for (const group of copy.groups)
      for (const rule of group.rules) if (rule.alert === alert) change(rule);
    writeFileSync(join(dir, 'rules.yaml'), stringify(copy));
    writeFileSync(
      join(dir, 'cases.yaml'),
      stringify({ ...cases, rule_files: [join(dir, 'rules.yaml')] }),
    );
    return promtool('test', 'rules', join(dir, 'cases.yaml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('shipped Prometheus alert rules', () => {
  it('pass promtool check rules', () => {
    const result = promtool('check', 'rules', RULES);
    expect(result).toEqual({ ok: true, output: expect.any(String) });
    expect(result.output).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('pass their promtool unit tests, which load the shipped file itself', () => {
    expect(cases.rule_files.map((file) => resolve(CASES_DIR, file))).toEqual([
      RULES,
    ]);
    const result = promtool('test', 'rules', CASES);
    if (!result.ok) throw new Error(result.output);
    expect(result.output).toContain('SUCCESS');
  });

  it('have, for every alert, a case where it fires and a case where it stays quiet', () => {
    expect(alerts.length).toBeGreaterThan(0);
    const checks = cases.tests.flatMap((test) => test.alert_rule_test ?? []);
    const coverage = alerts.map((alert) => {
      const own = checks.filter((check) => check.alertname === alert);
      return {
        alert,
        fires: own.some((check) => (check.exp_alerts ?? []).length > 0),
        quiet: own.some((check) => (check.exp_alerts ?? []).length === 0),
      };
    });
    expect(coverage).toEqual(
      alerts.map((alert) => ({ alert, fires: true, quiet: true })),
    );
  });

  // The cases have teeth: an alert that never fires, or always fires, breaks its own cases.
  it.each(alerts)(
    '%s: its cases fail when the alert can never fire, and when it always fires',
    (alert) => {
      const never = testAgainstChangedRules(alert, (rule) => {
        rule.expr = 'vector(1) < 0';
      });
      expect(never.ok).toBe(false);
      expect(never.output).toContain(`alertname: ${alert}`);

      const always = testAgainstChangedRules(alert, (rule) => {
        rule.expr = 'vector(1)';
        delete rule.for;
      });
      expect(always.ok).toBe(false);
      expect(always.output).toContain(`alertname: ${alert}`);
    },
  );
});
