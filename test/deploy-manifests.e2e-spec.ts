import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse, parseAllDocuments } from 'yaml';
import { EnvironmentVariables } from '../src/config/environment.variables';
import { describeIf, kubectl } from './support/requirements';

/**
 * The deployment files (Dockerfile, docker-compose.yml, deploy/kubernetes) stay true to the gateway: rendered by the
 * real `kubectl kustomize`, naming only variables the gateway reads, probing its real health routes, and
 * giving it the time and memory its code and image ask for.
 */
const ROOT = join(__dirname, '..');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const knownVariables = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
    .map((metadata) => metadata.propertyName),
);
/** The drain budget main.ts gives SIGTERM before it exits 1. */
const drainSeconds =
  Number(/SHUTDOWN_GRACE_MS = ([\d_]+)/.exec(source('src/main.ts'))![1].replace(/_/g, '')) / 1000;
/** The image's V8 heap ceiling in MB. */
const heapMb = Number(/--max-old-space-size=(\d+)/.exec(source('Dockerfile'))![1]);

function source(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

function expectKnownVariables(names: string[]): void {
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((name) => !knownVariables.has(name))).toEqual([]);
}

describeIf(kubectl, 'Kubernetes manifests (kubectl kustomize)', () => {
  let docs: Doc[];
  const byKind = (kind: string) => docs.filter((doc) => doc.kind === kind);

  beforeAll(() => {
    const rendered = spawnSync('kubectl', ['kustomize', join(ROOT, 'deploy/kubernetes')], {
      encoding: 'utf8',
    });
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    docs = parseAllDocuments(rendered.stdout).map((doc) => doc.toJS() as Doc);
  });

  it('renders one of each object the gateway needs', () => {
    const kinds = docs.map((doc) => doc.kind as string).sort();
    expect(kinds).toEqual([
      'ConfigMap',
      'Deployment',
      'Namespace',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
  });

  it('probes liveness and readiness on the routes the gateway serves', () => {
    const [container] = byKind('Deployment')[0].spec.template.spec.containers;
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.ports[0].containerPort).toBe(3000);
  });

  it('waits longer than the pre-stop pause plus the gateway’s drain before killing a pod', () => {
    const pod = byKind('Deployment')[0].spec.template.spec;
    const preStopSeconds = Number(pod.containers[0].lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStopSeconds + drainSeconds);
  });

  it('requests memory for the image’s heap ceiling with room beside it, and limits it there', () => {
    const { resources } = byKind('Deployment')[0].spec.template.spec.containers[0];
    const mebibytes = (quantity: string) => Number(/^(\d+)Mi$/.exec(quantity)![1]);
    expect(mebibytes(resources.requests.memory)).toBeGreaterThanOrEqual(heapMb * 1.5);
    expect(resources.limits.memory).toBe(resources.requests.memory);
  });

  it('keeps several replicas, one disruption at a time, all selected by the Service and the budget', () => {
    const deployment = byKind('Deployment')[0];
    const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(3);
    const [budget] = byKind('PodDisruptionBudget');
    expect(budget.spec.maxUnavailable).toBe(1);
    for (const selector of [budget.spec.selector.matchLabels, byKind('Service')[0].spec.selector]) {
      expect(podLabels).toMatchObject(selector as Record<string, string>);
    }
  });

  it('puts credentials in the Secret and only variables the gateway reads in either object', () => {
    const [secret] = byKind('Secret');
    const [config] = byKind('ConfigMap');
    expect(Object.keys(secret.stringData)).toEqual(
      expect.arrayContaining(['SQUARED_API_TOKEN', 'AUDIT_DATABASE_URL']),
    );
    expect(Object.keys(config.data).filter((name) => /TOKEN|PASSWORD|SECRET/.test(name))).toEqual(
      [],
    );
    expectKnownVariables([...Object.keys(secret.stringData), ...Object.keys(config.data)]);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(source('docker-compose.yml'), { merge: true }) as Doc;
  const gateways = Object.entries(compose.services as Record<string, Doc>).filter(([name]) =>
    name.startsWith('gateway-'),
  );

  it('runs three replicas on one Redis and one PostgreSQL audit store, started once both are healthy', () => {
    expect(gateways).toHaveLength(3);
    for (const [, gateway] of gateways) {
      expect(gateway.environment.REDIS_URL).toBe('redis://redis:6379');
      expect(gateway.environment.AUDIT_DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(gateway.depends_on).toEqual({
        redis: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    }
    expect(compose.services.redis.healthcheck.test).toBeDefined();
    expect(compose.services.postgres.healthcheck.test).toBeDefined();
  });

  it('gives each replica a stop timeout above the gateway’s drain', () => {
    for (const [, gateway] of gateways) {
      expect(Number(/^(\d+)s$/.exec(gateway.stop_grace_period as string)![1])).toBeGreaterThan(
        drainSeconds,
      );
    }
  });

  it('points the replicas at the shared sandbox unless .env names the real Squared', () => {
    const { environment } = gateways[0][1];
    expect(environment.SQUARED_API_URL).toBe('${SQUARED_API_URL:-http://squared-sandbox:4010}');
    expect(compose.services['squared-sandbox'].command).toEqual(['node', 'dist/simulator/main.js']);
    expectKnownVariables(Object.keys(environment as Record<string, string>));
  });
});

describe('Dockerfile', () => {
  /** Node 20 reached end of life on 2026-04-30; the image must run a supported LTS line. */
  const EOL_MAJORS = [16, 17, 18, 19, 20, 21, 23, 25];
  const majors = [...source('Dockerfile').matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]));
  const engines = (JSON.parse(source('package.json')) as { engines: { node: string } }).engines
    .node;

  it('builds and runs on one supported LTS Node line that engines accepts, as CI tests it', () => {
    expect(majors).toHaveLength(2); // build and runtime stages
    const [major] = majors;
    expect(majors).toEqual([major, major]);
    expect(major % 2).toBe(0); // even majors become LTS
    expect(EOL_MAJORS).not.toContain(major);
    expect(engines.split('||').map((range) => range.trim().split('.')[0])).toContain(`^${major}`);
    const image = spawnSync('bash', [join(ROOT, '.ci/image-node'), '--major'], {
      encoding: 'utf8',
    });
    expect(image.stdout.trim()).toBe(String(major));
  });

  it('keeps accepting Node 20 (the machine’s Node, for the README’s two commands)', () => {
    expect(engines).toMatch(/\^20\.19\.0/);
  });
});
