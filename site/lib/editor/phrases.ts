/**
 * FRENCH_PHRASES translates the texts CodeMirror shows (search panel, diagnostics, completion, folding,
 * diff), so the editor speaks French like the rest of the course.
 */
import { EditorState } from '@codemirror/state';

export const FRENCH_PHRASES = EditorState.phrases.of({
  // @codemirror/search
  Find: 'Rechercher',
  Replace: 'Remplacer',
  next: 'suivant',
  previous: 'précédent',
  all: 'tout',
  'match case': 'respecter la casse',
  regexp: 'expression régulière',
  'by word': 'mot entier',
  replace: 'remplacer',
  'replace all': 'tout remplacer',
  close: 'fermer',
  'current match': 'occurrence courante',
  'replaced $ matches': '$ occurrences remplacées',
  'replaced match on line $': 'occurrence remplacée à la ligne $',
  'on line': 'à la ligne',
  'Go to line': 'Aller à la ligne',
  go: 'aller',
  // @codemirror/lint
  Diagnostics: 'Problèmes',
  'No diagnostics': 'Aucun problème',
  // @codemirror/autocomplete
  Completions: 'Suggestions',
  // @codemirror/language, @codemirror/view, @codemirror/commands
  'Folded lines': 'Lignes repliées',
  'Unfolded lines': 'Lignes dépliées',
  'Fold line': 'Replier la ligne',
  'Unfold line': 'Déplier la ligne',
  'folded code': 'code replié',
  unfold: 'déplier',
  to: 'à',
  'Control character': 'Caractère de contrôle',
  'Selection deleted': 'Sélection supprimée',
  // @codemirror/merge
  '$ unchanged lines': '$ lignes inchangées',
  Accept: 'Accepter',
  Reject: 'Refuser',
  'Revert this chunk': 'Annuler ce changement',
});
