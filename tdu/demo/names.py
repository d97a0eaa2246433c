"""French vocabularies for fictitious companies, addresses, job titles and descriptions.

Every name built from these lists is fictitious; surnames are common ones of each area.
"""

# Surnames by historical area of the Grand Est, keyed by department.
SURNAMES_ALSACE = [
    "Muller", "Schmitt", "Meyer", "Weber", "Fischer", "Klein", "Wagner", "Schneider", "Hoffmann",
    "Koenig", "Lang", "Roth", "Kieffer", "Burger", "Zimmermann", "Walter", "Ehrhart", "Bauer", "Wolff",
    "Heitz", "Jung", "Kuntz", "Gross", "Frey", "Stoeckel", "Sutter", "Ott", "Keller", "Wurtz", "Haas",
    "Kern", "Spiesser", "Schaeffer", "Boehm", "Gerber", "Bader", "Kessler", "Hertzog", "Ritter", "Obrecht",
]  # fmt: skip
SURNAMES_LORRAINE = [
    "Thiebaut", "Colin", "Mangin", "Didier", "Georges", "Henry", "Marchal", "Gérard", "Jacquot",
    "Simonin", "Perrin", "Masson", "Humbert", "Vautrin", "Poirot", "Grandjean", "Pierson", "Cuny",
    "Pierrat", "Valentin", "Mathieu", "Hennequin", "Schwartz", "Becker", "Lorentz", "Mourer", "Bour",
    "Steiner", "Muller", "Weiss", "Thomas", "François", "Laurent", "Claudel", "Gehin", "Aubry",
]  # fmt: skip
SURNAMES_CHAMPAGNE = [
    "Lefèvre", "Lambert", "Leroy", "Petit", "Moreau", "Rousseau", "Collard", "Hubert", "Arnould",
    "Gillet", "Herbin", "Jacquemin", "Lallement", "Payen", "Godart", "Devaux", "Huet", "Noiret",
    "Charlier", "Bertrand", "Chevalier", "Poncelet", "Lecomte", "Guérin", "Gobillard", "Warnier",
]  # fmt: skip
SURNAMES_FRANCE = [
    "Martin", "Bernard", "Dubois", "Durand", "Robert", "Richard", "Petit", "Moreau", "Simon", "Laurent",
    "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
    "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin",
    "Mathieu", "Clement", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Gerard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger",
    "Roche", "Roy", "Noel", "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand", "Dufour", "Blanchard",
    "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Pierre",
    "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud",
    "Lemoine", "Picard", "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis", "Olivier",
    "Rodriguez", "Da Silva", "Hubert", "Louis", "Charles", "Guillot", "Riviere", "Le Gall", "Guillaume",
    "Adam", "Rey", "Moulin", "Gonzalez", "Berger", "Lecomte", "Menard", "Fleury", "Deschamps", "Carpentier",
    "Julien", "Benoit", "Paris", "Maillard", "Marchal", "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet",
    "Collet", "Prevost", "Poirier", "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons", "Paul",
    "Laine", "Carre", "Breton", "Remy", "Schneider", "Perrot", "Guyot", "Barre", "Marty", "Cousin",
]  # fmt: skip

DEPARTMENT_SURNAMES = {
    "67": SURNAMES_ALSACE,
    "68": SURNAMES_ALSACE,
    "54": SURNAMES_LORRAINE,
    "55": SURNAMES_LORRAINE,
    "57": SURNAMES_LORRAINE + SURNAMES_ALSACE[:15],
    "88": SURNAMES_LORRAINE,
    "08": SURNAMES_CHAMPAGNE,
    "10": SURNAMES_CHAMPAGNE,
    "51": SURNAMES_CHAMPAGNE,
    "52": SURNAMES_CHAMPAGNE + SURNAMES_LORRAINE[:10],
}


def surnames_for(department: str) -> list[str]:
    return DEPARTMENT_SURNAMES.get(department, SURNAMES_FRANCE)


VOWELS = set("AEIOUYÂÀÉÈÊËÎÏÔÖÛÜŒ")  # h aspiré by default: « de Haguenau »


def place_forms(name: str) -> dict[str, str]:
    """'Le Havre' -> {'ville': 'Le Havre', 'de_ville': 'du Havre', 'a_ville': 'au Havre'}."""
    if name.startswith("Le "):
        return {"ville": name, "de_ville": f"du {name[3:]}", "a_ville": f"au {name[3:]}"}
    if name.startswith("Les "):
        return {"ville": name, "de_ville": f"des {name[4:]}", "a_ville": f"aux {name[4:]}"}
    if name.startswith("La ") or name.startswith("L'"):
        return {"ville": name, "de_ville": f"de {name}", "a_ville": f"à {name}"}
    de = f"d'{name}" if name[:1].upper() in VOWELS else f"de {name}"
    return {"ville": name, "de_ville": de, "a_ville": f"à {name}"}


def elide_de(text: str) -> str:
    """'de soudeur', "d'agent de conditionnement"."""
    return f"d'{text}" if text[:1].upper() in VOWELS else f"de {text}"


def lower_first(text: str) -> str:
    """'Hôte de caisse' -> 'hôte de caisse', but 'ASH' and 'UX - UI Designer' stay as they are."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


# Company names by trade family: {s} = a surname, {s2} = another one, {ville} = the commune, {de_ville}
# and {a_ville} = 'de Metz' / 'd'Épinal' / 'du Havre' and 'à Metz' / 'au Havre' (see `place_forms`).
COMPANY_PATTERNS = {
    "industrie": [
        "{s} Industrie", "Mécanique de précision {s}", "Chaudronnerie {s}", "Ateliers {s}", "{s} Usinage",
        "Métallerie {s} & Fils", "Tôlerie industrielle {de_ville}", "{s} Technologies", "Forges {de_ville}",
        "Emballages {s}", "{s} Plastiques", "Conserverie {s}", "Biscuiterie {de_ville}", "Fromagerie {s}",
    ],
    "maintenance": [
        "{s} Maintenance industrielle", "Garage {s}", "{s} Agri-Services", "Garage du Centre {s}",
        "Maintenance {s} & {s2}", "{s} Automatismes", "Carrosserie {s}",
    ],
    "btp": [
        "Maçonnerie {s}", "{s} Bâtiment", "Électricité {s}", "Plomberie-chauffage {s}", "Entreprise {s} et Fils",
        "{s} Construction", "Menuiserie {s}", "Peinture {s} & {s2}", "Charpente {s}", "Carrelage {s}",
        "Rénovation {s}", "{s} Travaux publics",
    ],
    "transport": [
        "Transports {s} & Fils", "Transports {s}", "{s} Logistique", "Plateforme logistique {de_ville}",
        "Messageries {s}", "Autocars {s}", "Entrepôts {s}", "Transports {s} et {s2}",
    ],
    "sante_aide": [
        "EHPAD Les Tilleuls", "EHPAD Les Charmilles", "EHPAD Saint-Joseph", "Résidence Les Vergers",
        "Clinique Sainte-Odile", "Maison de retraite Les Glycines", "Aide à domicile {de_ville}",
        "{s} Services à la personne", "Association d'aide à domicile du pays {de_ville}", "Crèche Les Petits Pas",
        "Résidence autonomie Le Parc", "Centre de soins {de_ville}",
    ],
    "hotellerie": [
        "Restaurant Au Cerf d'Or", "Brasserie {s}", "Hôtel-restaurant de la Poste", "Auberge {de_ville}",
        "Le Bistrot de {s}", "Hôtel {s}", "Restaurant La Table {de_ville}", "Au Bœuf Rouge", "La Couronne",
        "Restaurant collectif {s}",
    ],
    "commerce": [
        "Boulangerie {s}", "Boucherie {s}", "Supermarché {de_ville}", "Maison {s}", "Épicerie fine {s}",
        "Pâtisserie {s}", "Marché frais {de_ville}", "Boulangerie-pâtisserie {s} & {s2}",
    ],
    "agriculture": [
        "EARL {s}", "GAEC {s} et {s2}", "Domaine {s}", "Pépinières {s}", "Vergers {s}", "Exploitation {s}",
        "SCEA des Prés {de_ville}", "Jardins {de_ville}",
    ],
    "proprete": ["{s} Propreté", "Nettoyage {s}", "Net'Services {s}", "Propreté industrielle {de_ville}"],
}  # fmt: skip

# Alsatian, Lorrain and Champenois touches, used on top of the common patterns.
REGIONAL_PATTERNS = {
    "67": {"hotellerie": ["Winstub {s}", "Au Raisin d'Or"], "agriculture": ["Domaine viticole {s}"]},
    "68": {
        "hotellerie": ["Winstub {s}", "Auberge du Haut-Koenigsbourg"],
        "agriculture": ["Domaine viticole {s}"],
    },
    "51": {"agriculture": ["Champagne {s}", "Champagne {s} & {s2}"]},
    "10": {"agriculture": ["Champagne {s}"]},
    "57": {"hotellerie": ["Brasserie de la Moselle"], "commerce": ["Boulangerie lorraine {s}"]},
    "54": {"hotellerie": ["Restaurant La Mirabelle"], "commerce": ["Macarons {de_ville}"]},
}

STREETS = [
    "rue de la Gare", "rue du Général Leclerc", "rue des Vosges", "avenue de Strasbourg", "rue Principale",
    "Grand'Rue", "rue de l'Église", "zone industrielle", "ZA des Tuileries", "rue des Artisans",
    "rue du Moulin", "route de Metz", "rue Jeanne d'Arc", "rue Saint-Nicolas", "rue des Vignes",
    "rue de la République", "avenue Foch", "rue du Maréchal Foch", "rue de Verdun", "rue des Jardins",
    "rue du Château", "rue de Nancy", "route de Colmar", "rue des Prés", "chemin des Vergers",
    "rue de l'Industrie", "ZAC du Parc", "rue Pasteur", "rue Victor Hugo", "avenue de la Liberté",
    "rue des Acacias", "rue du Stade", "rue de la Forêt", "rue du Canal", "quai de la Moselle",
    "rue du Commerce", "rue des Tilleuls", "place du Marché", "rue de Reims", "rue de Champagne",
]  # fmt: skip

TITLE_SUFFIXES = [
    "", "", "", "", "", " confirmé·e", " – débutant·e accepté·e", " – poste à pourvoir rapidement",
    " – formation possible", " – reconversion bienvenue",
]  # fmt: skip

OFFER_DESCRIPTIONS = [
    "Nous recrutons un·e {metier} pour notre site {de_ville}. Vous serez accompagné·e par un tuteur "
    "dès votre arrivée. Une immersion est possible avant l'embauche.",
    "Entreprise {de_ville} en croissance, nous cherchons un·e {metier}. Débutant·e motivé·e ? Une "
    "formation financée par la Région peut vous préparer au poste.",
    "Poste {de_metier} basé {a_ville}. Horaires de journée, équipe soudée, mutuelle et tickets "
    "restaurant. Reconversion bienvenue.",
    "Vous aimez le travail bien fait ? Rejoignez-nous comme {metier} {a_ville}. Nous formons nos "
    "nouvelles recrues sur le terrain.",
    "Pour renforcer notre équipe {de_ville}, nous recrutons un·e {metier}. Possibilité d'une période "
    "d'immersion pour découvrir le métier.",
    "{Metier} {a_ville} : poste stable, évolution possible. Candidatures de personnes en formation "
    "ou sortant de formation bienvenues.",
]

COMPANY_DESCRIPTIONS = {
    "industrie": "Entreprise industrielle de {effectif} salariés, sous-traitante de grands donneurs d'ordres.",
    "maintenance": "Atelier de {effectif} salariés : maintenance, dépannage et entretien de matériels.",
    "btp": "Entreprise du bâtiment de {effectif} salariés, chantiers de neuf et de rénovation.",
    "transport": "Transport et logistique : {effectif} salariés, flotte récente, tournées régionales.",
    "sante_aide": "Établissement et services d'accompagnement : {effectif} professionnel·les à votre écoute.",
    "hotellerie": "Maison de {effectif} salariés, cuisine de produits frais et de saison.",
    "commerce": "Commerce de proximité de {effectif} salariés, au cœur de la commune.",
    "agriculture": "Exploitation de {effectif} salariés, travaux saisonniers et permanents.",
    "proprete": "Entreprise de propreté de {effectif} salariés, interventions chez les professionnels.",
}

SESSION_ADDRESSES = [
    "centre de formation, {num} {street}",
    "plateau technique, {num} {street}",
    "{num} {street}",
]

# Extra families used by the national catalogue (ROME domains outside the demo's trades).
COMPANY_PATTERNS.update(
    {
        "services": [
            "Cabinet {s}", "{s} Conseil", "{s} & Associés", "Agence {s}", "{s} Services", "Groupe {s}",
            "{s} Gestion", "Studio {s}", "{s} Informatique",
        ],
        "artisanat": ["Atelier {s}", "Maison {s}", "{s} Créations", "Atelier d'art {de_ville}"],
    }
)  # fmt: skip

ORGANISATION_PATTERNS = [
    "Centre de formation {de_ville}", "AFPA {ville}", "GRETA {de_ville}", "CFA {de_ville}",
    "Institut de formation {s}", "Campus des métiers {de_ville}", "{s} Formation", "École des métiers {de_ville}",
    "Centre de formation professionnelle {s}", "Maison de la formation {de_ville}",
]  # fmt: skip

TRAINING_TITLE_PATTERNS = [
    "Titre professionnel {metier}", "Formation qualifiante {metier}", "Se former au métier de {metier_bas}",
    "Certificat de qualification professionnelle {metier}", "Parcours certifiant {metier}",
    "Préparation au métier de {metier_bas}",
]  # fmt: skip
