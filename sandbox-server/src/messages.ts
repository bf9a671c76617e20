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
};
