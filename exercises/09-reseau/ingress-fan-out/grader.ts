import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { route } from '../../../mini-k8s/src/ingress/routing';
import {
  custom,
  defineGrader,
  expectedFound,
  fail,
  objectExists,
  pass,
  precondition,
  type GradeContext,
} from '../../../graders/src/index';

const INGRESSES = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true };

async function boutique(ctx: GradeContext): Promise<KubeObject | undefined> {
  try {
    return await ctx.client.get(INGRESSES, ctx.namespace, 'boutique');
  } catch {
    return undefined;
  }
}

/** routesTo checks where ingress-nginx would send `path` of boutique.local. */
function routesTo(id: string, path: string, service: string, port: number) {
  return custom(
    { id, title: `boutique.local${path} arrive sur le Service ${service}`, points: 2 },
    async (ctx) => {
      const ingress = await boutique(ctx);
      if (!ingress) return fail(expectedFound(`un Ingress boutique`, 'absent'));
      const backend = route([ingress], 'boutique.local', path);
      const found = backend
        ? `${backend.service}:${backend.port.number ?? backend.port.name}`
        : 'aucune règle (404 du contrôleur)';
      return backend?.service === service && backend.port.number === port
        ? pass(`boutique.local${path} → ${service}:${port}`)
        : fail(expectedFound(`boutique.local${path} → ${service}:${port}`, found));
    },
  );
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'services',
        title: 'Le Service web de départ existe',
        kind: 'Service',
        name: 'web',
      }),
      "Le Service web a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({ id: 'ingress', title: "L'Ingress boutique existe", kind: 'Ingress', name: 'boutique' }),
    routesTo('route-web', '/web/panier', 'web', 80),
    routesTo('route-api', '/api/articles', 'api', 8080),
    custom({ id: 'adresse', title: "Le contrôleur nginx a publié l'adresse de l'Ingress" }, async (ctx) => {
      const ingress = await boutique(ctx);
      const ip = (ingress?.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)
        ?.loadBalancer?.ingress?.[0]?.ip;
      return ip
        ? pass(`ADDRESS ${ip}`)
        : fail(expectedFound('une adresse dans status.loadBalancer (classe nginx)', 'aucune'));
    }),
  ],
});
