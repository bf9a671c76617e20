/**
 * Output parity with the REAL kubectl (v1.32) of the `create` generators: role, clusterrole, rolebinding and
 * clusterrolebinding (validation, rule building, --dry-run=client|server -o yaml|json, creations paired on
 * twin objects), the subcommand tree (`create secret`, unknown generators) and every generator's `--help`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from './cmdutil/context';
import { createCommand } from './commands/create';
import { CREATE_HELP } from './commands/create-help-texts';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  startParityCluster,
  twinComparisons,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

const klog = (s: string) => mask(s).replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1 KLOG ');

describe.skipIf(!available)('kubectl create parity', () => {
  let p: ParityCluster;
  const { same, paired } = twinComparisons(() => p, klog);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  describe('role', () => {
    it.each([
      ['create role'],
      ['create role a b'],
      ['create role r1 --verb=get --resource=pods --dry-run=client -o yaml'],
      [
        'create role r1 --verb=get,list --verb=watch --verb=get --resource=pods,pods/status,rs.apps,deployments.apps/scale --resource-name=a --resource-name=b --resource-name=a -n dev --dry-run=client -o yaml',
      ],
      ['create role r1 --verb=get --resource=po,svc,deploy,cronjobs.batch -n dev --dry-run=client -o json'],
      ['create role r1 --verb=get --verb=* --resource=pods --resource=* --dry-run=client -o yaml'],
      ['create role r1 --verb=foo --verb=bar --resource=pods --dry-run=client -o name'],
      ['create role r1 --resource=pods'],
      ['create role r1 --verb=get'],
      ['create role r1 --verb=get --resource=nope'],
      ['create role r1 --verb=get --resource=pods.nope'],
      ['create role r1 --verb=get --resource=.apps'],
      ['create role r1 --verb=use --resource=pods'],
      ['create role r1 --verb=impersonate --resource=users,serviceaccounts --dry-run=client -o yaml'],
      ['create role r1 --verb=bind --resource=roles.rbac.authorization.k8s.io --dry-run=client -o yaml'],
      ['create role r1 --verb=get --resource=pods --dry-run=server -o yaml -n dev'],
      ['create role r1 --verb=get --resource=pods --dry-run=server -n dev'],
      ['create role r1 --verb=get --resource=pods --dry-run=bad'],
      ['create role r1 --verb=get --resource=pods --image=x'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('clusterrole', () => {
    it.each([
      ['create clusterrole c1 --verb=get --non-resource-url=/logs/* --dry-run=client -o yaml'],
      ['create clusterrole c1 --verb=get --non-resource-url=logs'],
      ['create clusterrole c1 --verb=list --non-resource-url=/logs'],
      ['create clusterrole c1 --verb=get --non-resource-url=/a*/b'],
      ['create clusterrole c1 --verb=get --non-resource-url=*,/healthz --dry-run=client -o json'],
      ['create clusterrole c1 --aggregation-rule=a=b,c=d --dry-run=client -o yaml'],
      ['create clusterrole c1 --aggregation-rule=a=b --aggregation-rule=e=f --dry-run=client -o json'],
      ['create clusterrole c1 --aggregation-rule=a=b --verb=get'],
      ['create clusterrole c1 --aggregation-rule=bad'],
      ['create clusterrole c1 --verb=get'],
      [
        'create clusterrole c1 --verb=get,list --resource=nodes,pods --non-resource-url=/healthz --dry-run=client -o yaml',
      ],
      ['create clusterrole c1 --verb=escalate --resource=clusterroles --dry-run=client -o yaml'],
      ['create clusterrole c1 --verb=get --resource=nodes -n dev --dry-run=server -o yaml'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('bindings', () => {
    it.each([
      [
        'create rolebinding rb --role=r1 --user=alice --group=devs --serviceaccount=dev:sa1 --dry-run=client -o yaml -n dev',
      ],
      ['create rolebinding rb --clusterrole=view --user=alice --user=bob --dry-run=client -o json'],
      ['create rolebinding rb --user=a'],
      ['create rolebinding rb --role=a --clusterrole=b'],
      ['create rolebinding rb --clusterrole=view --serviceaccount=bad --dry-run=client'],
      ['create rolebinding rb --clusterrole=view --serviceaccount=dev: --dry-run=client'],
      ['create rolebinding --clusterrole=view'],
      ['create clusterrolebinding crb --user=a'],
      ['create clusterrolebinding --user=a'],
      [
        'create clusterrolebinding crb --clusterrole=view --group=g --serviceaccount=dev:default --dry-run=client -o yaml',
      ],
      ['create clusterrolebinding crb --clusterrole=view --dry-run=server -o json'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('services', () => {
    it.each([
      ['create service clusterip s1 --tcp=80:8080,443:https --dry-run=client -o yaml -n dev'],
      ['create service clusterip s1 --tcp=80 --dry-run=client -o json'],
      ['create svc clusterip s1 --clusterip=None --dry-run=client -o yaml'],
      ['create service clusterip s1'],
      ['create service clusterip s1 --tcp=abc'],
      ['create service clusterip s1 --tcp=70000'],
      ['create service clusterip s1 --tcp=80:0'],
      ['create service clusterip s1 --tcp=80:Bad_Name'],
      ['create service nodeport s1 --tcp=80:8080 --node-port=30080 --dry-run=client -o yaml'],
      ['create service nodeport s1 --clusterip=None'],
      ['create service loadbalancer s1 --tcp=80 --dry-run=client -o json'],
      ['create service externalname s1 --external-name=db.example.com --dry-run=client -o yaml'],
      ['create service externalname s1 --external-name=Bad_Name'],
      ['create service externalname s1'],
      ['create service clusterip s1 --tcp=80 --dry-run=server -n dev'],
      ['create service clusterip s1 --tcp=80 --dry-run=server -o jsonpath={.spec.ports} -n dev'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('quota, priorityclass, poddisruptionbudget', () => {
    it.each([
      [
        'create quota q1 --hard=cpu=1,memory=1024Mi,pods=10,requests.storage=2000m --scopes=BestEffort,NotTerminating --dry-run=client -o yaml',
      ],
      ['create quota q1 --hard=cpu=0.5 --dry-run=client -o json -n dev'],
      ['create quota q1 --dry-run=client -o yaml'],
      ['create quota q1 --hard=cpu'],
      ['create quota q1 --hard=cpu=abc'],
      ['create quota q1 --scopes=a,,b'],
      ['create resourcequota q1 --hard=pods=3 --dry-run=server -o yaml -n dev'],
      ['create priorityclass pc1 --value=1000 --description=high --global-default --dry-run=client -o yaml'],
      ['create pc pc1 --value=10 --preemption-policy=Never --dry-run=client -o json'],
      ['create priorityclass pc1 --value=abc'],
      ['create priorityclass pc1 --value=7 --dry-run=server -o yaml'],
      ['create pdb p1 --selector=app=web --min-available=2 --dry-run=client -o yaml'],
      [
        'create pdb p1 --selector=app=web,tier in (a,b),!legacy --max-unavailable=25% --dry-run=client -o json -n dev',
      ],
      ['create pdb p1 --min-available=1'],
      ['create pdb p1 --selector=app=web'],
      ['create pdb p1 --selector=app=web --min-available=1 --max-unavailable=1'],
      ['create pdb p1 --selector=app=web --min-available=1x'],
      ['create pdb p1 --selector=app=web --max-unavailable=-1'],
      ['create pdb p1 --selector=a>1 --min-available=1'],
      [
        'create poddisruptionbudget p1 --selector=app=web --min-available=50% --dry-run=server -o yaml -n dev',
      ],
    ])('%s', async (cmd) => {
      await same(cmd.split(/ (?![^(]*\))/));
    });
  });

  describe('job and cronjob', () => {
    it.each([
      ['create job j1 --image=busybox --dry-run=client -o yaml'],
      ['create job j1 --image=busybox --dry-run=client -o json -n dev -- sh -c date'],
      ['create job j1'],
      ['create job j1 --image=busybox --from=cronjob/c1'],
      ['create job j1 --from=cronjob/nope -n dev'],
      ['create job j1 --from=cm/x -n dev'],
      ['create job j1 --image=busybox --dry-run=server -o yaml -n dev'],
      ['create cronjob c1 --image=busybox --schedule=*/1_*_*_*_* --dry-run=client -o yaml'],
      [
        'create cj c1 --image=busybox --schedule=@hourly --restart=Never --dry-run=client -o json -n dev -- echo hi',
      ],
      ['create cronjob c1 --image=busybox'],
      ['create cronjob c1'],
      ['create cronjob c1 --image=busybox --schedule=@daily --dry-run=server -o yaml -n dev'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' ').map((a) => a.replaceAll('_', ' ')));
    });

    it('creates a job from a cron job', async () => {
      await p.real(['create', 'cronjob', 'nightly', '--image=busybox', '--schedule=@daily', '-n', 'dev']);
      await same([
        'create',
        'job',
        'manual',
        '--from=cronjob/nightly',
        '-n',
        'dev',
        '--dry-run=client',
        '-o',
        'yaml',
      ]);
      await same([
        'create',
        'job',
        'manual',
        '--from=cj/nightly',
        '-n',
        'dev',
        '--dry-run=server',
        '-o',
        'yaml',
      ]);
      await paired(['create', 'job', 'real-manual', '--from=cronjob/nightly', '-n', 'dev']);
      await paired(['get', 'job', 'real-manual', '-n', 'dev', '-o', 'jsonpath={.metadata.annotations}']);
    });
  });

  describe('token', () => {
    const jwt = (s: string) => s.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, 'TOKEN');
    it.each([
      ['create token default -n dev'],
      ['create token default -n dev --duration=1h -o yaml'],
      ['create token default -n dev --audience=a --audience=b --duration=10m -o json'],
      ['create token default -n dev -o jsonpath={.status.token}'],
      ['create token nope -n dev'],
      ['create token'],
      ['create token default --duration=1.5s'],
      ['create token default --duration=-1s'],
      ['create token default --duration=abc'],
      ['create token default --audience='],
      ['create token default --bound-object-name=x'],
      ['create token default --bound-object-uid=x'],
      ['create token default --bound-object-kind=Deployment'],
      ['create token default --bound-object-kind=Pod'],
      ['create token default -n dev --bound-object-kind=Pod --bound-object-name=nope'],
    ])('%s', async (cmd) => {
      const args = cmd.split(' ');
      const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
      const n = (r: { stdout: string; stderr: string; code: number }) => ({
        stdout: klog(jwt(r.stdout)),
        stderr: klog(jwt(r.stderr)),
        code: r.code,
      });
      expect(n(ours)).toEqual(n(real));
    });
  });

  describe('ingress', () => {
    it.each([
      ['create ingress i1 --rule=foo.com/=svc:80 --dry-run=client -o yaml'],
      [
        'create ingress i1 --class=nginx --rule=foo.com/bar*=svc1:http,tls=s1 --rule=foo.com/baz=svc2:8080 --rule=bar.com/*=svc3:80,tls=s1 --rule=/path=svc4:80,tls --annotation=a=b --annotation=c= --dry-run=client -o json -n dev',
      ],
      ['create ingress i1 --default-backend=def:http --rule=x.io/a=s:1,tls=t --dry-run=client -o yaml'],
      ['create ingress i1'],
      ['create ing i1 --rule=foo.com=svc:80'],
      ['create ingress i1 --rule=foo.com/=svc:80 --annotation=bad'],
      ['create ingress i1 --default-backend=svc'],
      ['create ingress i1 --rule=foo.com/=svc:80 --dry-run=server -o yaml -n dev'],
    ])('%s', async (cmd) => {
      await same(cmd.split(' '));
    });
  });

  describe('secrets and --append-hash', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kubectl-create-secrets-'));
      for (const pair of ['a', 'b']) {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-days',
            '1',
            '-subj',
            `/CN=${pair}.example`,
            '-keyout',
            join(dir, `${pair}.key`),
            '-out',
            join(dir, `${pair}.crt`),
          ],
          { stdio: 'ignore' },
        );
      }
      writeFileSync(join(dir, 'config.json'), '{"auths":{"r.example":{"auth":"dTpw"}}}');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      [
        'secret docker-registry r1 --docker-username=u --docker-password=p&<> --docker-email=e@x --dry-run=client -o yaml',
      ],
      [
        'secret docker-registry r1 --docker-username=u --docker-password=p --docker-server=my.reg -o json --dry-run=client',
      ],
      ['secret docker-registry r1 --docker-username=u'],
      ['secret docker-registry r1 --from-file=.dockerconfigjson=DIR/config.json --dry-run=client -o yaml'],
      [
        'secret docker-registry r1 --docker-username=u --docker-password=p --append-hash --dry-run=client -o name',
      ],
      ['secret tls t1 --cert=DIR/a.crt --key=DIR/a.key --dry-run=client -o yaml -n dev'],
      ['secret tls t1 --cert=DIR/a.crt --key=DIR/a.key --append-hash --dry-run=client -o name'],
      ['secret tls t1 --cert=DIR/a.crt'],
      ['secret tls t1 --cert=/nope.crt --key=DIR/a.key'],
      ['secret tls t1 --cert=DIR/a.crt --key=DIR/b.key'],
      ['secret tls t1 --cert=DIR/a.key --key=DIR/a.key'],
      ['secret tls t1 --cert=DIR/a.crt --key=DIR/a.crt'],
      ['secret generic g1 --from-literal=a=b --from-literal=c=d --append-hash --dry-run=client -o name'],
      ['configmap c1 --from-literal=a=b --append-hash --dry-run=client -o name'],
      ['configmap c1 --append-hash --dry-run=client -o name'],
    ])('create %s', async (cmd) => {
      await same(['create', ...cmd.split(' ').map((a) => a.replace('DIR', dir))]);
    });

    it('prefixes server errors as kubectl does', async () => {
      for (let i = 0; i < 2; i++) {
        await paired(['create', 'secret', 'generic', 'real-dup', '--from-literal=a=b', '-n', 'dev']);
        await paired([
          'create',
          'secret',
          'tls',
          'real-tls',
          `--cert=${join(dir, 'a.crt')}`,
          `--key=${join(dir, 'a.key')}`,
          '-n',
          'dev',
        ]);
        await paired(['create', 'service', 'clusterip', 'real-svc', '--tcp=80', '-n', 'dev']);
        await paired(['create', 'quota', 'real-q', '--hard=pods=1', '-n', 'dev']);
      }
    });
  });

  it('creates twin RBAC objects the same way', async () => {
    await paired(['create', 'role', 'real-r', '--verb=get,list', '--resource=pods,deploy', '-n', 'dev']);
    await paired(['create', 'role', 'real-r', '--verb=get', '--resource=pods', '-n', 'dev']);
    await paired(['get', 'role', 'real-r', '-n', 'dev', '-o', 'jsonpath={.rules}']);
    await paired(['create', 'rolebinding', 'real-rb', '--role=real-r', '--user=u', '-n', 'dev']);
    await paired(['create', 'rolebinding', 'real-rb', '--role=real-r', '--user=u', '-n', 'dev']);
    await paired(['create', 'clusterrole', 'real-c', '--verb=get', '--non-resource-url=/real', '-o', 'name']);
    await paired(['create', 'clusterrolebinding', 'real-crb', '--clusterrole=real-c', '--group=g']);
    await paired(['create', 'clusterrolebinding', 'real-crb', '--clusterrole=real-c']);
    await paired(['get', 'clusterrolebinding', 'real-crb', '-o', 'jsonpath={.subjects}']);
  });

  describe('subcommands', () => {
    it.each([['create secret'], ['create secret foo'], ['create foo'], ['create ns'], ['create ns a b']])(
      '%s',
      async (cmd) => {
        await same(cmd.split(' '));
      },
    );

    const paths = (command: Command, prefix: string): string[] =>
      (command.subcommands ?? []).flatMap((sub) => [
        `${prefix} ${sub.name}`,
        ...paths(sub, `${prefix} ${sub.name}`),
      ]);
    it.each(paths(createCommand, 'create').map((path) => [path]))('%s --help', async (path) => {
      expect(CREATE_HELP[`kubectl ${path}`]).toBeDefined();
      await same([...path.split(' '), '--help']);
    });
  });
});
