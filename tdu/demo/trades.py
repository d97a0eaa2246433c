"""Grand Est demo: trades that struggle to recruit, the region-funded trainings preparing them, and
the training organisations offering those trainings.

Labels come from the ROME table at load time; codes are checked there too. Certification codes and
Formacodes are well-formed but illustrative: they are not meant to match the real registries.
"""

from dataclasses import dataclass

from tdu.references.enums import EducationLevel

NONE, CAP, BAC, BAC_2 = EducationLevel.NONE, EducationLevel.CAP_BEP, EducationLevel.BAC, EducationLevel.BAC_2


@dataclass(frozen=True)
class Trade:
    rome: str
    family: str
    naf: tuple[str, ...]
    weight: int = 3  # relative share of offers within its family


TRADES = [
    # Industry
    Trade("H2913", "industrie", ("25.11Z", "25.62B", "33.11Z", "28.22Z"), 5),
    Trade("H2903", "industrie", ("25.62B", "28.41Z", "29.32Z"), 4),
    Trade("H2902", "industrie", ("25.11Z", "25.29Z", "33.11Z"), 3),
    Trade("H2906", "industrie", ("25.62B", "28.15Z", "29.32Z"), 4),
    Trade("H2909", "industrie", ("28.22Z", "29.10Z", "27.12Z"), 3),
    Trade("H2912", "industrie", ("25.62B", "22.29A", "28.41Z"), 2),
    Trade("H3302", "industrie", ("10.89Z", "17.21A", "20.42Z"), 3),
    Trade("H3301", "industrie", ("10.89Z", "11.07A", "17.21A"), 2),
    Trade("H2102", "industrie", ("10.13A", "10.51A", "10.71C", "10.89Z"), 3),
    Trade("H3201", "industrie", ("22.29A", "22.21Z"), 2),
    Trade("H2602", "industrie", ("27.12Z", "27.90Z", "43.21A"), 2),
    # Maintenance
    Trade("I1304", "maintenance", ("33.12Z", "33.14Z", "25.62B"), 5),
    Trade("I1310", "maintenance", ("33.12Z", "28.99B"), 3),
    Trade("I1309", "maintenance", ("33.14Z", "43.21A"), 3),
    Trade("I1604", "maintenance", ("45.20A", "45.11Z"), 4),
    Trade("I1603", "maintenance", ("33.12Z", "46.61Z"), 2),
    # Building
    Trade("F1703", "btp", ("43.99C", "41.20A", "41.20B"), 5),
    Trade("F1602", "btp", ("43.21A",), 5),
    Trade("F1603", "btp", ("43.22A", "43.22B"), 4),
    Trade("I1308", "btp", ("43.22B", "43.22A"), 3),
    Trade("F1604", "btp", ("43.31Z", "43.39Z"), 3),
    Trade("F1606", "btp", ("43.34Z",), 3),
    Trade("F1608", "btp", ("43.33Z",), 2),
    Trade("F1503", "btp", ("43.91A", "16.23Z"), 2),
    Trade("H2206", "btp", ("43.32A", "16.23Z"), 3),
    Trade("F1302", "btp", ("43.12A", "42.11Z"), 2),
    # Transport and logistics
    Trade("N1101", "transport", ("52.10B", "49.41A"), 4),
    Trade("N1103", "transport", ("52.10B", "46.90Z"), 5),
    Trade("N4101", "transport", ("49.41A", "49.41B"), 5),
    Trade("N4105", "transport", ("49.41B", "53.20Z"), 3),
    Trade("N4103", "transport", ("49.31Z", "49.39A"), 2),
    # Health and care
    Trade("J1501", "sante_aide", ("87.10A", "86.10Z", "87.30A"), 6),
    Trade("J1301", "sante_aide", ("86.10Z", "87.10A"), 3),
    Trade("K1302", "sante_aide", ("88.10A", "87.10A"), 5),
    Trade("K1304", "sante_aide", ("88.10A", "97.00Z"), 2),
    Trade("J1304", "sante_aide", ("88.91A", "86.10Z"), 2),
    # Hotels and restaurants
    Trade("G1602", "hotellerie", ("56.10A", "55.10Z", "56.29A"), 5),
    Trade("G1603", "hotellerie", ("56.10C", "56.10B"), 3),
    Trade("G1803", "hotellerie", ("56.10A", "55.10Z"), 4),
    Trade("G1501", "hotellerie", ("55.10Z",), 2),
    Trade("G1605", "hotellerie", ("56.10A", "56.29A"), 2),
    # Food retail
    Trade("D1507", "commerce", ("47.11D", "47.11F"), 4),
    Trade("D1505", "commerce", ("47.11D", "47.11F"), 2),
    Trade("D1102", "commerce", ("10.71C", "10.71D"), 3),
    Trade("D1101", "commerce", ("47.22Z", "10.13B"), 2),
    # Agriculture and green spaces
    Trade("A1101", "agriculture", ("01.61Z", "01.11Z"), 3),
    Trade("A1418", "agriculture", ("01.21Z",), 4),
    Trade("A1405", "agriculture", ("01.24Z", "01.25Z"), 2),
    Trade("A1414", "agriculture", ("01.19Z", "01.30Z"), 2),
    Trade("A1203", "agriculture", ("81.30Z",), 3),
    # Cleaning
    Trade("K2204", "proprete", ("81.22Z", "81.21Z"), 4),
]

# Share of companies (and so of offers) by family.
FAMILY_WEIGHTS = {
    "industrie": 22,
    "maintenance": 8,
    "btp": 20,
    "transport": 12,
    "sante_aide": 15,
    "hotellerie": 12,
    "commerce": 6,
    "agriculture": 4,
    "proprete": 3,
}


@dataclass(frozen=True)
class TrainingTemplate:
    title: str
    romes: tuple[str, ...]
    family: str
    entry_level: int
    exit_level: int
    hours: int  # length in hours in centre, used to size sessions


TRAINING_TEMPLATES = [
    TrainingTemplate("Titre professionnel Soudeur assembleur industriel", ("H2913", "H2909"), "industrie", NONE, CAP, 700),
    TrainingTemplate("Soudage TIG et semi-automatique : qualification", ("H2913",), "industrie", CAP, CAP, 420),
    TrainingTemplate("Titre professionnel Chaudronnier", ("H2902", "H2913"), "industrie", NONE, CAP, 900),
    TrainingTemplate("Titre professionnel Tourneur en réalisation de pièces mécaniques", ("H2903", "H2912"), "industrie", NONE, CAP, 800),
    TrainingTemplate("Conducteur d'installations et de machines automatisées", ("H2906", "H2912", "H3301"), "industrie", NONE, CAP, 630),
    TrainingTemplate("Agent de fabrication industrielle", ("H2906", "H2909", "H3302"), "industrie", NONE, CAP, 455),
    TrainingTemplate("Opérateur de production en industrie agroalimentaire", ("H2102", "H3302", "H3301"), "industrie", NONE, CAP, 490),
    TrainingTemplate("Opérateur régleur en plasturgie", ("H3201", "H2912"), "industrie", CAP, CAP, 560),
    TrainingTemplate("Câbleur d'armoires et d'équipements électriques", ("H2602", "I1309"), "industrie", NONE, CAP, 525),
    TrainingTemplate("Technicien de maintenance industrielle", ("I1304", "I1310"), "maintenance", CAP, BAC_2, 1120),
    TrainingTemplate("Électricien de maintenance des systèmes automatisés", ("I1309", "I1304"), "maintenance", CAP, BAC, 910),
    TrainingTemplate("Mécanicien de maintenance industrielle", ("I1310", "I1304"), "maintenance", NONE, CAP, 840),
    TrainingTemplate("Titre professionnel Mécanicien automobile", ("I1604",), "maintenance", NONE, CAP, 770),
    TrainingTemplate("Mécanicien réparateur de matériels agricoles", ("I1603", "A1101"), "maintenance", NONE, CAP, 700),
    TrainingTemplate("Titre professionnel Maçon", ("F1703",), "btp", NONE, CAP, 735),
    TrainingTemplate("Titre professionnel Électricien d'équipement du bâtiment", ("F1602",), "btp", NONE, CAP, 770),
    TrainingTemplate("Installateur en thermique et sanitaire", ("F1603", "I1308"), "btp", NONE, CAP, 840),
    TrainingTemplate("Technicien d'installation en équipements de confort climatique", ("I1308", "F1603"), "btp", CAP, BAC, 980),
    TrainingTemplate("Plaquiste plâtrier", ("F1604", "F1606"), "btp", NONE, CAP, 630),
    TrainingTemplate("Titre professionnel Peintre en bâtiment", ("F1606",), "btp", NONE, CAP, 595),
    TrainingTemplate("Carreleur chapiste", ("F1608",), "btp", NONE, CAP, 560),
    TrainingTemplate("Charpentier bois", ("F1503", "H2206"), "btp", NONE, CAP, 805),
    TrainingTemplate("Menuisier poseur installateur", ("H2206",), "btp", NONE, CAP, 700),
    TrainingTemplate("Conducteur d'engins de travaux publics", ("F1302",), "btp", NONE, CAP, 560),
    TrainingTemplate("Agent magasinier et cariste (CACES R489)", ("N1101", "N1103"), "transport", NONE, CAP, 420),
    TrainingTemplate("Préparateur de commandes en entrepôt", ("N1103", "N1101"), "transport", NONE, CAP, 350),
    TrainingTemplate("Conducteur du transport routier de marchandises sur porteur", ("N4101", "N4105"), "transport", NONE, CAP, 420),
    TrainingTemplate("Conducteur livreur sur véhicule utilitaire léger", ("N4105",), "transport", NONE, CAP, 280),
    TrainingTemplate("Conducteur de transport en commun sur route", ("N4103",), "transport", NONE, CAP, 455),
    TrainingTemplate("Diplôme d'État d'aide-soignant", ("J1501", "J1301"), "sante_aide", NONE, BAC, 1540),
    TrainingTemplate("Agent de service hospitalier qualifié", ("J1301",), "sante_aide", NONE, CAP, 280),
    TrainingTemplate("Titre professionnel Assistant de vie aux familles", ("K1302", "K1304"), "sante_aide", NONE, CAP, 630),
    TrainingTemplate("Diplôme d'État d'auxiliaire de puériculture", ("J1304",), "sante_aide", NONE, BAC, 1470),
    TrainingTemplate("Commis de cuisine", ("G1602", "G1605"), "hotellerie", NONE, CAP, 560),
    TrainingTemplate("Agent de restauration", ("G1603", "G1602", "G1605"), "hotellerie", NONE, CAP, 420),
    TrainingTemplate("Serveur en restauration", ("G1803",), "hotellerie", NONE, CAP, 490),
    TrainingTemplate("Employé d'étage en hôtellerie", ("G1501",), "hotellerie", NONE, CAP, 350),
    TrainingTemplate("Employé commercial en magasin", ("D1507", "D1505"), "commerce", NONE, CAP, 455),
    TrainingTemplate("CAP Boulanger pour adultes", ("D1102",), "commerce", NONE, CAP, 840),
    TrainingTemplate("CAP Boucher pour adultes", ("D1101",), "commerce", NONE, CAP, 840),
    TrainingTemplate("Conducteur de machines agricoles", ("A1101",), "agriculture", NONE, CAP, 560),
    TrainingTemplate("Ouvrier viticole et arboricole", ("A1418", "A1405"), "agriculture", NONE, CAP, 490),
    TrainingTemplate("Jardinier paysagiste", ("A1203", "A1414"), "agriculture", NONE, CAP, 700),
    TrainingTemplate("Agent de propreté et d'hygiène", ("K2204",), "proprete", NONE, CAP, 350),
]  # fmt: skip


@dataclass(frozen=True)
class Organisation:
    name: str
    commune: str  # INSEE code
    families: tuple[str, ...]


ORGANISATIONS = [
    Organisation("AFPA Metz", "57463", ("industrie", "btp", "transport", "maintenance")),
    Organisation("AFPA Nancy", "54395", ("btp", "industrie", "hotellerie", "sante_aide")),
    Organisation("AFPA Strasbourg", "67482", ("industrie", "btp", "hotellerie", "commerce")),
    Organisation("AFPA Mulhouse", "68224", ("industrie", "maintenance", "transport")),
    Organisation("AFPA Reims", "51454", ("btp", "hotellerie", "commerce", "sante_aide")),
    Organisation("AFPA Troyes", "10387", ("industrie", "btp")),
    Organisation("AFPA Charleville-Mézières", "08105", ("industrie", "maintenance")),
    Organisation("AFPA Saint-Dizier", "52448", ("industrie", "btp")),
    Organisation("GRETA Lorraine Nord", "57672", ("industrie", "sante_aide", "commerce")),
    Organisation("GRETA Lorraine Centre", "54395", ("sante_aide", "hotellerie", "commerce")),
    Organisation("GRETA Lorraine Sud", "88160", ("industrie", "btp", "hotellerie")),
    Organisation("GRETA Lorraine Ouest", "55545", ("sante_aide", "transport", "btp")),
    Organisation("GRETA Nord Alsace", "67180", ("hotellerie", "commerce", "sante_aide")),
    Organisation("GRETA Strasbourg Europe", "67482", ("sante_aide", "proprete", "commerce")),
    Organisation("GRETA Sud Alsace", "68066", ("hotellerie", "industrie")),
    Organisation("GRETA Marne", "51108", ("sante_aide", "commerce", "proprete")),
    Organisation("GRETA Ardennes", "08105", ("industrie", "btp")),
    Organisation("GRETA Aube", "10387", ("sante_aide", "hotellerie")),
    Organisation("GRETA Haute-Marne", "52121", ("industrie", "sante_aide")),
    Organisation("CFA du BTP de Lorraine", "57463", ("btp",)),
    Organisation("CFA BTP Alsace", "67482", ("btp",)),
    Organisation("CFA du bâtiment Champagne-Ardenne", "51454", ("btp",)),
    Organisation("Pôle formation UIMM Lorraine", "54395", ("industrie", "maintenance")),
    Organisation("Pôle formation UIMM Alsace", "68224", ("industrie", "maintenance")),
    Organisation("Pôle formation UIMM Champagne-Ardenne", "51454", ("industrie", "maintenance")),
    Organisation("Institut de formation d'aides-soignants de Metz", "57463", ("sante_aide",)),
    Organisation("Institut de formation d'aides-soignants de Strasbourg", "67482", ("sante_aide",)),
    Organisation("Institut de formation d'aides-soignants d'Épinal", "88160", ("sante_aide",)),
    Organisation("Institut de formation d'aides-soignants de Reims", "51454", ("sante_aide",)),
    Organisation("Centre de formation du transport routier de l'Est", "57463", ("transport",)),
    Organisation("Académie transport et logistique Alsace", "68224", ("transport",)),
    Organisation("Institut de la logistique Champagne", "51454", ("transport",)),
    Organisation("CFPPA de Rouffach", "68287", ("agriculture",)),
    Organisation("CFPPA de Courcelles-Chaussy", "57155", ("agriculture",)),
    Organisation("CFPPA d'Avize", "51029", ("agriculture",)),
    Organisation("Campus des métiers de l'hôtellerie de Strasbourg", "67482", ("hotellerie",)),
    Organisation("Centre de formation des métiers de bouche de Colmar", "68066", ("commerce", "hotellerie")),
    Organisation("École de la propreté Grand Est", "54395", ("proprete",)),
]

# Employment hubs of the demo: INSEE code -> weight (roughly the size of the local job market).
HUBS = {
    "67482": 10,  # Strasbourg
    "57463": 8,  # Metz
    "54395": 8,  # Nancy
    "51454": 8,  # Reims
    "68224": 7,  # Mulhouse
    "10387": 5,  # Troyes
    "68066": 4,  # Colmar
    "57672": 4,  # Thionville
    "88160": 3,  # Épinal
    "08105": 3,  # Charleville-Mézières
    "51108": 3,  # Châlons-en-Champagne
    "67180": 2,  # Haguenau
    "52448": 2,  # Saint-Dizier
    "57227": 2,  # Forbach
    "52121": 2,  # Chaumont
    "55545": 1,  # Verdun
    "55029": 1,  # Bar-le-Duc
    "88413": 1,  # Saint-Dié-des-Vosges
}
HUB_RADIUS_KM = 30
DEMO_REGION = "44"


def trade_codes() -> list[str]:
    return [trade.rome for trade in TRADES]
