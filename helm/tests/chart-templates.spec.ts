import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  blockProblems,
  chartDir,
  declaredEnvironmentVariables,
  secretEnvironmentVariables,
  defaultValues,
  hasPath,
  isRecord,
  leafPaths,
  schema,
  templates,
  valuesPathsUsed,
} from './support/chart';

const all = templates();
const resources = all.filter(
  (t) => t.name.endsWith('.yaml') && /^kind: /m.test(t.text),
);
const byName = (name: string): string => {
  const found = all.find((t) => t.name === name);
  if (!found) throw new Error(`templates/${name} is missing`);
  return found.text;
};

/** Values consumed whole (toYaml, range, lookups by name) rather than key by key. */
const consumedWhole = (path: string, used: string[]): boolean =>
  used.some((u) => path === u || path.startsWith(`${u}.`));

describe('chart templates', () => {
  it('read only values that values.yaml declares', () => {
    const values = defaultValues();
    const missing = all.flatMap((t) =>
      valuesPathsUsed(t.text)
        .filter((path) => !hasPath(values, path))
        .map((path) => `${t.name}: .Values.${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('use every value that values.yaml declares (no dead settings)', () => {
    const used = [...new Set(all.flatMap((t) => valuesPathsUsed(t.text)))];
    const unused = leafPaths(defaultValues()).filter(
      (path) => !consumedWhole(path, used),
    );
    expect(unused).toEqual([]);
  });

  it.each(all.map((t) => [t.name, t.text]))(
    '%s has balanced actions and blocks',
    (_n, text) => {
      expect(blockProblems(text)).toEqual([]);
    },
  );

  it.each(resources.map((t) => [t.name, t.text]))(
    '%s labels what it makes with the chart labels',
    (_n, text) => {
      expect(text).toMatch(/include "landing\.(componentL|l)abels"/);
    },
  );

  it.each(['api', 'worker', 'web'])(
    'the %s Deployment is a hardened, probed, labelled component',
    (component) => {
      const text = byName(`${component}-deployment.yaml`);
      expect(text).toContain(`dict "ctx" $ "component" "${component}"`);
      expect(text).toMatch(
        /selector:\s+matchLabels:\s+\{\{- include "landing\.componentSelectorLabels"/,
      );
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        expect(text).toContain(`${probe}:`);
      }
      expect(text).toContain('preStop:');
      expect(text).toContain('terminationGracePeriodSeconds:');
      expect(text).toContain('toYaml .Values.containerSecurityContext');
      expect(text).toContain('include "landing.podCommon"');
      expect(text).toContain(`toYaml .Values.${component}.resources`);
      expect(text).toContain('include "landing.tmpVolumeMount"');
      // replicas are left to the HPA when autoscaling is on
      expect(text).toContain(`if not .Values.${component}.autoscaling.enabled`);
      expect(all.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          `${component}-service.yaml`,
          `${component}-pdb.yaml`,
        ]),
      );
    },
  );

  it.each(['api', 'worker'])(
    '%s probes the terminus endpoints',
    (component) => {
      const text = byName(`${component}-deployment.yaml`);
      expect(text).toMatch(/livenessProbe:\s+httpGet:\s+path: \/health\/live/);
      expect(text).toMatch(
        /readinessProbe:\s+httpGet:\s+path: \/health\/ready/,
      );
    },
  );

  it.each(['api', 'worker'])(
    '%s rolls when its configuration changes and takes secrets only by reference',
    (component) => {
      const text = byName(`${component}-deployment.yaml`);
      expect(text).toContain('include "landing.checksums"');
      expect(text).toContain('include "landing.secretEnv"');
      expect(text).toContain('configMapRef:');
    },
  );

  it('puts secret values only into the chart-made Secret', () => {
    const readers = all
      .filter((t) =>
        valuesPathsUsed(t.text).some((p) => p.startsWith('secrets.data')),
      )
      .map((t) => t.name);
    expect(readers.sort()).toEqual([
      '_helpers.tpl',
      'checks.yaml',
      'secret.yaml',
    ]);
    // _helpers.tpl reads it only to hash it for checksum/secret
    expect(byName('_helpers.tpl')).toMatch(
      /checksum\/secret: \{\{ toJson \.Values\.secrets\.data \| sha256sum \}\}/,
    );
    expect(byName('_helpers.tpl')).toContain('secretKeyRef:');
  });

  it('migrates once per release in a pre-install/pre-upgrade hook Job', () => {
    const text = byName('migrate-job.yaml');
    expect(text).toContain('kind: Job');
    expect(text).toContain('"helm.sh/hook": pre-install,pre-upgrade');
    expect(text).toContain('args: ["migrate"]');
    expect(text).toContain('.Values.worker.image');
    for (const name of ['api-deployment.yaml', 'worker-deployment.yaml']) {
      expect(byName(name)).not.toContain('migrate');
    }
    // the Secret it reads must exist before it when the chart makes one
    expect(byName('secret.yaml')).toMatch(/"helm\.sh\/hook-weight": "-10"/);
  });

  it('scales the worker on queue depth through an External metric', () => {
    const text = byName('worker-hpa.yaml');
    expect(text).toContain('type: External');
    expect(text).toContain('.Values.worker.autoscaling.queueDepth.metricName');
    expect(byName('api-hpa.yaml')).toContain('name: cpu');
  });

  it('routes only /api to the api from the Ingress', () => {
    const paths = [...byName('ingress.yaml').matchAll(/- path: (\S+)/g)].map(
      (m) => m[1],
    );
    expect(paths).toEqual(['/api/', '/']);
  });
});

describe('chart configuration and the app', () => {
  const declared = declaredEnvironmentVariables();
  const schemaConfig = (): string[] => {
    const properties = (
      schema()['properties'] as Record<string, { properties?: object }>
    )['config']?.properties;
    return Object.keys(properties ?? {});
  };
  const secretKeys = (): string[] => {
    const secrets = defaultValues()['secrets'];
    return isRecord(secrets) && isRecord(secrets['keys'])
      ? Object.keys(secrets['keys'])
      : [];
  };
  const chartManaged = ['HOST', 'PORT', 'WORKER_PORT'];
  // Set by the backup CronJob from `backup.*`; the S3 keys from its own secretKeyRefs.
  const backupManaged = [
    'BACKUP_KEEP_DAILY',
    'BACKUP_KEEP_WEEKLY',
    'BACKUP_PG_BIN_DIR',
    'BACKUP_S3_ENDPOINT',
    'BACKUP_S3_REGION',
    'BACKUP_S3_FORCE_PATH_STYLE',
  ];
  const backupSecrets = [
    'BACKUP_S3_ACCESS_KEY_ID',
    'BACKUP_S3_SECRET_ACCESS_KEY',
  ];
  // The api serves the web build itself only in development; here nginx (web) does.
  const developmentOnly = ['WEB_ROOT', 'WEB_ADMIN_ROOT', 'WEB_DEFAULT_LOCALE'];

  it('reads the variables from the declaration in util-config', () => {
    expect(declared).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PORT']),
    );
  });

  it('can set every variable the app declares, secrets through the Secret', () => {
    const settable = new Set([
      ...schemaConfig(),
      ...secretKeys(),
      ...chartManaged,
      ...developmentOnly,
      ...backupManaged,
      ...backupSecrets,
    ]);
    expect(declared.filter((name) => !settable.has(name))).toEqual([]);
  });

  it('sets nothing the app does not declare', () => {
    const known = new Set(declared);
    expect(
      [...schemaConfig(), ...secretKeys()].filter((name) => !known.has(name)),
    ).toEqual([]);
  });

  it('shows every schema setting with its default in values.yaml', () => {
    const config = defaultValues()['config'];
    expect(Object.keys(isRecord(config) ? config : {}).sort()).toEqual(
      schemaConfig().sort(),
    );
  });

  it('passes exactly the declared secrets through the Secret (the backup keys through their own), and none through the ConfigMap', () => {
    const secrets = secretEnvironmentVariables();
    expect(secrets).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'ADMIN_SESSION_SECRET']),
    );
    expect(secrets.filter((name) => schemaConfig().includes(name))).toEqual([]);
    expect(secretKeys().sort()).toEqual(
      secrets.filter((name) => !backupSecrets.includes(name)).sort(),
    );
    const cronJob = byName('backup-cronjob.yaml');
    for (const name of [...backupManaged, ...backupSecrets])
      expect({ name, set: cronJob.includes(`- name: ${name}\n`) }).toEqual({
        name,
        set: true,
      });
    for (const name of backupSecrets)
      expect(cronJob).toMatch(
        new RegExp(`- name: ${name}\\n\\s+valueFrom:\\n\\s+secretKeyRef:`),
      );
  });
});

describe('observability files the chart embeds', () => {
  it('the alert rules are a Prometheus rule file with groups of named rules', () => {
    const rules: unknown = parse(
      readFileSync(join(chartDir, 'files/prometheus-rules.yaml'), 'utf8'),
    );
    expect(isRecord(rules) && Array.isArray(rules['groups'])).toBe(true);
    const groups = (rules as { groups: { name?: unknown; rules?: unknown }[] })
      .groups;
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(typeof group.name).toBe('string');
      expect(Array.isArray(group.rules)).toBe(true);
    }
  });

  it('the dashboard is JSON with a stable uid for provisioning', () => {
    const dashboard: unknown = JSON.parse(
      readFileSync(join(chartDir, 'files/grafana-dashboard.json'), 'utf8'),
    );
    expect(isRecord(dashboard) && typeof dashboard['uid'] === 'string').toBe(
      true,
    );
    expect(isRecord(dashboard) && Array.isArray(dashboard['panels'])).toBe(
      true,
    );
  });
});
