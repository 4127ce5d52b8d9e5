import { CONFIG_VARIABLES } from '@landing/server/util-config';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here: these checks hold compose.yaml, the Dockerfile and the
// files they mount to each other, so that `docker compose up` has nothing dangling.

const repoRoot = resolve(__dirname, '../..');
const dockerDir = join(repoRoot, 'docker');
const read = (path: string): string =>
  readFileSync(join(repoRoot, path), 'utf8');

interface Service {
  build?: { context: string; dockerfile: string; target: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
  ports?: string[];
  read_only?: boolean;
  healthcheck?: { test: string[] };
}

const compose = parse(read('docker/compose.yaml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const dockerfile = read('docker/Dockerfile');
const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map(
  (m) => m[1] ?? '',
);

/** Final image targets: the instructions of one stage, up to the next FROM. */
function stage(name: string): string {
  const start = dockerfile.indexOf(` AS ${name}\n`);
  if (start < 0) throw new Error(`no stage ${name}`);
  const next = dockerfile.indexOf('\nFROM ', start);
  return dockerfile.slice(start, next < 0 ? undefined : next);
}

/** Variables declared in libs/server/util-config, the only place the apps read env from. */
const declaredEnvironmentVariables = (): string[] =>
  Object.keys(CONFIG_VARIABLES);

const nodeServices = ['migrate', 'api', 'worker'];

describe('docker/compose.yaml', () => {
  it('runs the full stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api',
        'backup',
        'grafana',
        'migrate',
        'minio',
        'minio-bucket',
        'mongo',
        'postgres',
        'prometheus',
        'redis',
        'web',
        'worker',
      ].sort(),
    );
  });

  it('builds every app from a stage the Dockerfile has', () => {
    for (const name of [...nodeServices, 'web']) {
      const build = services[name]?.build;
      expect(build).toEqual(
        expect.objectContaining({
          context: '..',
          dockerfile: 'docker/Dockerfile',
        }),
      );
      expect(stages).toContain(build?.target);
    }
  });

  it('runs Redis with append-only persistence on a volume', () => {
    const redis = services['redis'];
    expect(redis?.command?.join(' ')).toContain('--appendonly yes');
    expect(redis?.volumes).toContain('redis-data:/data');
  });

  it('migrates before the api and the worker start', () => {
    expect(services['migrate']?.command).toEqual(['migrate']);
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on).toEqual(
        expect.objectContaining({
          migrate: { condition: 'service_completed_successfully' },
        }),
      );
    }
  });

  it('depends only on services it defines, waiting on health where there is a check', () => {
    for (const [name, service] of Object.entries(services)) {
      const deps = service.depends_on ?? [];
      const entries = Array.isArray(deps)
        ? deps.map((d) => [d, undefined] as const)
        : Object.entries(deps);
      for (const [dep, spec] of entries) {
        expect(`${name} → ${dep}: ${dep in services}`).toBe(
          `${name} → ${dep}: true`,
        );
        const waitsForHealthy = spec?.condition === 'service_healthy';
        const hasCheck =
          services[dep]?.healthcheck !== undefined ||
          (services[dep]?.build !== undefined &&
            stage(services[dep]?.build?.target ?? '').includes('HEALTHCHECK'));
        // A dependency waited on until healthy must have a health check.
        expect(
          `${dep} waited on as healthy, no health check: ${waitsForHealthy && !hasCheck}`,
        ).toBe(`${dep} waited on as healthy, no health check: false`);
      }
    }
  });

  it('gives the apps only variables their config declares, with every connection string', () => {
    const declared = new Set(declaredEnvironmentVariables());
    for (const name of nodeServices) {
      const env = services[name]?.environment ?? {};
      expect(Object.keys(env).filter((key) => !declared.has(key))).toEqual([]);
      expect(env).toEqual(
        expect.objectContaining({
          DATABASE_URL: expect.stringMatching(/@postgres:5432\//),
          REDIS_URL: 'redis://redis:6379',
          MONGODB_URI: expect.stringMatching(/^mongodb:\/\/mongo:27017\//),
          NODE_ENV: 'production',
        }),
      );
    }
  });

  it('opens /metrics to the network Prometheus scrapes from (production closes it by default)', () => {
    for (const name of ['api', 'worker']) {
      const env = services[name]?.environment ?? {};
      expect(`${name}: ${env['METRICS_ALLOW'] ?? env['METRICS_TOKEN']}`).toBe(
        `${name}: uniquelocal`,
      );
    }
  });

  it('backs up daily with the worker image to the MinIO bucket that minio-bucket creates', () => {
    const backup = services['backup'];
    const declared = new Set(declaredEnvironmentVariables());
    const env = backup?.environment ?? {};
    expect(Object.keys(env).filter((key) => !declared.has(key))).toEqual([]);
    expect(backup?.image).toBe(services['worker']?.image);
    expect(backup?.read_only).toBe(true);
    expect(env).toEqual(
      expect.objectContaining({
        DATABASE_URL: services['worker']?.environment?.['DATABASE_URL'],
        REDIS_URL: services['worker']?.environment?.['REDIS_URL'],
        MONGODB_URI: services['worker']?.environment?.['MONGODB_URI'],
        BACKUP_S3_ENDPOINT: 'http://minio:9000',
      }),
    );
    const script = (backup?.command ?? []).join(' ');
    const bucket = /backup s3:\/\/([a-z0-9.-]+)\//.exec(script)?.[1];
    expect(bucket).toBe('landing-backups');
    expect(script).toMatch(/sleep 86400/);
    const setup = JSON.stringify(services['minio-bucket']);
    expect(setup).toContain(`mc mb --ignore-existing local/${bucket}`);
    expect(backup?.depends_on).toEqual(
      expect.objectContaining({
        'minio-bucket': { condition: 'service_completed_successfully' },
        migrate: { condition: 'service_completed_successfully' },
      }),
    );
    // The same credentials on both sides.
    expect(env['BACKUP_S3_ACCESS_KEY_ID']).toBe(
      services['minio']?.environment?.['MINIO_ROOT_USER'],
    );
    expect(env['BACKUP_S3_SECRET_ACCESS_KEY']).toBe(
      services['minio']?.environment?.['MINIO_ROOT_PASSWORD'],
    );
  });

  it('mounts only files that exist in the repository', () => {
    const missing = Object.values(services)
      .flatMap((service) => service.volumes ?? [])
      .map((volume) => volume.split(':')[0] ?? '')
      .filter((source) => source.startsWith('.'))
      .filter((source) => !existsSync(join(dockerDir, source)));
    expect(missing).toEqual([]);
  });

  it('declares every named volume it uses', () => {
    const named = Object.values(services)
      .flatMap((service) => service.volumes ?? [])
      .map((volume) => volume.split(':')[0] ?? '')
      .filter((source) => !source.startsWith('.') && !source.startsWith('/'));
    expect(named.filter((name) => !(name in compose.volumes))).toEqual([]);
  });

  it('runs the app containers with a read-only root, as in Kubernetes', () => {
    for (const name of [...nodeServices, 'web']) {
      expect(`${name}: ${String(services[name]?.read_only)}`).toBe(
        `${name}: true`,
      );
    }
  });

  it('points the web proxy at the api service and port', () => {
    expect(services['web']?.environment?.['API_UPSTREAM']).toBe(
      `api:${services['api']?.environment?.['PORT'] ?? ''}`,
    );
  });
});

describe('Prometheus and Grafana in compose', () => {
  const prometheus = parse(read('docker/prometheus/prometheus.yml')) as {
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      metrics_path: string;
      static_configs: { targets: string[] }[];
    }[];
  };

  it('scrapes api and worker on the ports they listen on, as jobs "api" and "worker"', () => {
    const targets = Object.fromEntries(
      prometheus.scrape_configs.map((c) => [
        c.job_name,
        c.static_configs.flatMap((s) => s.targets),
      ]),
    );
    expect(targets).toEqual({
      api: [`api:${services['api']?.environment?.['PORT'] ?? ''}`],
      worker: [
        `worker:${services['worker']?.environment?.['WORKER_PORT'] ?? ''}`,
      ],
    });
    expect(
      prometheus.scrape_configs.every((c) => c.metrics_path === '/metrics'),
    ).toBe(true);
  });

  it('loads the chart alert rules', () => {
    const mount = services['prometheus']?.volumes?.find((v) =>
      v.startsWith('../helm/landing/files/prometheus-rules.yaml:'),
    );
    const inContainer = mount?.split(':')[1] ?? '';
    const dir = inContainer.slice(0, inContainer.lastIndexOf('/'));
    expect(prometheus.rule_files).toContain(`${dir}/*.yaml`);
  });

  it('provisions the chart dashboard from the folder it is mounted in', () => {
    const mount = services['grafana']?.volumes?.find((v) =>
      v.startsWith('../helm/landing/files/grafana-dashboard.json:'),
    );
    const inContainer = mount?.split(':')[1] ?? '';
    const provider = parse(
      read('docker/grafana/provisioning/dashboards/landing.yaml'),
    ) as {
      providers: { options: { path: string } }[];
    };
    expect(
      inContainer.startsWith(`${provider.providers[0]?.options.path ?? '?'}/`),
    ).toBe(true);
    const datasources = parse(
      read('docker/grafana/provisioning/datasources/prometheus.yaml'),
    ) as {
      datasources: { url: string }[];
    };
    expect(datasources.datasources[0]?.url).toBe('http://prometheus:9090');
  });
});

describe('docker/Dockerfile', () => {
  it.each(['api', 'worker', 'web'])(
    'the %s image runs as a numeric non-root user with a health check',
    (name) => {
      const text = stage(name);
      const user = /^USER (\d+)(?::(\d+))?$/m.exec(text);
      expect(user).not.toBeNull();
      expect(Number(user?.[1])).toBeGreaterThan(0);
      expect(text).toMatch(/^HEALTHCHECK /m);
    },
  );

  it.each(['api', 'worker'])(
    'the %s image installs production dependencies only, from its pruned lockfile',
    (name) => {
      const deps = stage(`${name}-deps`);
      expect(deps).toContain(`dist/apps/${name}/package.json`);
      expect(deps).toContain(`dist/apps/${name}/package-lock.json`);
      expect(deps).toContain('--omit=dev');
      expect(stage(name)).toContain(
        `COPY --from=${name}-deps /app/node_modules`,
      );
    },
  );

  it.each(['api', 'worker'])(
    'the %s image probes the terminus liveness endpoint',
    (name) => {
      expect(stage(name)).toContain('/health/live');
    },
  );

  it('copies into the images only paths that .dockerignore lets through', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const sources = [
      ...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm),
    ].flatMap((m) => (m[1] ?? '').split(/\s+/));
    for (const source of sources) {
      expect(existsSync(join(repoRoot, source))).toBe(true);
      const blocked = ignored.filter(
        (pattern) =>
          !pattern.includes('*') &&
          (source === pattern ||
            source.startsWith(`${pattern.replace(/\/$/, '')}/`)),
      );
      expect(`${source}: ${blocked.join(',')}`).toBe(`${source}: `);
    }
  });

  it('keeps dependencies and local data out of the build context', () => {
    const ignored = read('.dockerignore');
    for (const entry of [
      '**/node_modules',
      '.data',
      'dist',
      'test-output',
      'coverage',
    ]) {
      expect(ignored.split('\n')).toContain(entry);
    }
  });

  it('sets every variable the nginx template uses, and lets envsubst replace only those', () => {
    const template = read(
      'docker/nginx/templates/conf.d/landing.conf.template',
    );
    const used = [
      ...new Set(
        [...template.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1] ?? ''),
      ),
    ];
    const web = stage('web');
    const filter = new RegExp(
      /NGINX_ENVSUBST_FILTER="([^"]+)"/.exec(web)?.[1] ?? '^$',
    );
    for (const name of used) {
      expect(web).toMatch(new RegExp(`\\b${name}=`));
      expect(filter.test(name)).toBe(true);
    }
    expect(used.sort()).toEqual([
      'API_UPSTREAM',
      'WEB_DEFAULT_LOCALE',
      'WEB_LOCALES',
    ]);
  });
});
