import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CENTERS,
  DeployedService,
  loadServices,
  readRepoFile,
  renderDeployment,
  ROOT,
  SERVICES_DIR,
} from './src/render-deployment';

const HINT = 'run `npm run deploy:render` and commit the result';

/** The committed per-service deployment files must be exactly what the renderer makes now. */
describe('generated deployment files', () => {
  const services = loadServices();
  const rendered = renderDeployment(services);

  it(`are up to date with services/*/src/config.ts (${HINT})`, () => {
    const committed = (path: string) =>
      existsSync(join(ROOT, path)) ? readRepoFile(path) : undefined;
    const stale = rendered.filter((file) => committed(file.path) !== file.content);
    expect(stale.map((file) => `${file.path} is stale: ${HINT}`)).toEqual([]);
  });

  it(`leave no file in ${SERVICES_DIR} for a service that is gone (${HINT})`, () => {
    const expected = rendered.map((file) => file.path).filter((p) => p.startsWith(SERVICES_DIR));
    const present = readdirSync(join(ROOT, SERVICES_DIR)).map((name) => `${SERVICES_DIR}/${name}`);
    expect(present.sort()).toEqual(expected.sort());
  });

  it('cover every overlay in k8s/overlays', () => {
    expect(readdirSync(join(ROOT, 'k8s', 'overlays')).sort()).toEqual([...CENTERS].sort());
  });

  it('deploy a new service with nothing written by hand', () => {
    const valuation = services.find((service) => service.name === 'valuation')!;
    const added: DeployedService = { ...valuation, name: 'guarantee', serviceName: 'guarantee' };
    const files = renderDeployment([...services, { ...added, port: 3103 }]);
    const content = (path: string) => files.find((file) => file.path === path)?.content ?? '';

    expect(content(`${SERVICES_DIR}/guarantee.yaml`)).toContain('image: techfinance/guarantee:');
    expect(content('k8s/base/kustomization.yaml')).toContain('  - services/guarantee.yaml\n');
    expect(content('docker-compose.yml')).toContain('  guarantee:\n    <<: *service\n');
    for (const center of CENTERS) {
      expect(content(`k8s/overlays/${center}/kustomization.yaml`)).toMatch(
        /- name: techfinance\/guarantee\n {4}newTag: \S+\n/,
      );
    }
  });
});
