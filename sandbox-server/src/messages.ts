/**
 * messages is the catalogue of French texts the server shows to learners and instructors. Each says what
 * happened and what to do.
 */
export const messages = {
  starting: () => 'Le serveur démarre ; réessayez dans quelques secondes.',
  apiNotFound: () => "Cette adresse de l'API n'existe pas. Vérifiez l'URL ou consultez /api/openapi.json.",
  pageNotFound: (p: string) => `La page « ${p} » n'existe pas.`,
  internal: () =>
    "Une erreur inattendue s'est produite côté serveur. Vos données sont conservées ; réessayez, et prévenez la personne qui anime l'atelier si cela persiste.",
  storageBusy: () =>
    'La base de données du serveur est momentanément occupée : rien n’a été enregistré. Réessayez dans une seconde.',
  storageUnavailable: () =>
    'La base de données du serveur est injoignable : rien n’a été enregistré. Réessayez dans quelques secondes ; si cela dure, prévenez la personne qui anime l’atelier.',
  storageFull: () =>
    'Le disque du serveur est plein : votre action n’a pas été enregistrée (ce qui l’était déjà est conservé). Prévenez la personne qui anime l’atelier, puis réessayez une fois de la place libérée.',
  sandboxesFull: () =>
    'Le serveur a atteint son nombre maximal de sandboxes. Réessayez plus tard, ou demandez à la personne qui anime l’atelier de libérer des places.',
  sandboxStartFailed: () =>
    'Votre cluster n’a pas pu démarrer : le serveur n’arrive pas à joindre son moteur de conteneurs. Vos données sont conservées ; réessayez dans un instant et prévenez la personne qui anime l’atelier si cela persiste.',
  dockerUnavailable: () =>
    'Le moteur Docker est injoignable : votre cluster tourne en exécution simulée (mêmes commandes kubectl, Pods simulés). Le serveur réessaiera Docker au prochain démarrage du cluster.',
  kubernetesHostUnavailable: () =>
    "Le cluster Kubernetes hôte est injoignable : votre cluster tourne en exécution simulée (mêmes commandes kubectl, Pods simulés). Le serveur réessaiera l'hôte au prochain démarrage du cluster.",
  sandboxNotFound: () =>
    "Cette sandbox n'existe pas (ou plus). Créez-en une nouvelle depuis la page d'accueil.",
  sandboxExpired: () =>
    'Cette sandbox a expiré : sa durée de vie est écoulée et son cluster a été supprimé. Créez-en une nouvelle.',
  sandboxForbidden: () =>
    "Cette sandbox appartient à quelqu'un d'autre : vous ne pouvez ni la voir ni la modifier.",
  noLearner: () =>
    "Vous n'êtes pas identifié : ouvrez la page d'accueil pour obtenir un cookie d'apprenant, puis réessayez.",
  httpsRequired: () =>
    "Ce serveur n'est pas servi en HTTPS : kubectl n'envoie son jeton d'accès qu'en HTTPS, un kubeconfig ne fonctionnerait donc pas. La personne qui administre la plateforme peut activer HTTPS (variable HTTPS_PORT, ou PUBLIC_HTTPS_URL derrière un proxy HTTPS).",
  k8sUnauthorized: () =>
    'Jeton absent ou invalide pour cette sandbox : téléchargez à nouveau votre kubeconfig depuis la page de la sandbox.',
  quotaExceeded: (max: number) =>
    `Quota atteint : une sandbox peut contenir au plus ${max} objets Kubernetes. Supprimez des objets (kubectl delete) ou réinitialisez la sandbox.`,
  rateLimited: () => 'Trop de requêtes en peu de temps : patientez une seconde puis réessayez.',
  bodyTooLarge: (kib: number) => `Le corps de la requête dépasse la taille maximale autorisée (${kib} Kio).`,
  instructorRequired: () =>
    'Cette action est réservée à la personne qui anime l’atelier : jeton de formateur absent ou invalide.',
  workshopsDisabled: () =>
    'Les ateliers sont désactivés sur ce serveur : définissez la variable INSTRUCTOR_TOKEN pour les activer.',
  workshopNotFound: () => "Cet atelier n'existe pas.",
  workshopCodeUnknown: (code: string) =>
    `Aucun atelier ne porte le code « ${code} ». Vérifiez le code donné par la personne qui anime l’atelier.`,
  learnerNotFound: () => "Cette personne ne fait pas partie de l'atelier.",
  exerciseUnknown: (id: string) => `L'exercice « ${id} » n'existe pas.`,
  invalidRequest: (details: string) => `Requête invalide : ${details}`,
  terminalUnavailable: () =>
    "Le terminal n'est pas disponible sur ce serveur pour le moment. Utilisez votre propre kubectl avec le kubeconfig de la sandbox.",
  originRejected: () => "Connexion refusée : elle ne vient pas d'une page de ce serveur.",
  exercisesUnavailable: () =>
    "Les exercices ne sont pas disponibles sur ce serveur : son catalogue d'exercices n'est pas chargé.",
  watchesExceeded: (max: number) =>
    `Trop de suivis ouverts en même temps sur cette sandbox (au plus ${max} : kubectl --watch, carte du cluster, vérification continue). Fermez des onglets ou des commandes --watch, puis réessayez.`,
  podQuotaExceeded: (max: number) =>
    `Quota atteint : une sandbox peut contenir au plus ${max} Pods. Supprimez des Pods (kubectl delete) ou réduisez des réplicas, puis réessayez.`,
  replicasTooMany: (asked: number, max: number) =>
    `Quota dépassé : ${asked} réplicas demandés, mais une sandbox peut contenir au plus ${max} Pods. Demandez moins de réplicas.`,
};
