/**
 * The built-in answer catalogue (docs/game-rules.md#answer-suggestions): what the tasting form suggests for each category.
 * It ships inside the host screens' chunk so suggestions work offline; only host code imports it, never `src/play/`.
 * Lists run roughly from the most to the least likely answer within each group; the engine does not read them.
 */
import type { Category } from '../engine';

/** First and last vintage year suggested (generated, newest first). */
export const VINTAGE_FIRST = 1990;
export const VINTAGE_LAST = 2024;

const COLORS = ['Rouge', 'Blanc', 'Rosé', 'Orange'];

/** "Region — Sub-region (Country)": mostly France, then the major regions elsewhere. */
const REGIONS = [
  'Bordeaux — Médoc (France)',
  'Bordeaux — Pauillac (France)',
  'Bordeaux — Margaux (France)',
  'Bordeaux — Saint-Julien (France)',
  'Bordeaux — Saint-Estèphe (France)',
  'Bordeaux — Pessac-Léognan (France)',
  'Bordeaux — Saint-Émilion (France)',
  'Bordeaux — Pomerol (France)',
  'Bordeaux — Sauternes (France)',
  'Bordeaux — Entre-Deux-Mers (France)',
  'Bourgogne — Chablis (France)',
  'Bourgogne — Côte de Nuits (France)',
  'Bourgogne — Côte de Beaune (France)',
  'Bourgogne — Côte Chalonnaise (France)',
  'Bourgogne — Mâconnais (France)',
  'Beaujolais — Morgon (France)',
  'Beaujolais — Fleurie (France)',
  'Champagne — Montagne de Reims (France)',
  'Champagne — Côte des Blancs (France)',
  'Champagne — Vallée de la Marne (France)',
  'Alsace — Haut-Rhin (France)',
  'Alsace — Bas-Rhin (France)',
  'Loire — Sancerre (France)',
  'Loire — Pouilly-Fumé (France)',
  'Loire — Vouvray (France)',
  'Loire — Chinon (France)',
  'Loire — Saumur (France)',
  'Loire — Anjou (France)',
  'Loire — Muscadet Sèvre et Maine (France)',
  'Rhône — Côte-Rôtie (France)',
  'Rhône — Condrieu (France)',
  'Rhône — Hermitage (France)',
  'Rhône — Crozes-Hermitage (France)',
  'Rhône — Châteauneuf-du-Pape (France)',
  'Rhône — Gigondas (France)',
  'Languedoc — Pic Saint-Loup (France)',
  'Languedoc — Minervois (France)',
  'Languedoc — Corbières (France)',
  'Roussillon — Côtes du Roussillon (France)',
  'Provence — Bandol (France)',
  'Provence — Côtes de Provence (France)',
  'Sud-Ouest — Cahors (France)',
  'Sud-Ouest — Madiran (France)',
  'Jura — Arbois (France)',
  'Savoie — Chignin (France)',
  'Corse — Patrimonio (France)',
  'Piemonte — Barolo (Italy)',
  'Piemonte — Barbaresco (Italy)',
  'Toscana — Chianti Classico (Italy)',
  'Toscana — Montalcino (Italy)',
  'Veneto — Valpolicella (Italy)',
  'Rioja — Rioja Alta (Spain)',
  'Castilla y León — Ribera del Duero (Spain)',
  'Catalunya — Priorat (Spain)',
  'Douro — Cima Corgo (Portugal)',
  'Mosel — Bernkastel (Germany)',
  'Niederösterreich — Wachau (Austria)',
  'California — Napa Valley (USA)',
  'Oregon — Willamette Valley (USA)',
  'Mendoza — Luján de Cuyo (Argentina)',
  'Valle Central — Colchagua (Chile)',
  'South Australia — Barossa Valley (Australia)',
  'Marlborough — Wairau Valley (New Zealand)',
  'Western Cape — Stellenbosch (South Africa)',
];

/** Red grapes (also the grapes of rosés), then white ones: the distractor picker keeps a grape's colour. */
export const RED_GRAPES = [
  'Merlot',
  'Cabernet Sauvignon',
  'Cabernet Franc',
  'Pinot Noir',
  'Syrah',
  'Grenache',
  'Gamay',
  'Malbec',
  'Mourvèdre',
  'Carignan',
  'Cinsault',
  'Petit Verdot',
  'Tannat',
  'Pinot Meunier',
  'Poulsard',
  'Trousseau',
  'Mondeuse',
  'Nielluccio',
  'Nebbiolo',
  'Sangiovese',
  'Barbera',
  'Corvina',
  'Nero d’Avola',
  'Aglianico',
  'Tempranillo',
  'Touriga Nacional',
  'Zinfandel',
  'Carménère',
  'Pinotage',
  'Blaufränkisch',
];

export const WHITE_GRAPES = [
  'Chardonnay',
  'Sauvignon Blanc',
  'Chenin Blanc',
  'Sémillon',
  'Muscadelle',
  'Melon de Bourgogne',
  'Riesling',
  'Gewurztraminer',
  'Pinot Gris',
  'Pinot Blanc',
  'Sylvaner',
  'Muscat',
  'Viognier',
  'Marsanne',
  'Roussanne',
  'Grenache Blanc',
  'Picpoul',
  'Vermentino',
  'Savagnin',
  'Jacquère',
  'Aligoté',
  'Petit Manseng',
  'Ugni Blanc',
  'Albariño',
  'Grüner Veltliner',
  'Furmint',
  'Torrontés',
];

const GRAPES = [...RED_GRAPES, ...WHITE_GRAPES];

/**
 * Famous wines by where they come from, most famous first, with the catalogue's region names (the part before " — "
 * in REGIONS) each group covers: the distractor picker offers names of the same group as the correct one, or of the
 * wine's region.
 */
export interface WineNameGroup {
  regions: readonly string[];
  names: readonly string[];
}

export const WINE_NAME_GROUPS: readonly WineNameGroup[] = [
  // Bordeaux
  {
    regions: ['Bordeaux'],
    names: [
      'Château Pétrus',
      'Château Margaux',
      'Château Lafite Rothschild',
      'Château Latour',
      'Château Mouton Rothschild',
      'Château Haut-Brion',
      'Château Cheval Blanc',
      'Château Ausone',
      'Château d’Yquem',
      'Château Palmer',
      'Château Léoville Las Cases',
      'Château Léoville Barton',
      'Château Cos d’Estournel',
      'Château Montrose',
      'Château Calon-Ségur',
      'Château Pichon Longueville Comtesse de Lalande',
      'Château Pichon Baron',
      'Château Ducru-Beaucaillou',
      'Château Lynch-Bages',
      'Château Gruaud Larose',
      'Château Beychevelle',
      'Château Talbot',
      'Château Rauzan-Ségla',
      'Château La Mission Haut-Brion',
      'Château Smith Haut Lafitte',
      'Château Pape Clément',
      'Château Figeac',
      'Château Angélus',
      'Château Pavie',
      'Château Lafleur',
      'Vieux Château Certan',
      'Le Pin',
      'Château Climens',
    ],
  },
  // Bourgogne and Beaujolais
  {
    regions: ['Bourgogne', 'Beaujolais'],
    names: [
      'Romanée-Conti',
      'La Tâche',
      'Richebourg',
      'Musigny',
      'Chambertin',
      'Clos de Vougeot',
      'Clos de Tart',
      'Bonnes-Mares',
      'Corton-Charlemagne',
      'Montrachet',
      'Chablis Grand Cru Les Clos',
      'Puligny-Montrachet',
      'Meursault',
      'Pommard',
      'Pouilly-Fuissé',
      'Morgon Côte du Py',
    ],
  },
  // Champagne
  {
    regions: ['Champagne'],
    names: [
      'Dom Pérignon',
      'Krug Grande Cuvée',
      'Cristal',
      'Bollinger La Grande Année',
      'Taittinger Comtes de Champagne',
      'Veuve Clicquot La Grande Dame',
      'Salon Le Mesnil',
      'Ruinart Blanc de Blancs',
      'Pol Roger Cuvée Sir Winston Churchill',
    ],
  },
  // Rhône
  {
    regions: ['Rhône'],
    names: [
      'Château Rayas',
      'Château de Beaucastel',
      'Hermitage La Chapelle',
      'Côte-Rôtie La Mouline',
      'Côte-Rôtie La Landonne',
      'Côte-Rôtie La Turque',
      'Château-Grillet',
    ],
  },
  // Loire, Alsace, Jura, the South
  {
    regions: ['Loire', 'Alsace', 'Jura', 'Languedoc', 'Roussillon', 'Provence', 'Sud-Ouest', 'Savoie', 'Corse'],
    names: [
      'Clos Rougeard Le Bourg',
      'Clos de la Coulée de Serrant',
      'Pouilly-Fumé Silex',
      'Vouvray Le Haut-Lieu',
      'Clos Sainte Hune',
      'Château-Chalon Vin Jaune',
      'Mas de Daumas Gassac',
      'Domaine de la Grange des Pères',
      'Domaine Tempier Bandol',
      'Château Simone',
      'Château Montus',
    ],
  },
  // Elsewhere
  {
    regions: ['Piemonte', 'Toscana', 'Veneto', 'Rioja', 'Castilla y León', 'Catalunya', 'Douro', 'Mosel', 'Niederösterreich', 'California', 'Oregon', 'Mendoza', 'Valle Central', 'South Australia', 'Marlborough', 'Western Cape'],
    names: [
      'Sassicaia',
      'Ornellaia',
      'Masseto',
      'Tignanello',
      'Barolo Monfortino',
      'Biondi-Santi Brunello di Montalcino',
      'Vega Sicilia Único',
      'Pingus',
      'Quinta do Noval Nacional',
      'Scharzhofberger Riesling',
      'Penfolds Grange',
      'Opus One',
      'Screaming Eagle',
      'Ridge Monte Bello',
      'Almaviva',
      'Cloudy Bay Sauvignon Blanc',
    ],
  },
];

const WINE_NAMES = WINE_NAME_GROUPS.flatMap((g) => g.names);

/** Vintage years from VINTAGE_LAST down to VINTAGE_FIRST, as text. */
export function vintageYears(first = VINTAGE_FIRST, last = VINTAGE_LAST): string[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => String(last - i));
}

/** The curated suggestions of each category, in display order. */
export const CURATED: Readonly<Record<Category, readonly string[]>> = {
  color: COLORS,
  region: REGIONS,
  grape_variety: GRAPES,
  vintage_year: vintageYears(),
  wine_name: WINE_NAMES,
};
