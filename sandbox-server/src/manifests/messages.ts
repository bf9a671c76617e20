/** French texts of the manifest comparison (« Comparer » in the editor). */
export const diffMessages = {
  invalidYaml: (detail: string) => `Le YAML est invalide : ${detail}`,
  notAnObject: () => 'Chaque document du manifeste doit être un objet Kubernetes (une table clé: valeur).',
  empty: () => 'Le manifeste ne contient aucun objet à comparer.',
  tooMany: (max: number) => `Le manifeste contient trop d’objets : ${max} au plus par comparaison.`,
  unknownKind: (apiVersion: string, kind: string) =>
    `Le cluster ne sert pas le type « ${kind || '(vide)'} » en « ${apiVersion || '(vide)'} ».`,
  noName: (kind: string) => `L’objet ${kind} n’a pas de metadata.name : impossible de le comparer.`,
};
