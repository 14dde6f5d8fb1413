/**
 * French sentences of the host's screens (vouvoiement). Typed with the English file's shape: a missing or extra key fails
 * the typecheck (docs/i18n.md).
 */
import type { TastingIssue } from '../engine/tasting';
import type { Host } from './host.en';
import { formatInt, plural } from './index';

/** What a tasting issue is about, for "… est obligatoire" / "… doit être du texte". */
function subject(i: TastingIssue): string {
  switch (i.field) {
    case 'title':
      return 'le titre';
    case 'name':
      return 'le nom';
    case 'correct':
      return 'la bonne réponse';
    case 'distractor':
      return `la fausse réponse ${(i.distractor ?? 0) + 1}`;
    default:
      return 'la valeur';
  }
}

const CATEGORY_KEYS = 'color, region, grape_variety, vintage_year, wine_name';

const fr: Host = {
  issue: (i: TastingIssue): string => {
    const p = i.params ?? {};
    switch (i.code) {
      case 'tasting_shape':
        return 'doit être un objet avec « wines »';
      case 'not_text':
        return i.field === 'title' ? 'doit être du texte' : `${subject(i)} doit être du texte`;
      case 'required':
        return `${subject(i)} est obligatoire`;
      case 'too_long':
        return `${formatInt(p.max!)} caractères au maximum`;
      case 'timer_range':
        return `doit être un nombre entier de ${formatInt(p.min!)} à ${formatInt(p.max!)}`;
      case 'no_wines':
        return 'il faut au moins 1 vin';
      case 'too_many_wines':
        return `${formatInt(p.max!)} vins au maximum`;
      case 'wine_shape':
        return 'doit être un objet avec « name » et « questions »';
      case 'question_count':
        return `il faut exactement ${formatInt(p.count!)} questions (${CATEGORY_KEYS})`;
      case 'question_shape':
        return 'doit être un objet';
      case 'category_order':
        return `doit être « ${p.expected} » (les questions suivent l’ordre fixe ${CATEGORY_KEYS})`;
      case 'distractor_count':
        return `il faut ${formatInt(p.count!)} fausses réponses`;
      case 'answers_too_long':
        return `les réponses font ${formatInt(p.max!)} caractères au maximum`;
      case 'duplicate_answer':
        return `les 4 réponses doivent toutes être différentes (« ${p.text} » apparaît deux fois)`;
    }
  },
  issueAt: (where: string, why: string) => `${where} : ${why}`,
  issueWhere: {
    title: 'Titre',
    timer: 'Minuteur',
    wine: (n: number) => `Vin ${formatInt(n)}`,
  },

  dashboard: {
    home: 'Accueil de Sommelier Arena',
    newTasting: '+ Nouvelle dégustation',
    cannotStore: (why: string) => `Cet appareil ne peut pas enregistrer de dégustations : ${why}`,
    deleted: (title: string, code: string) => `« ${title} » (${code}) supprimée.`,
    undo: 'Annuler',
    newTitle: 'Nouvelle dégustation',
    create: 'Créer la dégustation',
    empty: 'Aucune dégustation pour l’instant.',
    active: 'En cours',
    past: 'Passées',
    status: { waiting: 'Ouverte', active: 'En jeu', ended: 'Terminée' },
    line: (code: string, players: number, date: string) =>
      `Code ${code} · ${formatInt(players)} ${plural(players, { one: 'joueur', other: 'joueurs' })} · ${date}`,
    serveAgain: 'Servir à nouveau',
    serveAgainLabel: (title: string) => `Servir à nouveau « ${title} » à un autre groupe`,
    keep: 'Garder dans mes dégustations',
    keepLabel: (title: string) => `Garder « ${title} » dans mes dégustations`,
    results: 'Résultats',
    exportCsv: 'Exporter en CSV',
    open: 'Ouvrir',
    delete: 'Supprimer',
    deleteLabel: (code: string) => `Supprimer la dégustation ${code}`,
    unreadableNote: 'Cette version de l’application n’a pas pu ouvrir certaines dégustations enregistrées. Rien n’a été supprimé : chacune est conservée ici.',
    unreadable: (code: string, newer: boolean) =>
      newer
        ? `La dégustation ${code} a été enregistrée par une version plus récente de l’application : mettez l’application à jour pour l’ouvrir.`
        : `La dégustation ${code} n’a pas pu être lue et a été mise de côté. Téléchargez-la pour en garder une copie ou signaler le problème.`,
    download: 'Télécharger',
    downloadSavedLabel: (code: string) => `Télécharger la dégustation enregistrée ${code}`,
    discard: 'Jeter',
    discardSavedLabel: (code: string) => `Jeter la dégustation enregistrée ${code}`,
    finalResults: 'Résultats finaux',
  },

  form: {
    import: 'Importer un fichier de dégustation (.json)',
    export: 'Exporter en fichier',
    notJson: (file: string) => `${file} n’est pas un fichier de dégustation (ce n’est pas du JSON).`,
    cannotImport: (file: string, where: string, why: string) => `Import de ${file} impossible : ${where} : ${why}`,
    imported: (n: number, file: string) =>
      `${formatInt(n)} ${plural(n, { one: 'vin importé', other: 'vins importés' })} depuis ${file}. Vérifiez ci-dessous, puis créez.`,
    title: 'Titre (facultatif)',
    defaultTitle: 'Dégustation à l’aveugle',
    titleHint: 'Les joueurs voient le titre dès qu’ils rejoignent : n’y mettez aucun nom de vin. Laissé vide, il devient « Dégustation à l’aveugle ».',
    fileTooBig: (file: string, max: number) =>
      `${file} est trop gros pour un fichier de dégustation (plus de ${formatInt(Math.round(max / 1000))} Ko). Choisissez le fichier exporté d’ici.`,
    timer: 'Temps par question :',
    seconds: (s: number) => `${formatInt(s)} s`,
    wine: (n: number) => `Vin ${formatInt(n)}`,
    defaultWineName: (n: number) => `Vin ${formatInt(n)}`,
    wineName: 'Nom du vin (les joueurs le voient seulement après ses 5 questions)',
    correct: 'Bonne réponse',
    distractor: (n: number) => `Fausse réponse ${formatInt(n)}`,
    suggestions: (category: string) => `Suggestions : ${category.toLowerCase()}`,
    addValue: (v: string) => `Ajouter « ${v} »`,
    addHint: 'nouvelle réponse, proposée la prochaine fois',
    suggest: 'Proposer des fausses réponses',
    suggestLabel: (category: string, wine: number) => `Proposer des fausses réponses : ${category.toLowerCase()}, vin ${formatInt(wine)}`,
    saveToLibrary: 'Enregistrer dans mes dégustations',
    removeWine: (n: number) => `Retirer le vin ${formatInt(n)}`,
    addWine: '+ Ajouter un vin',
    cancel: 'Annuler',
    wait: 'Un instant…',
    save: 'Enregistrer',
    editTitle: 'Modifier la dégustation',
  },

  diagnostics: {
    summary: (n: number) =>
      `Protection : ${formatInt(n)} ${plural(n, { one: 'message indésirable ignoré', other: 'messages indésirables ignorés' })} — la partie n’est pas affectée`,
    signaling: (n: number) => `${formatInt(n)} tentatives de connexion ou messages de signalisation refusés`,
    malformed: (n: number) => `${formatInt(n)} messages mal formés de téléphones écartés`,
    flooding: (n: number) => `${formatInt(n)} connexions coupées pour envoi trop rapide`,
    unjoined: (n: number) => `${formatInt(n)} connexions fermées faute d’avoir rejoint`,
  },

  unsupportedTitle: 'Ce navigateur ne peut pas animer de dégustation',

  library: {
    title: 'Mes dégustations',
    untitled: 'Dégustation sans titre',
    copyOf: (title: string) => `${title} (copie)`,
    line: (wines: number, date: string) => `${formatInt(wines)} ${plural(wines, { one: 'vin', other: 'vins' })} · modifiée le ${date}`,
    serve: 'Servir',
    serveLabel: (title: string) => `Servir « ${title} » maintenant`,
    edit: 'Modifier',
    editLabel: (title: string) => `Modifier « ${title} »`,
    rename: 'Renommer',
    renameLabel: (title: string) => `Renommer « ${title} »`,
    newName: 'Nouveau nom',
    save: 'Enregistrer',
    duplicate: 'Dupliquer',
    duplicateLabel: (title: string) => `Dupliquer « ${title} »`,
    export: 'Exporter',
    exportLabel: (title: string) => `Exporter « ${title} » en fichier`,
    deleteLabel: (title: string) => `Supprimer « ${title} » de mes dégustations`,
    deleted: (title: string) => `« ${title} » a été retirée de vos dégustations.`,
    saved: (title: string) => `« ${title} » est dans vos dégustations : servez-la quand vous voulez.`,
    editTitle: 'Modifier la dégustation',
  },

  problem: {
    storage: 'ce navigateur a refusé d’enregistrer (navigation privée, ou stockage plein ?)',
    noFreeCode: 'plus aucun code de session libre sur cet appareil ; réessayez',
  },

  results: {
    title: 'Résultats',
    open: 'Résultats à imprimer',
    openLabel: (title: string) => `Résultats à imprimer de « ${title} »`,
    print: 'Imprimer',
    meta: (date: string, code: string, players: number) =>
      `${date} · code ${code} · ${formatInt(players)} ${plural(players, { one: 'joueur', other: 'joueurs' })}`,
    notOver: 'Cette dégustation n’est pas terminée : voici les résultats à ce stade.',
    ranking: 'Classement final',
    rank: 'Rang',
    player: 'Joueur',
    total: 'Total',
    wineColumn: (n: number, name: string) => `Vin ${formatInt(n)} : ${name}`,
    wines: 'Les vins et leurs réponses',
  },

  session: {
    yourTastings: 'Vos dégustations',
    codeLabel: 'Code de la session',
    code: 'Code',
    signalingTitle: 'Serveur de mise en relation : utile seulement pour que de nouveaux joueurs rejoignent',
    net: { offline: 'Sans serveur — la partie continue', connecting: 'Connexion…', open: 'Ouverte aux joueurs', full: 'Complète', locked: 'Verrouillée', online: 'En ligne' },
    notSaved: (why: string) => `Non enregistré sur cet appareil : ${why}. La partie continue, mais un rechargement la perdrait.`,
    offlineLobby:
      'Cet appareil n’a pas encore accès au réseau : les téléphones ne peuvent pas rejoindre. Tout est enregistré ; la connexion se fera d’elle-même au retour du réseau.',
    joinAt: (host: string) => `Rejoignez sur ${host}/play avec le code`,
    loopbackBefore: (host: string) =>
      `Les téléphones ne peuvent pas ouvrir « ${host} ». Pour que les téléphones de ce Wi-Fi rejoignent, lancez l’application avec`,
    loopbackAfter: 'et ouvrez cette page à l’adresse réseau de cet ordinateur.',
    codeAria: (digits: string) => `Code ${digits}`,
    qrLabel: 'QR code pour rejoindre',
    copy: 'Copier le lien',
    copied: 'Copié !',
    share: 'Partager…',
    shareText: 'Rejoignez ma dégustation !',
    players: (n: number, max: number) => `Joueurs ${formatInt(n)} / ${formatInt(max)}`,
    max: 'Max.',
    waitingPlayers: 'En attente des joueurs qui scannent le code…',
    turnedAway: (n: number) =>
      `${formatInt(n)} ${plural(n, { one: 'téléphone n’a pas pu', other: 'téléphones n’ont pas pu' })} rejoindre : la dégustation est complète. Retirez un joueur inconnu (×) ou augmentez le maximum.`,
    offline: 'hors ligne',
    remove: (name: string) => `Retirer ${name}`,
    start: 'Lancer',
    needsPlayer: ' (il faut un joueur)',
    edit: 'Modifier la dégustation',
    latecomers: 'Les retardataires peuvent rejoindre',
    latecomersHint: '(0 point pour les questions manquées)',
    lockJoins: 'Verrouiller : plus de nouveaux joueurs',
    lockJoinsHint: '(les joueurs déjà inscrits peuvent toujours revenir)',
    lockedNotice: 'Verrouillée : les nouveaux téléphones sont invités à vous demander. Retirez les inconnus (×) : ils ne pourront pas revenir.',
    lockedJoinCard: 'Verrouillée : les nouveaux joueurs sont refusés. Décochez « Verrouiller » pour les laisser entrer.',
    pause: 'Pause',
    resume: 'Reprendre',
    reveal: 'Révéler la réponse',
    showStandings: 'Voir le classement',
    nextQuestion: 'Question suivante',
    wineResults: 'Résultats du vin',
    nextWine: 'Vin suivant',
    finalResults: 'Résultats finaux',
    end: 'Terminer la dégustation',
    endTitle: 'Terminer la dégustation pour tout le monde ?',
    endText: 'Tous les téléphones passent directement aux résultats finaux. Les questions restantes ne seront pas jouées.',
    keepPlaying: 'Continuer à jouer',
    progress: (wine: number, wines: number, q: number, qs: number) =>
      `Vin ${formatInt(wine)}/${formatInt(wines)} · Question ${formatInt(q)}/${formatInt(qs)}`,
    answered: 'ont répondu',
    thisQuestion: 'Cette question',
    newTasting: 'Créer une nouvelle dégustation',
    elsewhereTitle: (code: string) => `La dégustation ${code} est ouverte dans un autre onglet`,
    elsewhereText: 'Un seul onglet ou une seule fenêtre fait tourner une dégustation à la fois : aucune réponse ne se perd entre deux copies.',
    runHere: 'La faire tourner dans cet onglet',
    notHereTitle: (code: string) => `Aucune dégustation avec le code ${code} sur cet appareil`,
    notHereText: 'Les dégustations restent sur l’appareil qui les a créées.',
    otherDevice: (code: string) => `Un autre appareil fait tourner la dégustation ${code} en ce moment. Fermez-la là-bas, puis rechargez cette page.`,
    cannotRead: (why: string) => `Cet appareil ne peut pas lire ses dégustations enregistrées : ${why}`,
    openScreen: 'Vue projecteur',
    openScreenHint: 'Ouvre une fenêtre à afficher sur une télévision ou un projecteur',
    keySpace: 'Espace',
    shortcuts: 'Clavier : Espace lance, met en pause et reprend · R révèle · → passe à la suite',
  },

  screen: {
    title: (code: string) => `Dégustation ${code} à l’écran`,
    notLive: 'L’onglet de l’animateur ne fait pas tourner cette dégustation en ce moment : cet écran montre où elle s’est arrêtée.',
    waitingHost: 'En attente de la tablette de l’animateur',
    waitingHostText: 'Les téléphones pourront rejoindre et jouer dès que l’animateur aura rouvert cette dégustation.',
    joinAt: (address: string) => `Rejoignez sur ${address} avec le code`,
    locked: 'L’animateur a verrouillé cette dégustation : plus de nouveaux joueurs',
    players: (n: number) =>
      n === 0 ? 'Scannez le code pour rejoindre' : `${formatInt(n)} ${plural(n, { one: 'joueur a rejoint', other: 'joueurs ont rejoint' })}`,
    right: (n: number, total: number) =>
      `${formatInt(n)} ${plural(n, { one: 'bonne réponse', other: 'bonnes réponses' })} sur ${formatInt(total)} ${plural(total, { one: 'joueur', other: 'joueurs' })}`,
  },
};

export default fr;
