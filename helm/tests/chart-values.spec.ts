import { basename, join } from 'node:path';
import {
  CONFIG_VARIABLES,
  type ConfigVariable,
} from '@landing/server/util-config';
import {
  chartDir,
  defaultValues,
  describeErrors,
  exampleValueFiles,
  isRecord,
  mergeValues,
  readYaml,
  validate,
  type Values,
  withValue,
} from './support/chart';

function valuesWith(file: string): Values {
  const override = readYaml(file);
  if (!isRecord(override)) throw new Error(`${file} is not a mapping`);
  return mergeValues(defaultValues(), override);
}

/** The trial example: valid, and small enough to break one key at a time. */
const valid = (): Values => valuesWith(join(chartDir, 'ci/trial-values.yaml'));

describe('values.schema.json', () => {
  it('has example values files for CI to lint and render with', () => {
    expect(exampleValueFiles().map((file) => basename(file))).toEqual(
      expect.arrayContaining(['production-values.yaml', 'trial-values.yaml']),
    );
  });

  it.each(exampleValueFiles().map((file) => [basename(file), file]))(
    'accepts %s over the defaults',
    (_name, file) => {
      expect(describeErrors(validate(valuesWith(file)))).toEqual([]);
    },
  );

  it.each(exampleValueFiles().map((file) => [basename(file), file]))(
    'sets in %s only config values the app itself accepts',
    (_name, file) => {
      const config = valuesWith(file)['config'];
      const refused = Object.entries(isRecord(config) ? config : {})
        .filter(([, value]) => String(value).trim() !== '')
        .flatMap(([name, value]) => {
          const variable = (
            CONFIG_VARIABLES as Record<string, ConfigVariable<unknown>>
          )[name];
          const parsed = variable?.parse(String(value).trim());
          return parsed && 'value' in parsed
            ? []
            : [`${name}=${String(value)}`];
        });
      expect(refused).toEqual([]);
    },
  );

  it.each(exampleValueFiles().map((file) => [basename(file), file]))(
    'opens /metrics to Prometheus in %s when it turns the ServiceMonitor on',
    (_name, file) => {
      const values = valuesWith(file);
      const metrics = values['metrics'];
      const monitor =
        isRecord(metrics) && isRecord(metrics['serviceMonitor'])
          ? metrics['serviceMonitor']['enabled'] === true
          : false;
      const config = values['config'];
      const secrets = values['secrets'];
      const opened =
        (isRecord(config) && String(config['METRICS_ALLOW'] ?? '') !== '') ||
        (isRecord(secrets) &&
          isRecord(secrets['data']) &&
          secrets['data']['METRICS_TOKEN'] !== undefined);
      expect(!monitor || opened).toBe(true);
    },
  );

  it('refuses the defaults alone until a Secret is chosen, naming the key to set', () => {
    expect(describeErrors(validate(defaultValues()))).toEqual([
      '/secrets/existingSecret must NOT have fewer than 1 characters',
      '/secrets must match "else" schema',
    ]);
  });

  it.each<[string, string, unknown, string]>([
    [
      'a chart-made Secret without the required connection strings',
      'secrets.data',
      { MONGODB_URI: 'mongodb://mongo:27017/landing' },
      "/secrets/data must have required property 'DATABASE_URL'",
    ],
    [
      'both an existing Secret and a chart-made one',
      'secrets.existingSecret',
      'landing-connections',
      '/secrets/existingSecret must NOT have more than 0 characters',
    ],
    [
      'a connection string outside the Secret',
      'config.DATABASE_URL',
      'postgres://landing:secret@db:5432/landing',
      '/config must NOT have additional properties',
    ],
    [
      'a misspelt key',
      'api.replicas',
      3,
      '/api must NOT have additional properties',
    ],
    [
      'an unknown log level',
      'config.LOG_LEVEL',
      'verbose',
      '/config/LOG_LEVEL must be equal to one of the allowed values',
    ],
    [
      'a number given as text',
      'config.WORKER_CONCURRENCY',
      '64',
      '/config/WORKER_CONCURRENCY must be integer',
    ],
    [
      'a setting beyond what the app accepts',
      'config.WORKER_BATCH_SIZE',
      5000,
      '/config/WORKER_BATCH_SIZE must be <= 1000',
    ],
    [
      'a CPU target above 100 %',
      'api.autoscaling.targetCPUUtilizationPercentage',
      150,
      '/api/autoscaling/targetCPUUtilizationPercentage must be <= 100',
    ],
    [
      'a URL where a host name belongs',
      'ingress.hosts',
      ['https://landing.example.com'],
      '/ingress/hosts/0 must match pattern',
    ],
    [
      'an image tag with a space',
      'api.image.tag',
      'v1 beta',
      '/api/image/tag must match pattern',
    ],
    [
      'pods allowed to run as root',
      'podSecurityContext.runAsNonRoot',
      false,
      '/podSecurityContext/runAsNonRoot must be equal to constant',
    ],
    [
      'privilege escalation',
      'containerSecurityContext.allowPrivilegeEscalation',
      true,
      '/containerSecurityContext/allowPrivilegeEscalation must be equal to constant',
    ],
    [
      'locales written as a list instead of an alternation',
      'web.locales',
      'fa, en',
      '/web/locales must match pattern',
    ],
    [
      'a disruption budget that allows no disruption',
      'worker.pdb.maxUnavailable',
      0,
      '/worker/pdb/maxUnavailable must match exactly one schema in oneOf',
    ],
    [
      'a browser origin without a scheme',
      'config.CORS_ORIGINS',
      'landing.example.com',
      '/config/CORS_ORIGINS must match pattern',
    ],
  ])('rejects %s (%s)', (_what, path, value, expected) => {
    const messages = describeErrors(validate(withValue(valid(), path, value)));
    expect(messages.some((message) => message.startsWith(expected))).toBe(true);
  });

  it('names the offending key when one is not allowed', () => {
    const errors = validate(
      withValue(valid(), 'config.REDIS_URL', 'redis://redis:6379'),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        instancePath: '/config',
        params: { additionalProperty: 'REDIS_URL' },
      }),
    );
  });
});
